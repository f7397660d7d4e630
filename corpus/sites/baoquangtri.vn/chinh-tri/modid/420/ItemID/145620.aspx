<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Vĩnh Linh xây dựng nông thôn mới nâng cao</title></head>
<body>
<header><nav class="menu"><a href="/">Trang chủ</a> <a href="https://baoquangtri.vn/chinh-tri.aspx">Chính trị</a> <a href="https://baoquangtri.vn/Lien-he.aspx">Liên hệ</a> <a href="https://baoquangtri.vn/Tags/cam-lo.aspx">Chủ đề</a></nav>
<form class="search"><input name="q" placeholder="Tìm kiếm"></form></header>
<div id="dnn_ctr420_ContentPane">
<h1><span id="dnn_ctr420_ViewNews_lblTitle" class="news-title">Vĩnh Linh xây dựng nông thôn mới nâng cao</span></h1><span class="news-date">03/11/2020 10:30</span>
<div class="news-summary">Huyện Vĩnh Linh có 13/17 xã đạt chuẩn nông thôn mới, 4 xã đạt chuẩn nông thôn mới nâng cao.</div>
<div class="news-content"><p>Tổng nguồn vốn huy động năm 2020 là 412 tỷ đồng, trong đó Nhân dân đóng góp gần 38 tỷ đồng.</p>
<p>Mô hình “Khu dân cư kiểu mẫu” được triển khai ở 24 thôn, mô hình “Vườn mẫu” ở 165 hộ gia đình.</p></div><div class="news-author">Hoàng Tâm</div>
<div class="rating">Đánh giá bài viết: <span>0</span> lượt</div>
<div class="related-news"><h3>Các tin khác</h3><ul><li><a href="https://baoquangtri.vn/chinh-tri/modid/420/ItemID/123979.aspx">Đổi mới hoạt động của hệ thống chính trị, đáp ứng yêu cầu phát triển trong giai đoạn mới</a></li><li><a href="https://baoquangtri.vn/chinh-tri/modid/420/ItemID/144501.aspx">Hải Lăng tập trung 4 giải pháp phát triển nông nghiệp</a></li><li><a href="https://baoquangtri.vn/chinh-tri/modid/420/ItemID/146733.aspx">Đông Hà xây dựng chính quyền điện tử</a></li></ul></div></div>
<aside class="sidebar"><h3>Đọc nhiều</h3><ul><li><a href="/">Khai mạc kỳ họp thứ 12 HĐND tỉnh khóa XVIII</a></li><li><a href="/">Thời tiết hôm nay: mưa rào rải rác</a></li></ul></aside>
<footer>Báo Quảng Trị. Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam tỉnh Quảng Trị. Copyright 2024.</footer>
</body></html>