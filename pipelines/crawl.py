"""Running crawls from Python and the CLI: settings, one or many sites, a summary."""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "CrawlResult",
    "check_crawl_args",
    "check_writable",
    "crawl_settings",
    "crawl_succeeded",
    "run_crawls",
    "summarise_output",
]

#: ``vnminer crawl --redis`` URL schemes (redis-py's ``Redis.from_url``).
REDIS_SCHEMES = ("redis", "rediss", "unix")


def _check_site(site: str) -> str | None:
    """Why ``site`` (a profile name or file, or a site address) cannot be crawled, or None."""
    from crawler.profiles import SiteProfile, load_profile

    try:
        if site.startswith(("http://", "https://")):
            SiteProfile.generic_for(site)
        else:
            load_profile(site)
    except (OSError, ValueError, TypeError) as exc:
        return f"{site}: {exc}" if site not in str(exc) else str(exc)
    return None


def _check_day(value: str | None, name: str) -> tuple[date | None, str | None]:
    if value is None:
        return None, None
    try:
        return date.fromisoformat(value), None
    except ValueError:
        return None, f"--{name} {value!r}: not a date (use YYYY-MM-DD)"


def _check_redis(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in REDIS_SCHEMES:
        return (
            f"--redis {url!r}: not a Redis URL "
            "(use redis://[:PASSWORD@]HOST:PORT/DB, rediss://… or unix:///PATH)"
        )
    if parts.scheme != "unix" and not parts.hostname:
        return f"--redis {url!r}: no host (use redis://[:PASSWORD@]HOST:PORT/DB)"
    if parts.scheme == "unix" and not parts.path:
        return f"--redis {url!r}: no socket path (use unix:///PATH)"
    return None


def check_crawl_args(
    sites: list[str],
    since: str | None = None,
    until: str | None = None,
    redis_url: str | None = None,
    *,
    output: str | None = None,
    job_dir: str | None = None,
    warc: str | None = None,
) -> str | None:
    """Why a crawl of ``sites`` with these options cannot start, or None: checked before
    Scrapy starts, so a mistake is one clear line, not a spider's traceback. ``output``,
    ``job_dir`` and ``warc`` are the files (a directory for ``job_dir``) it would write."""
    for option, path, directory in (
        ("--output", output, False),
        ("--job-dir", job_dir, True),
        ("--warc", warc, False),
    ):
        if path and (problem := check_writable(path, directory=directory)):
            return f"{option} {problem}"
    if problem := _check_distinct({"--output": output, "--job-dir": job_dir, "--warc": warc}):
        return problem
    if output and (problem := _check_record_log(output)):
        return f"--output {problem}"
    start, problem = _check_day(since, "since")
    if problem:
        return problem
    end, problem = _check_day(until, "until")
    if problem:
        return problem
    if start and end and start > end:
        return f"--since {since} is after --until {until}"
    if redis_url and (problem := _check_redis(redis_url)):
        return problem
    for site in sites:
        if problem := _check_site(site):
            return problem
    return None


def check_writable(path: str, *, directory: bool = False) -> str | None:
    """``PATH: reason`` when a crawl could not write ``path`` (a file, or with
    ``directory`` a directory): not a regular file, or no new file can be made where it
    would go (a read-only place such as /proc)."""
    from .files import check_target, resolve_target

    if problem := check_target(path, directory=directory):
        return problem
    real = resolve_target(path)
    place = real if directory and real.is_dir() else real.parent
    while not place.exists() and place != place.parent:
        place = place.parent
    try:  # the only honest test of "can files be made here" (root passes access checks)
        fd, probe = tempfile.mkstemp(dir=place, prefix=".vnminer-probe-")
    except OSError as exc:
        return f"{path}: cannot write in {place} ({exc.strerror or exc})"
    os.close(fd)
    os.unlink(probe)
    return None


def _check_distinct(paths: dict[str, str | None]) -> str | None:
    """Two options naming one file (``--warc`` onto ``--output`` would append gzip data to
    the records)."""
    from .files import resolve_target

    seen: dict[Path, str] = {}
    for option, path in paths.items():
        if not path:
            continue
        real = resolve_target(path)
        if real in seen:
            return f"{option} {path}: {seen[real]} names the same file"
        seen[real] = option
    return None


def _check_record_log(path: str) -> str | None:
    """``PATH: reason`` when ``path`` exists and does not open with a JSON object: a
    crawl appends records to its output, so it must be a JSONL file of records (or new,
    or empty), not some other file given by mistake."""
    try:
        with open(path, "rb") as fh:
            first = fh.readline(1 << 20)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"{path}: cannot be read ({exc.strerror or exc})"
    if not first.strip():
        return None
    try:
        obj = json.loads(first)
    except ValueError:
        obj = None
    if not isinstance(obj, dict):
        return f"{path}: is not a JSONL file of records; a crawl appends records to its output"
    return None


def crawl_succeeded(reason: str | None) -> bool:
    """Whether a crawl that closed for ``reason`` did its job: it ran out of pages
    (``finished``) or reached a bound the user set on its work (Scrapy's CLOSESPIDER_*
    settings, ``--max-articles``: ``closespider_itemcount``, ``…pagecount``, ``…timeout``
    and their ``…_no_item`` forms). ``closespider_errorcount`` is a failure: errors stopped it."""
    if reason == "closespider_errorcount":
        return False
    return reason == "finished" or bool(reason and reason.startswith("closespider_"))


def crawl_settings(overrides: dict[str, Any] | None = None):
    """The project's Scrapy settings (crawler/settings.py) with ``overrides`` on top."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


@dataclass
class CrawlResult:
    """What one site's crawl did (its Scrapy stats), or why it could not start (``error``:
    the spider refused its arguments or settings; ``stats`` is then empty)."""

    site: str
    stats: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def written(self) -> int:
        return int(self.stats.get("item_scraped_count", 0))

    @property
    def pages(self) -> int:
        return int(self.stats.get("downloader/response_count", 0))

    @property
    def problem(self) -> str | None:
        """Why the crawl failed, in one line, or ``None``: it could not start, stopped early
        (``crawl_succeeded``), or finished without fetching one page (no network, every
        request refused: ``crawler.extensions.nothing_fetched``)."""
        from crawler.extensions import nothing_fetched

        if self.error:
            return f"{self.site}: {self.error}"
        reason = self.stats.get("finish_reason", "unknown")
        if not crawl_succeeded(reason):
            return f"the crawl of {self.site} stopped early: {reason}"
        return nothing_fetched(self.stats, self.site)


def run_crawls(
    sites: list[str], overrides: dict[str, Any] | None = None, **spider_args: Any
) -> list[CrawlResult]:
    """Crawl ``sites`` (profile names or paths, or site addresses ``https://site.vn/`` for
    generic discovery) in one Scrapy process; blocks until done."""
    from scrapy.crawler import CrawlerProcess

    from crawler.discovery import site_host
    from crawler.spiders.news import NewsSpider

    process = CrawlerProcess(crawl_settings(overrides))
    crawlers = []
    errors: dict[int, str] = {}
    for i, site in enumerate(sites):
        crawler = process.create_crawler(NewsSpider)
        is_url = site.startswith(("http://", "https://"))
        key = "url" if is_url else "profile" if site.endswith(".json") else "site"
        d = process.crawl(crawler, **{key: site}, **{k: v for k, v in spider_args.items() if v})
        # A spider that fails to start (bad argument, profile or setting): keep its reason
        # for the result instead of Twisted's "Unhandled error in Deferred" traceback.
        d.addErrback(lambda failure, i=i: errors.__setitem__(i, _reason(failure.value)))
        name = site_host(site) if is_url else Path(site).stem
        crawlers.append((_site_name(site) if key == "profile" else name, crawler))
    process.start()
    return [
        CrawlResult(name, _stats(c), errors.get(i)) for i, (name, c) in enumerate(crawlers)
    ]


def _site_name(path: str) -> str:
    """A profile file's site name (what the spider and its records call it)."""
    from crawler.profiles import load_profile

    try:
        return load_profile(path).name
    except (OSError, ValueError, TypeError):  # the spider reports it
        return Path(path).stem


def _reason(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def _stats(crawler: Any) -> dict[str, Any]:
    try:
        stats = crawler.stats  # set only once the crawl started
    except RuntimeError:
        return {}
    return dict(stats.get_stats())


def summarise_output(path: str | Path) -> dict[str, Any]:
    """Counts per site and extraction totals of an output JSONL file."""
    per_site: Counter[str] = Counter()
    totals = Counter()
    p = Path(path)
    if p.exists():
        with p.open("rb") as fh:
            for raw in fh:
                try:
                    obj = json.loads(raw)
                except ValueError:
                    continue
                per_site[obj.get("site") or "?"] += 1
                for key in ("initiatives", "models", "figures"):
                    totals[key] += len(obj.get(key) or [])
    return {"per_site": dict(per_site), "articles": sum(per_site.values()), **totals}
