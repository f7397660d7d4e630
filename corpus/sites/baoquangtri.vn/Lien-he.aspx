<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Liên hệ</title></head>
<body>
<header><nav class="menu"><a href="/">Trang chủ</a> <a href="https://baoquangtri.vn/chinh-tri.aspx">Chính trị</a> <a href="https://baoquangtri.vn/Lien-he.aspx">Liên hệ</a> <a href="https://baoquangtri.vn/Tags/cam-lo.aspx">Chủ đề</a></nav>
<form class="search"><input name="q" placeholder="Tìm kiếm"></form></header>
<main><h1>Liên hệ</h1><p>Điện thoại: 0233 3852 123</p></main>
<aside class="sidebar"><h3>Đọc nhiều</h3><ul><li><a href="/">Khai mạc kỳ họp thứ 12 HĐND tỉnh khóa XVIII</a></li><li><a href="/">Thời tiết hôm nay: mưa rào rải rác</a></li></ul></aside>
<footer>Báo Quảng Trị. Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam tỉnh Quảng Trị. Copyright 2024.</footer>
</body></html>