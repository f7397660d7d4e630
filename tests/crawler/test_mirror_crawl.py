"""The real Scrapy engine against the bundled mirror over HTTP on 127.0.0.1.

Five sites are crawled through their profiles, two without one (generic discovery
and the generic reader): huonghoa.quangtri.gov.vn through its sections and their
pagination, baoquangbinh.vn through robots.txt, its sitemaps and its RSS feed.
"""

from __future__ import annotations

import json
import re
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
PORTAL, PAPER = "huonghoa.quangtri.gov.vn", "baoquangbinh.vn"  # no profile
N_SITES = len({e["site"] for e in EXPECTED.values()})
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]


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
    assert f"articles             {len(EXPECTED)}" in stdout
    assert N_SITES == 7 and {PORTAL, PAPER} <= {line.split()[0] for line in stdout.splitlines()}


def test_text_has_every_paragraph_and_no_boilerplate(demo_run) -> None:
    out, _ = demo_run
    for r in _records(out / "articles.jsonl"):
        e = EXPECTED[r["url"]]
        expected = [clean_text(p) for p in e["paragraphs"]]
        lines = r["text"].split("\n\n")
        if e.get("byline") and lines[-1] == clean_text(e["byline"]):
            lines.pop()  # the generic reader may keep a byline after the last paragraph
        assert lines == expected, r["url"]
        for junk in (
            "Tin liên quan",
            "Ý kiến bạn đọc",
            "Bạn đã không sử dụng Site",
            "POWERED BY",
            "Tổng số điểm",
            "Đọc nhiều",
            "Giấy phép",
            "Chia sẻ",
            "Lượt xem",
            "Các tin khác",
            "Từ khóa",
            "Cơ quan chủ quản",
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
    rows = result.stdout.splitlines()[1 : 1 + N_SITES]
    assert len(rows) == N_SITES and all(line.split()[2] == "0" for line in rows)
    # Nothing left beside the outputs: no lock file, no temporary file.
    assert sorted(p.name for p in out.iterdir()) == ["articles.jsonl", "crawl.warc.gz"]


def test_warc_re_extraction_matches_the_crawl(demo_run, tmp_path: Path) -> None:
    out, _ = demo_run
    again = tmp_path / "warc.jsonl"
    _run(VNMINER, "extract", "--warc", str(out / "crawl.warc.gz"), "--output", str(again), "-q")
    # Every site's pages, the profile-less ones read by the generic reader as in the crawl.
    crawled = {r["url"]: r for r in _records(out / "articles.jsonl")}
    assert any(not EXPECTED[u]["profile"] for u in crawled), "the generic sites are crawled"
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


def _crawl_log(*args: str) -> str:
    result = _run(sys.executable, "-m", "scrapy", "crawl", "news", *args, *FAST)
    return result.stderr


def test_generic_crawl_of_the_portal_finds_every_article_once(tmp_path: Path) -> None:
    """No profile, no sitemap, no feed: home page -> sections -> pagination."""
    out = tmp_path / "portal.jsonl"
    log = _crawl_log(
        "-a", f"url=https://{PORTAL}/", "-s", f"OUTPUT={out}", "-s", "EXTRACT_ENABLED=False",
        "-s", "LOG_LEVEL=DEBUG",
    )  # fmt: skip
    got = [r["url"] for r in _records(out)]
    want = sorted(u for u, e in EXPECTED.items() if e["site"] == PORTAL)
    assert sorted(got) == want and len(want) == 8, "every article, each once, nothing else"
    assert "no sitemap lists an article: walking 5 sections" in log
    # Every page asked for once: the article linked with tracking parameters and with a
    # fragment, and the one in two sections, were fetched once.
    # (robots.txt twice: Scrapy's RobotsTxtMiddleware reads it, and discovery for Sitemap:)
    crawled = [u for u in re.findall(r"Crawled \(\d+\) <GET (\S+)>", log) if "robots" not in u]
    assert len(crawled) == len(set(crawled))
    assert not [u for u in crawled if "utm_" in u or "#" in u]
    for url in want:
        assert crawled.count(url) == 1, url
    # the pages behind ?page=2 and /trang-2 (rel=next) were reached
    assert f"https://{PORTAL}/tin-tuc-su-kien?page=3" in crawled
    assert f"https://{PORTAL}/kinh-te/trang-2" in crawled
    # decoys: skipped by their URL, or read and skipped, each with its reason
    for url, reason in [
        ("/lien-he", "a contact, login or search page"),
        ("/dang-nhap", "a contact, login or search page"),
        ("/tag/nong-thon-moi", "a tag or author page"),
        ("/en/", "another language"),
    ]:
        assert f"not followed https://{PORTAL}{url}: {reason}" in log
    assert "not followed https://quangtri.gov.vn/: another site" in log
    assert f"https://{PORTAL}/van-ban-chi-dao/ke-hoach-so-125" not in "".join(crawled)
    gone = f"https://{PORTAL}/tin-tuc-su-kien/thong-bao-lich-tiep-cong-dan-dinh-ky-thang-10"
    assert re.search(rf"skipped {re.escape(gone)}\S*: \S", log), "the 404 page served with 200"


def test_generic_crawl_of_the_paper_with_sitemaps_feed_and_dates(tmp_path: Path) -> None:
    """robots.txt -> sitemap index -> gzipped and news sitemaps, plus the declared RSS feed;
    --since skips the sub-sitemap last changed before it."""
    out = tmp_path / "paper.jsonl"
    result = _run(
        VNMINER, "crawl", "--url", f"https://{PAPER}/", "--since", "2023-01-01", "--no-extract",
        "-o", str(out), *FAST, "-s", "LOG_LEVEL=DEBUG",
    )  # fmt: skip
    want = sorted(u for u, e in EXPECTED.items() if e["site"] == PAPER and e["published"] >= "2023")
    assert sorted(r["url"] for r in _records(out)) == want and len(want) == 4
    log = result.stderr
    assert "sitemaps/bai-viet-2021-2022.xml.gz" not in " ".join(
        re.findall(r"Crawled \(\d+\) <GET (\S+)>", log)
    )
    assert re.search(rf"skipped https://{PAPER}/video/\S+: \S", log), "the JavaScript shell"
    assert "sections not walked" in log
    assert "'discovery/sitemaps_before_since': 1" in log
    assert "Spider closed (finished)" in log


def test_max_articles_stops_the_crawl(tmp_path: Path) -> None:
    out = tmp_path / "three.jsonl"
    result = _run(
        VNMINER, "crawl", "--url", f"https://{PORTAL}/", "--max-articles", "3", "--no-extract",
        "-o", str(out), *FAST,
    )  # fmt: skip
    assert len(_records(out)) == 3  # and exit code 0: reaching N is a success
    assert "Spider closed (closespider_itemcount)" in result.stderr


def test_bad_site_address_is_refused(tmp_path: Path) -> None:
    result = subprocess.run(
        [VNMINER, "crawl", "--url", "huonghoa", "-o", str(tmp_path / "x.jsonl")],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and "not a site address" in result.stderr
    assert not (tmp_path / "x.jsonl").exists()


def test_feed_export_writes_the_same_records_as_output(tmp_path: Path) -> None:
    """`scrapy crawl news -a site=… -O FILE` (Scrapy's feed export) = `vnminer crawl --output`."""
    feed, output = tmp_path / "feed.jsonl", tmp_path / "output.jsonl"
    _crawl_log("-a", "site=camlo", "-O", str(feed))
    _run(VNMINER, "crawl", "--site", "camlo", "--output", str(output), *FAST)
    by_url = lambda rows: sorted(rows, key=lambda r: r["url"])  # noqa: E731
    assert by_url(_records(feed)) == by_url(_records(output))
    assert len(_records(feed)) == 8
    raw = feed.read_text(encoding="utf-8")
    assert "Cam Lộ" in raw and "\\u" not in raw  # FEED_EXPORT_ENCODING = "utf-8"


@pytest.mark.parametrize("site", ["baolaocai", "baonghean", "baoquangtri", "camlo", "dongthap"])
def test_generic_discovery_also_finds_the_profiled_sites_articles(
    site: str, tmp_path: Path
) -> None:
    """Five more CMS shapes: given only the address, discovery finds the same articles."""
    from crawler.profiles import load_profile

    out = tmp_path / "generic.jsonl"
    home = load_profile(site).start_urls[0]
    _crawl_log("-a", f"url={home}", "-s", f"OUTPUT={out}", "-s", "EXTRACT_ENABLED=False")
    want = sorted(u for u, e in EXPECTED.items() if e["site"] == site)
    assert sorted(r["url"] for r in _records(out)) == want


def test_since_ends_a_listing_at_its_first_page_of_older_articles(tmp_path: Path) -> None:
    """Listings run newest first: once every article a page links is before --since, the
    next pages are not fetched."""
    out = tmp_path / "recent.jsonl"
    log = _crawl_log(
        "-a", f"url=https://{PORTAL}/", "-a", "since=2023-06-01", "-s", f"OUTPUT={out}",
        "-s", "EXTRACT_ENABLED=False", "-s", "LOG_LEVEL=DEBUG",
    )  # fmt: skip
    want = sorted(
        u for u, e in EXPECTED.items() if e["site"] == PORTAL and e["published"] >= "2023-06-01"
    )
    assert sorted(r["url"] for r in _records(out)) == want and len(want) == 2
    crawled = re.findall(r"Crawled \(\d+\) <GET (\S+)>", log)
    assert f"https://{PORTAL}/kinh-te/trang-2" not in crawled
    assert f"https://{PORTAL}/tin-tuc-su-kien?page=3" not in crawled
    assert f"https://{PORTAL}/kinh-te: every article it links is before --since" in log


def test_summary_tells_articles_linked_again_from_those_collected_before(tmp_path: Path) -> None:
    """A first crawl into an empty file has collected nothing before: an article linked by a
    second listing is "linked again"; the next run finds each one "already collected" once."""
    out = tmp_path / "camlo.jsonl"
    crawl = (VNMINER, "crawl", "--site", "camlo", "--no-extract", "-o", str(out), *FAST)

    def counts(stdout: str) -> dict[str, int]:
        rows = (re.match(r"\s+(\D+?)\s+(\d+)$", line) for line in stdout.splitlines())
        return {m.group(1): int(m.group(2)) for m in rows if m}

    first = counts(_run(*crawl).stdout)
    written = len(_records(out))
    assert first["articles written"] == written > 0
    assert "already collected" not in first and first["linked again"] > 0
    second = counts(_run(*crawl).stdout)
    assert second["articles written"] == 0 and second["already collected"] == written
