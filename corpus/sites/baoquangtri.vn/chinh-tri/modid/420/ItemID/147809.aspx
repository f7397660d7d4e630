<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Gio Linh phát triển kinh tế biển</title></head>
<body>
<header><nav class="menu"><a href="/">Trang chủ</a> <a href="https://baoquangtri.vn/chinh-tri.aspx">Chính trị</a> <a href="https://baoquangtri.vn/Lien-he.aspx">Liên hệ</a> <a href="https://baoquangtri.vn/Tags/cam-lo.aspx">Chủ đề</a></nav>
<form class="search"><input name="q" placeholder="Tìm kiếm"></form></header>
<div id="dnn_ctr420_ContentPane">
<h1><span id="dnn_ctr420_ViewNews_lblTitle" class="news-title">Gio Linh phát triển kinh tế biển</span></h1><span class="news-date">14/04/2022 08:40</span>
<div class="news-summary">Sản lượng khai thác hải sản của huyện Gio Linh năm 2021 đạt 12.600 tấn.</div>
<div class="news-content"><p>Huyện có 480 tàu cá, trong đó 86 tàu có công suất trên 90 CV. Mô hình “Tổ đoàn kết trên biển” với 36 tổ giúp ngư dân hỗ trợ nhau khi gặp sự cố.</p>
<p>Giá trị sản xuất ngành thủy sản đạt khoảng 620 tỷ đồng, tăng 8,5% so với năm 2020.</p></div><div class="news-author">Hoàng Tâm</div>
<div class="rating">Đánh giá bài viết: <span>0</span> lượt</div>
<div class="related-news"><h3>Các tin khác</h3><ul><li><a href="https://baoquangtri.vn/chinh-tri/modid/420/ItemID/123979.aspx">Đổi mới hoạt động của hệ thống chính trị, đáp ứng yêu cầu phát triển trong giai đoạn mới</a></li><li><a href="https://baoquangtri.vn/chinh-tri/modid/420/ItemID/144501.aspx">Hải Lăng tập trung 4 giải pháp phát triển nông nghiệp</a></li><li><a href="https://baoquangtri.vn/chinh-tri/modid/420/ItemID/145620.aspx">Vĩnh Linh xây dựng nông thôn mới nâng cao</a></li></ul></div></div>
<aside class="sidebar"><h3>Đọc nhiều</h3><ul><li><a href="/">Khai mạc kỳ họp thứ 12 HĐND tỉnh khóa XVIII</a></li><li><a href="/">Thời tiết hôm nay: mưa rào rải rác</a></li></ul></aside>
<footer>Báo Quảng Trị. Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam tỉnh Quảng Trị. Copyright 2024.</footer>
</body></html>