"""Build the local mirror of seven news sites in corpus/sites/<host>/.

Run: .venv/bin/python corpus/sites/build_mirror.py   (tests check the output is current)

Each site gets its CMS family's markup and boilerplate (menus, related news,
login banners, rating widgets, comment boxes, footers), a home page, a
category listing with pagination, sitemap.xml, an RSS feed and robots.txt,
eight article pages (one seed article from corpus/articles, seven from
source/articles.json) and pages that must not become records (a tag page, a
contact page, a PDF). Discovery is spread over the sources on purpose: the
listing carries articles 0-5, the sitemap 2-7, the feed 5-7 plus a link with
tracking parameters. ``expected.json`` lists what a crawl must find.

Two more sites have no profile; the generic crawl (``vnminer crawl --url``) finds
and reads them. ``huonghoa.quangtri.gov.vn``, a district portal of its own CMS
(Open Graph only, Vietnamese date line, byline at the end), has no sitemap and no
feed: discovery goes through the home page's sections and their pagination
(``?page=N`` links, ``/trang-2`` with ``rel=next``), past decoys (tag, contact,
login, English, PDF and .docx links, an article linked twice with tracking
parameters and a fragment, an article in two sections, a 404 page served with
status 200). ``baoquangbinh.vn``, a provincial paper with JSON-LD, lists its
articles in robots.txt → sitemap index → a gzipped sitemap and a news sitemap, and
in an RSS feed declared by ``<link rel="alternate">``; one article is only in the
feed, the news sitemap also lists a video page that is an empty JavaScript shell.

URL → file: ``https://HOST/PATH?QUERY`` is ``HOST/PATH`` (``index.html`` for a
directory) with ``@QUERY`` appended when there is a query.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import sys
import unicodedata
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from nlp.clean import clean_text  # noqa: E402

E = html.escape
SEEDS = {
    "dongthap": "000_117b00918246b0cc",
    "camlo": "001_73f11b8477a790ae",
    "baonghean": "002_969a7bb7c0b1c31d",
    "baolaocai": "003_dd8c1adc47badf8e",
    "baoquangtri": "004_b0c178afbd17d18c",
}
SEED_EXTRA = {
    "dongthap": {"published": None, "author": None},
    "camlo": {"published": None, "author": "Thanh Hải (Báo QT)"},
    "baonghean": {"published": "2021-03-29T10:25", "author": "Bùi Thanh Bảo"},
    "baolaocai": {"published": None, "author": "Thu Ngọc"},
    "baoquangtri": {"published": "2018-05-09T09:14", "author": "Hồ Nguyên Kha (thực hiện)"},
}
_CAPTION_RE = re.compile(r"\(?Ảnh:?\s[^)]{1,40}\)?$")


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80]


def url_to_file(url: str, root: Path = HERE) -> Path:
    parts = urlsplit(url)
    path = parts.path or "/"
    if path.endswith("/"):
        path += "index.html"
    rel = parts.hostname + path + (f"@{parts.query}" if parts.query else "")
    return root / rel


def dmy(iso: str | None) -> str:
    if not iso:
        return ""
    date, _, time = iso.partition("T")
    y, m, d = date.split("-")
    return f"{d}/{m}/{y}" + (f" {time}" if time else "")


# -- articles -----------------------------------------------------------------------------
def seed_article(site: str) -> dict:
    sid = SEEDS[site]
    meta = json.loads((ROOT / "corpus/articles/metadata.json").read_text(encoding="utf-8"))[sid]
    lines = clean_text((ROOT / "corpus/articles" / f"{sid}.txt").read_text(encoding="utf-8")).split(
        "\n\n"
    )
    lines = lines[lines.index(meta["title"]) + 1 :]
    return {
        "seed": sid,
        "title": meta["title"],
        "sapo": lines[0],
        "paragraphs": lines[1:],
        **SEED_EXTRA[site],
    }


def site_articles(site: str) -> list[dict]:
    data = json.loads((HERE / "source/articles.json").read_text(encoding="utf-8"))[site]
    arts = [seed_article(site)] + [
        {**a, "paragraphs": [p for para in a["paragraphs"] for p in para.split("\n")]} for a in data
    ]
    return arts


def body_html(paragraphs: list[str], related: str = "", dup_captions: bool = False) -> str:
    out = []
    for n, p in enumerate(paragraphs):
        if _CAPTION_RE.search(p) and len(p.split()) < 30:
            out.append(
                f'<figure class="image"><img src="/uploads/anh-{n}.jpg" alt="{E(p)}"><figcaption>{E(p)}</figcaption></figure>'
            )
            if dup_captions:  # OneCMS repeats the caption under the photo
                out.append(f'<p class="image-caption">{E(p)}</p>')
        else:
            out.append(f"<p>{E(p)}</p>")
        if n == 1 and related:
            out.append(related)
    return "\n".join(out)


# -- site families ------------------------------------------------------------------------
class Site:
    host: str
    scheme = "https"
    name: str
    cms: str

    def url(self, path: str) -> str:
        return f"{self.scheme}://{self.host}{path}"

    def page(self, title: str, main: str) -> str:
        return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{E(title)}</title></head>
<body>
<header><nav class="menu"><a href="/">Trang chủ</a> <a href="{self.category_url()}">Chính trị</a> <a href="{self.url(self.contact_path)}">Liên hệ</a> <a href="{self.url(self.tag_path)}">Chủ đề</a></nav>
<form class="search"><input name="q" placeholder="Tìm kiếm"></form></header>
{main}
<aside class="sidebar"><h3>Đọc nhiều</h3><ul><li><a href="/">Khai mạc kỳ họp thứ 12 HĐND tỉnh khóa XVIII</a></li><li><a href="/">Thời tiết hôm nay: mưa rào rải rác</a></li></ul></aside>
<footer>{self.footer}</footer>
</body></html>"""

    def related(self, others: list[dict]) -> str:
        items = "".join(f'<li><a href="{a["url"]}">{E(a["title"])}</a></li>' for a in others[:3])
        return f'<div class="related-news"><h3>Tin liên quan</h3><ul>{items}</ul></div>'

    def comments(self) -> str:
        return '<div class="comment-box"><h3>Ý kiến bạn đọc</h3><p>Bạn cần đăng nhập để bình luận</p><textarea></textarea><button>Gửi bình luận</button></div>'

    def category_url(self, page: int = 1) -> str:
        raise NotImplementedError

    def listing(self, arts: list[dict], page: int, pages: int) -> str:
        items = "\n".join(self.listing_item(a) for a in arts)
        nxt = (
            f'<a class="next" rel="next" href="{self.category_url(page + 1)}">Trang sau</a>'
            if page < pages
            else ""
        )
        return self.page(
            f"Chính trị - trang {page}",
            f'<main class="listing">{items}<div class="pagination">{nxt}</div></main>',
        )


class OneCMS(Site):
    host, name, cms = "baonghean.vn", "baonghean", "OneCMS"
    footer = "Báo Nghệ An điện tử. Giấy phép số 146/GP-BTTTT. POWERED BY ONECMS - A PRODUCT OF NEKO"
    contact_path, tag_path = "/lien-he-1.html", "/tag/tan-ky-10203.html"

    def article_url(self, a: dict, n: int) -> str:
        return self.url(f"/{slugify(a['title'])}-{a.get('id', 289012)}.html")

    def category_url(self, page: int = 1) -> str:
        return self.url("/chinh-tri/") + (f"?page={page}" if page > 1 else "")

    def listing_item(self, a: dict) -> str:
        return f'<article class="b-grid"><h3 class="b-grid__title"><a href="{a["url"]}">{E(a["title"])}</a></h3></article>'

    def article(self, a: dict, others: list[dict]) -> str:
        when = (
            f'<time class="c-detail-head__time" datetime="{a["published"]}:00+07:00">{dmy(a["published"])}</time>'
            if a["published"]
            else ""
        )
        author = f'<div class="c-detail-head__author">{E(a["author"])}</div>' if a["author"] else ""
        return self.page(
            a["title"],
            f"""<main class="c-detail">
<div class="c-detail-head"><h1 class="c-detail-head__title">{E(a["title"])}</h1>{author}{when}</div>
<div class="c-detail__sapo">{E(a["sapo"])}</div>
<div class="c-detail__content">{body_html(a["paragraphs"], '<div class="c-box-related"><span>Tin liên quan:</span> <a href="' + others[0]["url"] + '">' + E(others[0]["title"]) + "</a></div>", dup_captions=True)}</div>
<div class="c-share"><a href="#">Chia sẻ</a> <a href="#">In bài</a></div>
{self.related(others)}{self.comments()}</main>""",
        )


class NukeViet(Site):
    host, name, cms, scheme = "camlo.quangtri.gov.vn", "camlo", "NukeViet", "http"
    footer = "Bản quyền thuộc UBND huyện Cam Lộ. Địa chỉ: 01 Lê Duẩn, thị trấn Cam Lộ. Thiết kế bởi VINADES."
    contact_path, tag_path = "/vi/contact/", "/vi/news/tag/dan-van/"

    def article_url(self, a: dict, n: int) -> str:
        return self.url(f"/vi/news/tin-tuc/{slugify(a['title'])}-{a.get('id', 1001)}.html")

    def category_url(self, page: int = 1) -> str:
        return self.url("/vi/news/tin-tuc/" + (f"page-{page}/" if page > 1 else ""))

    def listing_item(self, a: dict) -> str:
        return f'<div class="news_column"><h3><a href="{a["url"]}" title="{E(a["title"])}">{E(a["title"])}</a></h3></div>'

    def page(self, title: str, main: str) -> str:
        banner = '<div id="timeoutsess" class="chromeframe">Bạn đã không sử dụng Site, <a onclick="timeoutsesscancel();" href="#">Bấm vào đây để duy trì trạng thái đăng nhập</a>. Thời gian chờ: <span id="secField"> 60 </span> giây</div>'
        return super().page(title, main + banner)

    def article(self, a: dict, others: list[dict]) -> str:
        when = (
            f'<span class="h5" itemprop="datePublished" content="{a["published"]}">{"Thứ tư - " + dmy(a["published"])}</span>'
            if a["published"]
            else ""
        )
        author = (
            f'<p class="h5 text-right"><strong>Tác giả bài viết: </strong>{E(a["author"])}</p>'
            if a["author"]
            else ""
        )
        return self.page(
            a["title"],
            f"""<div class="news_column panel panel-default"><div class="panel-body">
<h1 class="title margin-bottom-lg">{E(a["title"])}</h1>{when}
<div class="hometext m-bottom" itemprop="description">{E(a["sapo"])}</div>
<div id="news-bodyhtml" class="bodytext margin-bottom-lg">{body_html(a["paragraphs"])}</div>
{author}
<div class="news_column panel"><div id="stringrating">Tổng số điểm của bài viết là: 0 trong 0 đánh giá</div><p>Click để đánh giá bài viết</p></div>
{self.related(others).replace("Tin liên quan", "Những tin mới hơn")}{self.comments()}
</div></div>""",
        )


class LaoCaiCMS(Site):
    host, name, cms = "baolaocai.vn", "baolaocai", "Báo Lào Cai CMS"
    footer = (
        "Báo Lào Cai điện tử. Tổng Biên tập: Trần Văn A. Giấy phép số 33/GP-BTTTT ngày 10/2/2020."
    )
    contact_path, tag_path = "/lien-he", "/tag/cai-cach-hanh-chinh"

    def article_url(self, a: dict, n: int) -> str:
        return self.url(f"/bai-viet/{a.get('id', 210516)}-{slugify(a['title'])}")

    def category_url(self, page: int = 1) -> str:
        return self.url("/xay-dung-dang/" + (f"trang-{page}" if page > 1 else ""))

    def listing_item(self, a: dict) -> str:
        return f'<div class="story"><h2 class="story__heading"><a href="{a["url"]}">{E(a["title"])}</a></h2></div>'

    def article(self, a: dict, others: list[dict]) -> str:
        when = f'<span class="detail-time">{dmy(a["published"])}</span>' if a["published"] else ""
        author = f'<p class="detail-author">Theo {E(a["author"])}/LCĐT</p>' if a["author"] else ""
        related = self.related(others).replace(
            'class="related-news"><h3>Tin liên quan', 'class="related-news"><h3>Tin Liên Quan'
        )
        return self.page(
            a["title"],
            f"""<main class="detail">
<h1 class="detail-title">{E(a["title"])}</h1>{when}
<p class="detail-sapo">{E(a["sapo"])}</p>
<div class="detail-content">{body_html(a["paragraphs"])}</div>
{author}<p class="detail-source">{E(a["url"])}</p>
{related}{self.comments()}</main>""",
        )


class DNN(Site):
    host, name, cms = "baoquangtri.vn", "baoquangtri", "DotNetNuke"
    footer = (
        "Báo Quảng Trị. Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam tỉnh Quảng Trị. Copyright 2024."
    )
    contact_path, tag_path = "/Lien-he.aspx", "/Tags/cam-lo.aspx"

    def article_url(self, a: dict, n: int) -> str:
        return self.url(f"/chinh-tri/modid/420/ItemID/{a.get('id', 123979)}.aspx")

    def category_url(self, page: int = 1) -> str:
        return self.url("/chinh-tri.aspx") + (f"?page={page}" if page > 1 else "")

    def listing_item(self, a: dict) -> str:
        return f'<div class="news-item"><a class="news-item-title" href="{a["url"]}">{E(a["title"])}</a></div>'

    def article(self, a: dict, others: list[dict]) -> str:
        when = f'<span class="news-date">{dmy(a["published"])}</span>' if a["published"] else ""
        author = f'<div class="news-author">{E(a["author"])}</div>' if a["author"] else ""
        return self.page(
            a["title"],
            f"""<div id="dnn_ctr420_ContentPane">
<h1><span id="dnn_ctr420_ViewNews_lblTitle" class="news-title">{E(a["title"])}</span></h1>{when}
<div class="news-summary">{E(a["sapo"])}</div>
<div class="news-content">{body_html(a["paragraphs"])}</div>{author}
<div class="rating">Đánh giá bài viết: <span>0</span> lượt</div>
{self.related(others).replace("Tin liên quan", "Các tin khác")}</div>""",
        )


class Liferay(Site):
    host, name, cms = "dongthap.gov.vn", "dongthap", "Liferay"
    footer = "Cổng thông tin điện tử tỉnh Đồng Tháp. Cơ quan chủ quản: UBND tỉnh Đồng Tháp."
    contact_path, tag_path = "/lien-he", "/tag?tag=nong-thon-moi"

    def article_url(self, a: dict, n: int) -> str:
        return self.url(
            f"/chi-tiet-tin-tuc/-/asset_publisher/L1sstkJaDuyF/content/{slugify(a['title'])}"
        )

    def category_url(self, page: int = 1) -> str:
        return self.url("/tin-tuc-su-kien") + (f"?cur={page}" if page > 1 else "")

    def listing_item(self, a: dict) -> str:
        return f'<div class="asset-abstract"><h3 class="asset-title"><a href="{a["url"]}">{E(a["title"])}</a></h3></div>'

    def article(self, a: dict, others: list[dict]) -> str:
        when = (
            f'<span class="date-news">Ngày đăng: {dmy(a["published"])}</span>'
            if a["published"]
            else ""
        )
        author = f'<div class="author-news">{E(a["author"])}</div>' if a["author"] else ""
        return self.page(
            a["title"],
            f"""<div class="portlet-body"><div class="journal-content-article">
<h3 class="title-news">{E(a["title"])}</h3>{when}
<div class="summary">{E(a["sapo"])}</div>
<div class="content-news">{body_html(a["paragraphs"])}</div>{author}
<div class="taglib-ratings">Xếp hạng: 0 / 5</div></div>
<div class="asset-links"><h3>Phản hồi</h3></div>
{self.related(others).replace("Tin liên quan", "Các tin khác")}</div>""",
        )


SITES = [OneCMS(), NukeViet(), LaoCaiCMS(), DNN(), Liferay()]


# -- sites without a profile (generic discovery and reader) ---------------------------------
_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def weekday(iso: str) -> str:
    import datetime

    return _WEEKDAYS[datetime.date.fromisoformat(iso[:10]).weekday()]


def generic_articles(host: str) -> list[dict]:
    return json.loads((HERE / "source/articles.json").read_text(encoding="utf-8"))[host]


class HuongHoaPortal:
    """A district portal of its own CMS: no sitemap, no feed, sections with pagination."""

    host = "huonghoa.quangtri.gov.vn"
    name = "Cổng thông tin điện tử huyện Hướng Hóa"
    sections: ClassVar[dict[str, str]] = {
        "tin-tuc-su-kien": "Tin tức - Sự kiện",
        "kinh-te": "Kinh tế",
        "van-hoa-xa-hoi": "Văn hóa - Xã hội",
    }
    # article index -> its section (the URL's first segment)
    home_of: ClassVar[list[str]] = ["kinh-te", "tin-tuc-su-kien", "kinh-te", "tin-tuc-su-kien", "tin-tuc-su-kien",
               "tin-tuc-su-kien", "van-hoa-xa-hoi", "kinh-te"]  # fmt: skip

    def url(self, path: str) -> str:
        return f"https://{self.host}{path}"

    def page(self, title: str, main: str, head: str = "") -> str:
        menu = "".join(
            f'<li><a href="{href}">{E(label)}</a></li>'
            for href, label in [
                ("/", "Trang chủ"),
                ("/gioi-thieu", "Giới thiệu"),
                *((f"/{k}", v) for k, v in self.sections.items()),
                ("/van-ban-chi-dao", "Văn bản chỉ đạo"),
                ("/lien-he", "Liên hệ"),
                ("/en/", "English"),
            ]
        )
        return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{E(title)}</title>{head}
<link rel="stylesheet" href="/Portals/skin/style.css"><link rel="shortcut icon" href="/favicon.ico"></head>
<body>
<div id="header"><a class="logo" href="/"><img src="/Portals/skin/logo.png" alt="Quốc huy"></a><div class="site-name">ỦY BAN NHÂN DÂN HUYỆN HƯỚNG HÓA<br>CỔNG THÔNG TIN ĐIỆN TỬ</div>
<div class="toplinks"><a href="/dang-nhap">Đăng nhập</a> | <a href="javascript:void(0)" onclick="doi_font()">Cỡ chữ</a> | <a href="mailto:ubnd@huonghoa.quangtri.gov.vn">Hộp thư</a></div></div>
<ul id="main-menu">{menu}</ul>
<form id="search" action="/tim-kiem" method="get"><input name="q" placeholder="Nhập từ khóa..."><button>Tìm</button></form>
<div id="content">{main}</div>
<div id="sidebar"><div class="box"><h3>Liên kết website</h3><ul><li><a href="https://quangtri.gov.vn/">Cổng TTĐT tỉnh Quảng Trị</a></li><li><a href="https://dichvucong.gov.vn/p/home/dvc-trang-chu.html">Cổng Dịch vụ công quốc gia</a></li><li><a href="https://baochinhphu.vn/thu-tuong-chu-tri-hoi-nghi-truc-tuyen-voi-cac-dia-phuong-102230512.htm">Báo Điện tử Chính phủ</a></li></ul></div>
<div class="box"><h3>Thống kê truy cập</h3><p>Đang truy cập: 35</p><p>Tổng lượt truy cập: 2.456.789</p></div></div>
<div id="footer"><p>Cơ quan chủ quản: Ủy ban nhân dân huyện Hướng Hóa, tỉnh Quảng Trị.</p><p>Địa chỉ: 127 Lê Duẩn, thị trấn Khe Sanh, huyện Hướng Hóa. Điện thoại: 0233.3880.123.</p><p>Ghi rõ nguồn Cổng thông tin điện tử huyện Hướng Hóa khi phát hành lại thông tin từ website này.</p></div>
</body></html>"""

    def item(self, a: dict, href: str | None = None) -> str:
        href = href or a["url"]
        return (
            f'<div class="news-item"><a class="thumb" href="{E(href)}"><img src="/Uploads/images/{slugify(a["title"])[:20]}.jpg" alt=""></a>'
            f'<h3><a href="{E(href)}">{E(a["title"])}</a></h3><span class="date">{dmy(a["published"])[:10]}</span>'
            f'<p class="sapo">{E(a["sapo"])}</p></div>'
        )

    def listing(self, section: str, items: str, paging: str) -> str:
        title = self.sections[section]
        return self.page(
            f"{title} - {self.name}",
            f'<div class="breadcrumb"><a href="/">Trang chủ</a> » {E(title)}</div>'
            f'<h2 class="cat-title">{E(title)}</h2><div class="list-news">{items}</div>'
            f'<div class="paging">{paging}</div>',
        )

    def article(self, a: dict, related: list[dict]) -> str:
        when = f"{weekday(a['published'])}, {dmy(a['published'][:10])} - {a['published'][11:]}"
        paragraphs = "\n".join(
            f'<p style="text-align: justify;">{E(p)}</p>' for p in a["paragraphs"]
        )
        rel = "".join(
            f'<li><a href="{r["url"]}">{E(r["title"])}</a> <span class="date">({dmy(r["published"])[:10]})</span></li>'
            for r in related
        )
        section = self.sections[a["section"]]
        head = (
            f'<meta property="og:type" content="article"><meta property="og:title" content="{E(a["title"])}">'
            f'<meta property="og:description" content="{E(a["sapo"])}"><meta property="og:url" content="{a["url"]}">'
            f'<meta property="og:image" content="https://{self.host}/Uploads/images/{slugify(a["title"])[:20]}.jpg">'
        )
        return self.page(
            f"{a['title']} - {self.name}",
            f"""<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/{a["section"]}">{E(section)}</a></div>
<div class="news-detail">
<h1 class="news-title">{E(a["title"])}</h1>
<div class="news-date">{when}</div>
<div class="news-sapo"><strong>{E(a["sapo"])}</strong></div>
<div class="news-content">
{paragraphs}
<p style="text-align: right;"><strong>{E(a["author"])}</strong></p>
</div>
<div class="news-tools">Lượt xem: 1.245 | <a href="javascript:window.print()">In bài viết</a> | <a href="mailto:?subject={E(a["title"])}">Gửi email</a> | Chia sẻ: <a href="https://www.facebook.com/sharer/sharer.php?u={a["url"]}">Facebook</a> <a href="https://zalo.me/share?u={a["url"]}">Zalo</a></div>
<div class="news-tags">Từ khóa: <a href="/tag/nong-thon-moi">nông thôn mới</a>, <a href="/tag/huong-hoa">Hướng Hóa</a></div>
<div class="comment-box"><h3>Ý kiến bạn đọc</h3><div class="comment"><b>Nguyễn Văn Hùng</b> <i>{dmy(a["published"][:10])} 21:05</i><p>Bài viết rất thiết thực, mong huyện tiếp tục quan tâm đến bà con vùng sâu.</p></div>
<form><input name="hoten" placeholder="Họ tên"><textarea name="noidung"></textarea><button>Gửi ý kiến</button></form></div>
<div class="other-news"><h3>Các tin khác</h3><ul>{rel}</ul></div>
</div>""",
            head,
        )

    def build(self) -> list[dict]:
        arts = [dict(a) for a in generic_articles(self.host)]
        for n, a in enumerate(arts):
            a["section"] = self.home_of[n]
            a["url"] = self.url(f"/{a['section']}/{slugify(a['title'])}.html")
        for a in arts:
            related = [o for o in arts if o is not a and o["section"] == a["section"]][:3]
            write(a["url"], self.article(a, related))
        gone = self.url(
            "/tin-tuc-su-kien/thong-bao-lich-tiep-cong-dan-dinh-ky-thang-10-nam-2023.html"
        )
        write(
            gone,  # a removed article: the CMS answers 200 with its error page
            self.page(
                f"Thông báo - {self.name}",
                '<div class="error-page"><h2>Không tìm thấy trang yêu cầu</h2><p>Trang bạn truy cập không tồn tại hoặc đã bị gỡ bỏ.</p><p><a href="/">Quay về trang chủ</a></p></div>',
            ),
        )

        def paging(section: str, current: int, pages: int, rel_next: bool) -> str:
            def href(n: int) -> str:
                if n == 1:
                    return f"/{section}"
                return f"/{section}/trang-{n}" if rel_next else f"/{section}?page={n}"

            links = [
                f'<span class="current">{n}</span>'
                if n == current
                else f'<a href="{href(n)}">{n}</a>'
                for n in range(1, pages + 1)
            ]
            if current > 1:
                links.insert(0, f'<a href="{href(current - 1)}">« Trước</a>')
            if current < pages:
                rel = ' rel="next"' if rel_next else ""
                links.append(f'<a href="{href(current + 1)}"{rel}>Sau »</a>')
            return " ".join(links) if pages > 1 else ""

        def section_url(section: str, n: int, rel_next: bool) -> str:
            if n == 1:
                return self.url(f"/{section}")
            return self.url(f"/{section}/trang-{n}" if rel_next else f"/{section}?page={n}")

        a = arts
        tracked = a[5]["url"] + "?utm_source=zalo&utm_medium=social&utm_campaign=tin-moi"
        listings = {
            # section: (pages of items, rel=next pagination)
            "tin-tuc-su-kien": (
                [
                    [self.item(a[3]), self.item(a[4]), self.item(a[0])],
                    # the same article three times: plain, with tracking parameters, with a fragment
                    [self.item(a[1]), self.item(a[5]), self.item(a[5], tracked),
                     f'<p class="more"><a href="{a[5]["url"]}#binh-luan">Xem bình luận</a></p>'],
                    [self.item(a[6]), f'<div class="news-item"><h3><a href="{gone}">Thông báo lịch tiếp công dân định kỳ tháng 10 năm 2023</a></h3></div>'],
                ],
                False,
            ),
            "kinh-te": ([[self.item(a[0]), self.item(a[2])], [self.item(a[7])]], True),
            "van-hoa-xa-hoi": ([[self.item(a[6]), self.item(a[1])]], False),
        }  # fmt: skip
        for section, (pages, rel_next) in listings.items():
            for n, items in enumerate(pages, start=1):
                url = section_url(section, n, rel_next)
                path = url_to_file(url, OUT[0])
                if "?" not in url and n == 1:
                    path = path / "index.html"
                html_text = self.listing(
                    section, "\n".join(items), paging(section, n, len(pages), rel_next)
                )
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(html_text, encoding="utf-8")
        docs = (
            '<ul class="documents">'
            '<li><a href="/van-ban-chi-dao/ke-hoach-so-125-kh-ubnd-ve-chuyen-doi-so-nam-2023.pdf">Kế hoạch số 125/KH-UBND về chuyển đổi số năm 2023</a></li>'
            '<li><a href="/van-ban-chi-dao/quyet-dinh-so-2045-qd-ubnd-ve-giao-chi-tieu-giam-ngheo.docx">Quyết định số 2045/QĐ-UBND về giao chỉ tiêu giảm nghèo</a></li></ul>'
        )
        for path, title, main in [
            ("/van-ban-chi-dao/index.html", "Văn bản chỉ đạo", docs),
            ("/gioi-thieu/index.html", "Giới thiệu", "<h2>Giới thiệu chung</h2><p>Hướng Hóa là huyện miền núi, biên giới nằm ở phía tây tỉnh Quảng Trị, có 21 xã, thị trấn.</p>"),
            ("/lien-he/index.html", "Liên hệ", "<h2>Liên hệ</h2><p>Văn phòng HĐND và UBND huyện Hướng Hóa. Điện thoại: 0233.3880.123.</p>"),
            ("/tag/nong-thon-moi/index.html", "Nông thôn mới", self.item(a[4]) + self.item(a[1])),
        ]:  # fmt: skip
            write(self.url(path), self.page(f"{title} - {self.name}", main))
        write(
            self.url("/van-ban-chi-dao/ke-hoach-so-125-kh-ubnd-ve-chuyen-doi-so-nam-2023.pdf"),
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        )
        latest = "".join(self.item(x) for x in (a[3], a[4]))
        write(
            self.url("/"),
            self.page(
                self.name,
                f'<div class="hot-news"><h2>Tin mới</h2>{latest}<a class="more" href="/tin-tuc-su-kien">Xem tất cả</a></div>'
                '<div class="banner"><a href="/tag/nong-thon-moi"><img src="/Uploads/banner-ntm.jpg" alt="Chung sức xây dựng nông thôn mới"></a></div>',
            ),
        )
        write(self.url("/robots.txt"), "User-agent: *\nDisallow: /dang-nhap\nDisallow: /tim-kiem\n")
        return [self.expected(x) for x in arts]

    def expected(self, a: dict) -> dict:
        return {
            "url": a["url"],
            "site": self.host,
            "title": a["title"],
            "published": a["published"],
            "author": a["author"],
            "paragraphs": [a["sapo"], *a["paragraphs"]],
            "seed": None,
            "profile": None,
            "byline": a["author"],
            "captions": [],
        }


class QuangBinhPaper(HuongHoaPortal):
    """A provincial paper: JSON-LD, robots.txt → sitemap index → gzipped and news sitemaps,
    an RSS feed declared on every page."""

    host = "baoquangbinh.vn"
    name = "Báo Quảng Bình điện tử"
    sections: ClassVar[dict[str, str]] = {
        "kinh-te": "Kinh tế",
        "xa-hoi": "Xã hội",
        "van-hoa-du-lich": "Văn hóa - Du lịch",
        "giao-duc": "Giáo dục",
    }
    feed = "/rss/tin-moi-nhat.rss"

    def page(self, title: str, main: str, head: str = "") -> str:
        menu = "".join(
            f'<a class="nav-link" href="/{k}/">{E(v)}</a>' for k, v in self.sections.items()
        )
        return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="UTF-8"><title>{E(title)}</title>
<link rel="alternate" type="application/rss+xml" title="Tin mới nhất" href="{self.feed}">{head}</head>
<body>
<header class="site-header"><a class="brand" href="/">BÁO QUẢNG BÌNH</a><nav>{menu}<a class="nav-link" href="/lien-he.html">Liên hệ</a></nav>
<div class="weather">Đồng Hới 28°C</div></header>
<main>{main}</main>
<footer><p>Báo Quảng Bình điện tử. Giấy phép số 120/GP-BTTTT. Tổng Biên tập: Nguyễn Văn B.</p><p>Tòa soạn: 52 Hùng Vương, Đồng Hới. © Bản quyền thuộc về Báo Quảng Bình.</p></footer>
<script src="/static/js/main.js"></script>
</body></html>"""

    def article(self, a: dict, related: list[dict]) -> str:
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a["title"],
            "description": a["sapo"],
            "datePublished": a["published"] + ":00+07:00",
            "dateModified": a["published"] + ":00+07:00",
            "author": {"@type": "Person", "name": a["author"]},
            "publisher": {"@type": "Organization", "name": "Báo Quảng Bình"},
            "mainEntityOfPage": a["url"],
        }
        head = (
            f'<link rel="canonical" href="{a["url"]}"><meta property="og:type" content="article">'
            f'<meta property="og:title" content="{E(a["title"])}"><meta property="article:published_time" content="{a["published"]}:00+07:00">'
            f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
        )
        paras = [f"<p>{E(p)}</p>" for p in a["paragraphs"]]
        if a.get("caption"):
            paras.insert(
                1,
                f'<table class="image center"><tbody><tr><td><img src="/uploads/{a["id"]}.jpg" alt="{E(a["caption"])}"></td></tr>'
                f'<tr><td class="image-caption">{E(a["caption"])}</td></tr></tbody></table>',
            )
        rel = "".join(f'<li><a href="{r["url"]}">{E(r["title"])}</a></li>' for r in related)
        return self.page(
            f"{a['title']} | Báo Quảng Bình",
            f"""<article class="detail">
<div class="detail__cate"><a href="/{a["section"]}/">{E(self.sections[a["section"]])}</a></div>
<h1 class="detail__title">{E(a["title"])}</h1>
<div class="detail__meta"><span class="detail__author">{E(a["author"])}</span> <time datetime="{a["published"]}:00+07:00">{dmy(a["published"])}</time></div>
<h2 class="detail__sapo">{E(a["sapo"])}</h2>
<div class="detail__content">
{chr(10).join(paras)}
</div>
<div class="detail__tags">Từ khóa: <a href="/tag/phong-nha.html">Phong Nha</a></div>
<div class="detail__share"><a href="#">Chia sẻ Facebook</a> <a href="#">Sao chép liên kết</a></div>
</article>
<section class="related"><h3>Tin liên quan</h3><ul>{rel}</ul></section>
<div class="fb-comments" data-href="{a["url"]}"></div>""",
            head,
        )

    def build(self) -> list[dict]:
        arts = [dict(a) for a in generic_articles(self.host)]
        for a in arts:
            a["url"] = self.url(f"/{a['section']}/{slugify(a['title'])}-{a['id']}.html")
        for a in arts:
            related = [o for o in arts if o is not a][:2]
            write(a["url"], self.article(a, related))
        video = self.url("/video/clip-le-hoi-hang-dong-phong-nha-nam-2024-183377.html")
        write(
            video,  # a JavaScript application: an empty shell until scripts run
            '<!DOCTYPE html><html lang="vi"><head><meta charset="UTF-8"><title>Video | Báo Quảng Bình</title>'
            '<meta property="og:type" content="video.other"></head><body><div id="app"></div>'
            '<noscript>Vui lòng bật JavaScript để xem video.</noscript><script src="/static/js/video.js"></script></body></html>',
        )
        by = {n: a for n, a in enumerate(arts)}

        def urlset(entries: list[tuple[str, str]], news: bool) -> str:
            ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
            body = ""
            for loc, day in entries:
                if news:
                    body += (
                        f"<url><loc>{E(loc)}</loc><news:news><news:publication><news:name>Báo Quảng Bình</news:name>"
                        f"<news:language>vi</news:language></news:publication><news:publication_date>{day}</news:publication_date>"
                        f"<news:title>…</news:title></news:news></url>"
                    )
                else:
                    body += f"<url><loc>{E(loc)}</loc><lastmod>{day}</lastmod></url>"
            return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>{body}</urlset>\n'

        old = [(by[n]["url"], by[n]["published"][:10]) for n in (0, 4, 6)]
        old += [
            (self.url("/tag/phong-nha.html"), "2022-06-01"),
            (self.url("/lien-he.html"), "2020-01-01"),
        ]
        recent = [(by[n]["url"], by[n]["published"] + ":00+07:00") for n in (1, 2, 3)]
        recent.append((video, "2024-03-02T09:00:00+07:00"))
        import gzip

        gz = gzip.compress(urlset(old, news=False).encode("utf-8"), mtime=0)
        write(self.url("/sitemaps/bai-viet-2021-2022.xml.gz"), gz)
        write(self.url("/sitemaps/bai-viet-2023-2024.xml"), urlset(recent, news=True))
        write(
            self.url("/sitemap_index.xml"),
            '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{self.url('/sitemaps/bai-viet-2021-2022.xml.gz')}</loc><lastmod>2022-12-31</lastmod></sitemap>"
            f"<sitemap><loc>{self.url('/sitemaps/bai-viet-2023-2024.xml')}</loc><lastmod>2024-05-14</lastmod></sitemap>"
            "</sitemapindex>\n",
        )
        write(
            self.url("/robots.txt"),
            f"User-agent: *\nDisallow: /tim-kiem/\nDisallow: /admin/\n\nSitemap: {self.url('/sitemap_index.xml')}\n",
        )
        import email.utils
        from datetime import datetime, timedelta, timezone

        def rfc822(iso: str) -> str:
            tz = timezone(timedelta(hours=7))
            return email.utils.format_datetime(datetime.fromisoformat(iso).replace(tzinfo=tz))

        items = "".join(
            f"<item><title>{E(by[n]['title'])}</title><link>{E(link)}</link>"
            f"<description>{E(by[n]['sapo'])}</description><pubDate>{rfc822(by[n]['published'])}</pubDate></item>"
            for n, link in [(5, by[5]["url"]), (3, by[3]["url"]), (1, by[1]["url"]),
                            (5, by[5]["url"] + "?utm_source=rss&utm_medium=feed")]
        )  # fmt: skip
        write(
            self.url(self.feed),
            f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Báo Quảng Bình - Tin mới nhất</title>'
            f"<link>{self.url('/')}</link><description>Tin mới nhất</description>{items}</channel></rss>\n",
        )
        for section, title in self.sections.items():
            items = "".join(
                f'<div class="story"><h3><a href="{x["url"]}">{E(x["title"])}</a></h3></div>'
                for x in arts
                if x["section"] == section
            )
            write(self.url(f"/{section}/"), self.page(f"{title} | Báo Quảng Bình", items))
        write(
            self.url("/lien-he.html"),
            self.page(
                "Liên hệ | Báo Quảng Bình",
                "<h1>Liên hệ tòa soạn</h1><p>Điện thoại: 0232.3822.xxx</p>",
            ),
        )
        write(
            self.url("/tag/phong-nha.html"),
            self.page(
                "Phong Nha | Báo Quảng Bình",
                f'<div class="story"><a href="{by[1]["url"]}">{E(by[1]["title"])}</a></div>',
            ),
        )
        latest = "".join(
            f'<div class="story story--top"><h2><a href="{by[n]["url"]}">{E(by[n]["title"])}</a></h2><p>{E(by[n]["sapo"])}</p></div>'
            for n in (3, 1)
        )
        write(self.url("/"), self.page("Báo Quảng Bình điện tử", latest))
        out = []
        for a in arts:
            e = self.expected(a)
            e["byline"] = None
            e["captions"] = [a["caption"]] if a.get("caption") else []
            out.append(e)
        return out


GENERIC_SITES = [HuongHoaPortal(), QuangBinhPaper()]


OUT = [HERE]


def write(url: str, content: str | bytes) -> None:
    path = url_to_file(url, OUT[0])
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)


def build(root: Path = HERE) -> list[dict]:
    """Write the mirror under ``root`` (default: beside this script)."""
    OUT[0] = root
    for site in (*SITES, *GENERIC_SITES):
        shutil.rmtree(root / site.host, ignore_errors=True)
    expected = []
    for site in SITES:
        arts = site_articles(site.name)
        for n, a in enumerate(arts):
            a["url"] = site.article_url(a, n)
        for a in arts:
            others = [o for o in arts if o is not a]
            write(a["url"], site.article(a, others))
            expected.append(
                {
                    "url": a["url"],
                    "site": site.name,
                    "title": a["title"],
                    "published": a["published"],
                    "author": a["author"],
                    "paragraphs": [a["sapo"], *a["paragraphs"]],
                    "seed": a.get("seed"),
                    "profile": site.name,
                }
            )
        pdf = site.url(
            "/bai-viet/210999-ke-hoach-thuc-hien.pdf"
            if site.name == "baolaocai"
            else "/uploads/ke-hoach-2023.pdf"
        )
        traps = [
            {"url": site.url(site.contact_path), "title": "Liên hệ"},
            {"url": pdf, "title": "Kế hoạch năm 2023 (PDF)"},
        ]
        listed = arts[:6]
        pages = [listed[:4] + traps, listed[4:]]
        for p, chunk in enumerate(pages, start=1):
            write(site.category_url(p), site.listing(chunk, p, len(pages)))
        home_links = "".join(f'<li><a href="{a["url"]}">{E(a["title"])}</a></li>' for a in arts[:2])
        write(
            site.url("/"),
            site.page(
                site.name,
                f'<main><ul class="latest">{home_links}</ul><a href="{site.category_url()}">Xem thêm</a></main>',
            ),
        )
        urls = "".join(
            f"<url><loc>{E(a['url'])}</loc>{('<lastmod>' + a['published'][:10] + '</lastmod>') if a['published'] else ''}</url>"
            for a in arts[2:8]
        )
        write(
            site.url("/sitemaps/news.xml"),
            f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}<url><loc>{E(site.url(site.contact_path))}</loc></url></urlset>',
        )
        write(
            site.url("/sitemap.xml"),
            f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>{site.url("/sitemaps/news.xml")}</loc></sitemap></sitemapindex>',
        )
        items = "".join(
            f"<item><title>{E(a['title'])}</title><link>{E(a['url'])}</link></item>"
            for a in arts[5:8]
        )
        items += f"<item><title>{E(arts[6]['title'])}</title><link>{E(arts[6]['url'] + '?utm_source=rss&utm_medium=feed')}</link></item>"
        write(
            site.url("/rss/home.rss"),
            f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{site.name}</title>{items}</channel></rss>',
        )
        write(
            site.url("/robots.txt"),
            f"User-agent: *\nDisallow: /tim-kiem/\nSitemap: {site.url('/sitemap.xml')}\n",
        )
        write(
            site.url(site.contact_path),
            site.page("Liên hệ", "<main><h1>Liên hệ</h1><p>Điện thoại: 0233 3852 123</p></main>"),
        )
        write(
            site.url(site.tag_path),
            site.listing(arts[:2], 1, 1).replace("Chính trị - trang 1", "Chủ đề"),
        )
        write(
            pdf,
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        )
    for generic in GENERIC_SITES:
        expected += generic.build()
    expected.sort(key=lambda e: e["url"])
    (root / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return expected


if __name__ == "__main__":
    found = build()
    n_sites = len(SITES) + len(GENERIC_SITES)
    print(f"{len(found)} articles on {n_sites} sites written to {HERE}")
