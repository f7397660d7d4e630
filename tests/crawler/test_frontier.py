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
    assert all("Shared frontier vnminer:camlo at" in log for log in logs)


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
            assert "stopped early: redis_unavailable" in log  # the summary says why, too
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


def test_scrapy_feed_export_with_redis_claims_what_it_exports(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    """`scrapy crawl news -O FILE -s REDIS_URL=…` (no OUTPUT file): the feed gets the same
    dicts as `--output` (here without extraction), and the articles are claimed in Redis, so
    a second run exports nothing and fetches no article again."""
    scrapy = str(Path(sys.executable).with_name("scrapy"))
    root = Path(__file__).resolve().parents[2]
    with CountingMirror(DEFAULT_ROOT) as mirror:
        common = [f"MIRROR_URL={mirror.url}", "REDIS_JOB=feed", *FAST]

        def feed_run(feed: Path) -> str:
            cmd = [scrapy, "crawl", "news", "-a", "site=camlo", "-O", str(feed)]
            cmd += ["-s", f"REDIS_URL={redis_server.url}", "-s", "EXTRACT_ENABLED=False"]
            for s in common:
                cmd += ["-s", s]
            done = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=180)
            assert done.returncode == 0, done.stderr[-3000:]
            return done.stderr

        first, second = tmp_path / "f1.jsonl", tmp_path / "f2.jsonl"
        feed_run(first)
        fetched = [p for p in mirror.hits for r in records(first) if p.endswith(r["url"][-30:])]
        assert len(fetched) == 8, sorted(mirror.hits)
        out = tmp_path / "out.jsonl"
        log = tmp_path / "out.log"
        other_job = "REDIS_JOB=feed-output"  # same Redis, a job of its own: writes all 8
        finish(start(crawl_cmd("camlo", out, redis_server.url, *common, other_job), log), log)
        by_url = lambda rows: sorted(rows, key=lambda r: r["url"])  # noqa: E731
        assert len(records(first)) == 8
        assert by_url(records(first)) == by_url(records(out))
        assert "sapo" not in records(first)[0]

        mirror.hits.clear()
        feed_run(second)
        assert records(second) == []
        assert not any(p in mirror.hits for p in fetched), "no article fetched again"
    assert redis_server.client().hlen("vnminer:feed:collected:urls") == 8


def _scheduler(url: str, job: str):
    from scrapy import Request, Spider
    from scrapy.utils.test import get_crawler

    from crawler.frontier import RedisFrontierScheduler

    crawler = get_crawler(Spider, {"REDIS_URL": url, "REDIS_JOB": job, "REDIS_LEASE": 5})
    scheduler = RedisFrontierScheduler.from_crawler(crawler)
    scheduler.open(Spider(name="t"))
    return scheduler, Request


def test_only_the_last_live_worker_clears_the_frontier(redis_server: RedisServer) -> None:
    """A worker that finishes while another is alive (it may queue more: a generic crawl
    walks its sections when idle) keeps the fingerprints; the last one clears them; a
    worker joining a drained frontier that nobody works on starts afresh."""
    r = redis_server.client()
    p = "vnminer:last:"
    a, Request = _scheduler(redis_server.url, "last")
    b, _ = _scheduler(redis_server.url, "last")
    assert a.enqueue_request(Request("http://x.vn/home"))
    assert not b.enqueue_request(Request("http://x.vn/home")), "shared fingerprints"
    taken = b.next_request()
    assert taken is not None and taken.url == "http://x.vn/home"
    b._leased.clear()  # done with it (no engine here to say so)
    r.delete(p + f"inflight:{b.worker}")
    b.close("finished")
    assert r.exists(p + "seen"), "a is alive: b leaves the fingerprints"
    assert not a.enqueue_request(Request("http://x.vn/home"))
    a.close("finished")
    assert not r.exists(p + "seen", p + "requests"), "the last worker clears"

    # A drained frontier left by a worker killed while idle (its lease ran out).
    r.sadd(p + "seen", b"stale fingerprint")
    r.sadd(p + "workers", "dead:1:abc")
    c, _ = _scheduler(redis_server.url, "last")
    assert not r.sismember(p + "seen", b"stale fingerprint")
    assert c.enqueue_request(Request("http://x.vn/home")), "the entry point is read again"
    # ...but not while another live worker is on the job, even with nothing queued.
    assert c.next_request() is not None
    c._leased.clear()
    r.delete(p + f"inflight:{c.worker}")
    d, _ = _scheduler(redis_server.url, "last")
    assert not d.enqueue_request(Request("http://x.vn/home"))
    c.close("shutdown")
    d.close("shutdown")


def test_generic_crawl_walks_the_sections_another_worker_found(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    """Generic discovery with workers: the one that read the home page (and its sections)
    was killed; a live worker, idle, still walks the sections it noted in Redis."""
    from scrapy import Request
    from scrapy.utils.request import fingerprint

    from crawler import discovery as disco

    host = "huonghoa.quangtri.gov.vn"
    home = f"https://{host}/"
    text = (DEFAULT_ROOT / host / "index.html").read_text(encoding="utf-8")
    links = disco.page_links(home, text)
    sections = [u for u in links if disco.classify_url(u, host).kind == "section"]
    assert sections
    r = redis_server.client()
    p = "vnminer:walk:"
    # The killed worker took robots.txt and the home page (their fingerprints are seen) and
    # noted the sections; another worker is still alive, so the frontier is not reset.
    r.sadd(p + "seen", fingerprint(Request(home + "robots.txt")), fingerprint(Request(home)))
    r.zadd(p + "discovery:sections", {u: i for i, u in enumerate(sections)})
    r.sadd(p + "workers", "other:1:abc")
    r.set(p + "lease:other:1:abc", 1, px=120_000)
    out, log = tmp_path / "w.jsonl", tmp_path / "w.log"
    try:
        cmd = [VNMINER, "crawl", "--url", home, "--no-extract", "--output", str(out)]
        cmd += ["--redis", redis_server.url]
        for s in (*FAST, "REDIS_JOB=walk"):
            cmd += ["-s", s]
        text = finish(start(cmd, log), log)
    finally:
        r.delete(p + "lease:other:1:abc")
    assert "walking" in text, text[-3000:]
    expected = json.loads((DEFAULT_ROOT / "expected.json").read_text(encoding="utf-8"))
    urls = sorted(e["url"] for e in expected if e["site"] == host)
    assert sorted(rec["url"] for rec in records(out)) == urls


def test_sites_take_turns_in_the_shared_queue(redis_server: RedisServer) -> None:
    """Priority first, then one request per site in turn (as Scrapy's downloader-aware
    queue): a worker's downloader does not fill with one site's requests, each waiting out
    DOWNLOAD_DELAY; a site found late does not jump ahead of the others."""
    s, Request = _scheduler(redis_server.url, "turns")
    for i in range(3):
        s.enqueue_request(Request(f"http://a.vn/{i}", priority=10))
    for i in range(3):
        s.enqueue_request(Request(f"http://b.vn/{i}", priority=10))
    s.enqueue_request(Request("http://a.vn/listing", priority=0))

    def take(n: int) -> list[str]:
        urls = []
        for _ in range(n):
            r = s.next_request()
            urls.append(r.url.removeprefix("http://"))
        return urls

    assert take(4) == ["a.vn/0", "b.vn/0", "a.vn/1", "b.vn/1"]
    for i in range(3):  # found now: its turns start at the queue's current turn
        s.enqueue_request(Request(f"http://c.vn/{i}", priority=10))
    got = take(5)
    # c's first turn is the current one (1), not 0: it shares the next turns with a and b.
    assert got[0] == "c.vn/0" and set(got[1:4]) == {"a.vn/2", "b.vn/2", "c.vn/1"}, got
    assert got[4] == "c.vn/2"
    assert take(1) == ["a.vn/listing"]  # lower priority: last
    assert s.next_request() is None

    # Downloader-aware: a site with requests in this worker's downloader is taken last.
    for i in range(2):
        s.enqueue_request(Request(f"http://a.vn/more-{i}", priority=10))
    s.enqueue_request(Request("http://b.vn/more", priority=10))
    keys = [s.keys.queue, s.keys.inflight, s.keys.now]
    _, first = s._scripts["pop"](keys=keys, args=["a.vn"])
    assert first.startswith(b"Sb.vn\0")
    assert s.queue._decode_request(first.split(b"\0", 1)[1]).url == "http://b.vn/more"
    _, then = s._scripts["pop"](keys=keys, args=["a.vn"])  # only a.vn left: taken anyway
    assert then.startswith(b"Sa.vn\0")
    s._leased.clear()
    redis_server.client().delete(f"vnminer:turns:inflight:{s.worker}")
    s.close("finished")
