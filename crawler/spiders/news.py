"""The generic news spider: one site profile drives discovery and parsing.

    scrapy crawl news -a site=camlo [-a since=2020-01-01] [-a until=2022-12-31]
    scrapy crawl news -a profile=path/to/profile.json

Discovery: robots.txt sitemaps and listed sitemaps, RSS/Atom feeds, and
listing pages with pagination. Every run re-reads the entry points (so a
resumed or incremental crawl finds what it has not collected yet) and asks
for each article URL once; articles already in the output file are skipped.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any

from scrapy import Request, Spider
from scrapy.http import Response, TextResponse
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from ..encoding import declared_charset, decode_html
from ..pages import Skipped, feed_links, listing_links, parse_article
from ..profiles import SiteProfile, load_profile
from ..urls import canonical_url

__all__ = ["NewsSpider"]

logger = logging.getLogger(__name__)


def _parse_day(value: str | None, name: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(f"{name}={value!r} is not a date (use YYYY-MM-DD)") from None


class NewsSpider(Spider):
    """Crawl one news site described by a profile."""

    name = "news"

    def __init__(
        self,
        site: str | None = None,
        profile: str | None = None,
        since: str | None = None,
        until: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not (site or profile):
            raise ValueError("give a site profile: -a site=NAME or -a profile=PATH.json")
        self.profile: SiteProfile = load_profile(profile or site)
        self.site = self.profile.name
        self.allowed_domains = list(self.profile.domains)
        self.since = _parse_day(since, "since")
        self.until = _parse_day(until, "until")
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since {self.since} is after until {self.until}")
        self._asked: set[str] = set()

    # -- discovery ---------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        p = self.profile
        for url in p.sitemaps:
            cb = self._parse_robots if url.endswith("/robots.txt") else self._parse_sitemap
            yield self._ask(url, cb)
        for url in p.feeds:
            yield self._ask(url, self._parse_feed)
        for url in (*p.listings, *p.start_urls):
            yield self._ask(url, self._parse_listing)

    def _ask(self, url: str, callback, **kw: Any) -> Request | None:
        """One request per URL per run; ``dont_filter`` so a resumed job re-asks what a
        killed run had in flight (the output file, not the dupefilter, says what is done)."""
        key = canonical_url(url)
        if key in self._asked:
            return None
        self._asked.add(key)
        return Request(url, callback=callback, dont_filter=True, **kw)

    def _article(self, url: str, lastmod: str | None = None) -> Request | None:
        if not self.profile.is_article_url(url):
            return None
        if lastmod and self.since and lastmod[:10] < self.since.isoformat():
            self.crawler.stats.inc_value("articles/outside_dates")
            return None
        store = self._store()
        if store is not None and store.has_url(canonical_url(url)):
            self.crawler.stats.inc_value("articles/already_collected")
            return None
        return self._ask(url, self.parse_article, priority=10)

    def _store(self):
        from pipelines.scrapy_pipelines import DedupPipeline

        return self.crawler.get_item_pipeline(DedupPipeline)

    def _parse_robots(self, response: Response) -> Iterator[Request]:
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            req = self._ask(url, self._parse_sitemap)
            if req:
                yield req

    def _parse_sitemap(self, response: Response) -> Iterator[Request]:
        body = response.body
        if gzip_magic_number(response):
            try:
                body = gunzip(body)
            except OSError:
                logger.warning("%s: not a readable gzipped sitemap, skipped", response.url)
                return
        try:
            sitemap = Sitemap(body)
        except Exception as exc:
            logger.warning("%s: not a sitemap (%s), skipped", response.url, exc)
            return
        for entry in sitemap:
            loc = entry.get("loc")
            if not loc:
                continue
            if sitemap.type == "sitemapindex":
                req = self._ask(loc, self._parse_sitemap)
            else:
                req = self._article(loc, entry.get("lastmod"))
            if req:
                yield req

    def _parse_feed(self, response: Response) -> Iterator[Request]:
        text, _ = decode_html(
            response.body, response.headers.get(b"Content-Type", b"").decode("latin-1")
        )
        try:
            links = feed_links(text)
        except Exception as exc:
            logger.warning("%s: not a feed (%s), skipped", response.url, exc)
            return
        for link, _ in links:
            req = self._article(response.urljoin(link))
            if req:
                yield req

    def _parse_listing(self, response: Response) -> Iterator[Request]:
        if not isinstance(response, TextResponse):
            return
        text, _ = decode_html(
            response.body, response.headers.get(b"Content-Type", b"").decode("latin-1")
        )
        articles, nexts = listing_links(response.url, text, self.profile)
        for url in articles:
            req = self._article(url)
            if req:
                yield req
        for url in nexts:
            req = self._ask(url, self._parse_listing)
            if req:
                yield req

    # -- articles --------------------------------------------------------------------------
    def parse_article(self, response: Response):
        stats = self.crawler.stats
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1")
        if not isinstance(response, TextResponse) or "html" not in (ctype or "text/html"):
            stats.inc_value("articles/skipped/not_html")
            logger.info("skipped %s: not an HTML page (%s)", response.url, ctype or "no type")
            return
        text, encoding = decode_html(response.body, ctype)
        declared = declared_charset(response.body, ctype)
        if declared is not None and declared != encoding:
            stats.inc_value(f"encoding/corrected/{declared}->{encoding}")
        item = parse_article(response.url, text, self.profile)
        if isinstance(item, Skipped):
            stats.inc_value("articles/skipped/not_article")
            logger.info("skipped %s: %s", item.url, item.reason)
            return
        if self.since or self.until:
            day = item.published[:10] if item.published else None
            if day is None:
                stats.inc_value("articles/outside_dates")
                logger.info("skipped %s: no date, and a date range was asked for", item.url)
                return
            if (self.since and day < self.since.isoformat()) or (
                self.until and day > self.until.isoformat()
            ):
                stats.inc_value("articles/outside_dates")
                return
        stats.inc_value("articles/parsed")
        yield item
