"""Scrapy item pipelines: validate → canonicalise and deduplicate → extract → JSONL.

Enabled in ``crawler/settings.py`` in that order. What is already collected is
``crawler.collected.CollectedStore`` (shared with the spider): the output file
(its URLs and content hashes, read when the crawl opens) and, with a shared
frontier (``REDIS_URL``), the sets every worker fills in Redis. Deduplication
checks it before extraction; the exporter claims each article: without Redis right
before writing its line (a URL check: no file holds an article twice, even when two
crawls of one process write it), with Redis right after (across workers no article is
written twice). Before appending, the exporter cuts off a half-written
last line left by a crash, and gives a complete last record its missing newline.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem, NotConfigured

from crawler.collected import CollectedStore, RedisUnavailable
from crawler.pages import MIN_BODY_CHARS, ArticleItem
from crawler.urls import canonical_url
from nlp.clean import clean_text
from nlp.extract.common import norm_key

from .article import Article, Rejected, url_id

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["DedupPipeline", "ExtractPipeline", "JsonlExportPipeline", "ValidatePipeline"]

logger = logging.getLogger(__name__)


def content_hash(text: str) -> str:
    """Hash of an article's cleaned, normalised text: reposts with other markup collide."""
    return hashlib.sha1(norm_key(clean_text(text)).encode("utf-8")).hexdigest()[:20]


def _stats(crawler: Crawler | None):
    return crawler.stats if crawler is not None else None


class ValidatePipeline:
    """Drops items missing a URL, title or article text, with the reason."""

    def __init__(self, crawler: Crawler | None = None) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: Any, spider=None) -> Any:
        if not isinstance(item, ArticleItem):
            raise DropItem(f"not an article item: {type(item).__name__}")
        for field in ("url", "site", "title", "text"):
            if not getattr(item, field):
                raise DropItem(f"{item.url or '?'}: missing {field}")
        if len(item.text) < MIN_BODY_CHARS:
            raise DropItem(f"{item.url}: article text too short ({len(item.text)} characters)")
        return item


class DedupPipeline:
    """Canonicalises the URL (courlan) and drops repeats by URL or by content, across runs.

    The check is made against the crawl's ``CollectedStore`` before extraction; the
    exporter's claim is what binds across workers.
    """

    def __init__(self, store: CollectedStore | None = None, crawler: Crawler | None = None) -> None:
        self.crawler = crawler
        self.store = store if store is not None else CollectedStore()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        return cls(crawler.get_extension(CollectedStore), crawler)

    def open_spider(self, spider=None) -> None:
        self.store.open(content_hash)

    def has_url(self, url: str) -> bool:
        """Whether this (canonical) URL has been collected, in this run or an earlier one."""
        return self.store.has_url(url)

    def process_item(self, item: ArticleItem, spider=None) -> ArticleItem:
        url = canonical_url(item.canonical_url or item.url)
        try:
            reason = self.store.reserve(url, content_hash(item.text))
        except RedisUnavailable:
            # The one error line named the server; each item says only what becomes of it.
            reason = "not checked (Redis unavailable); it stays to be crawled"
            raise DropItem(f"{item.url}: {reason}") from None
        if reason is not None:
            stats = _stats(self.crawler)
            if stats:
                key = "duplicate_url" if reason.startswith("duplicate") else "duplicate_content"
                stats.inc_value(f"dropped/{key}")
            raise DropItem(f"{item.url}: {reason}")
        return replace(item, url=url)


class ExtractPipeline:
    """Runs the NLP extraction of ``vnminer extract`` on each article (``EXTRACT_ENABLED``)."""

    def __init__(self, crawler: Crawler | None = None) -> None:
        self.crawler = crawler
        self.extractor = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        if not crawler.settings.getbool("EXTRACT_ENABLED", True):
            raise NotConfigured("extraction switched off (EXTRACT_ENABLED=False)")
        return cls(crawler)

    def open_spider(self, spider=None) -> None:
        from .extract import ArticleExtractor

        self.extractor = ArticleExtractor()

    def process_item(self, item: ArticleItem, spider=None) -> dict[str, Any]:
        assert self.extractor is not None
        article = to_article(item)
        result = self.extractor(article)
        if isinstance(result, Rejected):
            if self.crawler is not None:
                self.crawler.stats.inc_value("dropped/rejected_by_extraction")
            raise DropItem(f"{item.url}: {result.reason}")
        return result.model_dump(mode="json")


def to_article(item: ArticleItem) -> Article:
    """The pipeline's article: its id is a hash of the canonical URL."""
    return Article(
        id=url_id(item.url),
        text=item.text,
        source=item.url,
        title=item.title,
        url=item.url,
        published=item.published,
        site=item.site,
        author=item.author,
    )


class JsonlExportPipeline:
    """Appends one complete UTF-8 JSON line per item to ``OUTPUT``, flushed at once.

    Each line goes to the file in one ``write`` on an ``O_APPEND`` descriptor, so a
    killed crawl leaves at most one torn line, which the next run removes before
    it appends. Right after the write the article is claimed in the crawl's
    ``CollectedStore``: with workers sharing Redis, the one whose claim fails cuts
    its line off again. (Written, then claimed: a worker killed in between has the
    article in its file, unclaimed; when it starts again it claims it, or removes it
    if another worker wrote it meanwhile. Claimed first, the article would be lost.)
    Without Redis, the URL is checked before the write instead: the file is this
    process's alone (``OUTPUT.lock``), so nothing can come between the check and the write.
    The file is created at the first line: a crawl that writes nothing leaves none.

    Without ``OUTPUT`` (``scrapy crawl news -O FILE``: Scrapy's feed export is the
    output) no file is written, but the pipeline still turns an article item into the
    dict ``OUTPUT`` would get, and with a shared store claims it before passing it on:
    a worker whose claim fails drops the item, so no feed gets an article twice. (The
    claim comes first there: Scrapy's feed is not crash-safe anyway; ``--output`` is.)
    ``process_item`` returns what it wrote, so a feed and ``OUTPUT`` hold the same dicts.
    """

    def __init__(
        self,
        output: str | None,
        crawler: Crawler | None = None,
        store: CollectedStore | None = None,
    ) -> None:
        self.path = Path(output) if output else None
        self.crawler = crawler
        self.store = store
        self.fd: int | None = None
        self.size = 0
        self.written = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JsonlExportPipeline:
        output = crawler.settings.get("OUTPUT")
        return cls(output or None, crawler, crawler.get_extension(CollectedStore))

    def open_spider(self, spider=None) -> None:
        if self.store is not None:  # already open, unless deduplication is switched off
            self.store.open(content_hash)
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        repair_jsonl(self.path)

    def _open(self) -> int:
        # At the first line: a crawl that writes nothing leaves no empty file behind.
        if self.fd is None:
            assert self.path is not None
            self.fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            self.size = os.fstat(self.fd).st_size
        return self.fd

    def process_item(self, item: Any, spider=None) -> Any:
        if isinstance(item, ArticleItem):  # extraction switched off: the article as input
            a = to_article(item)
            obj = {k: v for k, v in asdict(a).items() if k != "source"}
        else:
            obj = item
        if self.path is None:  # the feed export writes it (see the class doc)
            if self.store is not None and self.store.shared and isinstance(obj, dict):
                self._claim_for_feed(obj)
            self.written += 1
            return obj
        text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        line = (text + "\n").encode("utf-8")
        claims = self.store is not None and isinstance(obj, dict) and bool(obj.get("url"))
        if claims and not self.store.shared:
            self._claim_before_write(obj)
        fd = self._open()
        before = self.size
        os.write(fd, line)
        self.size += len(line)
        if claims and self.store.shared:
            self._claim(obj, before)
        self.written += 1
        return obj

    def _claim_for_feed(self, obj: dict[str, Any]) -> None:
        if not obj.get("url"):
            return
        reason = self._shared_claim(obj, "not passed to the feed")
        if reason is not None:
            self._drop(obj, reason)

    def _claim_before_write(self, obj: dict[str, Any]) -> None:
        """The URL check at write time, file-backed: never the same URL twice in a file."""
        assert self.store is not None
        reason = self.store.claim(obj["url"], obj.get("text"))
        if reason is not None:
            if self.crawler is not None:
                self.crawler.stats.inc_value("dropped/duplicate_url")
            raise DropItem(f"{obj['url']}: {reason}")

    def _shared_claim(self, obj: dict[str, Any], lost: str) -> str | None:
        """Claim ``obj``'s article in Redis: why it is not this worker's to keep, or None.
        When Redis fails on this very call, the claim may have gone through: the article
        is kept (the next start claims it, or removes it if another worker wrote it); once
        Redis is known to be down, it is ``lost`` and its request stays leased."""
        assert self.store is not None
        link = self.store.redis
        first = link is not None and link.failed is None
        try:
            return self.store.claim(obj["url"], obj.get("text"))
        except RedisUnavailable:
            if first:
                return None
            return f"{lost} (Redis unavailable); its request stays leased, to crawl again"

    def _drop(self, obj: dict[str, Any], reason: str) -> None:
        if self.crawler is not None and "Redis unavailable" not in reason:
            key = "duplicate_url" if reason.startswith("duplicate") else "duplicate_content"
            self.crawler.stats.inc_value(f"dropped/{key}")
        raise DropItem(f"{obj['url']}: {reason}")

    def _claim(self, obj: dict[str, Any], before: int) -> None:
        assert self.fd is not None
        reason = self._shared_claim(obj, "not written")
        if reason is not None:
            # Only this process appends to this file: cutting at `before` removes our line.
            os.ftruncate(self.fd, before)
            self.size = before
            self._drop(obj, reason)

    def close_spider(self, spider=None) -> None:
        if self.fd is not None:
            os.fsync(self.fd)
            os.close(self.fd)
            self.fd = None


def repair_jsonl(path: Path) -> int:
    """Make ``path`` end with a complete line before appending; returns bytes removed.

    A last line without its newline is a record when it is complete JSON (a writer
    stopped right before the newline, or the file was edited): it gets its newline,
    so the next line is not glued onto it. Otherwise it is torn and is cut off.
    """
    if not path.exists() or path.stat().st_size == 0:
        return 0
    with path.open("rb+") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return 0
        # Walk back to the last newline.
        pos = size - 1
        chunk = 4096
        while pos > 0:
            start = max(0, pos - chunk)
            fh.seek(start)
            data = fh.read(pos - start)
            nl = data.rfind(b"\n")
            if nl >= 0:
                keep = start + nl + 1
                break
            pos = start
        else:
            keep = 0
        fh.seek(keep)
        try:
            complete = isinstance(json.loads(fh.read()), dict)
        except ValueError:
            complete = False
        if complete:
            fh.seek(0, os.SEEK_END)
            fh.write(b"\n")
            logger.info("%s: added the newline its last record lacked", path)
            return 0
        fh.truncate(keep)
    removed = size - keep
    logger.warning(
        "%s: removed a torn last line (%d bytes) left by an interrupted run", path, removed
    )
    return removed
