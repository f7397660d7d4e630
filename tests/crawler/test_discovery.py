"""Generic discovery's decisions, as pure functions of URL and text (crawler/discovery.py)."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from crawler.discovery import (
    classify_url,
    declares_article,
    feed_entries,
    feed_urls_in_page,
    in_date_range,
    is_feed,
    next_pages,
    page_links,
    page_number,
    read_sitemap,
    robots_sitemaps,
    site_host,
)
from crawler.profiles import SiteProfile

REALPAGES = Path(__file__).resolve().parents[2].parent / "shared" / "realpages"
HOST = "tinhuyen.vn"


def test_site_host_and_generic_profile() -> None:
    assert site_host("https://WWW.BaoQuangBinh.vn:443/a") == "baoquangbinh.vn"
    p = SiteProfile.generic_for("https://www.baoquangbinh.vn/kinh-te/")
    assert (p.name, p.domains, p.generic) == ("baoquangbinh.vn", ("baoquangbinh.vn",), True)
    assert p.start_urls == ("https://www.baoquangbinh.vn/",)
    assert p.sitemaps == ("https://www.baoquangbinh.vn/robots.txt",)
    assert p.is_article_url("https://baoquangbinh.vn/xa-hoi/dong-hoi-chinh-trang-180215.html")
    assert not p.is_article_url("https://baoquangbinh.vn/xa-hoi/")
    for bad in ("baoquangbinh.vn", "ftp://baoquangbinh.vn/", "https://localhost/"):
        with pytest.raises(ValueError, match="not a site address"):
            SiteProfile.generic_for(bad)


def test_robots_sitemap_lines() -> None:
    robots = (
        b"User-agent: *\nDisallow: /admin/\n"
        b"Sitemap: https://tinhuyen.vn/sitemap_index.xml   # the index\n"
        b"sitemap:/sitemaps/news.xml\nSITEMAP: https://tinhuyen.vn/sitemap_index.xml\n"
        b"Crawl-delay: 5\n"
    )
    assert robots_sitemaps(robots, "https://tinhuyen.vn/robots.txt") == [
        "https://tinhuyen.vn/sitemap_index.xml",
        "https://tinhuyen.vn/sitemaps/news.xml",
    ]
    assert robots_sitemaps(b"User-agent: *\nDisallow:\n", "https://tinhuyen.vn/robots.txt") == []


INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://tinhuyen.vn/sitemaps/2022.xml.gz</loc><lastmod>2022-12-31</lastmod></sitemap>
<sitemap><loc> https://tinhuyen.vn/sitemaps/2024.xml </loc></sitemap>
</sitemapindex>"""
NEWS = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://tinhuyen.vn/xa-hoi/ra-mat-mo-hinh-moi-123456.html</loc>
<lastmod>2024-03-05</lastmod>
<news:news><news:publication><news:name>Tin huyện</news:name></news:publication>
<news:publication_date>2024-03-02T09:00:00+07:00</news:publication_date>
<news:title>Ra mắt mô hình mới</news:title></news:news></url>
<url><loc>https://tinhuyen.vn/lien-he</loc></url>
</urlset>""".encode()


def test_sitemap_index_news_sitemap_and_gzip() -> None:
    kind, entries = read_sitemap(INDEX)
    assert kind == "index"
    assert [(e.loc, e.lastmod) for e in entries] == [
        ("https://tinhuyen.vn/sitemaps/2022.xml.gz", "2022-12-31"),
        ("https://tinhuyen.vn/sitemaps/2024.xml", None),
    ]
    for body in (NEWS, gzip.compress(NEWS)):
        kind, entries = read_sitemap(body)
        assert kind == "urlset" and len(entries) == 2
        first = entries[0]
        assert first.loc.endswith("-123456.html")
        assert (first.lastmod, first.published) == ("2024-03-05", "2024-03-02T09:00:00+07:00")


def test_text_sitemap_and_pages_that_are_not_sitemaps() -> None:
    kind, entries = read_sitemap(b"https://tinhuyen.vn/a-1.html\nhttps://tinhuyen.vn/b-2.html\n")
    assert kind == "urlset" and [e.loc for e in entries][1] == "https://tinhuyen.vn/b-2.html"
    soft_404 = (
        "<!DOCTYPE html><html><head><title>Trang chủ</title></head><body>x</body></html>".encode()
    )
    with pytest.raises(ValueError, match="not <urlset>"):
        read_sitemap(soft_404)
    with pytest.raises(ValueError, match="gzip"):
        read_sitemap(b"\x1f\x8b\x08\x00broken")


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<!-- generated -->
<rss version="2.0"><channel><title>Tin mới</title>
<item><title>A</title><link>
  https://tinhuyen.vn/kinh-te/a-123456.html </link><pubDate>Tue, 10 Sep 2024 09:05:00 +0700</pubDate></item>
<item><title>B</title><guid>https://tinhuyen.vn/xa-hoi/b-123457.html</guid></item>
<item><title>C</title><link>/xa-hoi/c-123458.html</link><pubDate>không rõ</pubDate></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Tin</title>
<link rel="self" href="https://tinhuyen.vn/atom.xml"/>
<entry><title>D</title><link rel="alternate" type="text/html" href="https://tinhuyen.vn/d-5.html"/>
<link rel="enclosure" href="https://tinhuyen.vn/d.mp3"/><published>2023-01-31T08:00:00Z</published></entry>
</feed>"""


def test_feeds() -> None:
    assert is_feed(RSS) and is_feed(ATOM) and is_feed("\ufeff<rdf:RDF xmlns:rdf='x'>")
    assert not is_feed("<!DOCTYPE html><html><body>RSS</body></html>")
    entries = feed_entries(RSS, "https://tinhuyen.vn/rss/tin-moi.rss")
    assert [(e.url, e.published) for e in entries] == [
        ("https://tinhuyen.vn/kinh-te/a-123456.html", "2024-09-10"),
        ("https://tinhuyen.vn/xa-hoi/b-123457.html", None),
        ("https://tinhuyen.vn/xa-hoi/c-123458.html", None),
    ]
    assert [(e.url, e.published) for e in feed_entries(ATOM)] == [
        ("https://tinhuyen.vn/d-5.html", "2023-01-31")
    ]


def test_feeds_declared_on_a_page() -> None:
    home = """<html><head>
    <link rel="alternate" type="application/rss+xml; charset=utf-8" href="/rss/tin-moi.rss">
    <link rel="alternate" type="application/atom+xml" href="https://tinhuyen.vn/atom.xml">
    <link rel="alternate" type="application/rss+xml" href="/rss/binh-luan.rss" title="comments">
    <link rel="alternate" hreflang="en" href="https://tinhuyen.vn/en/">
    <link rel="alternate" type="application/rss+xml" href="https://other.vn/rss">
    </head><body><a href="/rss">RSS</a></body></html>"""
    # Not the comments feed, not another site's, not an hreflang alternate.
    assert feed_urls_in_page("https://tinhuyen.vn/", home) == [
        "https://tinhuyen.vn/rss/tin-moi.rss",
        "https://tinhuyen.vn/atom.xml",
    ]
    # No declaration: links that look like feeds or like a page listing them.
    page = """<a href="/rss">RSS</a> <a href="/rss/thoi-su.rss">Thời sự</a>
    <a href="/kinh-te/bao-cao-rss-123456.html">x</a> <a href="https://other.vn/feed">y</a>"""
    assert feed_urls_in_page("https://tinhuyen.vn/", page) == [
        "https://tinhuyen.vn/rss",
        "https://tinhuyen.vn/rss/thoi-su.rss",
    ]


@pytest.mark.parametrize(
    ("url", "kind", "reason"),
    [
        # articles: ids, a short id after a slug, long slugs, id parameters
        ("https://tinhuyen.vn/kinh-te/gia-ca-phe-tang-manh-2495349.html", "article", "id"),
        ("https://tinhuyen.vn/20121226051446379p0c1019/thieu-tien-hui.htm", "article", "id"),
        ("https://tinhuyen.vn/vi/news/tin-tuc/cam-lo-giam-ngheo-ben-vung-1602.html", "article", "id"),
        ("https://tinhuyen.vn/bai-viet/210516-yeu-to-quyet-dinh-thanh-cong", "article", "id"),
        ("https://tinhuyen.vn/tin-tuc/xa-tan-lien-hoan-thanh-tieu-chi-nong-thon-moi.html",
         "article", "slug"),
        ("https://tinhuyen.vn/2012/12/vo-ngoai-tinh-sau-nhung-lan-bi-danh-dap-da-man/",
         "article", "slug"),
        ("https://tinhuyen.vn/Default.aspx?tabid=91&ID=1234", "article", "id parameter"),
        # sections and listing pages
        ("https://tinhuyen.vn/tin-tuc-su-kien", "section", "short path"),
        ("https://tinhuyen.vn/thong-tin-chi-dao-dieu-hanh/", "section", "short path"),
        ("https://tinhuyen.vn/kinh-te/trang-2", "section", "listing"),
        ("https://tinhuyen.vn/chinh-tri/?page=12345", "section", "listing"),
        # decoys
        ("https://www.tinhuyen.vn/", "skip", "home page"),
        ("https://tinhuyen.vn/index.html", "skip", "home page"),
        ("https://other.vn/kinh-te/gia-ca-phe-tang-manh-2495349.html", "skip", "another site"),
        ("https://sub.tinhuyen.vn/kinh-te/gia-ca-phe-tang-manh-2495349.html", "skip", "another"),
        ("https://tinhuyen.vn/van-ban/ke-hoach-so-125-kh-ubnd-2023.pdf", "skip", "file"),
        ("https://tinhuyen.vn/van-ban/quyet-dinh-2045.docx", "skip", "file"),
        ("https://tinhuyen.vn/lien-he", "skip", "contact"),
        ("https://tinhuyen.vn/lien-he-1.html", "skip", "contact"),
        ("https://tinhuyen.vn/dang-nhap", "skip", "login"),
        ("https://tinhuyen.vn/tim-kiem/?q=ca+phe", "skip", "search"),
        ("https://tinhuyen.vn/contact.html", "skip", "contact"),
        ("https://tinhuyen.vn/en/news/coffee-harvest-in-huong-hoa-district-12345.html", "skip",
         "another language"),
        ("https://tinhuyen.vn/tag/nong-thon-moi", "skip", "tag"),
        ("https://tinhuyen.vn/tac-gia/ho-thi-lan/", "skip", "author"),
        ("mailto:toa-soan@tinhuyen.vn", "skip", "http"),
        ("https://tinhuyen.vn/a/b/c/d", "other", "neither"),
        ("https://tinhuyen.vn/chi-tiet-tin-tuc/-/asset_publisher/L1sstkJaDuyF/content/"
         "lai-vung-phat-trien-quyt-hong", "article", "deep"),
    ],
)  # fmt: skip
def test_classify_url(url: str, kind: str, reason: str) -> None:
    decision = classify_url(url, HOST)
    assert decision.kind == kind and reason in decision.reason, decision


def test_a_slug_ending_in_a_keyword_is_still_an_article() -> None:
    # "…đăng ký" ends many headlines; only a whole segment named so is a registration page.
    url = "https://tinhuyen.vn/xa-hoi/hon-200-ho-dan-tu-nguyen-dang-ky-hien-dat-lam-duong.html"
    assert classify_url(url, HOST).kind == "article"
    assert classify_url("https://tinhuyen.vn/gl/ban-doc-viet/tam-su/2012/12/"
                        "vo-ngoai-tinh-sau-nhung-lan-bi-toi-danh-dap/", HOST).kind == "article"  # fmt: skip


def test_real_article_urls_are_article_shaped() -> None:
    manifest = REALPAGES / "manifest.jsonl"
    if not manifest.is_file():
        pytest.skip(f"{manifest} is absent (reference pages are kept outside the repository)")
    urls = [json.loads(line)["url"] for line in manifest.read_text("utf-8").splitlines() if line]
    assert len(urls) >= 10
    for url in urls:
        assert classify_url(url, site_host(url)).kind == "article", url


def test_page_numbers() -> None:
    assert page_number("https://tinhuyen.vn/kinh-te") == ("https://tinhuyen.vn/kinh-te", 1)
    assert page_number("https://tinhuyen.vn/kinh-te/trang-3") == ("https://tinhuyen.vn/kinh-te", 3)
    assert page_number("https://www.tinhuyen.vn/kinh-te/page/4/") == (
        "https://tinhuyen.vn/kinh-te",
        4,
    )
    assert page_number("https://tinhuyen.vn/vi/news/tin-tuc/page-2/")[1] == 2
    base, n = page_number("https://tinhuyen.vn/list.aspx?cat=5&page=7")
    assert (base, n) == ("https://tinhuyen.vn/list.aspx?cat=5", 7)


LISTING = """<html><body><div class="list">
<a href="/xa-hoi/a-123456.html">A</a><a href="/xa-hoi/a-123456.html#binh-luan">A again</a>
<a href="javascript:void(0)">x</a><a href="mailto:a@b.vn">y</a><a href="#top">z</a>
</div><div class="paging"><a href="/xa-hoi">1</a><span>2</span><a href="/xa-hoi?page=3">3</a>
<a href="/kinh-te?page=3">other listing</a><a href="/xa-hoi?page=3">Sau »</a></div></body></html>"""


def test_page_links_and_next_page_without_rel() -> None:
    url = "https://tinhuyen.vn/xa-hoi?page=2"
    assert page_links(url, LISTING)[:2] == [
        "https://tinhuyen.vn/xa-hoi/a-123456.html",
        "https://tinhuyen.vn/xa-hoi",
    ]
    assert next_pages(url, LISTING) == ["https://tinhuyen.vn/xa-hoi?page=3"]
    assert next_pages("https://tinhuyen.vn/xa-hoi?page=3", LISTING) == []  # the last page


def test_next_page_by_rel() -> None:
    html = '<a href="/kinh-te">1</a> <a rel="next" href="/kinh-te/trang-2">Xem tiếp</a>'
    assert next_pages("https://tinhuyen.vn/kinh-te", html) == [
        "https://tinhuyen.vn/kinh-te/trang-2"
    ]
    head = '<html><head><link rel="prev" href="/p/1"><link rel="next" href="/p/3"></head></html>'
    assert next_pages("https://tinhuyen.vn/p/2", head) == ["https://tinhuyen.vn/p/3"]


@pytest.mark.parametrize(
    ("head", "declared"),
    [
        ('<meta property="og:type" content="Article">', True),
        ('<meta property="og:type" content="website">', False),
        ('<script type="application/ld+json">{"@type": "NewsArticle"}</script>', True),
        ('<script type="application/ld+json">[{"@type": "Organization"},'
         '{"@type": ["ReportageNewsArticle"]}]</script>', True),
        ('<script type="application/ld+json">{"@graph": [{"@type": "WebPage"},'
         '{"@type": "BlogPosting"}]}</script>', True),
        ('<script type="application/ld+json">{"@type": "WebSite"}</script>', False),
        ('<script type="application/ld+json">{not json</script>', False),
    ],
)  # fmt: skip
def test_declares_article(head: str, declared: bool) -> None:
    assert declares_article(f"<html><head>{head}</head><body></body></html>") is declared


def test_date_range() -> None:
    since, until = date(2023, 1, 1), date(2023, 12, 31)
    assert in_date_range("2023-06-01T08:00", since, until)
    assert not in_date_range("2022-12-31", since, until)
    assert not in_date_range("2024-01-01T00:05", since, until)
    assert in_date_range(None, since, until)  # unknown: the page itself decides
    assert in_date_range("2001-01-01", None, None)
