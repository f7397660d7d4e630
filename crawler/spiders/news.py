"""The news spider: a site profile, or only a site's address, drives discovery and parsing.

    scrapy crawl news -a site=camlo [-a since=2020-01-01] [-a until=2022-12-31]
    scrapy crawl news -a profile=path/to/profile.json
    scrapy crawl news -a url=https://site.vn/ [-a max_articles=100]

With a profile: its sitemaps (or robots.txt), RSS/Atom feeds, and listing
pages with pagination. With an address: generic discovery (``crawler.discovery``:
robots.txt and common sitemap paths, declared or common feeds, and the home
page's sections with their pagination when no sitemap lists an article) and the
generic reader. Every run re-reads the entry points (so a resumed or incremental
crawl finds what it has not collected yet) and asks for each article URL once;
articles already in the output file are skipped.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError

from .. import discovery as disco
from ..collected import CollectedStore, RedisUnavailable
from ..encoding import declared_charset, decode_html
from ..pages import Skipped, listing_links, parse_article
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


def _parse_count(value: str | int | None, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        count = int(value)
    except ValueError:
        raise ValueError(f"{name}={value!r} is not a whole number") from None
    if count < 1:
        raise ValueError(f"{name}={value!r} must be at least 1")
    return count


LISTING_POLICIES = ("auto", "always", "never")


@dataclass(eq=False)
class _HeldPage:
    """A listing page whose next pages wait for its articles (generic crawl with --since)."""

    url: str
    nexts: list[str]
    asked: int = 0
    done: int = 0
    old: int = 0


class NewsSpider(Spider):
    """Crawl one news site described by a profile, or known only by its address."""

    name = "news"

    def __init__(
        self,
        site: str | None = None,
        profile: str | None = None,
        url: str | None = None,
        since: str | None = None,
        until: str | None = None,
        max_articles: str | int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if sum(bool(x) for x in (site, profile, url)) != 1:
            raise ValueError(
                "give one of: -a site=NAME, -a profile=PATH.json, -a url=https://site.vn/"
            )
        self.profile: SiteProfile = (
            SiteProfile.generic_for(url) if url else load_profile(profile or site)
        )
        # What reads the pages: the profile's selectors, or the generic reader (None).
        self.reader_profile: SiteProfile | None = None if self.profile.generic else self.profile
        self.site = self.profile.name
        self.allowed_domains = list(self.profile.domains)
        self.since = _parse_day(since, "since")
        self.until = _parse_day(until, "until")
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since {self.since} is after until {self.until}")
        self.max_articles = _parse_count(max_articles, "max_articles")
        self._in_pipelines = 0  # items yielded, not yet written or dropped (--max-articles)
        self.listing_policy = "auto"
        self._asked: set[str] = set()
        self._judged: set[str] = set()
        # Generic discovery: the home page's sections, walked when no sitemap lists an
        # article (or always / never, DISCOVERY_LISTINGS); article links per listing.
        self._sections: list[str] = []
        self._sitemap_articles = 0
        self._listings_started = False
        self._listed: dict[str, set[str]] = {}
        self._held: dict[str, _HeldPage] = {}  # listing pages waiting for their articles

    @classmethod
    def update_settings(cls, settings) -> None:
        super().update_settings(settings)
        if settings.get("REDIS_URL"):  # a frontier shared with other workers
            from ..frontier import use_redis_frontier

            use_redis_frontier(settings)
        elif settings.get("JOBDIR"):
            # A disk queue checked before it is trusted, and no requests.seen: the output
            # file says what is done (crawler/scheduler.py).
            settings.set("SCHEDULER", "crawler.scheduler.JobDirScheduler", priority="spider")
            settings.set("DUPEFILTER_CLASS", "crawler.scheduler.RunDupeFilter", priority="spider")

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.max_articles:
            # Scrapy's own stop; the spider also holds back what responses already in flight
            # would add beyond N (items on their way through the pipelines count).
            crawler.settings.set("CLOSESPIDER_ITEMCOUNT", spider.max_articles, priority="spider")
            for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
                crawler.signals.connect(spider._item_done, signal=signal)
        policy = str(crawler.settings.get("DISCOVERY_LISTINGS") or "auto").lower()
        if policy not in LISTING_POLICIES:
            raise ValueError(
                f"DISCOVERY_LISTINGS={policy!r}: use one of {', '.join(LISTING_POLICIES)}"
            )
        spider.listing_policy = policy
        settings = crawler.settings
        if settings.getpriority("FEEDS") > settings.getpriority("OUTPUT") and settings.get("FEEDS"):
            # `scrapy crawl news -O out.jsonl`: Scrapy's feed is the output, the same records
            # as OUTPUT would get; the default OUTPUT file is neither written nor read.
            settings.set("OUTPUT", None, priority=settings.getpriority("FEEDS"))
        if spider.profile.generic:
            crawler.signals.connect(spider._spider_idle, signal=signals.spider_idle)
        return spider

    # -- discovery ---------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        for req in self._entry_requests():
            yield req

    def _entry_requests(self) -> Iterator[Request]:
        p = self.profile
        if p.generic:
            # robots.txt (then the common sitemap paths) and the home page (its feeds,
            # article links and sections); a missing robots.txt still leads to the probes.
            req = self._ask(p.sitemaps[0], self._parse_robots, errback=self._no_robots)
            if req:
                yield req
            req = self._ask(p.start_urls[0], self._parse_home, errback=self._probe_failed)
            if req:
                yield req
            return
        for url in p.sitemaps:
            cb = self._parse_robots if url.endswith("/robots.txt") else self._parse_sitemap
            req = self._ask(url, cb)
            if req:
                yield req
        for url in p.feeds:
            req = self._ask(url, self._parse_feed)
            if req:
                yield req
        for url in (*p.listings, *p.start_urls):
            req = self._ask(url, self._parse_listing)
            if req:
                yield req

    def rewind(self) -> list[Request]:
        """Forget what this run asked for and ask for the entry points again.

        Called by a scheduler that lost requests it held (``crawler.scheduler``): what
        they led to is found again. Articles already collected are still not asked for.
        """
        logger.warning("%s: re-reading the entry points to find lost requests again", self.site)
        self._asked.clear()
        self._listed.clear()
        self._held.clear()
        self._listings_started = False
        return list(self._entry_requests())

    def _ask(self, url: str, callback, **kw: Any) -> Request | None:
        """One request per URL per run; ``dont_filter`` so a resumed job re-asks what a
        killed run had in flight (the output file, not the dupefilter, says what is done)."""
        key = canonical_url(url)
        if key in self._asked:
            return None
        self._asked.add(key)
        kw.setdefault("errback", self._fetch_failed)
        return Request(url, callback=callback, dont_filter=True, **kw)

    def _fetch_failed(self, failure) -> None:
        # One line per page that could not be fetched (Scrapy would log a traceback);
        # the summary counts them and a crawl that fetched nothing fails
        # (crawler.extensions.nothing_fetched).
        request = getattr(failure, "request", None)
        # A request dropped on purpose (robots.txt, an offsite redirect) is not a failure.
        dropped = failure.check(IgnoreRequest) and not failure.check(HttpError)
        level = logging.DEBUG if dropped else logging.WARNING
        logger.log(
            level,
            "could not fetch %s: %s",
            request.url if request else "?",
            failure.getErrorMessage(),
        )

    def _article(
        self,
        url: str,
        lastmod: str | None = None,
        published: str | None = None,
        listed: bool = False,
        **kw: Any,
    ) -> Request | None:
        """Ask for an article page. ``listed``: the URL comes from a sitemap or feed, so a
        generic crawl asks for it unless its URL rules it out (the reader decides)."""
        if self.profile.generic:
            decision = disco.classify_url(url, self.profile.domains[0])
            if decision.kind == "skip" or (decision.kind != "article" and not listed):
                self._not_followed(url, decision.reason)
                return None
        elif not self.profile.is_article_url(url):
            return None
        # A sitemap's lastmod is the last change: only an upper bound on the publication.
        if (lastmod and self.since and lastmod[:10] < self.since.isoformat()) or (
            published and not disco.in_date_range(published, self.since, self.until)
        ):
            self.crawler.stats.inc_value("articles/outside_dates")
            return None
        store = self._store()
        key = canonical_url(url)
        if store is not None and store.has_url(key):
            # Asked for (or counted) in this run already: only linked again (another listing,
            # the feed); the first time, known from an earlier run or another worker.
            again = key in self._asked
            self._asked.add(key)  # never asked for now: it is in the store
            self.crawler.stats.inc_value(
                "articles/seen_again" if again else "articles/already_collected"
            )
            return None
        return self._ask(url, self.parse_article, priority=10, **kw)

    def _store(self) -> CollectedStore | None:
        return self.crawler.get_extension(CollectedStore)

    def _not_followed(self, url: str, reason: str) -> None:
        key = canonical_url(url)
        if key not in self._judged:
            self._judged.add(key)
            self.crawler.stats.inc_value("discovery/links_not_followed")
            logger.debug("not followed %s: %s", url, reason)

    def _probe_failed(self, failure) -> None:
        request = getattr(failure, "request", None)
        logger.info("%s: %s", request.url if request else "?", failure.getErrorMessage())

    def _probe_missing(self, failure) -> None:
        # A common sitemap or feed path the site does not have: expected, not news.
        request = getattr(failure, "request", None)
        logger.debug("%s: %s", request.url if request else "?", failure.getErrorMessage())

    def _no_robots(self, failure) -> Iterator[Request]:
        self._probe_failed(failure)
        yield from self._sitemap_probes()

    def _sitemap_probes(self) -> Iterator[Request]:
        home = self.profile.start_urls[0].rstrip("/")
        for path in disco.COMMON_SITEMAP_PATHS:
            req = self._ask(home + path, self._parse_sitemap, errback=self._probe_missing)
            if req:
                yield req

    def _parse_robots(self, response: Response) -> Iterator[Request]:
        found = disco.robots_sitemaps(response.body, response.url)
        for url in found:
            req = self._ask(url, self._parse_sitemap)
            if req:
                yield req
        if not found and self.profile.generic:
            logger.info("%s lists no sitemap: trying the common sitemap paths", response.url)
            yield from self._sitemap_probes()

    def _parse_sitemap(self, response: Response) -> Iterator[Request]:
        try:
            kind, entries = disco.read_sitemap(response.body)
        except ValueError as exc:
            logger.info("%s: not a sitemap (%s), skipped", response.url, exc)
            return
        since = self.since.isoformat() if self.since else None
        listed = 0
        for entry in entries:
            if kind == "index":
                # A sub-sitemap last changed before `since` holds nothing newer.
                if since and entry.lastmod and entry.lastmod[:10] < since:
                    self.crawler.stats.inc_value("discovery/sitemaps_before_since")
                    continue
                req = self._ask(entry.loc, self._parse_sitemap, errback=self._probe_failed)
            else:
                req = self._article(entry.loc, entry.lastmod, entry.published, listed=True)
                if self.profile.generic and (
                    disco.classify_url(entry.loc, self.profile.domains[0]).kind == "article"
                ):
                    listed += 1  # sitemaps of sections alone leave the walk on
            if req:
                yield req
        if listed:
            self._sitemap_articles += listed
            self._note_discovery(sitemap_articles=listed)

    def _decoded(self, response: Response) -> str:
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1")
        return decode_html(response.body, ctype, source=response.url)[0]

    def _parse_feed(self, response: Response) -> Iterator[Request]:
        text = self._decoded(response)
        if not disco.is_feed(text):
            # Many Vietnamese sites' /rss is an HTML page listing one feed per section.
            if self.profile.generic and not response.meta.get("feed_index"):
                for url in disco.feed_urls_in_page(response.url, text):
                    req = self._ask(url, self._parse_feed, meta={"feed_index": True})
                    if req:
                        yield req
            else:
                logger.info("%s: not a feed, skipped", response.url)
            return
        try:
            entries = disco.feed_entries(text, response.url)
        except Exception as exc:
            logger.warning("%s: not a readable feed (%s), skipped", response.url, exc)
            return
        for entry in entries:
            req = self._article(entry.url, published=entry.published, listed=True)
            if req:
                yield req

    def _parse_listing(self, response: Response) -> Iterator[Request]:
        if not isinstance(response, TextResponse):
            return
        text = self._decoded(response)
        articles, nexts = listing_links(response.url, text, self.profile)
        for url in articles:
            req = self._article(url)
            if req:
                yield req
        for url in nexts:
            req = self._ask(url, self._parse_listing)
            if req:
                yield req

    # -- generic discovery: home page, sections, pagination ---------------------------------
    def _parse_home(self, response: Response) -> Iterator[Request]:
        if not isinstance(response, TextResponse):
            logger.warning("%s: the home page is not HTML", response.url)
            return
        text = self._decoded(response)
        host = self.profile.domains[0]
        if disco.site_host(response.url) != host:
            logger.warning(
                "%s redirected to %s, another site", self.profile.start_urls[0], response.url
            )
        feeds = disco.feed_urls_in_page(response.url, text)
        errback = self._probe_failed
        if not feeds:
            home = self.profile.start_urls[0].rstrip("/")
            feeds, errback = [home + path for path in disco.COMMON_FEED_PATHS], self._probe_missing
        for url in feeds:
            req = self._ask(url, self._parse_feed, errback=errback)
            if req:
                yield req
        for url in disco.page_links(response.url, text):
            decision = disco.classify_url(url, host)
            if decision.kind == "article":
                req = self._article(url)
                if req:
                    yield req
            elif decision.kind == "section":
                self._sections.append(url)
            else:
                self._not_followed(url, decision.reason)
        self._note_discovery(sections=self._sections)
        if self.listing_policy == "always":
            yield from self._walk_sections()

    def _walk_sections(self) -> Iterator[Request]:
        self._listings_started = True
        for url in self._sections:
            req = self._ask(url, self._parse_section)
            if req:
                yield req

    def _spider_idle(self, spider: Spider) -> None:
        """Discovery through sitemaps and feeds is done: walk the sections if no sitemap
        listed an article (a feed holds only the latest items)."""
        if spider is not self or self._listings_started or self._over_limit():
            return
        self._listings_started = True
        self._shared_discovery()
        if self.listing_policy == "never" or self._sitemap_articles:
            logger.info(
                "%s: %d article URLs in sitemaps; sections not walked (DISCOVERY_LISTINGS=%s)",
                self.site,
                self._sitemap_articles,
                self.listing_policy,
            )
            return
        requests = [r for r in self._walk_sections() if r]
        logger.info(
            "%s: no sitemap lists an article: walking %d sections", self.site, len(requests)
        )
        if not requests:
            return
        for req in requests:
            self.crawler.engine.crawl(req)
        raise DontCloseSpider

    def _note_discovery(self, **found: Any) -> None:
        """With a shared frontier, tell the other workers what discovery found: the one
        that walks the sections may not be the one that read the home page or sitemaps."""
        store = self._store()
        if store is not None and store.shared:
            store.note_discovery(**found)

    def _shared_discovery(self) -> None:
        store = self._store()
        try:
            found = store.discovery() if store is not None else None
        except RedisUnavailable:
            return  # the worker is stopping (redis_unavailable)
        if found is not None:
            sections, count = found
            self._sections += [u for u in sections if u not in self._sections]
            self._sitemap_articles = max(self._sitemap_articles, count)

    def _parse_section(self, response: Response) -> Iterator[Request]:
        if not isinstance(response, TextResponse):
            return
        text = self._decoded(response)
        if disco.declares_article(text):
            # An article whose URL looked like a section's.
            yield from self._read(response, text)
            return
        host = self.profile.domains[0]
        articles = [
            u
            for u in disco.page_links(response.url, text)
            if disco.classify_url(u, host).kind == "article"
        ]
        base, _ = disco.page_number(response.url)
        seen = self._listed.setdefault(base, set())
        new = {canonical_url(u) for u in articles} - seen
        seen |= new
        # With --since, the next page waits for this page's articles: listings run newest
        # first, so when every article asked from a page is older, so are the next pages.
        held = _HeldPage(response.url, disco.next_pages(response.url, text)) if new else None
        # The page's URL, not the object, in meta: a JOBDIR queue pickles requests.
        kw = {"meta": {"held_page": response.url}, "errback": self._article_failed}
        kw = kw if self.since and held is not None else {}
        for url in articles:
            req = self._article(url, **kw)
            if req:
                if held is not None:
                    held.asked += 1
                yield req
        if held is None:
            # Past the last page (or a site serving its last page for any number).
            logger.debug("%s: no new article links, end of this listing", response.url)
            return
        if self.since and held.asked:
            self._held[held.url] = held
        else:
            yield from self._next_pages(held)

    def _next_pages(self, held: _HeldPage) -> Iterator[Request]:
        for url in held.nexts:
            req = self._ask(url, self._parse_section)
            if req:
                yield req

    def _article_read(self, response: Response, before_since: bool) -> Iterator[Request]:
        """One article of a held listing page is done; the last one releases the next page."""
        held = self._held.get(response.meta.get("held_page", ""))
        if held is None:  # not from a held page (or from a run before a resume)
            return
        held.done += 1
        held.old += before_since
        if held.done < held.asked:
            return
        del self._held[held.url]
        if held.old == held.asked:
            self.crawler.stats.inc_value("discovery/listings_ended_by_since")
            logger.info(
                "%s: every article it links is before --since: end of the listing", held.url
            )
            return
        yield from self._next_pages(held)

    def _article_failed(self, failure) -> Iterator[Request]:
        self._probe_failed(failure)
        request = getattr(failure, "request", None)
        if request is not None:
            yield from self._article_read(request, before_since=False)

    # -- articles --------------------------------------------------------------------------
    def _item_done(self, item: Any = None, **kwargs: Any) -> None:
        self._in_pipelines -= 1

    def _over_limit(self) -> bool:
        if not self.max_articles:
            return False
        written = self.crawler.stats.get_value("item_scraped_count", 0)
        return written + self._in_pipelines >= self.max_articles

    def parse_article(self, response: Response):
        stats = self.crawler.stats
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1")
        if not isinstance(response, TextResponse) or "html" not in (ctype or "text/html"):
            stats.inc_value("articles/skipped/not_html")
            logger.info("skipped %s: not an HTML page (%s)", response.url, ctype or "no type")
            return
        text, encoding = decode_html(response.body, ctype, source=response.url)
        declared = declared_charset(response.body, ctype)
        if declared is not None and declared != encoding:
            stats.inc_value(f"encoding/corrected/{declared}->{encoding}")
        yield from self._read(response, text)

    def _read(self, response: Response, text: str):
        stats = self.crawler.stats
        item = parse_article(response.url, text, self.reader_profile)
        day = None if isinstance(item, Skipped) or not item.published else item.published[:10]
        yield from self._article_read(
            response, before_since=bool(day and self.since and day < self.since.isoformat())
        )
        if isinstance(item, Skipped):
            stats.inc_value("articles/skipped/not_article")
            logger.info("skipped %s: %s", item.url, item.reason)
            return
        if self.since or self.until:
            if day is None:
                stats.inc_value("articles/outside_dates")
                logger.info("skipped %s: no date, and a date range was asked for", item.url)
                return
            if (self.since and day < self.since.isoformat()) or (
                self.until and day > self.until.isoformat()
            ):
                stats.inc_value("articles/outside_dates")
                return
        if self._over_limit():
            stats.inc_value("articles/over_limit")
            return
        stats.inc_value("articles/parsed")
        if self.max_articles:
            self._in_pipelines += 1
        yield item
