"""Process pools clean up (issue 13, guarantee 3): the real ``vnminer extract --workers 2``
in a subprocess, stopped or killed as ``timeout``, systemd, a terminal or the OOM killer
would, and its workers found through ``/proc``."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pipelines.inputs import iter_inputs

ROOT = Path(__file__).resolve().parents[2]
EXE = Path(sys.executable).with_name("vnminer")
OLD = b'{"id": "earlier-run", "note": "must survive a failed run byte for byte"}\n'
DEADLINE = 60.0  # seconds; generous for a loaded two-core machine, never slept through

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir(), reason="finds worker processes through Linux /proc"
)


def _write_feed(path: Path, articles_dir: Path, copies: int) -> Path:
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(articles_dir.glob("*.txt"))]
    with path.open("w", encoding="utf-8") as fp:
        for i in range(copies):
            for stem, text in texts:
                fp.write(json.dumps({"id": f"{stem}-{i}", "text": text}, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def long_feed(tmp_path_factory: pytest.TempPathFactory, articles_dir: Path) -> Path:
    """Far more articles than two workers finish before the test stops them."""
    return _write_feed(tmp_path_factory.mktemp("feed") / "long.jsonl", articles_dir, 80)


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory, articles_dir: Path) -> Path:
    """Enough articles for a few seconds of work on two workers."""
    return _write_feed(tmp_path_factory.mktemp("feed") / "feed.jsonl", articles_dir, 16)


def _children(pid: int) -> set[int]:
    kids: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):  # the task ended while we looked
            kids |= {int(k) for k in task.read_text().split()}
    return kids


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # the fields after "(comm)"


def _alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] not in ("Z", "X")  # a zombie has exited


def _cpu_ticks(pid: int) -> int:
    fields = _stat(pid)
    return int(fields[11]) + int(fields[12]) if fields else 0  # utime + stime


def _wait(condition: Callable[[], object], what: str, deadline: float = DEADLINE):
    end = time.monotonic() + deadline
    while not (value := condition()):
        assert time.monotonic() < end, f"timed out waiting for {what}"
        time.sleep(0.02)
    return value


class _Run:
    """``vnminer extract ARGS -q`` in its own session (a shell job is its own process
    group: killpg reaches it alone), its output streams in files: orphaned workers
    holding a pipe open must not hide that the parent has ended."""

    def __init__(self, logs: Path, *args: str) -> None:
        logs.mkdir()
        self._out, self._err = logs / "stdout", logs / "stderr"
        with self._out.open("wb") as out, self._err.open("wb") as err:
            self.proc = subprocess.Popen(
                [str(EXE), "extract", *args, "-q"],
                cwd=ROOT,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
        self.pid = self.proc.pid

    @property
    def stderr(self) -> str:
        return self._err.read_text(encoding="utf-8")

    def finish(self) -> int:
        """The exit code, once the parent has ended (a failure if it does not)."""
        try:
            return self.proc.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            os.killpg(self.pid, signal.SIGKILL)
            self.proc.wait()
            pytest.fail(f"extract did not end: {self.stderr}")


def _busy_workers(run: _Run, n: int = 2, exclude: set[int] = frozenset()) -> set[int]:
    """The worker pids once ``n`` of them (not in ``exclude``) have used CPU."""

    def busy() -> set[int]:
        assert run.proc.poll() is None, f"extract ended early: {run.stderr}"
        kids = {k for k in _children(run.pid) - exclude if _cpu_ticks(k) >= 3}
        return kids if len(kids) >= n else set()

    return _wait(busy, f"{n} busy workers")


def _reap_orphans(pids: set[int]) -> None:
    for pid in pids:  # only our own workers, if the test failed with them still alive
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize(
    ("sig", "to_group", "workers"),
    [(signal.SIGTERM, False, 2), (signal.SIGINT, True, 2), (signal.SIGTERM, False, 1)],
    ids=["sigterm-to-parent", "ctrl-c-to-process-group", "sigterm-without-workers"],
)
def test_a_stopped_run_leaves_no_worker_and_no_change(
    sig: signal.Signals, to_group: bool, workers: int, long_feed: Path, tmp_path: Path
) -> None:
    """SIGTERM (``timeout``, systemd, ``docker stop``) or Ctrl-C (SIGINT to the whole
    process group) mid-run: one line, exit 130 (or 143), no worker left, the earlier
    output byte-identical and no temporary file beside it. Before: SIGTERM killed the
    parent outright, left its temporary and lock files, and with workers left them
    orphaned, blocked for ever."""
    target = tmp_path / "target"
    target.mkdir()
    out = target / "out.jsonl"
    out.write_bytes(OLD)
    run = _Run(tmp_path / "logs", str(long_feed), "-o", str(out), "--workers", str(workers))
    if workers > 1:
        pool = _busy_workers(run)
    else:  # under way: its output opened, then half a second more of work
        pool = set()
        _wait(lambda: len(list(target.iterdir())) > 1, "the output to be opened")
        ticks = _cpu_ticks(run.pid) + 50
        _wait(lambda: _cpu_ticks(run.pid) >= ticks, "extraction to start")
    try:
        os.killpg(run.pid, sig) if to_group else run.proc.send_signal(sig)
        code = run.finish()
        assert code in (130, 143), run.stderr
        assert run.stderr.splitlines() == ["error: interrupted"]
        _wait(lambda: not any(_alive(w) for w in pool), "the workers to end", 10)
    finally:
        _reap_orphans(pool)
    assert out.read_bytes() == OLD
    assert [p.name for p in target.iterdir()] == ["out.jsonl"]


def test_sigkill_of_the_parent_takes_the_workers_with_it(long_feed: Path, tmp_path: Path) -> None:
    """Nothing runs in a SIGKILLed parent: the workers must notice on their own, and let
    go of the output's lock (its file descriptor is shared with them). Before: both
    stayed, blocked for ever, and later runs on that output were refused."""
    target = tmp_path / "target"
    target.mkdir()
    out = target / "out.jsonl"
    out.write_bytes(OLD)
    run = _Run(tmp_path / "logs", str(long_feed), "-o", str(out), "--workers", "2")
    workers = _busy_workers(run)
    try:
        run.proc.kill()
        run.finish()
        _wait(lambda: not any(_alive(w) for w in workers), "the orphaned workers to end", 10)
    finally:
        _reap_orphans(workers)
    assert out.read_bytes() == OLD
    for path in target.iterdir():  # nobody holds a lock any more
        with path.open("rb") as fp:
            fcntl.flock(fp, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _serial(extractor, feed: Path) -> list[dict]:
    return [json.loads(r.to_json()) for r in extractor.process(iter_inputs([feed]))]


def test_a_killed_worker_is_replaced_and_nothing_lost(
    feed: Path, tmp_path: Path, extractor
) -> None:
    """One worker SIGKILLed mid-run (as the OOM killer does): its batch is retried on a
    new pool and the output is the serial run's. Before: BrokenProcessPool, exit 1, no
    output at all."""
    out = tmp_path / "out.jsonl"
    run = _Run(tmp_path / "logs", str(feed), "-o", str(out), "--workers", "2")
    os.kill(min(_busy_workers(run)), signal.SIGKILL)
    assert run.finish() == 0, run.stderr
    assert "a worker process died (signal 9)" in run.stderr
    assert _records(out) == _serial(extractor, feed)


def test_an_article_whose_retry_dies_too_is_rejected_and_the_run_goes_on(
    feed: Path, tmp_path: Path, extractor
) -> None:
    """A worker killed, then the workers retrying the unfinished articles one by one
    killed too: the one article being retried is rejected with the reason, every other
    one is written as a serial run writes it. Before: exit 1, no output."""
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    # Batches of 16, 8 in flight: every unfinished article goes through the retry.
    run = _Run(
        tmp_path / "logs", str(feed), "-o", str(out), "--rejects", str(rejects),
        "--workers", "2", "--batch-size", "16",
    )  # fmt: skip
    first = _busy_workers(run)
    os.kill(min(first), signal.SIGKILL)
    _busy_workers(run, n=1, exclude=first)  # the new pool, running one article
    for pid in _children(run.pid) - first:
        os.kill(pid, signal.SIGKILL)
    assert run.finish() == 0, run.stderr
    (rejected,) = _records(rejects)
    assert rejected["reason"] == "worker process died (signal 9) twice"
    serial = _serial(extractor, feed)
    written = _records(out)
    (lost,) = [i for i, r in enumerate(serial) if r["id"] not in {w["id"] for w in written}]
    assert rejected["source"] == f"{feed}:{lost + 1}"
    assert written == serial[:lost] + serial[lost + 1 :]


def test_workers_above_the_core_count_are_capped_with_a_note(
    articles_dir: Path, tmp_path: Path
) -> None:
    """Before: ``--workers 8`` on two cores started eight copies of the models."""
    cores = len(os.sched_getaffinity(0))
    out = tmp_path / "out.jsonl"
    article = sorted(articles_dir.glob("*.txt"))[0]
    run = _Run(tmp_path / "logs", str(article), "-o", str(out), "--workers", "8")
    assert run.finish() == 0, run.stderr
    if cores >= 8:
        assert "capped" not in run.stderr
    else:
        assert run.stderr.splitlines() == [
            f"note: --workers 8 capped at {cores}, the cores available"
        ]
    assert len(_records(out)) == 1


def test_sigterm_stops_a_dask_run_the_same_way(long_feed: Path, tmp_path: Path) -> None:
    """``--dask local:2`` stopped by SIGTERM: the run fails as for Ctrl-C (the last line
    says so, exit 130 or 143), the earlier output stays and the cluster's processes end.
    Before: the parent died outright and left its temporary and lock files."""
    pytest.importorskip("distributed")
    target = tmp_path / "target"
    target.mkdir()
    out = target / "out.jsonl"
    out.write_bytes(OLD)
    run = _Run(tmp_path / "logs", str(long_feed), "-o", str(out), "--dask", "local:2")
    _wait(lambda: len(list(target.iterdir())) > 1, "the output to be opened")
    cluster = _busy_workers(run)
    try:
        run.proc.send_signal(signal.SIGTERM)
        assert run.finish() in (130, 143), run.stderr
        assert run.stderr.splitlines()[-1] == "error: interrupted"
        _wait(lambda: not any(_alive(p) for p in cluster), "the cluster to end", 30)
    finally:
        _reap_orphans(cluster)
    assert out.read_bytes() == OLD
    assert [p.name for p in target.iterdir()] == ["out.jsonl"]
