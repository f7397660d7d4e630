"""One saved page: `vnminer page`, `vnminer profile check` and `vnminer profile draft`."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.mirror import DEFAULT_ROOT, mirror_path
from crawler.pages import ArticleItem, parse_article
from crawler.profile_tools import (
    check_profile,
    draft_profile,
    load_page,
    page_record,
    read_saved_page,
    run_page,
    run_profile_check,
    run_profile_draft,
)
from crawler.profiles import load_profile

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "corpus" / "pages"
REAL = ROOT.parent / "shared" / "realpages"
NEWS_URL = "https://baodongxuan.vn/xa-tan-phu-ra-mat-mo-hinh-dan-van-kheo-102345.html"
PORTAL_URL = "http://sonha.quangngai.gov.vn/tin-tuc/hoan-thanh-cau-treo-ban-khe-lanh-4521.aspx"
MIRROR_URL = "https://baolaocai.vn/bai-viet/212730-sa-pa-giu-gin-ban-sac-van-hoa-cac-dan-toc"


def _mirror_file(url: str) -> Path:
    parts = urlsplit(url)
    path = mirror_path(DEFAULT_ROOT, parts.hostname, parts.path, parts.query)
    assert path is not None
    return path


def _same_reading(page: Path, url: str, tmp_path: Path) -> None:
    """The drafted profile, loaded as a profile file, reads the page as the generic reader."""
    draft = tmp_path / "draft.json"
    draft.write_text(json.dumps(draft_profile(page, url), ensure_ascii=False), encoding="utf-8")
    profile = load_profile(draft)
    html = load_page(page)
    generic, by_draft = parse_article(url, html), parse_article(url, html, profile)
    assert isinstance(by_draft, ArticleItem), by_draft
    assert by_draft.site == profile.name
    assert by_draft.title == generic.title
    assert by_draft.text == generic.text
    assert (by_draft.published or "")[:10] == (generic.published or "")[:10]


@pytest.mark.parametrize(
    ("name", "url"), [("article_jsonld.html", NEWS_URL), ("article_old.html", PORTAL_URL)]
)
def test_draft_reads_the_page_as_the_generic_reader(name: str, url: str, tmp_path: Path) -> None:
    _same_reading(PAGES / name, url, tmp_path)


def test_draft_points_at_the_elements_used(tmp_path: Path) -> None:
    draft = draft_profile(PAGES / "article_jsonld.html", NEWS_URL)
    assert draft["name"] == "baodongxuan" and draft["domains"] == ["baodongxuan.vn"]
    assert draft["title"] == ["h1.detail-title"]
    assert draft["sapo"] == ["h2.detail-sapo"]
    assert draft["body"] == ["div.detail-content"]
    assert "div.box-related" in draft["remove"]
    assert set(draft["unconfirmed"]) >= {"title", "sapo", "body", "published", "author"}
    profile = load_profile(_write(tmp_path, draft))
    assert profile.is_article_url(NEWS_URL)
    assert not profile.is_article_url("https://baodongxuan.vn/chinh-tri/")
    old = draft_profile(PAGES / "article_old.html", PORTAL_URL)
    assert old["name"] == "sonha-quangngai"
    assert old["published"] == ["div.datetime"]  # the date line, read as text


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.skipif(not REAL.is_dir(), reason=f"{REAL} not found (reference data)")
def test_draft_on_every_real_page(tmp_path: Path) -> None:
    for line in (REAL / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        _same_reading(REAL / entry["file"], entry["url"], tmp_path)


def test_a_page_that_is_not_an_article_gets_no_draft(capsys) -> None:
    with pytest.raises(ValueError, match=r"listing\.html: not an article page \(a listing"):
        draft_profile(PAGES / "listing.html", "https://baodongxuan.vn/chinh-tri/")
    assert run_profile_draft(str(PAGES / "js_shell.html"), "https://baodongxuan.vn/a-1.html") == 1
    assert "filled in by JavaScript" in capsys.readouterr().err


def test_check_agrees_on_a_bundled_profile() -> None:
    report, problems = check_profile(
        load_profile("baolaocai"), _mirror_file(MIRROR_URL), MIRROR_URL
    )
    assert problems == 0, report
    assert "h1.detail-title" in report and "✓ same" in report
    assert "generic (h1)" in report


def test_check_flags_broken_selectors_and_disagreements(tmp_path: Path, capsys) -> None:
    data = json.loads((ROOT / "crawler" / "profiles" / "baolaocai.json").read_text("utf-8"))
    data["title"] = ["h1.no-such-title"]  # a redesign: matches nothing
    data["sapo"] = [".detail-content p"]  # matches the wrong element
    path = _write(tmp_path, data)
    report, problems = check_profile(load_profile(path), _mirror_file(MIRROR_URL), MIRROR_URL)
    assert "h1.no-such-title" in report and "matched nothing" in report
    assert "✗ the profile's selectors found nothing" in report
    assert "✗ DISAGREE" in report
    assert problems == 3  # title, sapo, and the text that starts with the wrong lead
    assert run_profile_check(str(path), str(_mirror_file(MIRROR_URL)), MIRROR_URL) == 1
    assert "3 disagreements" in capsys.readouterr().out


def test_check_says_when_the_url_is_not_the_profiles() -> None:
    other = "https://baolaocai.vn/tag/du-lich"
    report, problems = check_profile(load_profile("baolaocai"), _mirror_file(MIRROR_URL), other)
    assert "does not match the profile's article_url" in report and problems >= 1


def test_page_prints_the_article_and_its_readers(capsys) -> None:
    assert run_page(str(PAGES / "article_old.html"), PORTAL_URL) == 0
    record = json.loads(capsys.readouterr().out)
    assert set(record) == {
        "url", "title", "text", "sapo", "published", "author", "canonical_url", "site", "sources",
    }  # fmt: skip
    assert record["published"] == "2013-11-15T15:20"
    assert record["sources"]["published"] == "updated line"
    assert record["sources"]["author"] == "byline line"


def test_page_with_a_profile_reads_by_its_selectors(capsys) -> None:
    path = str(_mirror_file(MIRROR_URL))
    assert run_page(path, MIRROR_URL, site="baolaocai") == 0
    record = json.loads(capsys.readouterr().out)
    assert record["site"] == "baolaocai"
    assert record["author"] == "Thu Ngọc"  # the profile's author_strip, not the generic byline
    assert record["sources"]["title"] == record["sources"]["text"] == "profile"
    reading = read_saved_page(path, MIRROR_URL)
    assert page_record(reading)["author"] == "Theo Thu Ngọc/LCĐT"


@pytest.mark.parametrize(
    ("page", "url", "code", "message"),
    [
        ("not_found.html", "https://baodongxuan.vn/x-1.html", 1, "not an article: page not found"),
        ("cookie_wall.html", "https://baodongxuan.vn/x-1.html", 1, "login or cookie wall"),
        ("nope.html", "https://baodongxuan.vn/x-1.html", 2, "nope.html: cannot read the page"),
    ],
)
def test_page_errors_name_the_input(page: str, url: str, code: int, message: str, capsys) -> None:
    assert run_page(str(PAGES / page), url) == code
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""


def test_page_with_an_unknown_profile(capsys) -> None:
    assert run_page(str(PAGES / "article_old.html"), PORTAL_URL, site="nope") == 2
    assert "no site profile 'nope'" in capsys.readouterr().err


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    with pytest.raises(ValueError, match=r"empty\.html: the file is empty"):
        load_page(empty)
