"""Crawls killed with SIGKILL at several moments and resumed end with every article, once.

The real ``vnminer crawl`` in a subprocess of its own session (killed with ``os.killpg``)
against the fault server on 127.0.0.1; each kill waits on a condition with a deadline.
"""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .faultserver import FaultServer, crawl_command

N = 12
# Two requests at a time: the rest wait in the scheduler's queue (on disk with --job-dir).
FAST = (
    "DOWNLOAD_DELAY=0",
    "AUTOTHROTTLE_ENABLED=False",
    "CONCURRENT_REQUESTS=2",
    "CONCURRENT_REQUESTS_PER_DOMAIN=2",
)


def crawl_cmd(server: FaultServer, tmp: Path, job: bool, *extra: str) -> list[str]:
    return crawl_command(server, tmp, *extra, job=job, settings=FAST)


def lines(path: Path) -> int:
    return len(path.read_bytes().splitlines()) if path.exists() else 0


def wait_for(cond: Callable[[], bool], what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def kill_when(cmd: list[str], cond: Callable[[], bool], what: str) -> None:
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        wait_for(lambda: cond() or proc.poll() is not None, what)
        assert proc.poll() is None, f"the crawl ended before {what}"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)


def check_complete(server: FaultServer, out: Path) -> list[str]:
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls)), "no article twice"
    assert sorted(u.rsplit("/", 1)[-1] for u in urls) == sorted(f"plain-{i}" for i in range(N))
    return urls


# early: articles asked for, none written; then after 1, N/2 and N-1 lines. The server
# holds every article past that many until the crawl is killed, so the kill lands there.
# The listing has two pages: while the first page's articles are fetched, the second
# page waits in the queue (the request Scrapy lost after a kill, with what it links).
POINTS = {"start": 0, "first": 1, "mid": N // 2, "late": N - 1}


@pytest.mark.parametrize("job", [True, False], ids=["job-dir", "no-job-dir"])
@pytest.mark.parametrize("point", list(POINTS))
def test_killed_and_resumed_ends_with_every_article_once(
    tmp_path: Path, point: str, job: bool
) -> None:
    out = tmp_path / "out.jsonl"
    target = POINTS[point]
    gate = threading.Event()
    with FaultServer(n_plain=N, cases=(), pages=2, gate=gate, gate_after=target) as server:
        cmd = crawl_cmd(server, tmp_path, job)
        if target == 0:
            cond = lambda: server.served > 0  # noqa: E731
            what = "the first article request"
        else:
            cond = lambda: lines(out) >= target  # noqa: E731
            what = f"{target} lines"
        kill_when(cmd, cond, what)
        gate.set()
        assert lines(out) == target

        result = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, result.stderr[-3000:]
        check_complete(server, out)
        assert "Traceback" not in result.stderr
        if job:  # and a second resume changes nothing (Scrapy's queue lost it for good)
            again = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
            assert again.returncode == 0, again.stderr[-3000:]
            check_complete(server, out)
            assert re.search(r"articles written\s+0\b", again.stdout)


def _saved_job(server: FaultServer, tmp: Path) -> Path:
    """A job dir closed cleanly with requests still queued (--max-articles stops it)."""
    cmd = crawl_cmd(server, tmp, True, "--max-articles", "2", "-s", "CONCURRENT_REQUESTS=1")
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    queue = tmp / "job" / "requests.queue"
    assert (queue / "active.json").exists()
    files = [p for p in queue.rglob("*") if p.is_file() and p.name not in ("active.json",)]
    assert files, "requests were left in the queue"
    return queue


@pytest.mark.parametrize("damage", ["intact", "empty", "garbage", "active.json"])
def test_a_damaged_queue_file_is_reported_and_rebuilt(tmp_path: Path, damage: str) -> None:
    out = tmp_path / "out.jsonl"
    with FaultServer(delay=0.1, n_plain=N, cases=(), pages=2) as server:
        queue = _saved_job(server, tmp_path)
        assert lines(out) == 2
        victim = None
        if damage == "active.json":
            victim = queue / "active.json"
            victim.write_text("{not json", encoding="utf-8")
        elif damage != "intact":
            victim = max(
                (p for p in queue.rglob("*") if p.is_file() and p.name != "active.json"),
                key=lambda p: p.stat().st_size,
            )
            victim.write_bytes(b"" if damage == "empty" else b"\x00\x00\x00\x09garbage!")
        assert victim is None or victim.exists()
        result = subprocess.run(
            crawl_cmd(server, tmp_path, True), capture_output=True, text=True, timeout=180
        )
        assert result.returncode == 0, result.stderr[-3000:]
        check_complete(server, out)
    warnings = [
        line for line in result.stderr.splitlines() if "WARNING" in line and "queue" in line
    ]
    assert "Traceback" not in result.stderr
    if victim is None:  # a queue saved by a clean close is resumed
        assert not warnings and "requests were pending" in result.stderr, result.stderr[-3000:]
    else:
        assert len(warnings) == 1 and str(victim) in warnings[0], result.stderr[-3000:]


# -- the scheduler on its own: Scrapy's real queues, no engine ------------------------------


def _scheduler(tmp: Path):
    from scrapy.crawler import Crawler

    from crawler.scheduler import JobDirScheduler
    from crawler.spiders.news import NewsSpider
    from pipelines.crawl import crawl_settings

    profile = tmp / "p.json"
    profile.write_text(
        json.dumps(
            {
                "name": "faults",
                "cms": "test",
                "domains": ["127.0.0.1"],
                "listings": ["http://127.0.0.1:9/list.html"],
                "article_url": ["/a/"],
                "body": ["div.body"],
            }
        ),
        encoding="utf-8",
    )
    from scrapy.utils.reactor import is_reactor_installed

    settings = {
        "JOBDIR": str(tmp / "job"),
        # Without an engine: the plain priority queue, not the downloader-aware one.
        "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.ScrapyPriorityQueue",
        "MIRROR_ENABLED": False,
    }
    # No reactor is needed; an earlier test of the session may have installed one.
    settings.update(
        {"TWISTED_REACTOR": None} if is_reactor_installed() else {"TWISTED_REACTOR_ENABLED": False}
    )
    crawler = Crawler(NewsSpider, crawl_settings(settings))
    crawler._apply_settings()
    spider = crawler._create_spider(profile=str(profile))
    crawler.spider = spider
    assert crawler.settings["SCHEDULER"] == "crawler.scheduler.JobDirScheduler"
    assert crawler.settings["DUPEFILTER_CLASS"] == "crawler.scheduler.RunDupeFilter"
    scheduler = JobDirScheduler.from_crawler(crawler)
    scheduler.open(spider)
    return scheduler, spider


def _drain(scheduler) -> list[str]:
    urls = []
    while (request := scheduler.next_request()) is not None:
        urls.append(request.url)
    return urls


def test_scheduler_keeps_a_cleanly_saved_queue_and_survives_a_broken_disk(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    scheduler, spider = _scheduler(tmp_path)
    for i in range(3):
        assert scheduler.enqueue_request(spider._article(f"http://127.0.0.1:9/a/x-{i}"))
    scheduler.close("shutdown")
    queue = tmp_path / "job" / "requests.queue"
    assert (queue / "active.json").exists()

    # Reopened: the saved requests come back, and active.json is gone while it runs.
    scheduler, spider = _scheduler(tmp_path)
    assert len(scheduler) == 3 and not (queue / "active.json").exists()
    # A queue file Scrapy cannot open (a kill left it empty): the request is kept.
    (queue / "0").write_bytes(b"")
    from scrapy import Request

    assert scheduler.enqueue_request(Request("http://127.0.0.1:9/list-2.html", dont_filter=True))
    for i in range(3, 6):
        assert scheduler.enqueue_request(spider._article(f"http://127.0.0.1:9/a/x-{i}"))
    # The disk fails under the running crawl: what it held is found again from the
    # entry points (the spider asks again for what it had asked for).
    scheduler.dqs.peek()  # queuelib's buffered writes reach the file
    for path in queue.rglob("*"):
        if path.is_file() and path.name != "0":
            path.write_bytes(b"\x00\x00\x00\x05broken")
    with caplog.at_level(logging.WARNING):
        urls = _drain(scheduler)
    assert "http://127.0.0.1:9/list-2.html" in urls
    assert "http://127.0.0.1:9/list.html" in urls, "the entry points were asked again"
    assert {f"http://127.0.0.1:9/a/x-{i}" for i in range(3)} <= set(urls)
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors and all("request queue" in r.getMessage() for r in errors)
    scheduler.close("finished")
    assert not (queue / "active.json").exists()  # nothing left to save
