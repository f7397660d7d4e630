"""What has been collected already: the store the spider and the item pipelines share.

One ``CollectedStore`` per crawl, a Scrapy extension (``crawler.get_extension``):

* the spider asks ``has_url`` before it requests an article, so a known article is
  never fetched again;
* the deduplication pipeline ``reserve``\\ s an article's canonical URL and content
  hash before extraction (a cheap check, not binding);
* the exporter ``claim``\\ s them right after it writes the line: the binding check
  (it cuts the line off again when the claim fails).

Two backends. Without ``REDIS_URL`` the output file is the truth: ``open`` reads
its URLs and content hashes, and the sets live in memory (one process). With
``REDIS_URL`` the sets live in Redis, shared by every worker of the job
(``vnminer:JOB:collected:urls``, URL -> owner, and ``…:collected:hashes``, content
hash -> URL), and are filled only when an article is written: ``claim`` checks and
adds in one Lua call, so of two workers that fetched the same text only one keeps
it. The owner is this machine and output file: a worker that starts again claims
what its file holds and removes from it what another worker claimed first (it was
killed between writing a line and claiming it, and the other fetched it again).

While it is open, the store holds a lock on ``OUTPUT.lock``: a second process given
the same output file stops with ``output_in_use`` instead of cutting this one's lines.
The crawls of one process writing one file (``vnminer run --sites a,a``) share one view
of it (``_FileView``), and without Redis the exporter claims each URL before it
writes the line: whichever crawl comes second drops the article as a duplicate.
With Redis it also shares what a generic crawl's discovery found (``note_discovery``),
so that any idle worker can walk the sections another one read from the home page.

``RedisLink`` is the crawl's one Redis connection (the frontier scheduler uses it
too). Any Redis error stops the worker with the close reason ``redis_unavailable``
and one error line naming the server; from then on nothing is written to Redis, so
what this worker had in flight stays leased in Redis for another worker (or for it,
restarted) to take over.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from scrapy import signals
from scrapy.exceptions import CloseSpider

from .locks import lock_file, unlock_file
from .urls import canonical_url

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = [
    "REDIS_UNAVAILABLE",
    "CollectedStore",
    "OutputInUse",
    "RedisLink",
    "RedisUnavailable",
    "job_prefix",
    "read_collected",
    "safe_url",
]

logger = logging.getLogger(__name__)

REDIS_UNAVAILABLE = "redis_unavailable"
_SCALE_HINT = "install the 'scale' extra: pip install -e '.[scale]' in the vn-news-miner repository"


class OutputInUse(CloseSpider):
    """Another crawl is writing the same output file (``output_in_use``): two workers
    appending to, repairing and rewriting one file would cut each other's lines."""

    def __init__(self, path: Path) -> None:
        super().__init__("output_in_use")
        self.path = path

    def __str__(self) -> str:
        return (
            f"{self.path} is being written by another crawl: give each worker its own "
            "--output (vnminer export and load_records read a directory of them)"
        )


class RedisUnavailable(CloseSpider):
    """Redis could not be reached or refused a command; the crawl stops (``redis_unavailable``).

    A ``CloseSpider``, so raised from a spider callback or while the spider opens,
    Scrapy closes the spider with this reason instead of logging a traceback.
    """

    def __init__(self, url: str, detail: str) -> None:
        super().__init__(REDIS_UNAVAILABLE)
        self.url = url
        self.detail = detail

    def __str__(self) -> str:
        return f"Redis at {self.url} is unavailable: {self.detail}"


def safe_url(url: str) -> str:
    """``url`` without its password, for logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username or ''}:***@{parts.hostname}"
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


def job_prefix(settings: Any, spider: Any) -> str:
    """The Redis key prefix of a crawl job: ``vnminer:JOB:`` (``REDIS_JOB``, else the site)."""
    job = settings.get("REDIS_JOB") or getattr(spider, "site", None) or spider.name
    return f"vnminer:{job}:"


class RedisLink:
    """One Redis client for a crawl, and the one place that turns a Redis error into a stop.

    ``run(fn, *args)`` calls ``fn``; on any Redis error it logs one clear error naming
    the server, asks the engine to close the spider (``redis_unavailable``) and raises
    ``RedisUnavailable``. After the first failure every call raises at once: a worker
    that lost Redis writes nothing more to it, so its leases stay as they were.
    """

    def __init__(self, url: str, crawler: Crawler | None = None, timeout: float = 10.0) -> None:
        try:
            import redis
            from redis.backoff import ExponentialBackoff
            from redis.retry import Retry
        except ImportError as exc:  # pragma: no cover - the extra is part of `test`
            raise ImportError(f"REDIS_URL is set but redis is missing: {_SCALE_HINT}") from exc
        self.url = url
        self.crawler = crawler
        self.failed: RedisUnavailable | None = None
        self._errors = (redis.exceptions.RedisError, OSError)
        # Short timeouts and two quick retries: a dead server must stop the crawl in
        # seconds, not after redis-py's default backoff.
        self.client = redis.Redis.from_url(
            url,
            socket_connect_timeout=min(timeout, 5.0),
            socket_timeout=timeout,
            retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), 2),
        )

    @classmethod
    def from_settings(cls, settings: Any, crawler: Crawler | None = None) -> RedisLink | None:
        url = settings.get("REDIS_URL")
        if not url:
            return None
        return cls(url, crawler, timeout=settings.getfloat("REDIS_TIMEOUT", 10.0))

    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if self.failed is not None:
            raise self.failed
        try:
            return fn(*args, **kwargs)
        except self._errors as exc:
            raise self.fail(exc) from exc

    def fail(self, exc: BaseException) -> RedisUnavailable:
        """Record the first failure: one error line, a stat, and the spider asked to close."""
        if self.failed is not None:
            return self.failed
        self.failed = RedisUnavailable(
            safe_url(self.url), f"{type(exc).__name__}: {str(exc).rstrip('.')}"
        )
        logger.error(
            "%s. Stopping this worker (%s); what it had in flight stays leased in Redis. "
            "Restart the workers when Redis is back: they resume where the crawl stopped.",
            self.failed,
            REDIS_UNAVAILABLE,
        )
        crawler = self.crawler
        if crawler is not None:
            crawler.stats.set_value("redis/unavailable", 1)
            try:
                engine = crawler.engine
            except RuntimeError:  # not crawling yet: the raised error stops the start
                engine = None
            # Before the engine runs, the raised CloseSpider closes the spider instead.
            if engine is not None and engine.running and engine.spider is not None:
                from scrapy.utils.defer import deferred_from_coro

                deferred_from_coro(engine.close_spider_async(reason=REDIS_UNAVAILABLE))
        return self.failed

    def close(self) -> None:
        self.client.close()


def read_collected(path: Path, digest: Callable[[str], str]) -> Iterator[tuple[str, str | None]]:
    """``(canonical URL, content hash or None)`` of each record of a JSONL output file.

    A last line that is complete JSON without its newline is a record (the exporter adds
    the newline before it appends); a torn one is not (the exporter cuts it off)."""
    with path.open("rb") as fh:
        for raw in fh:
            try:
                obj = json.loads(raw)
            except ValueError:
                continue  # a torn last line; the exporter repairs it
            url = record_url(obj)
            if url is not None:
                text = obj.get("text")
                yield canonical_url(url), digest(text) if isinstance(text, str) and text else None


def record_url(obj: object) -> str | None:
    """The URL of a line of an output file when the line is a crawled record (a JSON
    object with a non-empty string ``url``), else None: such lines are skipped."""
    if isinstance(obj, dict):
        url = obj.get("url")
        if isinstance(url, str) and url:
            return url
    return None


# A claim: the URL or the text already claimed? Otherwise record both, atomically.
# KEYS: urls (hash URL -> owner), hashes (hash content hash -> URL); ARGV: url, digest, owner.
_CLAIM = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return {1, ARGV[1]} end
local prev = redis.call('HGET', KEYS[2], ARGV[2])
if prev then return {2, prev} end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
return {0, ''}
"""

# A worker's own file, added when it starts: ARGV = owner, then (url, digest) pairs.
# Returns the positions of the articles another owner claimed first (by URL or text).
_ADOPT = """
local me, foreign = ARGV[1], {}
for i = 2, #ARGV, 2 do
  local url, digest = ARGV[i], ARGV[i + 1]
  local owner = redis.call('HGET', KEYS[1], url)
  local other = owner and owner ~= me
  if not other and digest ~= '' then
    local u = redis.call('HGET', KEYS[2], digest)
    if u and u ~= url and redis.call('HGET', KEYS[1], u) ~= me then other = true end
  end
  if other then
    foreign[#foreign + 1] = (i - 2) / 2
  else
    redis.call('HSET', KEYS[1], url, me)
    if digest ~= '' then redis.call('HSETNX', KEYS[2], digest, url) end
  end
end
return foreign
"""


def owner_id(output: Path | None) -> str:
    """Who wrote an article: this machine and output file (stable across restarts)."""
    import hashlib
    import socket
    import uuid

    name = f"{socket.gethostname()}:{output.resolve()}" if output else uuid.uuid4().hex
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]


def drop_lines(path: Path, positions: set[int]) -> None:
    """Rewrite ``path`` without the records at ``positions`` (atomically, by rename)."""
    tmp = path.with_name(path.name + ".dedup")
    with path.open("rb") as src, tmp.open("wb") as dst:
        i = 0
        for raw in src:
            try:
                obj = json.loads(raw)
            except ValueError:
                continue  # a torn line goes too
            if record_url(obj) is not None:
                i += 1
                if i - 1 in positions:
                    continue
            dst.write(raw if raw.endswith(b"\n") else raw + b"\n")
        dst.flush()
        os.fsync(dst.fileno())
    os.replace(tmp, path)


class _ProcessLocks:
    """Exclusive flocks on lock files, counted: taken once per process, released
    when the last crawl of the process using the file closes. (An ``flock`` is per open
    file, so two crawls of one process opening the file each would lock each other out.)
    """

    def __init__(self) -> None:
        self.held: dict[Path, list[int]] = {}  # lock file -> [fd, users]

    def take(self, path: Path) -> None:
        if path in self.held:
            self.held[path][1] += 1
            return
        fd = lock_file(path)
        self.held[path] = [fd, 1]

    def release(self, path: Path) -> None:
        entry = self.held.get(path)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] == 0:
            del self.held[path]
            unlock_file(path, entry[0])  # a crawl leaves no lock file behind


# The OS keeps these locks per process; this table mirrors that.
_OUTPUT_LOCKS = _ProcessLocks()


class _FileView:
    """What this process knows one output file holds, shared by its crawls of that file."""

    def __init__(self) -> None:
        self.urls: set[str] = set()  # collected or reserved (about to be processed)
        self.hashes: dict[str, str] = {}  # content hash -> URL
        self.url_hash: dict[str, str] = {}
        self.written: set[str] = set()  # URLs whose line is in the file
        self.loaded = False
        self.users = 0


_FILE_VIEWS: dict[Path, _FileView] = {}


class CollectedStore:
    """The "already collected" store of one crawl: URLs and content hashes (see the module doc).

    Usable without a crawl: ``CollectedStore(output=path)`` (file-backed) or
    ``CollectedStore(output=path, redis=RedisLink(url), prefix="vnminer:job:")``.
    """

    def __init__(
        self,
        output: str | Path | None = None,
        redis: RedisLink | None = None,
        prefix: str | None = None,
        crawler: Crawler | None = None,
    ) -> None:
        self.output = Path(output) if output else None
        self.redis = redis
        self.prefix = prefix
        self.crawler = crawler
        self.owner = owner_id(self.output)
        self.digest: Callable[[str], str] | None = None
        # This process's view: what the output file held, plus what it reserved; shared
        # by the crawls of this process writing the same file once the store is open.
        self.view = _FileView()
        self._claim = None
        self._lock: Path | None = None
        self.opened = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CollectedStore:
        settings = crawler.settings
        link = RedisLink.from_settings(settings, crawler)
        store = cls(settings.get("OUTPUT"), link, None, crawler)
        crawler.signals.connect(store.close, signal=signals.spider_closed)
        return store

    @property
    def urls(self) -> set[str]:
        return self.view.urls

    @property
    def hashes(self) -> dict[str, str]:
        return self.view.hashes

    @property
    def url_hash(self) -> dict[str, str]:
        return self.view.url_hash

    @property
    def shared(self) -> bool:
        """Whether the store is shared with other workers (Redis-backed)."""
        return self.redis is not None

    def _keys(self) -> tuple[str, str]:
        if self.prefix is None:
            assert self.crawler is not None and self.crawler.spider is not None
            self.prefix = job_prefix(self.crawler.settings, self.crawler.spider)
        return f"{self.prefix}collected:urls", f"{self.prefix}collected:hashes"

    def open(self, digest: Callable[[str], str]) -> None:
        """Read the output file; with Redis, claim what it holds for this worker.

        An article of the file that another worker claimed first (this one was killed
        between writing it and claiming it, and the other fetched it again) is removed
        from the file: across all output files each article stays once.
        ``digest`` maps an article's text to its content hash. Idempotent.
        """
        if self.opened:
            return
        self._take_output()
        self.opened = True
        self.digest = digest
        if self._lock is not None:
            self.view = _FILE_VIEWS.setdefault(self._lock, self.view)
            self.view.users += 1
            if self.view.loaded and self.redis is None:
                return  # another crawl of this process read the file already
            self.view.loaded = True
        known = self.output is not None and self.output.exists()
        pairs = list(read_collected(self.output, digest)) if known else []
        if self.redis is not None:
            foreign = self._adopt(pairs)
            if foreign:
                assert self.output is not None
                drop_lines(self.output, foreign)
                logger.warning(
                    "%s: removed %d articles that another worker wrote too (this one was "
                    "stopped before it could claim them)",
                    self.output,
                    len(foreign),
                )
                pairs = [p for i, p in enumerate(pairs) if i not in foreign]
        for url, h in pairs:
            self.urls.add(url)
            self.view.written.add(url)
            if h:
                self.hashes.setdefault(h, url)
        if self.output is not None:
            logger.info("%s: %d articles already collected", self.output, len(self.urls))

    def _take_output(self) -> None:
        """Hold ``OUTPUT.lock`` for the crawl (a lock file beside it: the output itself is
        replaced when lines are dropped); raise ``OutputInUse`` if another process holds
        it. The crawls of one process (``vnminer run``: one per site) share the lock."""
        if self.output is None:
            return
        self.output.parent.mkdir(parents=True, exist_ok=True)
        lock = self.output.resolve().with_name(self.output.name + ".lock")
        try:
            _OUTPUT_LOCKS.take(lock)
        except OSError:
            err = OutputInUse(self.output)
            logger.error("%s", err)
            raise err from None
        self._lock = lock

    def _adopt(self, pairs: list[tuple[str, str | None]]) -> set[int]:
        assert self.redis is not None
        urls_key, hashes_key = self._keys()
        client = self.redis.client
        self._claim = client.register_script(_CLAIM)
        adopt = client.register_script(_ADOPT)

        def run() -> tuple[set[int], int]:
            foreign: set[int] = set()
            for start in range(0, len(pairs), 500):
                args: list[str] = [self.owner]
                for url, h in pairs[start : start + 500]:
                    args += [url, h or ""]
                found = adopt(keys=[urls_key, hashes_key], args=args)
                foreign.update(start + int(i) for i in found)
            return foreign, client.hlen(urls_key)

        foreign, total = self.redis.run(run)
        logger.info("Redis %s: %d articles collected by all workers", urls_key, total)
        return foreign

    def has_url(self, url: str) -> bool:
        """Whether this canonical URL was collected, by this process or (Redis) any worker."""
        if url in self.urls:
            return True
        if self.redis is None or not self.opened:
            return False
        urls_key, _ = self._keys()
        return bool(self.redis.run(self.redis.client.hexists, urls_key, url))

    def reserve(self, url: str, digest: str) -> str | None:
        """Note an article about to be processed; the reason it is a duplicate, or ``None``.

        Not binding across workers (``claim`` is); it spares extracting a known repeat.
        """
        if url in self.urls:
            return f"duplicate of {url}"
        if digest in self.hashes:
            return f"same text as {self.hashes[digest]}"
        if self.redis is not None and self.opened:
            urls_key, hashes_key = self._keys()

            def check():
                pipe = self.redis.client.pipeline(transaction=False)
                pipe.hexists(urls_key, url)
                pipe.hget(hashes_key, digest)
                return pipe.execute()

            known, prev = self.redis.run(check)
            if known:
                return f"duplicate of {url} (collected by another worker)"
            if prev:
                return f"same text as {prev.decode('utf-8')} (collected by another worker)"
        self.urls.add(url)
        self.hashes[digest] = url
        self.url_hash[url] = digest
        return None

    def claim(self, url: str, text: str | None = None) -> str | None:
        """Claim an article written (Redis) or about to be written (file): ``None`` when it
        is this worker's to keep, else why not.

        With Redis, one atomic check-and-add after the write: of two workers only one gets
        ``None``; the other takes its line back. File-backed, the check comes before the
        write: a URL already in the file (an earlier run, or another crawl of this process
        writing the same file) is not written again.
        """
        if self.redis is None:
            if url in self.view.written:
                where = f" in {self.output}" if self.output else ""
                return f"duplicate of {url} (already written{where})"
            self.view.written.add(url)
            return None
        if not self.opened:
            return None
        digest = self.url_hash.get(url)
        if digest is None:
            assert self.digest is not None
            digest = self.digest(text or "")
        urls_key, hashes_key = self._keys()
        code, other = self.redis.run(
            self._claim, keys=[urls_key, hashes_key], args=[url, digest, self.owner]
        )
        if code == 0:
            return None
        other = other.decode("utf-8") if isinstance(other, bytes) else other
        if code == 1:
            return f"duplicate of {other} (written by another worker)"
        return f"same text as {other} (written by another worker)"

    # -- what generic discovery found, shared by the workers of a job ---------------------
    def note_discovery(self, sections: Sequence[str] = (), sitemap_articles: int = 0) -> None:
        """Share what a worker's discovery found: the home page's sections, and how many
        article URLs its sitemaps listed. With Redis, every worker of the job sees them
        when it decides, once idle, whether to walk the sections (the worker that read the
        home page may have been killed since). Without Redis, one process: nothing to do.
        Cleared with the frontier when the run finishes.
        """
        if self.redis is None or (not sections and not sitemap_articles):
            return
        keys = self._discovery_keys()
        client = self.redis.client

        def note() -> None:
            pipe = client.pipeline(transaction=False)
            if sections:
                pipe.zadd(keys[0], {u: i for i, u in enumerate(sections)}, nx=True)
            if sitemap_articles:
                pipe.incrby(keys[1], sitemap_articles)
            pipe.execute()

        self.redis.run(note)

    def discovery(self) -> tuple[list[str], int] | None:
        """``(sections, sitemap article count)`` noted by all workers; ``None`` without Redis."""
        if self.redis is None:
            return None
        keys = self._discovery_keys()
        client = self.redis.client

        def read() -> tuple[list[bytes], bytes | None]:
            pipe = client.pipeline(transaction=False)
            pipe.zrange(keys[0], 0, -1)
            pipe.get(keys[1])
            return pipe.execute()

        sections, count = self.redis.run(read)
        return [u.decode("utf-8") for u in sections], int(count or 0)

    def _discovery_keys(self) -> tuple[str, str]:
        self._keys()  # sets the prefix
        return f"{self.prefix}discovery:sections", f"{self.prefix}discovery:sitemap_articles"

    def close(self, spider: Any = None, reason: str | None = None) -> None:
        if self._lock is not None:
            self.view.users -= 1
            if self.view.users <= 0:
                _FILE_VIEWS.pop(self._lock, None)
            _OUTPUT_LOCKS.release(self._lock)
            self._lock = None
        if self.redis is not None and self.redis.failed is None:
            self.redis.close()
