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
