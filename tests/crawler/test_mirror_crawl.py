"""The real Scrapy engine against the bundled mirror over HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.mirror import DEFAULT_ROOT
from nlp.clean import clean_text

ROOT = Path(__file__).resolve().parents[2]
VNMINER = str(Path(sys.executable).with_name("vnminer"))
EXPECTED = {
    e["url"]: e for e in json.loads((DEFAULT_ROOT / "expected.json").read_text(encoding="utf-8"))
}


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    result = subprocess.run([*args], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("run")
    result = _run(VNMINER, "run", "--out", str(out))
    return out, result.stdout


def test_every_bundled_article_found_once_with_metadata(demo_run) -> None:
    out, stdout = demo_run
    records = _records(out / "articles.jsonl")
    urls = [r["url"] for r in records]
    assert sorted(urls) == sorted(EXPECTED), "every article exactly once, nothing else"
    for r in records:
        e = EXPECTED[r["url"]]
        assert (r["title"], r["published"], r["author"], r["site"]) == (
            e["title"],
            e["published"],
            e["author"],
            e["site"],
        )
    assert "articles             40" in stdout


def test_text_has_every_paragraph_and_no_boilerplate(demo_run) -> None:
    out, _ = demo_run
    for r in _records(out / "articles.jsonl"):
        expected = [clean_text(p) for p in EXPECTED[r["url"]]["paragraphs"]]
        assert r["text"].split("\n\n") == expected, r["url"]
        for junk in (
            "Tin liên quan",
            "Ý kiến bạn đọc",
            "Bạn đã không sử dụng Site",
            "POWERED BY",
            "Tổng số điểm",
            "Đọc nhiều",
            "Giấy phép",
            "Chia sẻ",
        ):
            assert junk not in r["text"], (r["url"], junk)


def test_records_carry_extractions(demo_run) -> None:
    out, _ = demo_run
    records = _records(out / "articles.jsonl")
    assert sum(len(r["figures"]) for r in records) > 150
    seed = next(r for r in records if r["url"].endswith("289012.html"))
    assert len(seed["initiatives"]) == 6 and seed["site"] == "baonghean"


def test_second_run_is_incremental(demo_run) -> None:
    out, _ = demo_run
    before = (out / "articles.jsonl").read_bytes()
    result = _run(VNMINER, "run", "--out", str(out))
    assert (out / "articles.jsonl").read_bytes() == before
    assert all(line.split()[2] == "0" for line in result.stdout.splitlines()[1:6])


def test_warc_re_extraction_matches_the_crawl(demo_run, tmp_path: Path) -> None:
    out, _ = demo_run
    again = tmp_path / "warc.jsonl"
    _run(VNMINER, "extract", "--warc", str(out / "crawl.warc.gz"), "--output", str(again), "-q")
    crawled = {r["url"]: r for r in _records(out / "articles.jsonl")}
    rebuilt = {r["url"]: r for r in _records(again)}
    assert crawled.keys() == rebuilt.keys()
    for url, r in crawled.items():
        assert rebuilt[url]["text"] == r["text"] and rebuilt[url]["figures"] == r["figures"]


def test_since_until_and_scrapy_crawl_command(tmp_path: Path) -> None:
    out = tmp_path / "nghean.jsonl"
    _run(
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "news",
        "-a",
        "site=baonghean",
        "-a",
        "since=2022-01-01",
        "-a",
        "until=2023-12-31",
        "-s",
        f"OUTPUT={out}",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        "EXTRACT_ENABLED=False",
    )
    got = _records(out)
    want = [
        e
        for e in EXPECTED.values()
        if e["site"] == "baonghean"
        and e["published"]
        and "2022-01-01" <= e["published"][:10] <= "2023-12-31"
    ]
    assert sorted(r["url"] for r in got) == sorted(e["url"] for e in want) and len(want) == 3
    # extraction switched off: article input for `vnminer extract`
    assert set(got[0]) == {"id", "text", "title", "url", "published", "site", "author"}
