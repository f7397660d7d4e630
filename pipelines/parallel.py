"""Extraction over a process pool: streaming, bounded memory, output in input order.

Where processes fork, the parent builds the :class:`ArticleExtractor` (models,
gazetteer) before starting the workers, which inherit it and share its pages;
elsewhere each worker builds its own once. Workers run the same code as a
single-process run; the parent only reads inputs, ships small batches of
articles and writes records in the order the inputs came.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from .article import Article, Rejected
from .extract import ArticleExtractor, ExtractOptions
from .records import Record

__all__ = ["extract_parallel"]

_worker_extractor: list[ArticleExtractor] = []  # one per worker process, set by _init


def _init(options: ExtractOptions) -> None:
    if not _worker_extractor:  # a forked worker already has the parent's
        _worker_extractor.append(ArticleExtractor(options))
        gc.freeze()  # see extract_parallel: the loaded tables stay out of the collector


def _run(batch: list[Article]) -> list[Record | Rejected]:
    return _worker_extractor[0].extract_many(batch)


def _context() -> mp.context.BaseContext:
    # fork starts workers in milliseconds; spawn where fork does not exist.
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


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
    """
    options = options or ExtractOptions()
    if workers <= 1:
        extractor = ArticleExtractor(options)
        # The models, gazetteer and rules are hundreds of thousands of long-lived objects
        # that every full collection would walk again (about a tenth of the extraction
        # time): frozen, the collector skips them.
        gc.freeze()
        try:
            yield from extractor.process(items)
        finally:
            gc.unfreeze()
        return
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    limit = max_pending or 4 * workers
    context = _context()
    preload = context.get_start_method() == "fork"
    if preload:
        # Load the models and tables once, here: forked workers inherit them, and the
        # pages of their read-only arrays stay shared instead of one copy per worker.
        # Frozen objects are never visited by the collector, which would copy their pages.
        _worker_extractor[:] = [ArticleExtractor(options)]
        gc.freeze()
    try:
        yield from _ordered(items, workers, options, context, batch_size, limit)
    finally:
        if preload:
            gc.unfreeze()
            _worker_extractor.clear()


def _ordered(
    items: Iterable[Article | Rejected],
    workers: int,
    options: ExtractOptions,
    context: mp.context.BaseContext,
    batch_size: int,
    limit: int,
) -> Iterator[Record | Rejected]:
    pending: deque[Future | list[Record | Rejected]] = deque()
    source = iter(items)
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init, initargs=(options,)
    ) as pool:
        while True:
            while len(pending) < limit:
                chunk = list(islice(source, batch_size))
                if not chunk:
                    break
                # Rejections from reading keep their place in the order without a round trip.
                articles = [a for a in chunk if isinstance(a, Article)]
                if len(articles) == len(chunk):
                    pending.append(pool.submit(_run, articles))
                else:
                    for item in chunk:
                        if isinstance(item, Rejected):
                            pending.append([item])
                        else:
                            pending.append(pool.submit(_run, [item]))
            if not pending:
                break
            head = pending.popleft()
            yield from head if isinstance(head, list) else head.result()
