"""Scrapy's scheduler for ``JOBDIR`` crawls, with a disk queue it does not trust blindly.

Scrapy keeps a ``JOBDIR`` crawl's pending requests in ``JOBDIR/requests.queue/``: one
directory per download slot, a file (or a directory of chunks) per priority, and
``active.json``, which lists the queues worth reopening. ``active.json`` and the
queues' size headers are written only when the crawl closes cleanly. A crawl killed
with SIGKILL (the OOM killer, a power cut) leaves queue files whose headers do not
match their contents, or files of 0 bytes (queuelib buffers their header): Scrapy then
raises ``struct.error`` while pushing a request into such a file, the error is lost in
an asyncio task, and so is the request. The spider asks for each URL once per run, so
the article it led to was never fetched, on that resume or any later one.

What makes a resume lose nothing here is not the queue: every run re-reads the entry
points and asks again for every article that the output file does not hold
(``crawler.spiders.news``, ``crawler.collected``), so the disk queue only brings the
requests a stopped run had pending to the front. Hence:

* the queue is reopened only when the last run closed it (``active.json`` is there and
  reads), and every request in it is read when the crawl opens (into the memory queue,
  so one unreadable record is found now, not half-way through the crawl);
* ``active.json`` is gone while a crawl runs (the directory is emptied once its
  requests are read), so a run killed later leaves no ``active.json`` and its files are
  discarded at the next start;
* a queue the last run did not save, or one that does not read back (an empty or
  corrupt file, a bad ``active.json``), is reported in one warning line naming the file
  and discarded: the crawl is rebuilt from the entry points;
* a request that cannot be written to the disk queue (disk full, a damaged file) goes
  to the memory queue instead of being lost; a disk queue that fails while the crawl
  reads it is reported and dropped, and the spider re-reads its entry points
  (``rewind``) so that what it held is asked for again.

For the same reason the duplicate filter is ``RunDupeFilter``: Scrapy's keeps
``JOBDIR/requests.seen``, the fingerprints of the requests *scheduled*, written before
their pages are fetched, so after a kill it would refuse a request whose article was
never written. (The spider's requests bypass it anyway, ``dont_filter``: it asks for
each URL once per run itself.)

``crawler.spiders.news.NewsSpider`` selects both when ``JOBDIR`` is set (Redis-shared
crawls use ``crawler.frontier`` instead); they behave as Scrapy's otherwise.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import shutil
from pathlib import Path
from typing import Any

from scrapy.core.scheduler import Scheduler
from scrapy.dupefilters import RFPDupeFilter
from scrapy.utils.misc import build_from_crawler

__all__ = ["JobDirScheduler", "RunDupeFilter", "queue_problem"]

logger = logging.getLogger(__name__)

_REBUILD = (
    "discarded; the crawl restarts from the entry points (what OUTPUT holds is not fetched again)"
)


# A priority queue's own queues are named after the negated priority, ``s`` for start
# requests (scrapy.pqueues.ScrapyPriorityQueue).
_QUEUE_NAME = re.compile(r"-?\d+(s?)")


def _files(dqdir: Path) -> list[Path]:
    return sorted(p for p in dqdir.rglob("*") if p.is_file())


def queue_problem(dqdir: Path) -> tuple[Path, str] | None:
    """Why the disk queue in ``dqdir`` cannot be reopened as it is (the file at fault and
    the reason), or ``None`` when it is empty or was saved by a clean close."""
    files = _files(dqdir)
    if not files:
        return None
    state = dqdir / "active.json"
    if not state.exists():
        return dqdir, "not saved by the last run (it was killed or crashed)"
    try:
        json.loads(state.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return state, f"unreadable ({type(exc).__name__}: {exc})"
    for path in files:
        if path != state and path.stat().st_size == 0:
            return path, "an empty queue file"
    return None


def _clear(dqdir: Path) -> None:
    for child in dqdir.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


class JobDirScheduler(Scheduler):
    """Scrapy's ``Scheduler`` whose ``JOBDIR`` disk queue is checked when the crawl opens
    and never loses a request it fails to store (see the module doc)."""

    def _dq(self) -> Any:
        assert self.dqdir
        dqdir = Path(self.dqdir)
        problem = queue_problem(dqdir)
        restored: list[Any] = []
        if problem is None:
            restored, problem = self._read_back(dqdir)
        if problem is not None:
            path, reason = problem
            logger.warning("%s: request queue %s: %s", path, reason, _REBUILD)
            self._stat("scheduler/jobdir_queue_discarded")
            restored = []
        # Empty the directory: no active.json while the crawl runs (see the module doc).
        _clear(dqdir)
        for request in restored:
            self.mqs.push(request)
        if restored:
            logger.info("Resuming crawl (%d requests were pending)", len(restored))
        return super()._dq()

    def _read_back(self, dqdir: Path) -> tuple[list[Any], tuple[Path, str] | None]:
        """Every request of a saved queue, read with Scrapy's own queue classes, one queue
        (a file, or a directory of chunks, named after its priority) at a time, so that a
        damaged one is named; or the queue at fault and why."""
        requests: list[Any] = []
        for entry in sorted(dqdir.rglob("*")):
            match = _QUEUE_NAME.fullmatch(entry.name)
            if not match:
                continue
            cls = self._sdqclass if match.group(1) and self._sdqclass else self.dqclass
            try:
                q = build_from_crawler(cls, self.crawler, str(entry))
                while (request := q.pop()) is not None:
                    requests.append(request)
                q.close()
            except Exception as exc:  # struct.error, OSError, unpickling errors, …
                return [], (entry, f"unreadable ({type(exc).__name__}: {exc})")
        return requests, None

    def _stat(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)

    def _dqpush(self, request: Any) -> bool:
        try:
            return super()._dqpush(request)
        except Exception as exc:  # Scrapy catches only ValueError (unserializable requests)
            # Disk full, a damaged queue file: this request waits in memory instead.
            if not self._push_failed:
                logger.warning(
                    "%s: could not store a request in the request queue (%s: %s); such "
                    "requests wait in memory",
                    self.dqdir,
                    type(exc).__name__,
                    exc,
                )
            self._push_failed = True
            self._stat("scheduler/jobdir_queue_push_failed")
            return False  # the caller keeps it in the memory queue

    _push_failed = False

    def _dqpop(self) -> Any:
        try:
            return super()._dqpop()
        except Exception as exc:
            # What the disk queue still held cannot be read: drop it, keep the queue in
            # memory from now on, and let the spider ask again for what it leads to.
            logger.error(
                "%s: could not read a request back from the request queue (%s: %s); the "
                "rest of this crawl keeps its queue in memory and re-reads the entry points",
                self.dqdir,
                type(exc).__name__,
                exc,
            )
            self._stat("scheduler/jobdir_queue_failed")
            if self.dqs is not None:
                with contextlib.suppress(Exception):  # already broken: nothing to save
                    self.dqs.close()
                self.dqs = None
            if self.dqdir:
                _clear(Path(self.dqdir))
            rewind = getattr(self.spider, "rewind", None)
            if rewind is not None:
                for request in rewind():
                    self.mqs.push(request)
            return self.mqs.pop()


class RunDupeFilter(RFPDupeFilter):
    """Scrapy's duplicate filter, for one run: ``requests.seen`` is neither read nor
    written (which requests a killed run scheduled says nothing about what it wrote)."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunDupeFilter:
        return cls(
            None,
            crawler.settings.getbool("DUPEFILTER_DEBUG"),
            fingerprinter=crawler.request_fingerprinter,
        )
