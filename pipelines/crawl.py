"""Running crawls from Python and the CLI: settings, one or many sites, a summary."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["CrawlResult", "crawl_settings", "run_crawls", "summarise_output"]


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
    """What one site's crawl did (its Scrapy stats)."""

    site: str
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def written(self) -> int:
        return int(self.stats.get("item_scraped_count", 0))

    @property
    def pages(self) -> int:
        return int(self.stats.get("downloader/response_count", 0))


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
    for site in sites:
        crawler = process.create_crawler(NewsSpider)
        is_url = site.startswith(("http://", "https://"))
        key = "url" if is_url else "profile" if site.endswith(".json") else "site"
        process.crawl(crawler, **{key: site}, **{k: v for k, v in spider_args.items() if v})
        crawlers.append((site_host(site) if is_url else Path(site).stem, crawler))
    process.start()
    return [CrawlResult(name, dict(c.stats.get_stats())) for name, c in crawlers]


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
