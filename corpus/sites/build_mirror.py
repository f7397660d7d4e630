"""Build the local mirror of five news sites in corpus/sites/<host>/.

Run: .venv/bin/python corpus/sites/build_mirror.py   (tests check the output is current)

Each site gets its CMS family's markup and boilerplate (menus, related news,
login banners, rating widgets, comment boxes, footers), a home page, a
category listing with pagination, sitemap.xml, an RSS feed and robots.txt,
eight article pages (one seed article from corpus/articles, seven from
source/articles.json) and pages that must not become records (a tag page, a
contact page, a PDF). Discovery is spread over the sources on purpose: the
listing carries articles 0-5, the sitemap 2-7, the feed 5-7 plus a link with
tracking parameters. ``expected.json`` lists what a crawl must find.

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
    for site in SITES:
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
    expected.sort(key=lambda e: e["url"])
    (root / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return expected


if __name__ == "__main__":
    found = build()
    print(f"{len(found)} articles on {len(SITES)} sites written to {HERE}")
