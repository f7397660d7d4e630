<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Triệu Phong cải cách hành chính gắn với dân vận chính quyền</title></head>
<body>
<header><nav class="menu"><a href="/">Trang chủ</a> <a href="https://baoquangtri.vn/chinh-tri.aspx">Chính trị</a> <a href="https://baoquangtri.vn/Lien-he.aspx">Liên hệ</a> <a href="https://baoquangtri.vn/Tags/cam-lo.aspx">Chủ đề</a></nav>
<form class="search"><input name="q" placeholder="Tìm kiếm"></form></header>
<div id="dnn_ctr420_ContentPane">
<h1><span id="dnn_ctr420_ViewNews_lblTitle" class="news-title">Triệu Phong cải cách hành chính gắn với dân vận chính quyền</span></h1><span class="news-date">09/03/2023 09:00</span>
<div class="news-summary">Huyện Triệu Phong xếp thứ 2/10 về chỉ số cải cách hành chính cấp huyện năm 2022.</div>
<div class="news-content"><p>Huyện rút ngắn thời gian giải quyết 48 thủ tục hành chính, tiết kiệm cho người dân khoảng 3,2 tỷ đồng chi phí đi lại.</p>
<p>Một là, niêm yết công khai thủ tục ở tất cả các xã.</p>
<p>Hai là, đánh giá cán bộ qua mức độ hài lòng của người dân.</p>
<p>Ba là, xử lý nghiêm cán bộ gây phiền hà.</p></div><div class="news-author">Lê Trường</div>
<div class="rating">Đánh giá bài viết: <span>0</span> lượt</div>
<div class="related-news"><h3>Các tin khác</h3><ul><li><a href="https://baoquangtri.vn/chinh-tri/modid/420/ItemID/123979.aspx">Đổi mới hoạt động của hệ thống chính trị, đáp ứng yêu cầu phát triển trong giai đoạn mới</a></li><li><a href="https://baoquangtri.vn/chinh-tri/modid/420/ItemID/144501.aspx">Hải Lăng tập trung 4 giải pháp phát triển nông nghiệp</a></li><li><a href="https://baoquangtri.vn/chinh-tri/modid/420/ItemID/145620.aspx">Vĩnh Linh xây dựng nông thôn mới nâng cao</a></li></ul></div></div>
<aside class="sidebar"><h3>Đọc nhiều</h3><ul><li><a href="/">Khai mạc kỳ họp thứ 12 HĐND tỉnh khóa XVIII</a></li><li><a href="/">Thời tiết hôm nay: mưa rào rải rác</a></li></ul></aside>
<footer>Báo Quảng Trị. Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam tỉnh Quảng Trị. Copyright 2024.</footer>
</body></html>