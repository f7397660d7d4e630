"""Scrapy item pipelines: validate → canonicalise and deduplicate → extract → JSONL.

Enabled in ``crawler/settings.py`` in that order. The output file is the
single source of truth across runs: on open, the deduplication pipeline reads
it (URLs and content hashes), so a resumed or incremental crawl skips what is
already there, and the exporter repairs a half-written last line left by a
crash before appending.
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
    """Canonicalises the URL (courlan) and drops repeats by URL or by content, across runs."""

    def __init__(self, crawler: Crawler | None = None, output: str | None = None) -> None:
        self.crawler = crawler
        self.output = Path(output) if output else None
        self.urls: set[str] = set()
        self.hashes: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        return cls(crawler, crawler.settings.get("OUTPUT"))

    def open_spider(self, spider=None) -> None:
        if self.output is None or not self.output.exists():
            return
        with self.output.open("rb") as fh:
            for raw in fh:
                try:
                    obj = json.loads(raw)
                except ValueError:
                    continue  # a torn last line; the exporter repairs it
                if isinstance(obj, dict) and obj.get("url"):
                    url = canonical_url(obj["url"])
                    self.urls.add(url)
                    if obj.get("text"):
                        self.hashes.setdefault(content_hash(obj["text"]), url)
        logger.info("%s: %d articles already collected", self.output, len(self.urls))

    def has_url(self, url: str) -> bool:
        """Whether this (canonical) URL has been collected, in this run or an earlier one."""
        return url in self.urls

    def process_item(self, item: ArticleItem, spider=None) -> ArticleItem:
        url = canonical_url(item.canonical_url or item.url)
        stats = _stats(self.crawler)
        if url in self.urls:
            if stats:
                stats.inc_value("dropped/duplicate_url")
            raise DropItem(f"{item.url}: duplicate of {url}")
        digest = content_hash(item.text)
        if digest in self.hashes:
            if stats:
                stats.inc_value("dropped/duplicate_content")
            raise DropItem(f"{item.url}: same text as {self.hashes[digest]}")
        self.urls.add(url)
        self.hashes[digest] = url
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
    it appends.
    """

    def __init__(self, output: str, crawler: Crawler | None = None) -> None:
        self.path = Path(output)
        self.crawler = crawler
        self.fd: int | None = None
        self.written = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JsonlExportPipeline:
        output = crawler.settings.get("OUTPUT")
        if not output:
            raise NotConfigured("no OUTPUT file set")
        return cls(output, crawler)

    def open_spider(self, spider=None) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        repair_jsonl(self.path)
        self.fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def process_item(self, item: Any, spider=None) -> Any:
        if isinstance(item, ArticleItem):  # extraction switched off: the article as input
            a = to_article(item)
            obj = {k: v for k, v in asdict(a).items() if k != "source"}
        else:
            obj = item
        line = (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        assert self.fd is not None
        os.write(self.fd, line)
        self.written += 1
        return item

    def close_spider(self, spider=None) -> None:
        if self.fd is not None:
            os.fsync(self.fd)
            os.close(self.fd)
            self.fd = None


def repair_jsonl(path: Path) -> int:
    """Cut a torn last line (no newline at the end) off ``path``; returns bytes removed."""
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
        fh.truncate(keep)
    removed = size - keep
    logger.warning(
        "%s: removed a torn last line (%d bytes) left by an interrupted run", path, removed
    )
    return removed
