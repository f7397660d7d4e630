"""Extraction on a Dask cluster: the same records, in the same order, from many machines.

``vnminer extract INPUTS --output OUT --dask local:N`` starts a
:class:`distributed.LocalCluster` of N single-threaded worker processes;
``--dask tcp://HOST:8786`` uses a running cluster (``dask scheduler`` and
``dask worker`` started by hand or by any Dask deployment tool; every worker
needs ``vn-news-miner`` installed). ``docs/scaling.md`` says what it costs.

The client (this process) reads the inputs lazily and submits small batches of
:class:`~pipelines.article.Article` objects, at most ``max_pending`` batches in
flight; each Dask worker builds one :class:`~pipelines.extract.ArticleExtractor`
per :class:`~pipelines.extract.ExtractOptions`, on its first batch, held by a
worker plugin, and runs exactly the code of a serial run. Results come back in
input order, so the JSONL output is byte-identical to a serial run's. Dask is an
optional dependency: ``pip install -e '.[scale]'`` in the repository.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import re
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from types import TracebackType
from typing import Any

from .article import Article, Rejected
from .extract import ArticleExtractor, ExtractOptions
from .parallel import stop_on_signals
from .records import Record

try:  # This module is the lazy boundary: only `--dask` imports it.
    from distributed import WorkerPlugin as _WorkerPlugin
except ImportError:  # pragma: no cover - depends on the environment
    _WorkerPlugin = object  # type: ignore[misc,assignment]

__all__ = [
    "DaskRunner",
    "DaskSpec",
    "DaskUnavailableError",
    "ExtractorPlugin",
    "extract_on_client",
    "local_cluster",
    "parse_dask_spec",
    "plugin_name",
]

logger = logging.getLogger(__name__)

_INSTALL = "pip install -e '.[scale]' in the vn-news-miner repository"
_LOCAL_RE = re.compile(r"local:(\d+)")
_ADDRESS_RE = re.compile(r"[a-z][a-z0-9+.-]*://\S+")


class DaskUnavailableError(RuntimeError):
    """Dask is not installed, or the cluster cannot be started or reached."""


@dataclass(frozen=True, slots=True)
class DaskSpec:
    """Where to run: ``local_workers`` processes on this machine, or a scheduler ``address``."""

    local_workers: int | None = None
    address: str | None = None

    def __post_init__(self) -> None:
        if (self.local_workers is None) == (self.address is None):
            raise ValueError("give either local_workers or address")
        if self.local_workers is not None and self.local_workers < 1:
            raise ValueError("local_workers must be at least 1")

    def __str__(self) -> str:
        return f"local:{self.local_workers}" if self.address is None else self.address


def parse_dask_spec(text: str) -> DaskSpec:
    """``local:N`` or a scheduler address such as ``tcp://10.0.0.5:8786``."""
    text = text.strip()
    if m := _LOCAL_RE.fullmatch(text):
        n = int(m.group(1))
        if n < 1:
            raise ValueError("local:N needs at least one worker")
        return DaskSpec(local_workers=n)
    if _ADDRESS_RE.fullmatch(text):
        return DaskSpec(address=text)
    raise ValueError(
        f"{text!r} is neither local:N nor a scheduler address like tcp://HOST:8786"
    )


def plugin_name(options: ExtractOptions) -> str:
    """The worker plugin's name for ``options``: one extractor per set of options."""
    digest = hashlib.sha1(repr(options).encode("utf-8")).hexdigest()[:12]
    return f"vnminer-extractor-{digest}"


class ExtractorPlugin(_WorkerPlugin):
    """A Dask worker plugin holding the worker's one :class:`ArticleExtractor`.

    The extractor is built on the worker's first batch, in the task thread, not in
    :meth:`setup` (which runs on the worker's event loop: loading the models there
    would stall its heartbeats for seconds). Registered as idempotent, so a second
    run with the same options on the same cluster reuses the loaded models. Batches
    run one at a time per worker: the extraction holds the GIL, so a second thread
    would add no speed, and the pipeline is not meant to be shared between threads
    (run workers with ``--nthreads 1``).
    """

    idempotent = True

    def __init__(self, options: ExtractOptions) -> None:
        self.options = options
        self.loads = 0
        self._extractor: ArticleExtractor | None = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        # Only the options travel to the workers; the models are built there.
        return {"options": self.options}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["options"])

    def teardown(self, worker: Any) -> None:
        self._extractor = None

    def run(self, batch: list[Article]) -> list[Record | Rejected]:
        """Records (or rejections) for ``batch``, in order, built on the worker."""
        with self._lock:
            if self._extractor is None:
                self._extractor = ArticleExtractor(self.options)
                self.loads += 1
                # As in pipelines/parallel.py: the loaded models and tables stay out of the
                # collector's full passes (about a tenth of the extraction time otherwise).
                gc.collect()
                gc.freeze()
            # The batch's sentences tagged together: the same records as one at a time.
            return self._extractor.extract_many(batch)


def _run_batch(name: str, batch: list[Article]) -> list[Record | Rejected]:
    """The task: one batch of articles through the worker's extractor."""
    from distributed import get_worker

    return get_worker().plugins[name].run(batch)


def _import_distributed():
    try:
        import distributed
    except ImportError as exc:
        raise DaskUnavailableError(f"--dask needs dask.distributed: {_INSTALL}") from exc
    return distributed


def extract_on_client(
    items: Iterable[Article | Rejected],
    client: Any,
    *,
    options: ExtractOptions | None = None,
    batch_size: int = 4,
    max_pending: int | None = None,
) -> Iterator[Record | Rejected]:
    """Records (or rejections) for ``items``, in input order, computed by ``client``'s workers.

    ``client`` is a :class:`distributed.Client`. At most ``max_pending`` batches of
    ``batch_size`` articles are in flight (default: 4 per worker thread), so the input is
    read lazily and memory stays bounded. Rejections from reading keep their place without
    a round trip. A batch whose task fails (its worker died too often) comes back as one
    rejection per article, naming the failure; the rest of the run goes on.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    options = options or ExtractOptions()
    name = plugin_name(options)
    client.register_plugin(ExtractorPlugin(options), name=name)
    limit = max_pending or 4 * max(1, sum(client.nthreads().values()))
    pending: deque[tuple[Any, list[Article]] | list[Rejected]] = deque()
    source = iter(items)

    def submit(articles: list[Article]) -> None:
        # pure=False: identical batches are distinct tasks, and hashing texts is wasted work.
        pending.append((client.submit(_run_batch, name, articles, pure=False), articles))

    try:
        while True:
            while len(pending) < limit:
                chunk = list(islice(source, batch_size))
                if not chunk:
                    break
                articles = [a for a in chunk if isinstance(a, Article)]
                if len(articles) == len(chunk):
                    submit(articles)
                    continue
                run: list[Article] = []
                for item in chunk:
                    if isinstance(item, Rejected):
                        if run:
                            submit(run)
                            run = []
                        pending.append([item])
                    else:
                        run.append(item)
                if run:
                    submit(run)
            if not pending:
                break
            head = pending.popleft()
            if isinstance(head, list):
                yield from head
                continue
            future, articles = head
            try:
                results = future.result()
            except Exception as exc:  # a task error or a KilledWorker: report, go on
                reason = f"dask task failed: {type(exc).__name__}: {exc}"
                logger.error("batch of %d articles: %s", len(articles), reason)
                results = [Rejected(a.source, reason) for a in articles]
            yield from results
    finally:
        futures = [h[0] for h in pending if isinstance(h, tuple)]
        if futures:  # stopped early: free the cluster of work nobody will read
            try:
                client.cancel(futures)
            except Exception:  # the client may already be closed; the futures die with it
                logger.debug("could not cancel %d pending batches", len(futures), exc_info=True)


def local_cluster(n_workers: int, silence_logs: int = logging.ERROR):
    """A :class:`distributed.LocalCluster` of ``n_workers`` single-threaded processes.

    No dashboard, and the scheduler's HTTP server (it always has one) on a free loopback
    port instead of 8787, so two local runs at once neither clash nor warn.
    """
    distributed = _import_distributed()
    return distributed.LocalCluster(
        n_workers=n_workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        silence_logs=silence_logs,
    )


class DaskRunner:
    """A connection to a Dask cluster for one run; closes what it started.

    >>> with DaskRunner.connect("local:2") as runner:  # doctest: +SKIP
    ...     for item in runner.extract(iter_inputs(["corpus/articles"])):
    ...         ...
    """

    def __init__(self, spec: DaskSpec, client: Any, cluster: Any | None = None) -> None:
        self.spec = spec
        self.client = client
        self._cluster = cluster

    @classmethod
    def connect(cls, spec: DaskSpec | str, *, timeout: float = 10.0) -> DaskRunner:
        """Start a LocalCluster (``local:N``) or connect to a scheduler, within ``timeout`` s.

        Raises :class:`DaskUnavailableError` naming the address and the reason.
        """
        spec = parse_dask_spec(spec) if isinstance(spec, str) else spec
        distributed = _import_distributed()
        if spec.address is not None:
            try:
                client = distributed.Client(spec.address, timeout=timeout)
            except (OSError, TimeoutError) as exc:
                raise DaskUnavailableError(
                    f"cannot reach the Dask scheduler at {spec.address}: {exc}"
                ) from exc
            return cls(spec, client)
        try:
            cluster = local_cluster(spec.local_workers)
        except Exception as exc:
            raise DaskUnavailableError(f"cannot start a local Dask cluster: {exc}") from exc
        return cls(spec, distributed.Client(cluster), cluster)

    def extract(
        self,
        items: Iterable[Article | Rejected],
        options: ExtractOptions | None = None,
        *,
        batch_size: int = 4,
        max_pending: int | None = None,
    ) -> Iterator[Record | Rejected]:
        """See :func:`extract_on_client`. While it runs (in the main thread), SIGTERM
        raises :class:`pipelines.parallel.Interrupted` as Ctrl-C does: the run fails
        the same way, and :meth:`close` stops the cluster."""
        with stop_on_signals():
            yield from extract_on_client(
                items, self.client, options=options, batch_size=batch_size, max_pending=max_pending
            )

    def close(self) -> None:
        """Disconnect; stop the local cluster when this runner started it."""
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskRunner:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
