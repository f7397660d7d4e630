"""Downloader middlewares: polite retries, and a WARC archive of raw responses."""

from __future__ import annotations

import logging
import random
import threading
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import NotConfigured
from scrapy.utils.response import response_status_message

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

__all__ = ["BackoffRetryMiddleware", "WarcArchiveMiddleware", "retry_after_seconds"]

logger = logging.getLogger(__name__)


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds())


async def _sleep(seconds: float) -> None:
    from scrapy.utils.defer import maybe_deferred_to_future
    from twisted.internet import reactor
    from twisted.internet.task import deferLater

    await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, waiting before each one.

    A 429 or 503 with ``Retry-After`` waits that long (capped at
    ``RETRY_AFTER_MAX``); other retries back off exponentially from
    ``RETRY_BACKOFF_BASE`` seconds, capped at ``RETRY_BACKOFF_MAX``, with jitter.
    """

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", 120.0)

    def _delay(self, request: Request, response: Response | None) -> float:
        if response is not None and response.status in (429, 503):
            wait = retry_after_seconds(response.headers.get(b"Retry-After"))
            if wait is not None:
                return min(wait, self.retry_after_max)
        attempt = request.meta.get("retry_times", 0)
        delay = min(self.backoff_max, self.backoff_base * (2**attempt))
        return delay * random.uniform(0.5, 1.0)

    async def process_response(self, request: Request, response: Response, spider=None):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        delay = self._delay(request, response)
        if delay > 0:
            self.crawler.stats.inc_value("retry/backoff_seconds", round(delay, 3))
            await _sleep(delay)
        return retry

    async def process_exception(self, request: Request, exception: Exception, spider=None):
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get(
            "dont_retry", False
        ):
            return None
        retry = self._retry(request, exception)
        if retry is None:
            return None
        delay = self._delay(request, None)
        if delay > 0:
            await _sleep(delay)
        return retry


class WarcArchiveMiddleware:
    """Appends every downloaded response to a gzipped WARC file (``WARC_PATH``).

    ``vnminer extract --warc FILE`` re-extracts articles from the archive offline.
    """

    def __init__(self, path: Path) -> None:
        try:
            from warcio.warcwriter import WARCWriter
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise NotConfigured("WARC archiving needs warcio: pip install warcio") from exc
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._fh = path.open("ab")
        self._writer = WARCWriter(self._fh, gzip=True)
        self._lock = threading.Lock()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcArchiveMiddleware:
        path = crawler.settings.get("WARC_PATH")
        if not path:
            raise NotConfigured
        from scrapy import signals

        mw = cls(Path(path))
        mw.crawler = crawler
        crawler.signals.connect(mw.close, signal=signals.spider_closed)
        return mw

    def process_response(self, request: Request, response: Response, spider=None) -> Response:
        from warcio.statusandheaders import StatusAndHeaders

        headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, values in response.headers.items()
            for v in values
        ]
        status = f"{response.status} {response_status_message(response.status).split(' ', 1)[-1]}"
        http_headers = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        record = self._writer.create_warc_record(
            response.url, "response", payload=BytesIO(response.body), http_headers=http_headers
        )
        with self._lock:
            self._writer.write_record(record)
            self._fh.flush()
        self.crawler.stats.inc_value("warc/records")
        return response

    def close(self) -> None:
        self._fh.close()
