"""A crawl frontier in Redis shared by any number of workers: scrapy-redis, adapted.

``REDIS_URL`` (``vnminer crawl --redis URL``) switches it on: the spider's
``update_settings`` calls ``use_redis_frontier``, which points ``SCHEDULER`` and
``DUPEFILTER_CLASS`` here. Without ``REDIS_URL`` nothing of this module is imported
and the settings stay as they are.

Keys of a job (``REDIS_JOB``, default the site's name), all under ``vnminer:JOB:``:

=====================  ===============================================================
``requests``           sorted set: the queue ("S" site NUL pickled request; score: see TURNS)
``turns``, ``now``     hash site -> its last turn; the turn of the last request taken
``seen``               set: fingerprints of every request ever queued in this run
``workers``            set: worker ids (``host:pid:random``)
``lease:WORKER``       a key with a time-out, renewed every ``REDIS_HEARTBEAT`` seconds
``inflight:WORKER``    hash: the requests this worker took and has not finished
``collected:*``        the "already collected" sets (``crawler/collected.py``)
``discovery:*``        a generic crawl's sections and sitemap article count (idem)
=====================  ===============================================================

The queue is ordered by priority, then by the site's turn (sites take turns), and a
worker takes, among the first few, one whose site is idle in its own downloader: what
Scrapy's default ``DownloaderAwarePriorityQueue`` does in one process. In plain
priority order a worker's downloader fills with one site's requests, which wait out
``DOWNLOAD_DELAY`` one by one.

A worker takes a request with one Lua call that moves it from ``requests`` into
its ``inflight`` hash, and deletes it from there only when Scrapy's engine is done
with it (downloaded, parsed, its new requests queued, its items written). A worker
killed at any moment leaves its taken requests in ``inflight``; once its lease has
expired (``REDIS_LEASE`` seconds) any other worker, or the same one restarted, puts
them back in the queue. Queueing is also one Lua call (add the fingerprint to
``seen``; queue the request only if it was new), so a kill never leaves a request
marked seen but not queued. Re-doing a request is harmless: its new requests are
already ``seen`` and its article is already claimed in ``collected``.

A worker whose queue is empty keeps waiting while another live worker has requests
in flight (they may queue more). The last one to finish (``finished``, with an empty
queue, nothing in flight anywhere and no other live worker) deletes ``requests`` and
``seen``: the next run reads the entry points again, and ``collected`` keeps it from
fetching known articles. A worker that joins a drained frontier nobody works on (its
last worker was killed while idle) clears it the same way before it starts.
A worker that stops for any other reason (Ctrl-C, ``redis_unavailable``, a
``CLOSESPIDER_*`` limit) puts back what it still holds and keeps the frontier, so the
next start resumes.

What had to be adapted in scrapy-redis 0.9.1 for Scrapy 2.19 and for this use is
listed in docs/scaling.md.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

try:
    from scrapy_redis.dupefilter import RFPDupeFilter
    from scrapy_redis.queue import PriorityQueue
    from scrapy_redis.scheduler import Scheduler
except ImportError as exc:  # pragma: no cover - the extra is part of `test`
    raise ImportError(
        "REDIS_URL is set but scrapy-redis is not installed: "
        "pip install -e '.[scale]' in the vn-news-miner repository"
    ) from exc

from scrapy import signals
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.task import LoopingCall

from .collected import CollectedStore, RedisLink, RedisUnavailable, job_prefix, safe_url

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

__all__ = ["FrontierKeys", "RedisDupeFilter", "RedisFrontierScheduler", "use_redis_frontier"]

logger = logging.getLogger(__name__)


def use_redis_frontier(settings: Any) -> None:
    """Use the shared frontier: our scheduler and dupefilter (cmdline settings still win)."""
    settings.set("SCHEDULER", "crawler.frontier.RedisFrontierScheduler", priority="spider")
    settings.set("DUPEFILTER_CLASS", "crawler.frontier.RedisDupeFilter", priority="spider")


@dataclass(frozen=True, slots=True)
class FrontierKeys:
    """The Redis keys of one crawl job and one worker."""

    prefix: str
    worker: str

    @property
    def queue(self) -> str:
        return f"{self.prefix}requests"

    @property
    def seen(self) -> str:
        return f"{self.prefix}seen"

    @property
    def workers(self) -> str:
        return f"{self.prefix}workers"

    @property
    def turns(self) -> str:
        return f"{self.prefix}turns"

    @property
    def now(self) -> str:
        return f"{self.prefix}now"

    @property
    def lease(self) -> str:
        return f"{self.prefix}lease:{self.worker}"

    @property
    def inflight(self) -> str:
        return f"{self.prefix}inflight:{self.worker}"


# The queue's order: priority first, then the sites take turns. A request's score is
# -priority * TURNS + its turn; a site's next request gets the turn after its last one,
# but never one before the queue's current turn (a site found late does not jump ahead).
# Scrapy's own scheduler is downloader-aware the same way (DownloaderAwarePriorityQueue);
# in plain priority order a worker's downloader fills with one site's requests, which
# then wait out DOWNLOAD_DELAY one by one while the other sites are idle.
TURNS = 10**9

# Queue a request unless its fingerprint was seen (ARGV[4] = '1': a retry, queued anyway).
# KEYS: queue, seen, turns (hash site -> last turn), now (the current turn);
# ARGV: fingerprint, priority, request, retry, site.
_PUSH = f"""
if ARGV[4] ~= '1' and redis.call('SADD', KEYS[2], ARGV[1]) == 0 then return 0 end
local now = tonumber(redis.call('GET', KEYS[4]) or '0')
local last = tonumber(redis.call('HGET', KEYS[3], ARGV[5]) or '-1')
local turn = math.max(last + 1, now)
redis.call('HSET', KEYS[3], ARGV[5], turn)
local score = -tonumber(ARGV[2]) * {TURNS} + turn
redis.call('ZADD', KEYS[1], string.format('%.0f', score), ARGV[3])
return 1
"""

# Take a request into this worker's in-flight hash ("score|request"): among the first
# LOOKAHEAD, the first whose site has nothing in this worker's downloader (ARGV: the
# busy sites), else the first. A queued request is "S" site NUL pickled-request.
# KEYS: queue, inflight, now.
LOOKAHEAD = 64
_POP = f"""
local busy = {{}}
for i = 1, #ARGV do busy[ARGV[i]] = true end
local r = redis.call('ZRANGE', KEYS[1], 0, {LOOKAHEAD - 1}, 'WITHSCORES')
if #r == 0 then return false end
local pick = 1
for i = 1, #r, 2 do
  local site, z = '', string.find(r[i], '\\0', 2, true)
  if string.sub(r[i], 1, 1) == 'S' and z then site = string.sub(r[i], 2, z - 1) end
  if not busy[site] then pick = i break end
end
local member, score = r[pick], r[pick + 1]
redis.call('ZREM', KEYS[1], member)
local field = redis.sha1hex(member)
redis.call('HSET', KEYS[2], field, score .. '|' .. member)
local turn = tonumber(score) % {TURNS}
if turn > tonumber(redis.call('GET', KEYS[3]) or '0') then
  redis.call('SET', KEYS[3], string.format('%.0f', turn))
end
return {{field, member}}
"""

# Put the in-flight requests of workers whose lease expired back in the queue.
# ARGV[2] names a worker to release whatever its lease says (itself, closing).
_RECLAIM = """
local moved = 0
for _, w in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if w == ARGV[2] or redis.call('EXISTS', ARGV[1] .. 'lease:' .. w) == 0 then
    local key = ARGV[1] .. 'inflight:' .. w
    for _, v in ipairs(redis.call('HVALS', key)) do
      local sep = string.find(v, '|', 1, true)
      redis.call('ZADD', KEYS[1], string.sub(v, 1, sep - 1), string.sub(v, sep + 1))
      moved = moved + 1
    end
    redis.call('DEL', key)
    redis.call('SREM', KEYS[2], w)
  end
end
return moved
"""

# Queue length, and how many requests the other live workers hold.
_PENDING = """
local held = 0
for _, w in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if w ~= ARGV[2] then held = held + redis.call('HLEN', ARGV[1] .. 'inflight:' .. w) end
end
return {redis.call('ZCARD', KEYS[1]), held}
"""

# The run is over when nothing is queued, nothing is in flight and no other worker is
# alive (one may be about to queue more: a generic crawl walks its sections when idle):
# forget it. Run by the last worker to finish, and by a worker joining a drained frontier
# that nobody else works on (a run whose last worker was killed while idle). ARGV[2]: self.
_FINISH = """
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
for _, w in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  if redis.call('HLEN', ARGV[1] .. 'inflight:' .. w) > 0 then return 0 end
  if w ~= ARGV[2] and redis.call('EXISTS', ARGV[1] .. 'lease:' .. w) == 1 then return 0 end
end
redis.call('DEL', KEYS[1], KEYS[2], ARGV[1] .. 'turns', ARGV[1] .. 'now',
           ARGV[1] .. 'discovery:sections', ARGV[1] .. 'discovery:sitemap_articles')
return 1
"""


class RedisDupeFilter(RFPDupeFilter):
    """scrapy-redis's dupefilter, fingerprinting with Scrapy's own request fingerprinter.

    Fingerprints are the fingerprinter's 20 raw bytes (not 40 hex characters), and
    ``close`` keeps them: other workers still need them.
    """

    def __init__(self, server: Any, key: str, debug: bool = False, fingerprinter=None) -> None:
        super().__init__(server, key, debug)
        self.fingerprinter = fingerprinter

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisDupeFilter:
        link = RedisLink.from_settings(crawler.settings, crawler)
        if link is None:
            raise ValueError("RedisDupeFilter needs REDIS_URL")
        key = job_prefix(crawler.settings, crawler.spider) + "seen"
        debug = crawler.settings.getbool("DUPEFILTER_DEBUG")
        return cls(link.client, key, debug, crawler.request_fingerprinter)

    def request_fingerprint(self, request: Request) -> bytes:
        if self.fingerprinter is None:  # pragma: no cover - always set by our constructors
            return super().request_fingerprint(request).encode("ascii")
        return self.fingerprinter.fingerprint(request)

    def close(self, reason: str = "") -> None:
        """Keep the fingerprints: the frontier is shared (scrapy-redis deletes them)."""

    def log(self, request: Request, spider: Spider | None = None) -> None:
        if self.debug or self.logdupes:
            logger.debug("Filtered a request already in the shared frontier: %s", request)
            self.logdupes = self.debug


class RedisFrontierScheduler(Scheduler):
    """scrapy-redis's scheduler with leases, a shared end and clear failures (module doc)."""

    def __init__(
        self, crawler: Crawler, link: RedisLink, lease: float = 30.0, heartbeat: float = 1.0
    ) -> None:
        super().__init__(server=link.client, persist=True)
        self.crawler = crawler
        self.stats = crawler.stats
        self.link = link
        self.lease_ms = max(1000, int(lease * 1000))
        self.heartbeat = max(0.05, min(heartbeat, lease / 3))
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.keys: FrontierKeys | None = None
        self._leased: dict[Request, str] = {}
        self._waiting = False
        self._ticks = 0
        self._tick: LoopingCall | None = None
        self._scripts: dict[str, Any] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisFrontierScheduler:
        # Share the collected store's connection, so one failure stops both; connect
        # lazily: Scrapy builds the scheduler before it can handle a CloseSpider.
        store = crawler.get_extension(CollectedStore)
        link = store.redis if store is not None and store.redis is not None else None
        link = link or RedisLink.from_settings(crawler.settings, crawler)
        if link is None:
            raise ValueError(f"{cls.__name__} needs REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
        s = crawler.settings
        lease, beat = s.getfloat("REDIS_LEASE", 30.0), s.getfloat("REDIS_HEARTBEAT", 1.0)
        return cls(crawler, link, lease, beat)

    # -- Scrapy's scheduler interface --------------------------------------------------
    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.keys = keys = FrontierKeys(job_prefix(self.crawler.settings, spider), self.worker)
        self.queue = PriorityQueue(server=self.server, spider=spider, key=keys.queue)
        self.df = RedisDupeFilter(
            self.server,
            keys.seen,
            self.crawler.settings.getbool("DUPEFILTER_DEBUG"),
            self.crawler.request_fingerprinter,
        )
        client = self.server
        for name, source in (
            ("push", _PUSH),
            ("pop", _POP),
            ("reclaim", _RECLAIM),
            ("pending", _PENDING),
            ("finish", _FINISH),
        ):
            self._scripts[name] = client.register_script(source)

        def join() -> tuple[int, int, int, int]:
            client.ping()
            self._renew()
            moved = self._reclaim()
            # A drained frontier left behind (its last worker stopped while idle): its
            # fingerprints would filter this run's entry points. Start afresh.
            reset = self._scripts["finish"](
                keys=[keys.queue, keys.seen, keys.workers], args=[keys.prefix, self.worker]
            )
            return moved, client.zcard(keys.queue), client.scard(keys.workers), reset

        try:
            moved, queued, workers, reset = self.link.run(join)
        except RedisUnavailable:
            # Stop from spider_opened: Scrapy opens the item pipelines after the
            # scheduler, and a CloseSpider raised here would skip them.
            self.crawler.signals.connect(self._refuse_start, signal=signals.spider_opened)
            return
        logger.info(
            "Shared frontier %s at %s: worker %s joins %d other(s); %d requests queued%s",
            keys.prefix.rstrip(":"),
            safe_url(self.link.url),
            self.worker,
            workers - 1,
            queued,
            f", {moved} taken back from stopped workers" if moved else "",
        )
        if reset:
            self.stats.inc_value("frontier/reset_drained")
        self._tick = LoopingCall(self._beat)
        self._tick.start(self.heartbeat, now=False)

    def _refuse_start(self, spider: Spider) -> None:
        assert self.link.failed is not None
        raise self.link.failed

    def enqueue_request(self, request: Request) -> bool:
        if self.link.failed is not None:
            return False
        assert self.keys is not None
        # In the shared frontier `dont_filter` is honoured for retries only: the
        # spider sets it on every request so that a JOBDIR crawl re-asks what it had
        # in flight, which the leases do here; N workers must not fetch each seed N times.
        retry = bool(request.meta.get("retry_times"))
        site = self._site(request)
        try:
            queued = self.link.run(
                self._scripts["push"],
                keys=[self.keys.queue, self.keys.seen, self.keys.turns, self.keys.now],
                args=[
                    self.df.request_fingerprint(request),
                    int(request.priority),
                    b"S" + site.encode("utf-8") + b"\0" + self.queue._encode_request(request),
                    "1" if retry else "0",
                    site,
                ],
            )
        except RedisUnavailable:
            return False
        if not queued:
            self.df.log(request, self.spider)
            self.stats.inc_value("frontier/filtered")
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        if self.link.failed is not None:
            return None
        assert self.keys is not None
        try:
            self._reconcile()
            while True:
                taken = self.link.run(
                    self._scripts["pop"],
                    keys=[self.keys.queue, self.keys.inflight, self.keys.now],
                    args=self._busy_sites(),
                )
                if not taken:
                    return None
                field, data = taken
                if data[:1] == b"S":  # "S" site NUL request (see _POP)
                    data = data.split(b"\0", 1)[1]
                try:
                    request = self.queue._decode_request(data)
                except Exception as exc:  # e.g. queued by an older version of the spider
                    logger.error("dropped an unreadable request from the frontier: %s", exc)
                    self.link.run(self.server.hdel, self.keys.inflight, field)
                    continue
                self._leased[request] = field
                self.stats.inc_value("scheduler/dequeued/redis")
                return request
        except RedisUnavailable:
            return None

    def has_pending_requests(self) -> bool:
        if self.link.failed is not None:
            return True  # the close with `redis_unavailable` is on its way; not "finished"
        assert self.keys is not None
        try:
            self._reconcile()
            if self._reclaim():
                return True
            queued, held = self.link.run(
                self._scripts["pending"],
                keys=[self.keys.queue, self.keys.workers],
                args=[self.keys.prefix, self.worker],
            )
        except RedisUnavailable:
            return True
        # Others' requests may queue more: wait for them (polled by the heartbeat).
        self._waiting = queued == 0 and held > 0
        return queued > 0 or held > 0

    def close(self, reason: str) -> None:
        if self._tick is not None and self._tick.running:
            self._tick.stop()
        if self.keys is None:
            return
        if self.link.failed is not None:
            logger.warning(
                "Shared frontier %s kept as it was: %d requests of worker %s stay leased",
                self.keys.prefix.rstrip(":"),
                len(self._leased),
                self.worker,
            )
            return
        keys = self.keys
        try:
            self._reconcile()
            requeued = self._reclaim(release_self=True)
            self.link.run(self.server.delete, keys.lease)
            if requeued:
                self.stats.inc_value("frontier/requeued", requeued)
                logger.info("Shared frontier: %d unfinished requests put back", requeued)
            if reason == "finished":
                done = self.link.run(
                    self._scripts["finish"],
                    keys=[keys.queue, keys.seen, keys.workers],
                    args=[keys.prefix, self.worker],
                )
                if done:
                    logger.info(
                        "Shared frontier %s: crawl finished, queue cleared", keys.prefix.rstrip(":")
                    )
                else:
                    logger.info(
                        "Shared frontier %s: this worker is done; the last one clears it",
                        keys.prefix.rstrip(":"),
                    )
        except RedisUnavailable:
            pass

    def __len__(self) -> int:
        if self.keys is None or self.link.failed is not None:
            return 0
        try:
            return int(self.link.run(self.server.zcard, self.keys.queue))
        except RedisUnavailable:
            return 0

    # -- sites -------------------------------------------------------------------------
    def _downloader(self) -> Any:
        try:
            return self.crawler.engine.downloader
        except (RuntimeError, AttributeError):  # not crawling yet
            return None

    def _site(self, request: Request) -> str:
        """The download slot the request will wait in (Scrapy's own key: the host, or
        ``download_slot``)."""
        downloader = self._downloader()
        if downloader is not None:
            return str(downloader.get_slot_key(request))
        return request.meta.get("download_slot") or urlparse_cached(request).hostname or ""

    def _busy_sites(self) -> list[str]:
        """The sites with requests in this worker's downloader (as Scrapy's
        ``DownloaderAwarePriorityQueue`` sees them): taken last."""
        downloader = self._downloader()
        if downloader is None:
            return []
        return [key for key, slot in downloader.slots.items() if slot.active]

    # -- leases ------------------------------------------------------------------------
    def _renew(self) -> None:
        assert self.keys is not None
        pipe = self.server.pipeline(transaction=False)
        pipe.set(self.keys.lease, 1, px=self.lease_ms)
        pipe.sadd(self.keys.workers, self.worker)  # again: a worker thought dead comes back
        pipe.execute()

    def _reclaim(self, release_self: bool = False) -> int:
        assert self.keys is not None
        moved = self.link.run(
            self._scripts["reclaim"],
            keys=[self.keys.queue, self.keys.workers],
            args=[self.keys.prefix, self.worker if release_self else ""],
        )
        if moved and not release_self:
            self.stats.inc_value("frontier/reclaimed", moved)
            logger.info("Shared frontier: took back %d requests of stopped workers", moved)
        return int(moved)

    def _reconcile(self) -> None:
        """Release the requests the engine is done with (their effects are all in Redis)."""
        if not self._leased:
            return
        slot = _engine_slot(self.crawler)
        busy = slot.inprogress if slot is not None else ()
        done = [r for r in self._leased if r not in busy]
        if done:
            assert self.keys is not None
            fields = [self._leased.pop(r) for r in done]
            self.link.run(self.server.hdel, self.keys.inflight, *fields)

    def _beat(self) -> None:
        if self.link.failed is not None:
            if self._tick is not None and self._tick.running:
                self._tick.stop()
            return
        self._ticks += 1
        try:
            self._reconcile()
            self.link.run(self._renew)
            if self._ticks % 3 == 0:
                self._reclaim()
        except RedisUnavailable:
            return
        if self._waiting:
            # The engine polls an empty scheduler every 5 s; poll at the heartbeat instead.
            slot = _engine_slot(self.crawler)
            if slot is not None:
                slot.nextcall.schedule()


def _engine_slot(crawler: Crawler) -> Any:
    """The engine's slot: ``inprogress`` holds every request not yet fully processed.

    Private to Scrapy (``scrapy.utils.engine.get_engine_status`` reads it too); no
    public signal says "this request's callback and items are done".
    """
    try:
        engine = crawler.engine
    except RuntimeError:
        return None
    return getattr(engine, "_slot", None)
