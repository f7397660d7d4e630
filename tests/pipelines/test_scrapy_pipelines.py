"""The item pipelines without a crawl: validation, deduplication, torn-line repair."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem

from crawler.collected import CollectedStore
from crawler.pages import ArticleItem
from pipelines.scrapy_pipelines import (
    DedupPipeline,
    JsonlExportPipeline,
    ValidatePipeline,
    repair_jsonl,
)

BODY = (
    "Năm 2023, huyện có 120 hộ tham gia mô hình “Vườn mẫu”, thu nhập tăng 15% so với năm trước. "
    * 3
)


def item(url: str, text: str = BODY, **kw) -> ArticleItem:
    return ArticleItem(url=url, site="x", title="Tiêu đề", text=text, **kw)


def test_validate_drops_with_reasons() -> None:
    v = ValidatePipeline()
    assert v.process_item(item("https://x.vn/a-1.html")).url.endswith("a-1.html")
    with pytest.raises(DropItem, match="missing title"):
        v.process_item(ArticleItem(url="https://x.vn/a", site="x", title="", text=BODY))
    with pytest.raises(DropItem, match="too short"):
        v.process_item(item("https://x.vn/b", text="ngắn"))


def test_dedup_by_canonical_url_and_content(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(
        json.dumps({"url": "https://x.vn/old-1.html", "text": "Bài cũ " * 40}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    d = DedupPipeline(CollectedStore(output=out))
    d.open_spider()
    assert d.has_url("https://x.vn/old-1.html")
    first = d.process_item(item("https://X.vn/a-1.html?utm_source=rss#top"))
    assert first.url == "https://x.vn/a-1.html"
    with pytest.raises(DropItem, match="duplicate"):
        d.process_item(item("https://x.vn/a-1.html?utm_medium=feed", text=BODY + " khác"))
    with pytest.raises(DropItem, match="same text"):
        d.process_item(item("https://x.vn/repost-9.html", text="  " + BODY.upper()))
    with pytest.raises(DropItem, match="same text"):
        d.process_item(item("https://x.vn/old-copy.html", text="Bài cũ " * 40))


def test_torn_last_line_is_repaired_before_appending(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    out.write_bytes(b'{"a":1}\n{"b":2}\n{"c":')
    assert repair_jsonl(out) == len(b'{"c":')
    assert out.read_bytes() == b'{"a":1}\n{"b":2}\n'
    assert repair_jsonl(out) == 0
    out.write_bytes(b'{"torn')
    repair_jsonl(out)
    assert out.read_bytes() == b""
    exporter = JsonlExportPipeline(str(out))
    exporter.open_spider()
    exporter.process_item({"id": "x", "text": "Huyện ủy"})
    exporter.close_spider()
    assert out.read_text(encoding="utf-8") == '{"id":"x","text":"Huyện ủy"}\n'


def test_redis_store_lets_one_worker_write_each_article(tmp_path: Path, redis_server) -> None:
    """Two workers' stores on one job: pre-checks pass for both, only one claim wins."""
    from crawler.collected import RedisLink
    from pipelines.scrapy_pipelines import content_hash

    old = tmp_path / "w1.jsonl"  # worker 1 wrote one article in an earlier run
    old.write_text(json.dumps({"url": "https://x.vn/old-1.html", "text": "Bài cũ " * 40}) + "\n")
    prefix = "vnminer:test-claims:"
    stores = [
        CollectedStore(output=o, redis=RedisLink(redis_server.url), prefix=prefix)
        for o in (old, tmp_path / "w2.jsonl")
    ]
    for s in stores:
        s.open(content_hash)
    one, two = stores
    assert two.has_url("https://x.vn/old-1.html"), "worker 1's file seeded the shared set"
    dedup = [DedupPipeline(s) for s in stores]
    exporters = [JsonlExportPipeline(str(tmp_path / f"e{i}.jsonl"), store=s) for i, s in enumerate(stores)]
    for e in exporters:
        e.open_spider()

    # Both fetched the same new article: both pass the cheap check, one writes it.
    items = [d.process_item(item("https://x.vn/a-7.html?utm_source=zalo")) for d in dedup]
    exporters[1].process_item(items[1])
    with pytest.raises(DropItem, match=re.escape("a-7.html (written by another worker)")):
        exporters[0].process_item(items[0])
    assert one.has_url("https://x.vn/a-7.html")
    # A third worker, knowing nothing locally: the same text under another URL is a repost.
    third = CollectedStore(redis=RedisLink(redis_server.url), prefix=prefix)
    third.open(content_hash)
    with pytest.raises(DropItem, match=re.escape("same text as https://x.vn/a-7.html (collected")):
        DedupPipeline(third).process_item(item("https://x.vn/repost.html", text=" " + BODY.upper()))
    for e in exporters:
        e.close_spider()
    lines = [(tmp_path / f"e{i}.jsonl").read_text(encoding="utf-8").splitlines() for i in (0, 1)]
    assert (len(lines[0]), len(lines[1])) == (0, 1)


def test_redis_unavailable_is_a_clear_close_reason(tmp_path: Path) -> None:
    from crawler.collected import RedisLink, RedisUnavailable
    from pipelines.scrapy_pipelines import content_hash

    link = RedisLink("redis://user:secret@127.0.0.1:1/0", timeout=1)
    store = CollectedStore(output=tmp_path / "o.jsonl", redis=link, prefix="vnminer:x:")
    with pytest.raises(RedisUnavailable) as err:
        store.open(content_hash)
    assert err.value.reason == "redis_unavailable"
    assert "Redis at redis://user:***@127.0.0.1:1/0 is unavailable" in str(err.value)
    assert "secret" not in str(err.value)
    with pytest.raises(DropItem, match="not checked"):  # nothing more is asked of Redis
        DedupPipeline(store).process_item(item("https://x.vn/a-1.html"))


def test_restarted_worker_claims_its_file_and_drops_what_another_wrote(
    tmp_path: Path, redis_server
) -> None:
    """Killed between writing and claiming: on restart, keep what is its own, drop the rest."""
    from crawler.collected import RedisLink
    from pipelines.scrapy_pipelines import content_hash

    prefix = "vnminer:test-adopt:"
    urls = [f"https://x.vn/bai-{i}.html" for i in range(3)]
    texts = [f"Bài số {i}: " + BODY for i in range(3)]
    a = tmp_path / "a.jsonl"
    a.write_text(
        "".join(json.dumps({"url": u, "text": t}, ensure_ascii=False) + "\n" for u, t in zip(urls, texts, strict=True))
        + '{"url": "https://x.vn/torn',
        encoding="utf-8",
    )
    # Meanwhile worker B fetched bai-2 again (A's request was taken back) and wrote it.
    b = CollectedStore(output=tmp_path / "b.jsonl", redis=RedisLink(redis_server.url), prefix=prefix)
    b.open(content_hash)
    assert b.reserve(urls[2], content_hash(texts[2])) is None
    assert b.claim(urls[2]) is None

    restarted = CollectedStore(output=a, redis=RedisLink(redis_server.url), prefix=prefix)
    restarted.open(content_hash)
    kept = [json.loads(line)["url"] for line in a.read_text(encoding="utf-8").splitlines()]
    assert kept == urls[:2]  # bai-2 is B's now; the torn line is gone too
    assert restarted.has_url(urls[0]) and b.reserve(urls[1], content_hash(texts[1])) is not None
    r = redis_server.client()
    owners = {k.decode(): v.decode() for k, v in r.hgetall(prefix + "collected:urls").items()}
    assert owners[urls[0]] == owners[urls[1]] == restarted.owner != owners[urls[2]] == b.owner


def test_feed_mode_passes_on_the_dict_output_gets_and_claims_it(
    tmp_path: Path, redis_server
) -> None:
    """No OUTPUT (`scrapy crawl … -O FILE`): the exporter writes no file but returns the same
    dict as with OUTPUT (extraction on or off), and with Redis claims it for the feed."""
    from crawler.collected import RedisLink
    from pipelines.scrapy_pipelines import content_hash

    art = item("https://x.vn/a-1.html", sapo="Tóm tắt", canonical_url="https://x.vn/a-1.html")
    out = tmp_path / "out.jsonl"
    to_file = JsonlExportPipeline(str(out))
    to_file.open_spider()
    written = to_file.process_item(art)
    to_file.close_spider()
    assert written == json.loads(out.read_text(encoding="utf-8"))
    assert "sapo" not in written and "canonical_url" not in written
    to_feed = JsonlExportPipeline(None)
    to_feed.open_spider()
    assert to_feed.process_item(art) == written
    assert to_feed.process_item({"id": "r", "url": "https://x.vn/r.html"}) == {
        "id": "r",
        "url": "https://x.vn/r.html",
    }
    assert not (tmp_path / "None").exists()

    # Two workers feeding Scrapy's exporter: only the first claim passes the article on.
    prefix = "vnminer:test-feed:"
    feeds = []
    for _ in range(2):
        store = CollectedStore(redis=RedisLink(redis_server.url), prefix=prefix)
        feeds.append(JsonlExportPipeline(None, store=store))
        feeds[-1].open_spider()
    assert feeds[0].process_item(art)["url"] == "https://x.vn/a-1.html"
    with pytest.raises(DropItem, match=re.escape("a-1.html (written by another worker)")):
        feeds[1].process_item(art)
    later = CollectedStore(redis=RedisLink(redis_server.url), prefix=prefix)
    later.open(content_hash)
    assert later.has_url("https://x.vn/a-1.html"), "a later run does not fetch it again"


def test_two_crawls_cannot_write_one_output_file(tmp_path: Path) -> None:
    """Appends, torn-line repair and dropped lines of two processes would cut each
    other's lines: a crawl in another process on the same OUTPUT stops with a reason
    naming it; the crawls of one process (`vnminer run`, one per site) share the file."""
    import subprocess
    import sys

    from pipelines.scrapy_pipelines import content_hash

    out = tmp_path / "w.jsonl"
    other = (
        "import sys\n"
        "from crawler.collected import CollectedStore, OutputInUse\n"
        "try:\n"
        f"    CollectedStore(output={str(out)!r}).open(len)\n"
        "except OutputInUse as e:\n"
        "    print(e.reason, e, sep='|'); sys.exit(3)\n"
    )
    root = Path(__file__).resolve().parents[2]

    def second_process() -> subprocess.CompletedProcess:
        cmd = [sys.executable, "-c", other]
        return subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=60)

    first, same_process = CollectedStore(output=out), CollectedStore(output=out)
    first.open(content_hash)
    same_process.open(content_hash)
    done = second_process()
    assert done.returncode == 3, done.stderr
    reason, message = done.stdout.strip().split("|")
    assert reason == "output_in_use"
    assert str(out) in message and "its own --output" in message
    first.close()
    assert second_process().returncode == 3, "still held by the other crawl of this process"
    same_process.close()
    assert second_process().returncode == 0, "free once this process's crawls are closed"
