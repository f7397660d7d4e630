"""The process pool gives the single-process result, in input order, with bounded look-ahead."""

from __future__ import annotations

from pathlib import Path

from pipelines.article import Article, Rejected
from pipelines.inputs import iter_inputs
from pipelines.parallel import extract_parallel


def _dump(items) -> list[str]:
    return [i.to_json() if not isinstance(i, Rejected) else f"rejected {i}" for i in items]


def test_two_workers_equal_one_in_input_order(articles_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "zz-empty.txt"
    bad.write_bytes(b"")
    inputs = [*sorted(articles_dir.glob("*.txt"))[:3], bad, *sorted(articles_dir.glob("*.txt"))[3:]]
    one = _dump(extract_parallel(iter_inputs(inputs), workers=1))
    two = _dump(extract_parallel(iter_inputs(inputs), workers=2, batch_size=2))
    assert one == two
    assert one[3].startswith("rejected") and "empty" in one[3]
    assert len(one) == 6


def test_input_is_read_lazily() -> None:
    text = "Năm nay, toàn xã có 120 hộ tham gia mô hình “Vườn mẫu” của hội nông dân huyện nhà."
    pulled = []

    def source():
        for i in range(50):
            pulled.append(i)
            yield Article(id=str(i), text=text, source=f"mem:{i}")

    stream = extract_parallel(source(), workers=2, batch_size=1, max_pending=2)
    first = next(stream)
    assert first.id == "0"
    assert len(pulled) <= 4  # two batches in flight and at most one being read
    rest = list(stream)
    assert [r.id for r in rest] == [str(i) for i in range(1, 50)]


def test_a_consumer_that_stops_early_leaves_no_worker_and_its_signal_handlers() -> None:
    """The pool lives as long as the stream: closed early, its workers are gone at once;
    SIGTERM stops the run as Ctrl-C does while it runs, and is left as it was after."""
    import os
    import signal
    import time

    def children() -> set[int]:
        tasks = Path(f"/proc/{os.getpid()}/task").glob("*/children")
        return {int(pid) for task in tasks for pid in task.read_text().split()}

    text = "Năm nay, toàn xã có 120 hộ tham gia mô hình “Vườn mẫu” của hội nông dân huyện nhà."
    before = children()
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    stream = extract_parallel(
        (Article(id=str(i), text=text, source=f"mem:{i}") for i in range(200)),
        workers=2,
        batch_size=1,
    )
    assert next(stream).id == "0"
    workers = children() - before
    assert len(workers) == 2
    assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    stream.close()
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    deadline = time.monotonic() + 10
    while workers & children():  # reaped by the pool's shutdown; a moment for /proc
        assert time.monotonic() < deadline, "workers left after the stream was closed"
        time.sleep(0.02)
