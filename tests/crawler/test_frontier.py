"""Crawl workers sharing a Redis frontier: real `vnminer crawl` processes, a real redis-server.

Each test runs its workers as subprocesses against a local server that counts what
it is asked for, and checks the union of the workers' output files.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.mirror import DEFAULT_ROOT
from tests.conftest import redis_binary
from tests.scale_support import CountingMirror, RedisServer

from .faultserver import FaultServer

VNMINER = str(Path(sys.executable).with_name("vnminer"))
FAST = [
    "DOWNLOAD_DELAY=0",
    "AUTOTHROTTLE_ENABLED=False",
    "REDIS_LEASE=2",
    "REDIS_HEARTBEAT=0.2",
    "REDIS_TIMEOUT=3",
]


def crawl_cmd(site: str, out: Path, redis: str | None, *settings: str, real_web=False) -> list[str]:
    cmd = [VNMINER, "crawl", "--site", site, "--no-extract", "--output", str(out)]
    if redis:
        cmd += ["--redis", redis]
    if real_web:
        cmd.append("--real-web")
    for s in (*FAST, *settings):
        cmd += ["-s", s]
    return cmd


def start(cmd: list[str], log: Path) -> subprocess.Popen:
    fh = log.open("wb")
    try:
        return subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    finally:
        fh.close()


def finish(proc: subprocess.Popen, log: Path, timeout: float = 180) -> str:
    proc.wait(timeout=timeout)
    return log.read_text(encoding="utf-8", errors="replace")


def records(*paths: Path) -> list[dict]:
    """Every line of every file parses (no torn line survives)."""
    out = []
    for p in paths:
        if p.exists():
            out += [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines()]
    return out


def wait_lines(path: Path, n: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and len(path.read_bytes().splitlines()) >= n:
            return
        time.sleep(0.05)
    raise AssertionError(f"{path} never reached {n} lines")


def test_without_redis_url_the_settings_are_untouched() -> None:
    from scrapy.crawler import Crawler

    from crawler.spiders.news import NewsSpider
    from pipelines.crawl import crawl_settings

    plain = Crawler(NewsSpider, crawl_settings())
    assert plain.settings["SCHEDULER"] == "scrapy.core.scheduler.Scheduler"
    shared = Crawler(NewsSpider, crawl_settings({"REDIS_URL": "redis://127.0.0.1:1/0"}))
    assert shared.settings["SCHEDULER"] == "crawler.frontier.RedisFrontierScheduler"
    assert shared.settings["DUPEFILTER_CLASS"] == "crawler.frontier.RedisDupeFilter"
    pinned = Crawler(
        NewsSpider, crawl_settings({"REDIS_URL": "redis://x:1/0", "SCHEDULER": "my.Scheduler"})
    )
    assert pinned.settings["SCHEDULER"] == "my.Scheduler"  # the command line still wins


def test_two_workers_on_the_mirror_write_what_one_writes_each_once(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    with CountingMirror(DEFAULT_ROOT) as mirror:
        mirror_set = (f"MIRROR_URL={mirror.url}",)
        alone = tmp_path / "alone.jsonl"
        single = finish(
            start(crawl_cmd("camlo", alone, None, *mirror_set), tmp_path / "alone.log"),
            tmp_path / "alone.log",
        )
        assert "finished" in single
        expected = sorted(r["url"] for r in records(alone))
        assert len(expected) == 8
        mirror.hits.clear()
        # Pages answered after 0.6 s, so that two workers started together both take part.
        mirror.delay = 0.6

        outs = [tmp_path / "w1.jsonl", tmp_path / "w2.jsonl"]
        procs = [
            start(crawl_cmd("camlo", o, redis_server.url, *mirror_set), o.with_suffix(".log"))
            for o in outs
        ]
        logs = [finish(p, o.with_suffix(".log")) for p, o in zip(procs, outs, strict=True)]
        assert [p.returncode for p in procs] == [0, 0], logs[0][-2000:] + logs[1][-2000:]
        hits = dict(mirror.hits)

    urls = [r["url"] for r in records(*outs)]
    assert sorted(urls) == expected  # the same articles, each written once
    # Duplicate fetches counted at the server: none, but each worker's own robots.txt.
    repeated = {path: n for path, n in hits.items() if n > 1}
    assert all(path.endswith("/robots.txt") for path in repeated), repeated
    assert all("Shared frontier vnminer:camlo:" in log for log in logs)


@pytest.fixture
def slow_server():
    with FaultServer(delay=0.4, n_plain=40, cases=()) as server:
        yield server


def test_two_workers_split_the_work(
    tmp_path: Path, redis_server: RedisServer, slow_server: FaultServer
) -> None:
    profile = str(slow_server.profile(tmp_path / "p.json"))
    outs = [tmp_path / "w1.jsonl", tmp_path / "w2.jsonl"]
    job = "REDIS_JOB=split"
    procs = [
        start(crawl_cmd(profile, o, redis_server.url, job, real_web=True), o.with_suffix(".log"))
        for o in outs
    ]
    logs = [finish(p, o.with_suffix(".log")) for p, o in zip(procs, outs, strict=True)]
    assert [p.returncode for p in procs] == [0, 0], logs[0][-2000:] + logs[1][-2000:]
    per_worker = [records(o) for o in outs]
    urls = [r["url"] for rs in per_worker for r in rs]
    assert len(urls) == len(set(urls)) == 40
    assert all(len(rs) > 0 for rs in per_worker), "both workers took articles"
    for i in range(40):
        assert len(slow_server.hits[f"/a/plain-{i}"]) == 1, "each article fetched once"
    assert len(slow_server.hits["/list.html"]) == 1
    # The run is over: the queue and fingerprints are gone, the collected set stays.
    r = redis_server.client()
    assert not r.exists("vnminer:split:requests", "vnminer:split:seen")
    assert r.hlen("vnminer:split:collected:urls") == 40

    # A later run finds nothing new and fetches no known article again.
    again = tmp_path / "w3.jsonl"
    log = finish(
        start(crawl_cmd(profile, again, redis_server.url, job, real_web=True), tmp_path / "3.log"),
        tmp_path / "3.log",
    )
    assert "finished" in log and records(again) == []
    assert all(len(slow_server.hits[f"/a/plain-{i}"]) == 1 for i in range(40))
    assert len(slow_server.hits["/list.html"]) == 2  # the entry points are read again


def test_sigkilled_worker_loses_nothing(
    tmp_path: Path, redis_server: RedisServer, slow_server: FaultServer
) -> None:
    profile = str(slow_server.profile(tmp_path / "p.json"))
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    job = "REDIS_JOB=kill"

    def worker(out: Path, log: str) -> subprocess.Popen:
        return start(crawl_cmd(profile, out, redis_server.url, job, real_web=True), tmp_path / log)

    pa, pb = worker(a, "a1.log"), worker(b, "b.log")
    wait_lines(a, 3)
    os.killpg(pa.pid, signal.SIGKILL)  # mid-crawl: it holds requests it took
    pa.wait(timeout=30)
    with a.open("ab") as fh:  # and the worst moment: in the middle of a line
        fh.write(b'{"id":"torn","url":"http://127.0.0.1/a/torn","text":"Huy')
    killed_with = len(a.read_bytes().splitlines()) - 1
    assert killed_with < 40

    pa2 = worker(a, "a2.log")  # restarted with the same output file
    logs = [finish(pb, tmp_path / "b.log"), finish(pa2, tmp_path / "a2.log")]
    assert pb.returncode == 0 and pa2.returncode == 0, logs[0][-2000:] + logs[1][-2000:]

    urls = [r["url"] for r in records(a, b)]  # every line parses: the torn one was cut
    assert len(urls) == len(set(urls)) == 40, "none lost, none written twice"
    assert {u.rsplit("/", 1)[-1] for u in urls} == {f"plain-{i}" for i in range(40)}
    # The killed worker's requests were taken back by a live worker.
    assert any("took back" in log or "taken back" in log for log in logs), logs


def test_redis_going_away_stops_workers_and_a_restart_resumes(
    tmp_path: Path, slow_server: FaultServer
) -> None:
    server = RedisServer(redis_binary(), tmp_path / "redis", persist=True).start()
    try:
        profile = str(slow_server.profile(tmp_path / "p.json"))
        outs = [tmp_path / "w1.jsonl", tmp_path / "w2.jsonl"]

        def workers(tag: str) -> list[subprocess.Popen]:
            return [
                start(
                    crawl_cmd(profile, o, server.url, real_web=True),
                    o.with_name(f"{o.stem}-{tag}.log"),
                )
                for o in outs
            ]

        procs = workers("1")
        wait_lines(outs[0], 2)
        server.kill()
        killed_at = time.monotonic()
        for p in procs:
            p.wait(timeout=60)
        stopped_in = time.monotonic() - killed_at
        logs = [o.with_name(f"{o.stem}-1.log").read_text(errors="replace") for o in outs]
        assert [p.returncode for p in procs] == [1, 1], logs
        assert stopped_in < 30, f"workers took {stopped_in:.1f} s to stop"
        for log in logs:
            assert f"Redis at {server.url} is unavailable" in log
            assert "Spider closed (redis_unavailable)" in log
        before = records(*outs)
        assert 2 <= len(before) < 40

        server.start()  # the same port and data directory: the frontier is back
        procs = workers("2")
        for p, o in zip(procs, outs, strict=True):
            log = finish(p, o.with_name(f"{o.stem}-2.log"))
            assert p.returncode == 0, log[-3000:]
    finally:
        server.stop()

    urls = [r["url"] for r in records(*outs)]
    assert len(urls) == len(set(urls)) == 40
