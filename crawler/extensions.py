"""The end-of-crawl summary."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["CrawlSummary", "summary_lines"]

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


class CrawlSummary:
    """Logs a summary of what the crawl did when the spider closes."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlSummary:
        return cls(crawler)

    def spider_closed(self, spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats()
        lines = summary_lines(stats, getattr(spider, "site", spider.name))
        for line in [*lines, f"  {'finished':<24} {reason}"]:
            logger.info(line)
