<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Đông Hà xây dựng chính quyền điện tử</title></head>
<body>
<header><nav class="menu"><a href="/">Trang chủ</a> <a href="https://baoquangtri.vn/chinh-tri.aspx">Chính trị</a> <a href="https://baoquangtri.vn/Lien-he.aspx">Liên hệ</a> <a href="https://baoquangtri.vn/Tags/cam-lo.aspx">Chủ đề</a></nav>
<form class="search"><input name="q" placeholder="Tìm kiếm"></form></header>
<div id="dnn_ctr420_ContentPane">
<h1><span id="dnn_ctr420_ViewNews_lblTitle" class="news-title">Đông Hà xây dựng chính quyền điện tử</span></h1><span class="news-date">26/08/2021 14:20</span>
<div class="news-summary">Thành phố Đông Hà đã kết nối 100% phường với hệ thống quản lý văn bản điện tử.</div>
<div class="news-content"><p>Năm 2021, thành phố xử lý trực tuyến 21.450 hồ sơ, đạt 82% tổng số hồ sơ. Chi phí văn phòng phẩm giảm hơn 1,5 tỷ đồng.</p>
<p>Thành phố đặt mục tiêu đến năm 2025 có trên 90% hồ sơ được giải quyết trực tuyến.</p></div><div class="news-author">Lê Trường</div>
<div class="rating">Đánh giá bài viết: <span>0</span> lượt</div>
<div class="related-news"><h3>Các tin khác</h3><ul><li><a href="https://baoquangtri.vn/chinh-tri/modid/420/ItemID/123979.aspx">Đổi mới hoạt động của hệ thống chính trị, đáp ứng yêu cầu phát triển trong giai đoạn mới</a></li><li><a href="https://baoquangtri.vn/chinh-tri/modid/420/ItemID/144501.aspx">Hải Lăng tập trung 4 giải pháp phát triển nông nghiệp</a></li><li><a href="https://baoquangtri.vn/chinh-tri/modid/420/ItemID/145620.aspx">Vĩnh Linh xây dựng nông thôn mới nâng cao</a></li></ul></div></div>
<aside class="sidebar"><h3>Đọc nhiều</h3><ul><li><a href="/">Khai mạc kỳ họp thứ 12 HĐND tỉnh khóa XVIII</a></li><li><a href="/">Thời tiết hôm nay: mưa rào rải rác</a></li></ul></aside>
<footer>Báo Quảng Trị. Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam tỉnh Quảng Trị. Copyright 2024.</footer>
</body></html>