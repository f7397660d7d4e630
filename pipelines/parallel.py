"""Extraction over a process pool: streaming, bounded memory, output in input order.

Where processes fork, the parent builds the :class:`ArticleExtractor` (models,
gazetteer) before starting the workers, which inherit it and share its pages;
elsewhere each worker builds its own once. Workers run the same code as a
single-process run; the parent only reads inputs, ships small batches of
articles and writes records in the order the inputs came.

What happens when something dies or is stopped (issue 13, guarantee 3):

* **The parent dies** (SIGKILL included): each worker asks the kernel for SIGKILL when
  its parent goes (Linux ``PR_SET_PDEATHSIG``; elsewhere a thread watching
  ``os.getppid()``), and checks the parent is still there right after asking, so no
  worker outlives its run, blocked for ever and holding the output's lock.
* **The parent is stopped** (SIGTERM from ``timeout``, systemd or ``docker stop``, or
  SIGINT from a terminal's Ctrl-C, which reaches the workers too): for the duration of
  a run, SIGTERM raises :class:`Interrupted` (a ``KeyboardInterrupt``) in the main
  thread, as Ctrl-C does, and either kills the workers first; workers ignore SIGINT
  and leave the decision to the parent. The run then fails like any other: the
  caller's writers keep the earlier output (``vnminer`` prints one line, exit 130).
* **A worker dies** (killed, out of memory, a crash in native code): the pool is
  rebuilt, and every batch that had not finished is run again one article at a time,
  so that a second death is pinned on one article; that article is rejected
  ("worker process died (signal 9) twice") and the run goes on. The output is the
  serial run's, less the rejected article.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from types import FrameType

from .article import Article, Rejected
from .extract import ArticleExtractor, ExtractOptions
from .records import Record

__all__ = ["Interrupted", "available_cores", "cap_workers", "extract_parallel", "stop_on_signals"]

logger = logging.getLogger(__name__)

#: Seconds an interrupted run waits for its pool's thread to reap the killed workers.
_STOP_WAIT = 5.0

_worker_extractor: list[ArticleExtractor] = []  # one per worker process, set by _init

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


class Interrupted(KeyboardInterrupt):
    """A run stopped by a signal (SIGTERM, or SIGINT): raised in the main thread like
    Ctrl-C, so that a terminated run fails the way an interrupted one does."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def cap_workers(requested: int) -> int:
    """``requested`` worker processes, at most one per available core: more only add
    memory (a copy of the tagger's working set each) and switching, not speed."""
    return max(1, min(requested, available_cores()))


def _set_death_signal(signum: int) -> bool:
    """Ask Linux to send ``signum`` to this process when its parent ends; False where
    that cannot be asked."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0
    except (OSError, AttributeError):  # pragma: no cover - no usable libc
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _die_with_parent(parent: int) -> None:
    if not _set_death_signal(signal.SIGKILL):
        threading.Thread(
            target=_watch_parent, args=(parent,), name="parent-watchdog", daemon=True
        ).start()
    # The parent may have died between the fork and the request: no signal would come.
    if os.getppid() != parent:
        os._exit(1)


def _init(options: ExtractOptions, parent: int) -> None:
    _die_with_parent(parent)
    # Ctrl-C signals the whole process group: the parent stops the workers itself. A
    # forked worker also inherits the parent's SIGTERM handler, which would turn the
    # parent's terminate() into an exception the pool sends back instead of an exit.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not _worker_extractor:  # a forked worker already has the parent's
        _worker_extractor.append(ArticleExtractor(options))
        gc.freeze()  # see extract_parallel: the loaded tables stay out of the collector


def _run(batch: list[Article]) -> list[Record | Rejected]:
    return _worker_extractor[0].extract_many(batch)


def _context() -> mp.context.BaseContext:
    # fork starts workers in milliseconds; spawn where fork does not exist.
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


@contextmanager
def stop_on_signals(on_signal: Callable[[], None] = lambda: None) -> Iterator[None]:
    """For the block, SIGTERM (and SIGINT, where Python's own handler is the one in
    place) raise :class:`Interrupted` in the main thread after ``on_signal()``; the
    earlier handlers come back afterwards. Elsewhere than the main thread, nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        on_signal()
        raise Interrupted(signum)

    previous: dict[int, object] = {}
    # Only handlers nobody chose are replaced: an embedding program's own stay.
    for signum, default in (
        (signal.SIGTERM, signal.SIG_DFL),
        (signal.SIGINT, signal.default_int_handler),
    ):
        if signal.getsignal(signum) is default:
            previous[signum] = signal.signal(signum, handler)
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)  # type: ignore[arg-type]


def extract_parallel(
    items: Iterable[Article | Rejected],
    *,
    workers: int,
    options: ExtractOptions | None = None,
    batch_size: int = 8,
    max_pending: int | None = None,
) -> Iterator[Record | Rejected]:
    """Records (or rejections) for ``items``, in input order, using ``workers`` processes.

    At most ``max_pending`` batches (default ``4 * workers``) are in flight, so memory
    stays bounded however long the input is. ``workers <= 1`` runs in this process.
    While it runs (in the main thread), SIGTERM raises :class:`Interrupted` as Ctrl-C
    raises ``KeyboardInterrupt``; either stops the workers at once. A worker that dies
    is replaced and its unfinished articles retried once, one by one; an article whose
    retry dies too is rejected.
    """
    options = options or ExtractOptions()
    # From the start, model loading included: a signal stops the run as Ctrl-C does.
    runs: list[_OrderedRun] = []  # the pool's, once it exists: a signal kills its workers
    with stop_on_signals(lambda: runs and runs[0].kill_workers()):
        if workers <= 1:
            yield from _in_process(items, options)
            return
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        limit = max_pending or 4 * workers
        context = _context()
        preload = context.get_start_method() == "fork"
        if preload:
            # Load the models and tables once, here: forked workers inherit them, and the
            # pages of their read-only arrays stay shared instead of one copy per worker.
            # Frozen objects are never visited by the collector (which would copy pages).
            _worker_extractor[:] = [ArticleExtractor(options)]
            gc.freeze()
        try:
            runs.append(_OrderedRun(workers, options, context))
            yield from runs[0].results(items, batch_size, limit)
        finally:
            if preload:
                gc.unfreeze()
                _worker_extractor.clear()


def _in_process(
    items: Iterable[Article | Rejected], options: ExtractOptions
) -> Iterator[Record | Rejected]:
    extractor = ArticleExtractor(options)
    # The models, gazetteer and rules are hundreds of thousands of long-lived objects
    # that every full collection would walk again (about a tenth of the extraction
    # time): frozen, the collector skips them.
    gc.freeze()
    try:
        yield from extractor.process(items)
    finally:
        gc.unfreeze()


class _Pool:
    """A :class:`ProcessPoolExecutor` that can be stopped at once and tells how its
    worker died."""

    def __init__(self, workers: int, options: ExtractOptions, context: mp.context.BaseContext):
        self.executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_init,
            initargs=(options, os.getpid()),
        )
        # The executor keeps its processes to itself (and drops them on shutdown), but an
        # interrupted run must kill them now, and a broken pool must say how one died.
        self.processes: dict[int, mp.process.BaseProcess] = self.executor._processes

    def submit(self, batch: list[Article]) -> Future:
        return self.executor.submit(_run, batch)

    def kill(self) -> None:
        """Kill the workers (they hold nothing that needs cleaning up); the executor then
        finds itself broken and fails its futures. Safe inside a signal handler: it
        takes no lock."""
        for process in list(self.processes.values()):
            process.kill()  # a no-op for one already reaped

    def stop(self) -> None:
        """Kill the workers and give the executor's thread, which reaps them, a few
        seconds: seen once in about twenty Ctrl-Cs, it waited for ever on a queue a killed
        worker had been reading, and the run must end all the same (the CLI then exits
        without waiting for it either, see ``pipelines.cli.main``)."""
        self.kill()
        thread = getattr(self.executor, "_executor_manager_thread", None)
        self.executor.shutdown(wait=False, cancel_futures=True)
        if thread is not None:
            thread.join(_STOP_WAIT)
            if thread.is_alive():
                logger.warning("the worker pool did not wind down in %.0f s; going on", _STOP_WAIT)

    def death(self) -> str:
        """How the worker that broke this pool ended ("signal 9", "exit code 1"), once the
        pool has wound down. The pool kills the others with SIGTERM."""
        self.executor.shutdown(wait=True, cancel_futures=True)
        codes = [p.exitcode for p in self.processes.values() if p.exitcode is not None]
        code = next((c for c in codes if c != -signal.SIGTERM), -signal.SIGTERM)
        return f"signal {-code}" if code < 0 else f"exit code {code}"


@dataclass(frozen=True, slots=True)
class _Batch:
    articles: list[Article]
    future: Future


class _OrderedRun:
    """Batches in flight on a pool, results in input order; a new pool when one breaks."""

    def __init__(self, workers: int, options: ExtractOptions, context: mp.context.BaseContext):
        self._new_pool = lambda: _Pool(workers, options, context)
        self.pool = self._new_pool()

    def kill_workers(self) -> None:
        self.pool.kill()

    def results(
        self, items: Iterable[Article | Rejected], batch_size: int, limit: int
    ) -> Iterator[Record | Rejected]:
        pending: deque[_Batch | list[Record | Rejected]] = deque()
        source = iter(items)
        try:
            while True:
                while len(pending) < limit:
                    chunk = list(islice(source, batch_size))
                    if not chunk:
                        break
                    # Rejections from reading keep their place without a round trip.
                    articles = [a for a in chunk if isinstance(a, Article)]
                    if len(articles) == len(chunk):
                        pending.append(_Batch(articles, self._submit(articles)))
                    else:
                        for item in chunk:
                            if isinstance(item, Rejected):
                                pending.append([item])
                            else:
                                pending.append(_Batch([item], self._submit([item])))
                if not pending:
                    break
                head = pending[0]
                if isinstance(head, _Batch):
                    try:
                        head.future.result()
                    except BrokenProcessPool:
                        self._recover(pending)
                        continue
                pending.popleft()
                yield from head if isinstance(head, list) else head.future.result()
        except BaseException:  # interrupted, or the consumer stopped early: stop now
            self.pool.stop()
            raise
        self.pool.executor.shutdown(wait=True)

    def _submit(self, articles: list[Article]) -> Future:
        try:
            return self.pool.submit(articles)
        except BrokenProcessPool as exc:  # broke since the last submit: recovered the same way
            future: Future = Future()
            future.set_exception(exc)
            return future

    def _recover(self, pending: deque[_Batch | list[Record | Rejected]]) -> None:
        """After a worker died: a new pool, and every batch that had not finished run
        again one article at a time, so that a second death is that article's."""
        death = self.pool.death()  # every unfinished future has failed by now
        logger.warning("a worker process died (%s); retrying its batches one by one", death)
        self.pool = self._new_pool()
        for i, slot in enumerate(pending):
            if isinstance(slot, list) or not isinstance(slot.future.exception(), BrokenProcessPool):
                continue
            pending[i] = [item for article in slot.articles for item in self._alone(article)]

    def _alone(self, article: Article) -> list[Record | Rejected]:
        """``article`` run on its own: its records, or its rejection if its worker dies."""
        try:
            future = self.pool.submit([article])
        except BrokenProcessPool:  # broke before the article reached it: not its death
            self.pool.death()
            self.pool = self._new_pool()
            future = self.pool.submit([article])  # a new pool has no worker yet to lose
        try:
            return future.result()
        except BrokenProcessPool:
            reason = f"worker process died ({self.pool.death()}) twice"
            self.pool = self._new_pool()
            return [Rejected(article.source, reason)]
