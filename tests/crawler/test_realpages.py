"""The generic reader on real Vietnamese news pages (../shared/realpages), as its README
defines reading well: title, first and last paragraph, where the text starts and ends, day."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from crawler.encoding import decode_html
from crawler.pages import ArticleItem, parse_article, read_page

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT.parent / "shared" / "realpages"
MANIFEST = PAGES / "manifest.jsonl"
ENTRIES = (
    [json.loads(x) for x in MANIFEST.read_text(encoding="utf-8").splitlines() if x.strip()]
    if MANIFEST.is_file()
    else []
)
pytestmark = pytest.mark.skipif(
    not ENTRIES,
    reason=f"{PAGES} not found: the real pages are reference data kept outside the repo",
)


def _benchmark():
    spec = importlib.util.spec_from_file_location("realpages", ROOT / "benchmarks" / "realpages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _html(entry: dict) -> str:
    return decode_html((PAGES / entry["file"]).read_bytes())[0]


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"] for e in ENTRIES])
def test_real_page_reads_well(entry: dict) -> None:
    item = parse_article(entry["url"], _html(entry))
    assert isinstance(item, ArticleItem), item
    read = {"title": item.title, "text": item.text, "published": item.published}
    assert _benchmark().score(entry, read) == dict.fromkeys(
        ("title", "first", "last", "start", "end", "date"), True
    )
    assert "\n" in item.text and item.site in entry["url"]


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"] for e in ENTRIES])
def test_real_page_holds_no_page_furniture(entry: dict) -> None:
    lines = parse_article(entry["url"], _html(entry)).text.casefold().split("\n")
    labels = ("tin liên quan", "bình luận", "chia sẻ:", "đọc nhiều", "xem thêm", "từ khóa", ">>")
    assert [x for x in lines if x.startswith(labels)] == []
    assert len(lines) == len(set(lines))  # no paragraph (nor the lead) twice


_DECLARATIONS = re.compile(
    r"<script[^>]*ld\+json.*?</script>|<meta[^>]*(published_time|og:type|datePublished|pubdate|"
    r"dateCreated)[^>]*>",
    re.IGNORECASE | re.DOTALL,
)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"] for e in ENTRIES])
def test_real_page_reads_well_from_its_markup_alone(entry: dict) -> None:
    """Without JSON-LD and date metadata (as many provincial sites are), the page still
    reads well: the date comes from the line printed beside the title."""
    html = _DECLARATIONS.sub("", _html(entry))
    assert "ld+json" not in html
    reading = read_page(entry["url"], html)
    item = reading.result
    assert isinstance(item, ArticleItem), item
    read = {"title": item.title, "text": item.text, "published": item.published}
    assert all(_benchmark().score(entry, read).values()), _benchmark().score(entry, read)
    assert reading.sources["published"] in ("date line", "updated line", "time")


def test_the_checks_fail_what_reads_badly() -> None:
    """The scoring is not vacuous: a text with a related link at its end, a caption first,
    or a wrong day fails the check it should."""
    score = _benchmark().score
    entry = next(e for e in ENTRIES if e["file"] == "zing_1.html")
    item = parse_article(entry["url"], _html(entry))
    good = {"title": item.title, "text": item.text, "published": item.published}
    assert all(score(entry, good).values())
    tail = {**good, "text": item.text + "\n>> Tắc đường kéo dài ở cửa ngõ Thủ đô đêm Noel"}
    assert score(entry, tail)["end"] is False
    head = {**good, "text": "Khu vực nhà thờ Lớn Hà Nội sôi động trong đêm lạnh\n" + item.text}
    assert score(entry, head)["start"] is False
    assert score(entry, {**good, "published": "2012-12-25T23:05"})["date"] is False
    assert score(entry, {"skipped": "no title"}) == dict.fromkeys(score(entry, good), False)


def test_every_field_names_its_reader() -> None:
    for entry in ENTRIES:
        reading = read_page(entry["url"], _html(entry))
        assert {"title", "text", "published"} <= set(reading.sources), entry["file"]
