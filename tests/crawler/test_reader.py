"""The generic reader on small pages of shapes found on real sites nobody tuned it on.

Each page here is written for the test (not copied from a site) and reproduces one
shape: text pasted from a word processor in unnamed wrappers, italic photo captions,
a CMS's error page served with status 200. ``benchmarks/realpages.py --dir`` is
checked on a folder made the same way.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from crawler.pages import ArticleItem, Skipped, parse_article

ROOT = Path(__file__).resolve().parents[2]
URL = "https://baoxyz.vn/xa-hoi/mua-xuan-tren-ban-lang-20240305101500123.html"

P1 = (
    "Những ngày đầu xuân, bà con bản Lác tất bật chuẩn bị cho mùa vụ mới, "
    "ruộng bậc thang được cày xới từ sáng sớm đến tận chiều tối."
)
P2 = (
    "Theo ông Lò Văn Tình, trưởng bản, năm nay cả bản có 46 hộ đăng ký trồng lúa "
    "chất lượng cao, tăng 12 hộ so với năm trước, diện tích đạt 18,5 ha."
)
P3 = (
    "Cuối buổi, chính quyền xã cam kết tiếp tục hỗ trợ giống, phân bón và kỹ thuật "
    "để bà con yên tâm sản xuất, hướng tới mục tiêu thu nhập 60 triệu đồng mỗi hộ."
)


def _page(body: str, title: str = "Mùa xuân trên bản Lác") -> str:
    return f"""<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>{title} - Báo XYZ điện tử</title>
<meta property="og:title" content="{title}"></head><body>
<nav class="menu"><a href="/">Trang chủ</a> <a href="/xa-hoi/">Xã hội</a></nav>
<div class="main"><h1>{title}</h1><span class="time">05/03/2024 10:15</span>
{body}
<div class="tin-lien-quan"><h3>Tin liên quan</h3><ul>
<li><a href="/xa-hoi/mot-tin-khac-20240301.html">Một tin khác về mùa vụ ở vùng cao năm nay</a></li>
</ul></div></div><footer class="footer">Báo XYZ điện tử - Giấy phép số 12/GP</footer>
</body></html>"""


def _read(html: str) -> ArticleItem:
    item = parse_article(URL, html)
    assert isinstance(item, ArticleItem), item
    return item


def test_text_pasted_in_unnamed_wrappers_is_read_to_its_end() -> None:
    """Word-processor paste: the CMS's named box holds unnamed <div>s; the article goes on
    in the wrappers after the one holding the most text."""
    body = f"""<div class="detail-content" id="content">
<div style="font-family: 'Times New Roman'"><p class="MsoNormal"><span>{P1}</span></p>
<p class="MsoNormal"><span>{P2}</span></p><p class="MsoNormal"><span>{P2}</span></p></div>
<div style="text-align: center"><img src="/a.jpg"></div>
<div style="font-family: 'Times New Roman'"><p class="MsoNormal"><span>{P3}</span></p></div>
</div>"""
    lines = _read(_page(body)).text.split("\n")
    assert lines[0] == P1
    assert lines[-1] == P3


def test_italic_captions_under_pictures_are_dropped_wherever_they_sit() -> None:
    cap1 = "Ruộng bậc thang của bản Lác vào mùa nước đổ."
    cap2 = "Bà con xuống đồng từ sáng sớm."
    body = f"""<div class="detail-content">
<p>{P1}</p>
<p><span style="font-style: italic;"><img src="/b.jpg"><br>{cap1}</span></p>
<p>{P2}</p>
<div><img src="/c.jpg"></div><div><em>{cap2}</em></div>
<p>{P3}</p>
</div>"""
    text = _read(_page(body)).text
    assert text.split("\n") == [P1, P2, P3]


def test_italic_text_without_a_picture_is_kept() -> None:
    quote = "“Năm nay mưa thuận gió hòa, bà con rất phấn khởi”, ông Tình nói."
    body = f"""<div class="detail-content"><p>{P1}</p><p><em>{quote}</em></p>
<p>{P2}</p><p>{P3}</p></div>"""
    assert quote in _read(_page(body)).text.split("\n")


def test_an_error_box_under_the_sites_usual_title_is_page_not_found() -> None:
    """A removed article: the CMS answers 200 with its error box in an <h2>, no <h1>."""
    html = """<!doctype html><html><head><title>Thông báo - Cổng thông tin điện tử huyện A</title>
</head><body><nav class="menu"><a href="/">Trang chủ</a><a href="/tin-tuc/">Tin tức</a></nav>
<div class="error-page"><h2>Không tìm thấy trang yêu cầu</h2>
<p>Trang bạn truy cập không tồn tại hoặc đã bị gỡ bỏ.</p><p><a href="/">Quay về trang chủ</a></p>
</div><footer class="footer">Cổng thông tin điện tử huyện A</footer></body></html>"""
    result = parse_article("https://huyena.gov.vn/tin-tuc/thong-bao-123.html", html)
    assert isinstance(result, Skipped)
    assert result.reason.startswith("page not found"), result.reason


def test_a_short_article_about_road_404_is_not_an_error_page() -> None:
    short = (
        "Sáng 5/3, UBND huyện khởi công nâng cấp đoạn Quốc lộ 404 qua xã Tân Lập, dài 3,2 km, "
        "tổng vốn 45 tỷ đồng, dự kiến hoàn thành trong năm nay. Trong thời gian thi công, "
        "xe trên 10 tấn đi đường tránh qua xã Tân Hợp."
    )
    item = _read(_page(f'<div class="detail-content"><p>{short}</p></div>', "Khởi công QL404"))
    assert item.text == short


def _benchmark():
    spec = importlib.util.spec_from_file_location("realpages", ROOT / "benchmarks/realpages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_scores_any_folder_with_a_manifest(tmp_path: Path, capsys) -> None:
    (tmp_path / "bai.html").write_text(
        _page(f'<div class="detail-content"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>'),
        encoding="utf-8",
    )
    entry = {
        "file": "bai.html",
        "url": URL,
        "title": "Mùa xuân trên bản Lác",
        "lead": None,
        "first_paragraph": P1[:150],
        "last_paragraph": P3[:150],
        "published": "2024-03-05T10:15:00+07:00",
        "author": None,
    }
    wrong = {**entry, "file": "bai2.html", "title": "Một tiêu đề khác"}
    (tmp_path / "bai2.html").write_bytes((tmp_path / "bai.html").read_bytes())
    (tmp_path / "manifest.jsonl").write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in (entry, wrong)),
        encoding="utf-8",
    )
    assert _benchmark().main(["--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    rows = {line.split()[0]: line.split()[1:7] for line in out if line.startswith("bai")}
    assert rows["bai.html"] == ["✓"] * 6
    assert rows["bai2.html"] == ["✗"] + ["✓"] * 5


def test_the_author_beside_the_share_buttons_and_in_microdata() -> None:
    """A CMS's "author-share" row (named like a share box) and itemprop="author" hold bylines;
    the name is the author element's own text, not the row's date; a host name is no one."""
    row = """<div class="author-share-top"><a href="" class="author">Nguyên Minh </a>
<span class="post-time"> - 05/03/2024 10:15</span><div class="fb-like"></div></div>"""
    html = _page(f'{row}<div class="detail-content"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>')
    html = html.replace("</head>", '<meta name="author" content="BaoXYZ.vn"></head>')
    assert _read(html).author == "Nguyên Minh"
    micro = '<span class="info"><span itemprop="author">Lò Thị Mai</span></span>'
    html = _page(f'{micro}<div class="detail-content"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>')
    assert _read(html).author == "Lò Thị Mai"
    html = _page(f'<div class="detail-content"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>')
    assert _read(html.replace("</head>", '<meta name="author" content="VCCorp.vn"></head>')).author is None


# -- provincial papers and government / Party portals (round 3) ------------------------------
PORTAL = "https://soyte.tinhxyz.gov.vn/ChiTietTin.aspx?id=3187"
T = "Sở Y tế triển khai tiêm vắc xin sởi cho trẻ em"
LEAD = (
    "Từ ngày 25/9 đến 15/10/2024, ngành y tế tỉnh triển khai chiến dịch tiêm vắc xin "
    "phòng bệnh sởi cho khoảng 8.400 trẻ từ 1 đến 5 tuổi chưa tiêm đủ mũi."
)


def _portal(article: str, title: str = "Sở Y tế tỉnh XYZ", head: str = "") -> str:
    """A portal page whose <title> is the portal's name; ``article`` is its middle column."""
    return f"""<html><head><meta charset="utf-8"><title>{title}</title>{head}</head><body>
<div id="menu"><a href="/">Trang chủ</a> <a href="/tin-tuc">Tin tức</a></div>
<table width="100%"><tr><td valign="top">{article}</td>
<td class="col-right"><a href="/lien-ket">Liên kết website</a></td></tr></table>
<div id="footer">Sở Y tế tỉnh XYZ - Địa chỉ: 39 Đoàn Hoàng Minh. Bản quyền © Sở Y tế</div>
</body></html>"""


def _read_at(url: str, html: str) -> ArticleItem:
    item = parse_article(url, html)
    assert isinstance(item, ArticleItem), item
    return item


def test_a_title_box_beats_a_title_naming_only_the_portal() -> None:
    """SharePoint/ASP.NET portals: <title> is the portal's name, the article's title is a
    span named "title" in a table cell; the date above it is then the date line."""
    article = f"""<table><tr><td><span class="ngay">Thứ tư, 25/09/2024, 14:05</span></td></tr>
<tr><td><span id="ctl00_lblTieuDe" class="title">{T}</span></td></tr>
<tr><td><div class="noidung"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></td></tr></table>"""
    item = _read_at(PORTAL, _portal(article))
    assert item.title == T
    assert item.published == "2024-09-25T14:05"
    assert item.text.split("\n")[0] == P1
    # A box named like a title above the line showing the declared title is a section's.
    shown = f"""<div class="box-title">Hoạt động của ngành y tế tỉnh</div><div>{T}</div>
<div class="noidung"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"""
    item = _read_at(PORTAL, _portal(shown, title=f"{T} - Sở Y tế tỉnh XYZ"))
    assert item.title == T and item.text.split("\n")[0] == P1


def test_a_date_the_lead_mentions_is_not_the_pages() -> None:
    """The lead, right under the title, mentions "25/9 đến 15/10/2024": the page's own date
    is the line above the title."""
    article = f"""<div class="ngay">Thứ tư, 25/09/2024, 14:05</div><h1>{T}</h1>
<div class="tomtat">{LEAD}</div><div class="noidung"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"""
    item = _read_at(PORTAL, _portal(article))
    assert item.published == "2024-09-25T14:05"
    assert item.sapo == LEAD


def test_a_bold_lead_between_title_and_body_is_the_sapo() -> None:
    """Liferay and old portals set the lead in bold, in an unnamed box outside the body."""
    article = f"""<div class="tieu-de-tin">{T}</div><div class="ngay">02/04/2024 08:30</div>
<div><strong>{LEAD}</strong></div><div class="noi-dung"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"""
    item = _read_at(PORTAL, _portal(article))
    assert item.sapo == LEAD
    assert item.text.split("\n")[:2] == [LEAD, P1]


def test_the_posted_date_and_author_in_the_info_bar_under_the_body() -> None:
    """District portals and NukeViet put "Ngày đăng: …" and "Tác giả: …" under the text."""
    article = f"""<div class="news-detail"><div class="news-title"><span class="title">{T}</span>
</div><div class="news-content"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>
<p class="h5 text-right"><strong>Tác giả: </strong>Thanh Bình</p>
<div class="news-info"><span>Ngày đăng: 08/06/2024 | 15:47</span> <span>Lượt xem: 275</span></div>
</div><div class="news-other"><a href="/t/1">Một tin khác của huyện trong tuần này</a> (10/06/2024)</div>"""
    item = _read_at(PORTAL, _portal(article))
    assert item.published == "2024-06-08T15:47"
    assert item.author == "Thanh Bình"
    assert item.text.split("\n")[-1] == P3


def test_a_sentence_set_as_a_heading_under_the_title_is_the_lead() -> None:
    html = _page(
        f'<h2 class="pHead">{LEAD}</h2><p class="pSubTitle">Khu vực trạm y tế đông người</p>'
        f'<div class="detail-content"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>'
    )
    item = _read(html)
    assert item.sapo == LEAD and item.text.startswith(LEAD + "\n")


def test_dates_as_cms_locales_print_them() -> None:
    from crawler.dates import find_date

    assert find_date("Ngày tạo Thứ ba, 12 Tháng 3 2024 08:30") == "2024-03-12T08:30"
    assert find_date("Posted on March 12, 2024") == "2024-03-12"
    assert find_date("12 Mar 2024 10:00") == "2024-03-12T10:00"
    assert find_date("Cập nhật: 2024/03/12 08:30") == "2024-03-12T08:30"
    assert find_date("ngày 7 tháng 3 năm 2026") == "2026-03-07"
    assert find_date("Kế hoạch 12 tháng 13 2024") is None  # no such month


def test_an_old_portal_title_cell_caption_and_info_lines() -> None:
    """Tables for layout: the title an unnamed cell in a big bold <font>, <title> the
    district's name (also opening the footer line), a <center> picture with its italic
    caption, paragraphs split by <br><br>."""
    article = f"""<table><tr><td align="right"><font size="1">Ngày 17/11/2023</font></td></tr>
<tr><td><font size="4" color="#003399"><b>{T}</b></font></td></tr>
<tr><td>{P1}<br><br>{P2}<br><br><center><img src="/a.jpg"><br><i>Các đại biểu dự lễ</i></center>
<br>{P3}<br><br></td></tr></table>"""
    item = _read_at(PORTAL, _portal(article, title="Sở Y tế tỉnh XYZ"))
    assert item.title == T
    assert item.published == "2023-11-17"
    assert item.text.split("\n") == [P1, P2, P3]


def test_a_page_type_title_and_an_info_bar_are_not_the_article() -> None:
    """Liferay: <title> and the portlet heading say "Chi tiết tin tức"; the article's title
    is the heading under it. Joomla: "Chi tiết / Ngày tạo … / Lượt xem" open the item."""
    article = f"""<div class="portlet"><h2 class="portlet-title-text">Chi tiết tin tức</h2>
<h3 class="header-title"><span>{T}</span></h3><div class="date-info">04/05/2024 16:20</div>
<p class="summary"><b>{LEAD}</b></p><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"""
    item = _read_at(PORTAL, _portal(article, title="Chi tiết tin tức - Cổng thông tin XYZ"))
    assert item.title == T and item.sapo == LEAD
    assert item.text.split("\n")[:2] == [LEAD, P1]
    joomla = f"""<div class="item-page"><h2><a href="/tin/1">{T}</a></h2>
<dl class="article-info"><dt>Chi tiết</dt><dd>Ngày tạo Thứ ba, 12 Tháng 3 2024 08:30</dd>
<dd>Lượt xem: 341</dd></dl><p>{P1}</p><p>{P2}</p><p>{P3}</p>
<p style="text-align: right"><strong>by admin</strong></p></div>"""
    item = _read_at(PORTAL, _portal(joomla, title=T))
    assert item.text.split("\n")[0] == P1
    assert item.published == "2024-03-12T08:30"
    assert item.author is None  # the CMS account is no one


def test_provincial_pages_read_well() -> None:
    """corpus/pages/provincial: Liferay, SharePoint and ASP.NET (Windows-1258), NukeViet,
    Joomla, a Party committee portal, an old table-laid portal; every check of
    benchmarks/realpages.py passes on every page."""
    folder = ROOT / "corpus" / "pages" / "provincial"
    manifest = [json.loads(x) for x in (folder / "manifest.jsonl").read_text("utf-8").splitlines()]
    assert len(manifest) >= 8
    bench = _benchmark()
    failed = {
        e["file"]: [c for c, ok in bench.score(e, r).items() if not ok]
        for e, r in zip(manifest, _reads(folder, manifest), strict=True)
    }
    assert {f: c for f, c in failed.items() if c} == {}


def _reads(folder: Path, manifest: list[dict]) -> list[dict]:
    from crawler.encoding import decode_html

    out = []
    for e in manifest:
        html, _ = decode_html((folder / e["file"]).read_bytes())
        item = parse_article(e["url"], html)
        assert isinstance(item, ArticleItem), (e["file"], item)
        out.append({"title": item.title, "text": item.text, "published": item.published})
    return out
