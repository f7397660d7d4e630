<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Hải Lăng tập trung 4 giải pháp phát triển nông nghiệp</title></head>
<body>
<header><nav class="menu"><a href="/">Trang chủ</a> <a href="https://baoquangtri.vn/chinh-tri.aspx">Chính trị</a> <a href="https://baoquangtri.vn/Lien-he.aspx">Liên hệ</a> <a href="https://baoquangtri.vn/Tags/cam-lo.aspx">Chủ đề</a></nav>
<form class="search"><input name="q" placeholder="Tìm kiếm"></form></header>
<div id="dnn_ctr420_ContentPane">
<h1><span id="dnn_ctr420_ViewNews_lblTitle" class="news-title">Hải Lăng tập trung 4 giải pháp phát triển nông nghiệp</span></h1><span class="news-date">20/05/2019 09:14</span>
<div class="news-summary">Năm 2019, huyện Hải Lăng xác định nông nghiệp công nghệ cao là hướng đi chủ lực.</div>
<div class="news-content"><p>Huyện đề ra 4 giải pháp, gồm: tích tụ ruộng đất; liên kết với doanh nghiệp; ứng dụng công nghệ cao; xây dựng thương hiệu gạo Hải Lăng.</p>
<p>Diện tích lúa hữu cơ đạt 320 ha, năng suất bình quân 58 tạ/ha, lợi nhuận cao hơn 25% so với sản xuất thông thường.</p></div><div class="news-author">Lê Trường</div>
<div class="rating">Đánh giá bài viết: <span>0</span> lượt</div>
<div class="related-news"><h3>Các tin khác</h3><ul><li><a href="https://baoquangtri.vn/chinh-tri/modid/420/ItemID/123979.aspx">Đổi mới hoạt động của hệ thống chính trị, đáp ứng yêu cầu phát triển trong giai đoạn mới</a></li><li><a href="https://baoquangtri.vn/chinh-tri/modid/420/ItemID/145620.aspx">Vĩnh Linh xây dựng nông thôn mới nâng cao</a></li><li><a href="https://baoquangtri.vn/chinh-tri/modid/420/ItemID/146733.aspx">Đông Hà xây dựng chính quyền điện tử</a></li></ul></div></div>
<aside class="sidebar"><h3>Đọc nhiều</h3><ul><li><a href="/">Khai mạc kỳ họp thứ 12 HĐND tỉnh khóa XVIII</a></li><li><a href="/">Thời tiết hôm nay: mưa rào rải rác</a></li></ul></aside>
<footer>Báo Quảng Trị. Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam tỉnh Quảng Trị. Copyright 2024.</footer>
</body></html>