"""The end-of-crawl summary, and the check that a crawl fetched anything at all."""

from __future__ import annotations

import logging
from collections import Counter
from typing import TYPE_CHECKING

from scrapy import signals

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["CrawlSummary", "nothing_fetched", "summary_lines"]

logger = logging.getLogger(__name__)

_ROWS = (
    ("pages fetched", "downloader/response_count"),
    ("articles written", "item_scraped_count"),
    ("already collected", "articles/already_collected"),  # by an earlier run or a worker
    ("linked again", "articles/seen_again"),  # collected earlier in this run
    ("outside date range", "articles/outside_dates"),
    ("not articles", "articles/skipped/not_article"),
    ("not HTML", "articles/skipped/not_html"),
    ("duplicate URL", "dropped/duplicate_url"),
    ("duplicate content", "dropped/duplicate_content"),
    ("rejected by extraction", "dropped/rejected_by_extraction"),
    ("items dropped", "item_dropped_count"),
    ("retries", "retry/count"),
    ("gave up after retries", "retry/max_reached"),
    ("robots.txt forbidden", "robotstxt/forbidden"),
    ("WARC records", "warc/records"),
)


def summary_lines(stats: dict, site: str) -> list[str]:
    """Human-readable summary of a crawl's stats."""
    lines = [f"crawl summary for {site}:"]
    for label, key in _ROWS:
        value = stats.get(key, 0)
        if value or key in ("downloader/response_count", "item_scraped_count"):
            lines.append(f"  {label:<24} {value}")
    corrected = sum(v for k, v in stats.items() if k.startswith("encoding/corrected/"))
    if corrected:
        lines.append(f"  {'charset corrected':<24} {corrected}")
    errors = {
        k.split("/", 2)[-1]: v
        for k, v in stats.items()
        if k.startswith("downloader/exception_type_count/")
    }
    for name, value in sorted(errors.items()):
        lines.append(f"  {'error ' + name.rsplit('.', 1)[-1]:<24} {value}")
    start, finish = stats.get("start_time"), stats.get("finish_time")
    if start and finish:
        lines.append(f"  {'elapsed':<24} {(finish - start).total_seconds():.1f} s")
    return lines


_STATUS = "downloader/response_status_count/"
_ROBOTS_STATUS = "robotstxt/response_status_count/"
_EXCEPTION = "downloader/exception_type_count/"


def nothing_fetched(stats: dict, site: str) -> str | None:
    """One line saying that the crawl of ``site`` could fetch nothing (no network, DNS
    failure, every request refused or answered with an error), with its commonest error;
    ``None`` when a page was fetched (a 2xx or 304 answer other than robots.txt) or when
    nothing was asked for.

    A site fetched fine whose articles were all collected before is a success: its
    entry points were fetched.
    """
    requests = int(stats.get("downloader/request_count", 0))
    forbidden = int(stats.get("robotstxt/forbidden", 0))
    if not requests and not forbidden:
        return None
    errors: Counter[str] = Counter()
    fetched = 0
    for key, value in stats.items():
        if key.startswith(_STATUS):
            status = key[len(_STATUS) :]
            # robots.txt is not a page of the site; its 404 is normal.
            value -= int(stats.get(_ROBOTS_STATUS + status, 0))
            if status.startswith("2") or status == "304":
                fetched += value
            elif not status.startswith("3") and value > 0:
                errors[f"HTTP {status}"] += value
        elif key.startswith(_EXCEPTION):
            errors[key[len(_EXCEPTION) :].rsplit(".", 1)[-1]] += value
    if fetched > 0:
        return None
    if forbidden:
        errors["forbidden by robots.txt"] += forbidden
    if errors:
        name, count = errors.most_common(1)[0]
        commonest = f"commonest error: {name} ({count})"
    else:
        commonest = "no page answered"
    return f"nothing could be fetched from {site}: {requests} requests, {commonest}"


class _OneLine(logging.Filter):
    """Drops the traceback of a record: a robots.txt that cannot be downloaded (no
    network, a refused connection) is one line naming the URL and the error, not a
    Twisted traceback; ``LOG_LEVEL=DEBUG`` (``vnminer crawl -vv``) keeps it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


_ONE_LINE = _OneLine()


class CrawlSummary:
    """Logs a summary of what the crawl did when the spider closes."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        robots = logging.getLogger("scrapy.downloadermiddlewares.robotstxt")
        if crawler.settings.get("LOG_LEVEL") == "DEBUG":
            robots.removeFilter(_ONE_LINE)
        else:
            robots.addFilter(_ONE_LINE)  # once: a logger keeps one copy of a filter

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlSummary:
        return cls(crawler)

    def spider_closed(self, spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats()
        lines = summary_lines(stats, getattr(spider, "site", spider.name))
        for line in [*lines, f"  {'finished':<24} {reason}"]:
            logger.info(line)
        problem = nothing_fetched(stats, getattr(spider, "site", spider.name))
        if problem:
            logger.error("%s", problem)
