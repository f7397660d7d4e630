"""Article parsing: profile selectors on the bundled mirror, the generic reader on hard pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.dates import find_date
from crawler.encoding import decode_html
from crawler.mirror import DEFAULT_ROOT, mirror_path
from crawler.pages import (
    ArticleItem,
    Skipped,
    feed_links,
    listing_links,
    parse_article,
    parse_date,
    read_page,
)
from crawler.profiles import available_profiles, load_profile
from crawler.reader import strip_site_name
from crawler.urls import canonical_url

EXPECTED = json.loads((DEFAULT_ROOT / "expected.json").read_text(encoding="utf-8"))


def _page(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    path = mirror_path(DEFAULT_ROOT, parts.hostname, parts.path, parts.query)
    assert path is not None, url
    return decode_html(path.read_bytes())[0]


def _profile(site: str):
    """The bundled profile of a mirror site, or None for a site read by the generic reader."""
    return load_profile(site) if site in available_profiles() else None


def test_five_profiles_of_different_cms_families() -> None:
    names = available_profiles()
    assert names == ["baolaocai", "baonghean", "baoquangtri", "camlo", "dongthap"]
    assert len({load_profile(n).cms for n in names}) == 5
    assert sum(e["site"] == n for e in EXPECTED for n in names) >= 40
    for n in names:
        assert sum(e["site"] == n for e in EXPECTED) >= 8
    # The others are the mirror's sites without a profile, named by their host.
    assert all("." in e["site"] for e in EXPECTED if e["site"] not in names)


@pytest.mark.parametrize("expected", EXPECTED, ids=[e["url"].split("/")[-1][:40] for e in EXPECTED])
def test_every_mirror_article_parses(expected: dict) -> None:
    item = parse_article(expected["url"], _page(expected["url"]), _profile(expected["site"]))
    assert isinstance(item, ArticleItem), item
    assert item.site == expected["site"]
    assert item.title == expected["title"]
    assert item.published == expected["published"]
    assert item.author == expected["author"]
    lines = item.text.split("\n")
    assert lines == expected["paragraphs"]  # every paragraph, in order, and nothing else


@pytest.mark.parametrize(
    "expected",
    [e for e in EXPECTED if e["site"] in available_profiles()],
    ids=lambda e: e["url"].split("/")[-1][:40],
)
def test_generic_reader_on_profiled_mirror_pages(expected: dict) -> None:
    """With no profile, a profiled site's pages read the same, less photo captions and bylines."""
    item = parse_article(expected["url"], _page(expected["url"]))
    assert isinstance(item, ArticleItem), item
    assert item.title == expected["title"]
    # The same day, or no date where the page prints none (never a guess).
    assert (item.published or "")[:10] == (expected["published"] or "")[:10]
    lines = item.text.split("\n")
    assert lines[0] == expected["paragraphs"][0]
    # Every line is the profile's; the profile's lines missing here are photo captions.
    assert [x for x in lines if x not in expected["paragraphs"]] == []
    assert all("Ảnh" in x for x in expected["paragraphs"] if x not in lines)


@pytest.mark.parametrize(
    ("site", "url", "reason"),
    [
        ("baonghean", "https://baonghean.vn/lien-he-1.html", "no article body"),
        ("baonghean", "https://baonghean.vn/tag/tan-ky-10203.html", "URL does not match"),
        ("camlo", "http://camlo.quangtri.gov.vn/vi/news/tag/dan-van/", "URL does not match"),
        ("baonghean", "https://baonghean.vn/chinh-tri/", "URL does not match"),
    ],
)
def test_non_article_pages_are_skipped(site: str, url: str, reason: str) -> None:
    result = parse_article(url, _page(url), load_profile(site))
    assert isinstance(result, Skipped) and reason in result.reason


def test_listing_and_feed_discovery() -> None:
    profile = load_profile("baonghean")
    links, nexts = listing_links(
        "https://baonghean.vn/chinh-tri/", _page("https://baonghean.vn/chinh-tri/"), profile
    )
    assert sum(profile.is_article_url(u) for u in links) == 5  # four articles and the contact page
    assert nexts == ["https://baonghean.vn/chinh-tri/?page=2"]
    feed = (DEFAULT_ROOT / "baonghean.vn" / "rss" / "home.rss").read_text(encoding="utf-8")
    urls = [u for u, _ in feed_links(feed)]
    assert len(urls) == 4 and len({canonical_url(u) for u in urls}) == 3


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2021-03-29T10:25:00+07:00", "2021-03-29T10:25"),
        ("Thứ tư - 09/05/2018 09:14", "2018-05-09T09:14"),
        ("Ngày đăng: 30/11/2023", "2023-11-30"),
        ("17/05/2021 | 08h15", "2021-05-17T08:15"),
        ("2020-06-18", "2020-06-18"),
        ("31/02/2020", None),
        ("không có ngày", None),
        (None, None),
    ],
)
def test_parse_date(text: str | None, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_canonical_url_drops_tracking_and_fragments() -> None:
    assert (
        canonical_url("https://BaoNgheAn.vn/a-b-1.html?utm_source=rss&fbclid=x#top")
        == "https://baonghean.vn/a-b-1.html"
    )
    assert (
        canonical_url("https://baoquangtri.vn/chinh-tri.aspx?page=2")
        == "https://baoquangtri.vn/chinh-tri.aspx?page=2"
    )


def test_bad_profiles_are_reported(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no site profile 'nope'"):
        load_profile("nope")
    bad = tmp_path / "p.json"
    bad.write_text(
        '{"name": "x", "cms": "y", "domains": ["x.vn"], "body": ["div"], "article_url": ["("]}'
    )
    with pytest.raises(ValueError, match=r"profile x: bad pattern '\('"):
        load_profile(bad)
    bad.write_text('{"name": "x"}')
    with pytest.raises(ValueError, match="missing"):
        load_profile(bad)


def test_mirror_is_current(tmp_path: Path) -> None:
    """corpus/sites is generated by build_mirror.py: rebuilt, it must be the same bytes."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_mirror", DEFAULT_ROOT / "build_mirror.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(tmp_path)
    fresh = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    shipped = {
        p.relative_to(DEFAULT_ROOT): p.read_bytes()
        for p in DEFAULT_ROOT.rglob("*")
        if p.is_file()
        and p.parent != DEFAULT_ROOT / "source"
        and p.name != "build_mirror.py"
        and "__pycache__" not in p.parts
    }
    assert fresh.keys() == shipped.keys(), "run `make mirror` and commit corpus/sites"
    assert [k for k in fresh if fresh[k] != shipped[k]] == [], (
        "run `make mirror` and commit corpus/sites"
    )


# -- the generic reader, on pages written to be hard (corpus/pages) ---------------------------
PAGES = Path(__file__).resolve().parents[2] / "corpus" / "pages"
NEWS_URL = "https://baodongxuan.vn/xa-tan-phu-ra-mat-mo-hinh-dan-van-kheo-102345.html"
PORTAL_URL = "http://sonha.quangngai.gov.vn/tin-tuc/hoan-thanh-cau-treo-ban-khe-lanh-4521.aspx"


def _fixture(name: str) -> str:
    return decode_html((PAGES / name).read_bytes())[0]


def test_generic_reader_takes_declarations_and_leaves_boxes_out() -> None:
    reading = read_page(NEWS_URL, _fixture("article_jsonld.html"))
    item = reading.result
    assert isinstance(item, ArticleItem), item
    assert item.site == "baodongxuan.vn"
    # Entities decoded; the h1 the declared title starts with, no "| Báo Đồng Xuân".
    assert item.title == 'Xã Tân Phú ra mắt mô hình "Dân vận khéo" trong xây dựng nông thôn mới'
    # The declared date, not the newer ones of related news, comments or the sidebar.
    assert item.published == "2024-03-12T09:15"
    assert item.author == "Lê Thu Hà"
    assert item.canonical_url == NEWS_URL
    lines = item.text.split("\n")
    assert lines[0] == item.sapo and lines.count(item.sapo) == 1  # the lead once
    assert lines[-1].startswith("Xã phấn đấu đến cuối năm 2024")  # the byline is the author
    assert len(lines) == 4
    for junk in ("Tin liên quan", "Từ khóa", "Bình luận", "Chia sẻ", "Đọc nhiều", "Ảnh: T.H"):
        assert junk not in item.text
    assert reading.sources == {
        "text": "body",
        "title": "h1",
        "sapo": "sapo element",
        "published": "json-ld",
        "author": "json-ld",
        "canonical_url": "link canonical",
    }


def test_generic_reader_on_an_old_portal_page() -> None:
    reading = read_page(PORTAL_URL, _fixture("article_old.html"))
    item = reading.result
    assert isinstance(item, ArticleItem), item
    assert item.title == "Hoàn thành cầu treo bản Khe Lạnh"  # from &#224; entities
    # "Cập nhật lúc 3:20 chiều, 15/11/13": 12-hour time, two-digit year.
    assert item.published == "2013-11-15T15:20"
    assert item.author == "Đinh Hải"
    lines = item.text.split("\n")
    assert lines[0].startswith("Sau 5 tháng thi công")
    assert lines[-1].startswith("Ông Đinh Văn Lâm")
    # The caption under the picture, the ">> related" link and "[Quay lại]" are not text.
    assert not any(x.startswith(("Cầu treo bản Khe Lạnh trong", ">>", "[Quay")) for x in lines)
    assert reading.sources["published"] == "updated line"


def test_generic_reader_on_a_wordpress_paper() -> None:
    url = "https://baohoabinh.com.vn/nong-dan-hoa-binh-thu-lai-cao-tu-cay-cam/"
    reading = read_page(url, _fixture("article_wordpress.html"))
    item = reading.result
    assert isinstance(item, ArticleItem), item
    # article:published_time in UTC (as WordPress declares it) is given in Vietnam time.
    assert item.published == "2021-05-02T08:00"
    assert item.author == "Thu Lan"  # "Bởi Thu Lan"
    lines = item.text.split("\n")
    assert len(lines) == 3 and lines[-1].startswith("Ông Bùi Văn Thắng")
    assert "Chia sẻ" not in item.text and "bình luận" not in item.text


def test_generic_reader_on_a_government_portal() -> None:
    url = "https://kontum.gov.vn/pages/detail/12345/tinh-kon-tum-day-manh-chuyen-doi-so.html"
    reading = read_page(url, _fixture("article_portal.html"))
    item = reading.result
    assert isinstance(item, ArticleItem), item
    # No h1: the <title>, without the portal's name written first.
    assert item.title == "Tỉnh Kon Tum đẩy mạnh chuyển đổi số trong nông nghiệp"
    assert item.published == "2020-03-12T08:30"  # "Ngày đăng: …", not the other news' dates
    assert item.sapo and item.sapo.startswith("Sở Nông nghiệp")
    assert item.author == "Minh Châu"
    # Neither the byline nor the "Nguồn: …" line closes the text.
    assert item.text.split("\n")[-1].startswith("Đồng thời, hỗ trợ nông dân")
    assert reading.sources["title"] == "<title>" and reading.sources["published"] == "date line"


def test_no_date_beats_a_wrong_date() -> None:
    """Without its own date line, the article gets no date from the "Tin mới" box's dates."""
    html = _fixture("article_old.html").replace("Cập nhật lúc 3:20 chiều, 15/11/13", "")
    item = parse_article(PORTAL_URL, html)
    assert isinstance(item, ArticleItem) and item.published is None


@pytest.mark.parametrize(
    ("name", "url", "reason"),
    [
        ("not_found.html", "https://baodongxuan.vn/bai-da-xoa-99999.html", "page not found"),
        ("listing.html", "https://baodongxuan.vn/chinh-tri/", "a listing page"),
        ("listing.html", "https://baodongxuan.vn/", "a home page"),
        ("listing_plain.html", "https://kontum.gov.vn/tin-dia-phuong.html", "a listing page"),
        ("cookie_wall.html", "https://baodongxuan.vn/bai-viet-102345.html", "cookie wall"),
        ("js_shell.html", "https://baodongxuan.vn/bai-viet-102346.html", "filled in by JavaScript"),
    ],
)
def test_generic_reader_skips_what_is_not_an_article(name: str, url: str, reason: str) -> None:
    result = parse_article(url, _fixture(name))
    assert isinstance(result, Skipped) and reason in result.reason, result


def test_a_listing_that_calls_itself_an_article_is_still_a_listing() -> None:
    html = _fixture("listing.html").replace('content="website"', 'content="article"')
    result = parse_article("https://baodongxuan.vn/chinh-tri/", html)
    assert isinstance(result, Skipped) and "listing" in result.reason


def test_a_page_whose_charset_lies_is_read_right() -> None:
    from tests.support import to_cp1258

    page = (PAGES / "article_old.html").read_text(encoding="utf-8")
    raw = to_cp1258(page)  # Windows-1258 bytes under a "charset=utf-8" declaration
    assert b"charset=utf-8" in raw
    item = parse_article(PORTAL_URL, decode_html(raw)[0])
    assert isinstance(item, ArticleItem)
    assert item.title == "Hoàn thành cầu treo bản Khe Lạnh"
    assert "Ông Đinh Văn Lâm, trưởng bản Khe Lạnh" in item.text


@pytest.mark.parametrize(
    ("title", "site_names", "host", "expected"),
    [
        ("Cầu mới nối hai xã - Báo Đồng Xuân", (), "baodongxuan.vn", "Cầu mới nối hai xã"),
        ("Cầu mới nối hai xã | Đồng Xuân Online", (), "dx.vn", "Cầu mới nối hai xã"),
        ("Chốt lịch nghỉ Tết - Sự kiện - Dân trí", (), "dantri.com.vn", "Chốt lịch nghỉ Tết"),
        ("Cầu mới nối hai xã | DXTV", ("DXTV",), "dx.vn", "Cầu mới nối hai xã"),
        # A dash inside the title is not a site name.
        ("Giá vàng - bạc cùng tăng mạnh", (), "baodongxuan.vn", "Giá vàng - bạc cùng tăng mạnh"),
        ("Hà Nội - Hải Phòng thông xe cao tốc", (), "x.vn", "Hà Nội - Hải Phòng thông xe cao tốc"),
        # The site name first, as some CMSs print it; "Báo cáo" is a report, not a paper.
        (
            "Báo Lào Cai - Sa Pa giữ gìn bản sắc văn hóa",
            (),
            "baolaocai.vn",
            "Sa Pa giữ gìn bản sắc văn hóa",
        ),
        ("Báo cáo quý I - doanh thu tăng mạnh", (), "x.vn", "Báo cáo quý I - doanh thu tăng mạnh"),
    ],
)
def test_site_name_suffix_is_cut(
    title: str, site_names: tuple[str, ...], host: str, expected: str
) -> None:
    assert strip_site_name(title, site_names, host) == expected


def test_title_from_declarations_when_no_h1_matches() -> None:
    html = _fixture("article_jsonld.html").replace(
        '<h1 class="detail-title">Xã Tân Phú ra mắt mô hình "Dân vận khéo" trong xây dựng nông '
        "thôn mới</h1>",
        '<h1 class="logo">Báo Đồng Xuân</h1>',
    )
    reading = read_page(NEWS_URL, html)
    assert reading.result.title.startswith("Xã Tân Phú ra mắt mô hình")
    assert reading.sources["title"] == "json-ld"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Thứ bảy, 7/3/2026, 00:05 (GMT+7)", "2026-03-07T00:05"),
        ("07/03/2026 08:47", "2026-03-07T08:47"),
        ("25/12/2012 10:03 AM", "2012-12-25T10:03"),
        ("07-03-2026 - 00:01 AM", "2026-03-07T00:01"),
        ("12:30 PM 1/1/2020", "2020-01-01T12:30"),
        ("Cập nhật thứ hai, ngày 24/12/12 11:05 tối", "2012-12-24T23:05"),
        ("7 giờ sáng 7/3/2026", "2026-03-07T07:00"),
        ("3 giờ chiều ngày 15/11/2013", "2013-11-15T15:00"),
        ("ngày 7 tháng 3 năm 2026", "2026-03-07"),
        ("2026-03-07T08:52:11.000 +07:00", "2026-03-07T08:52"),
        ("Chiều ngày 26-12, Tòa phúc thẩm", None),  # no year: not a date we can place
        ("số 12/2/3456", None),  # no news was published in year 3456
        ("29/02/2023", None),
    ],
)
def test_vietnamese_date_lines(text: str, iso: str | None) -> None:
    assert find_date(text) == iso


def test_a_short_first_paragraph_that_starts_with_a_date_is_text() -> None:
    html = (
        "<html><head><title>Hội nghị sơ kết quý I - Báo Đồng Xuân</title></head><body>"
        '<h1>Hội nghị sơ kết quý I</h1><div class="time">Thứ tư, 13/3/2024 10:00</div>'
        '<div class="detail-content"><p>Sáng 12/3/2024, UBND xã tổ chức hội nghị.</p>'
        "<p>Hội nghị đánh giá kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội quý I, "
        "triển khai nhiệm vụ trọng tâm quý II năm 2024 trên địa bàn toàn xã.</p>"
        "<p>Trong quý I, thu ngân sách trên địa bàn đạt 35% dự toán, tăng 12% so với cùng kỳ.</p>"
        "</div></body></html>"
    )
    item = parse_article("https://baodongxuan.vn/hoi-nghi-so-ket-quy-i-102400.html", html)
    assert isinstance(item, ArticleItem), item
    assert item.text.startswith("Sáng 12/3/2024, UBND xã tổ chức hội nghị.")
    assert item.published == "2024-03-13T10:00"  # the date line beside the title
    assert item.title == "Hội nghị sơ kết quý I"


def test_lead_without_its_place_stamp_and_captions_left_out() -> None:
    url = "https://baodongxuan.vn/gia-xang-giam-manh-tu-chieu-nay-4900000.html"
    item = parse_article(url, _fixture("article_stamp.html"))
    assert isinstance(item, ArticleItem), item
    assert item.sapo == (
        "Giá xăng RON 95 giảm hơn 700 đồng mỗi lít từ 15h chiều nay, mức giảm mạnh nhất từ đầu năm."
    )
    lines = item.text.split("\n")
    assert lines[0] == item.sapo and len(lines) == 4
    assert not any(x.startswith(("Nhân viên bơm xăng", "Giá xăng tăng lần thứ ba")) for x in lines)
    assert item.author == "Phương Dung" and item.published == "2026-03-07T15:05"


def test_the_headline_shown_wins_over_a_different_seo_title() -> None:
    shown = "Xã Tân Phú ra mắt mô hình &quot;Dân vận khéo&quot; trong xây dựng nông thôn mới"
    html = _fixture("article_jsonld.html")
    assert html.count(shown) == 3  # <title>, og:title and the JSON-LD headline
    html = html.replace(shown, "Dân vận khéo ở Tân Phú")
    reading = read_page(NEWS_URL, html)
    assert (
        reading.result.title
        == 'Xã Tân Phú ra mắt mô hình "Dân vận khéo" trong xây dựng nông thôn mới'
    )
    assert reading.sources["title"] == "h1"
