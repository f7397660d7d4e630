"""Extract and export outputs are replaced only by a complete success (issue 13, guarantee 1).

Each test runs the real command (``pipelines.cli.main``, or the ``vnminer`` script in a
subprocess where a limit, a signal or a second process is needed) and checks what is on
disk afterwards: the earlier output byte for byte, and nothing left beside it.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipelines.cli import main
from pipelines.files import OutputBusy, TargetLock
from pipelines.output import JsonlWriter
from pipelines.parquet import ParquetDatasetWriter
from pipelines.records import Record
from pipelines.tables import load_records

EXE = Path(sys.executable).with_name("vnminer")
EARLIER = b'{"earlier":"run"}\n'


def listing(directory: Path) -> list[str]:
    """Every name under ``directory`` (hidden ones too), relative, sorted."""
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*"))


def snapshot(path: Path) -> dict[str, bytes]:
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return {str(p): p.read_bytes() for p in files}


@pytest.fixture(scope="module")
def seed(articles_dir: Path) -> Path:
    return sorted(articles_dir.glob("*.txt"))[0]


@pytest.fixture(scope="module")
def records_file(tmp_path_factory, articles_dir: Path) -> Path:
    """The seeds' records, extracted once."""
    out = tmp_path_factory.mktemp("records") / "records.jsonl"
    assert main(["extract", str(articles_dir), "--output", str(out), "-q"]) == 0
    return out


def vnminer(*args: str, limit: int | None = None, **kwargs) -> subprocess.CompletedProcess:
    """The ``vnminer`` script, optionally with a file size limit: writing past it fails
    with EFBIG, as on a full disk or a quota (SIGXFSZ ignored, so the write returns)."""

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [str(EXE), *args],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limited if limit else None,
        **kwargs,
    )


# --- extract: a run that fails or finds nothing replaces nothing -----------------------


def test_a_run_that_finds_no_article_keeps_output_and_rejects(tmp_path: Path, capsys) -> None:
    """Before: an empty input file truncated the output to 0 bytes, exit 0."""
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    out.write_bytes(EARLIER)
    rejects.write_bytes(EARLIER)
    empty = tmp_path / "in" / "empty.jsonl"
    empty.parent.mkdir()
    empty.write_bytes(b"")
    code = main(["extract", str(empty), "-o", str(out), "--rejects", str(rejects), "-q"])
    assert code == 1
    assert "no article" in capsys.readouterr().err
    assert out.read_bytes() == EARLIER and rejects.read_bytes() == EARLIER
    assert listing(tmp_path) == ["in", "in/empty.jsonl", "out.jsonl", "rejects.jsonl"]


def test_a_run_that_rejects_everything_keeps_the_rejects_file(tmp_path: Path, capsys) -> None:
    """Before: the output was kept, but the rejects file was truncated at the start."""
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    out.write_bytes(EARLIER)
    rejects.write_bytes(EARLIER)
    code = main(["extract", str(tmp_path / "nonexistent"), "-o", str(out), "--rejects", str(rejects)])
    assert code == 1
    captured = capsys.readouterr()
    assert "no input could be processed" in captured.err
    assert "(unchanged)" in captured.out
    assert out.read_bytes() == EARLIER and rejects.read_bytes() == EARLIER
    assert listing(tmp_path) == ["out.jsonl", "rejects.jsonl"]


def test_success_replaces_both_through_a_link_with_ordinary_permissions(
    tmp_path: Path, seed: Path
) -> None:
    """A link as output is written through (before: the link was replaced by a file);
    the new files get the usual permissions, not mkstemp's private 0600."""
    real = tmp_path / "data" / "records.jsonl"
    real.parent.mkdir()
    real.write_bytes(EARLIER)
    os.chmod(real, 0o640)
    link = tmp_path / "latest.jsonl"
    link.symlink_to(real)
    rejects = tmp_path / "rejects.jsonl"
    rejects.write_bytes(EARLIER)
    missing = tmp_path / "missing.txt"
    code = main(["extract", str(seed), str(missing), "-o", str(link), "--rejects", str(rejects), "-q"])
    assert code == 0
    assert link.is_symlink() and link.resolve() == real
    assert [r.id for r in load_records(link)] == [seed.stem]
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the replaced file's mode is kept
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(rejects.stat().st_mode) == 0o666 & ~umask
    assert [json.loads(line)["source"] for line in rejects.read_text().splitlines()] == [
        str(missing)
    ]
    assert listing(tmp_path) == ["data", "data/records.jsonl", "latest.jsonl", "rejects.jsonl"]


def test_an_interrupted_writer_leaves_the_target_and_no_temporary_file(
    tmp_path: Path, records_file: Path
) -> None:
    """Ctrl-C (KeyboardInterrupt) or any exception in the middle of a run."""
    record = next(load_records(records_file))
    out = tmp_path / "out.jsonl"
    out.write_bytes(EARLIER)
    with pytest.raises(KeyboardInterrupt), JsonlWriter(out) as writer:
        writer.write(record)
        raise KeyboardInterrupt
    dataset = tmp_path / "ds"
    with ParquetDatasetWriter(dataset) as writer:
        writer.write(record)
    before = snapshot(dataset)
    with pytest.raises(KeyboardInterrupt), ParquetDatasetWriter(dataset) as writer:
        writer.write(record)
        raise KeyboardInterrupt
    assert out.read_bytes() == EARLIER
    assert snapshot(dataset) == before
    assert [p for p in listing(tmp_path) if not p.startswith("ds/")] == ["ds", "out.jsonl"]


# --- extract: targets that are refused before the run ----------------------------------


def _refused_targets(tmp: Path, seed: Path) -> dict[str, tuple[list[str], str, Path]]:
    """name -> (extract arguments, expected message part, path that must stay as it was)."""
    inputs = tmp / "in"
    inputs.mkdir()
    feed = inputs / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a", "text": seed.read_text(encoding="utf-8")}) + "\n")
    fifo = tmp / "fifo.jsonl"
    os.mkfifo(fifo)
    plain = tmp / "plain.txt"
    plain.write_text("a file")
    (tmp / "same.jsonl").write_bytes(EARLIER)
    cases = {
        "a directory": ([str(feed), "-o", str(inputs)], "is a directory", inputs),
        "a FIFO": ([str(feed), "-o", str(fifo)], "is a FIFO", fifo),
        "a path under a file": ([str(feed), "-o", f"{plain}/x.jsonl"], "is not a directory", plain),
        "output is the input": ([str(feed), "-o", str(feed)], "is also an input", feed),
        "rejects is the input": (
            [str(feed), "-o", str(tmp / "o.jsonl"), "--rejects", str(feed)],
            "is also an input",
            feed,
        ),
        "output in the input directory": (
            [str(inputs), "-o", str(inputs / "out.jsonl")],
            "inside input directory",
            inputs,
        ),
        "rejects is the output": (
            [str(feed), "-o", str(tmp / "same.jsonl"), "--rejects", str(tmp / "same.jsonl")],
            "name the same file",
            tmp / "same.jsonl",
        ),
        "a dataset over a file": (
            [str(feed), "-o", str(plain), "--format", "parquet"],
            "not a directory",
            plain,
        ),
    }
    if os.geteuid() == 0:  # only root can make a device node; /dev itself is left alone
        device = tmp / "null.jsonl"
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        cases["a device"] = ([str(feed), "-o", str(device)], "is a device", device)
    return cases


def test_targets_that_cannot_be_outputs_are_refused_in_one_line(
    tmp_path: Path, seed: Path, capsys
) -> None:
    """Before: a FIFO or a device node was replaced by a regular file (as root, even
    /dev/null), an input given as --rejects was truncated before it was read, output
    inside an input directory was read back as input by the next run."""
    for name, (argv, message, keep) in _refused_targets(tmp_path, seed).items():
        kind_before = stat.S_IFMT(keep.lstat().st_mode)
        content_before = snapshot(keep) if keep.is_file() or keep.is_dir() else None
        code = main(["extract", *argv, "-q"])
        err = capsys.readouterr().err
        assert code == 2, name
        assert err.count("\n") == 1 and err.startswith("error: ") and message in err, (name, err)
        assert stat.S_IFMT(keep.lstat().st_mode) == kind_before, name
        if content_before is not None:
            assert snapshot(keep) == content_before, name
    assert not [p for p in listing(tmp_path) if p.endswith((".tmp", ".lock", ".partial"))]


# --- extract: one writer at a time; disk full ---------------------------------------------


def test_a_second_run_on_the_same_output_refuses_naming_the_holder(
    tmp_path: Path, seed: Path, records_file: Path, capsys
) -> None:
    out, dataset, db = tmp_path / "out.jsonl", tmp_path / "ds", tmp_path / "news.duckdb"
    out.write_bytes(EARLIER)
    db.write_bytes(EARLIER)
    busy = f"another run (pid {os.getpid()}) is writing it"
    with TargetLock(out), TargetLock(dataset), TargetLock(db):
        for argv in (
            ["extract", str(seed), "-o", str(out), "-q"],
            ["extract", str(seed), "-o", str(dataset), "--format", "parquet", "-q"],
            ["export", "--input", str(records_file), "--format", "duckdb", "--output", str(db)],
            ["export", "--input", str(records_file), "--format", "dataset", "--output", str(dataset)],
        ):
            code = main(argv)
            err = capsys.readouterr().err
            assert code == 1 and err.count("\n") == 1 and busy in err, (argv, err)
        with pytest.raises(OutputBusy):
            ParquetDatasetWriter(dataset).__enter__()
    assert out.read_bytes() == EARLIER and db.read_bytes() == EARLIER
    assert listing(tmp_path) == ["news.duckdb", "out.jsonl"]  # lock files go with their holder


def _wait_for(condition, what: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_two_processes_on_one_output_never_interleave_and_a_killed_one_frees_it(
    tmp_path: Path, articles_dir: Path
) -> None:
    """Before: both runs wrote one shared ``out.jsonl.partial``. Now the second refuses
    while the first writes; SIGKILL of the first releases its lock (the kernel drops an
    flock) and the next run removes the temporary file it left."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(articles_dir.glob("*.txt"))]
    feed = tmp_path / "feed.jsonl"  # long enough that the first run is still going
    with feed.open("w", encoding="utf-8") as fp:
        for i in range(400):
            fp.write(json.dumps({"id": f"a{i}", "text": texts[i % len(texts)]}) + "\n")
    out = tmp_path / "out.jsonl"
    out.write_bytes(EARLIER)
    lock = tmp_path / "out.jsonl.lock"
    first = subprocess.Popen(
        [str(EXE), "extract", str(feed), "-o", str(out), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        # Written once the lock is held, before the run reads its first input.
        _wait_for(lambda: lock.exists() and lock.read_text().strip() == str(first.pid), "lock")
        _wait_for(lambda: any(p.name.startswith(".out.jsonl.") for p in tmp_path.iterdir()), "temp")
        temps = [p for p in tmp_path.iterdir() if p.name.startswith(".out.jsonl.")]
        assert len(temps) == 1 and temps[0].suffix == ".tmp"
        second = vnminer("extract", str(feed), "-o", str(out), "-q")
        assert first.poll() is None, "the first run ended too soon for this test"
        assert second.returncode == 1
        assert second.stderr == (
            f"error: {out}: another run (pid {first.pid}) is writing it; wait for it to "
            "finish or choose another output\n"
        )
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=60)
    assert out.read_bytes() == EARLIER  # killed: nothing replaced
    assert temps[0].exists()  # SIGKILL leaves its temporary file...
    small = tmp_path / "small.jsonl"
    small.write_text(feed.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    third = vnminer("extract", str(small), "-o", str(out), "-q")
    assert third.returncode == 0, third.stderr
    assert [r.id for r in load_records(out)] == ["a0"]
    assert listing(tmp_path) == ["feed.jsonl", "out.jsonl", "small.jsonl"]  # ...the next run removes it


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_disk_full_is_one_line_and_keeps_the_earlier_output(
    tmp_path: Path, articles_dir: Path, fmt: str
) -> None:
    """Before: a traceback, and a torn ``out.jsonl.partial`` of 20 000 bytes left behind."""
    out = tmp_path / ("out.jsonl" if fmt == "jsonl" else "ds")
    assert main(["extract", str(articles_dir), "-o", str(out), "--format", fmt, "-q"]) == 0
    before = snapshot(out)
    # The seeds' records are about 100 kB; the limit stops the run's writing half way.
    result = vnminer(
        "extract", str(articles_dir), "-o", str(out), "--format", fmt, "-q", limit=20_000
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {out}: ") and result.stderr.count("\n") == 1
    assert "too large" in result.stderr
    assert snapshot(out) == before
    assert [p for p in listing(tmp_path) if not p.startswith("ds/")] == [out.name]


# --- export: replaced only by a complete success ------------------------------------------


def test_export_disk_full_keeps_every_earlier_table(tmp_path: Path, records_file: Path) -> None:
    """Before: the tables were written in place, one by one: a full disk left a torn
    articles.csv and the other tables of the earlier export."""
    out = tmp_path / "tables"
    assert main(["export", "--input", str(records_file), "--format", "csv", "--output", str(out)]) == 0
    before = snapshot(out)
    result = vnminer(
        "export", "--input", str(records_file), "--format", "csv", "--output", str(out),
        limit=20_000,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"error: {out}: ") and result.stderr.count("\n") == 1
    assert snapshot(out) == before
    assert listing(tmp_path) == ["tables", *(f"tables/{n}.csv" for n in sorted(
        ("articles", "initiatives", "models", "figures")))]  # fmt: skip


def test_export_refuses_to_overwrite_its_input_and_non_files(
    tmp_path: Path, records_file: Path, capsys
) -> None:
    """Before: ``--format duckdb --output`` the input file replaced the records with a
    database, exit 0."""
    records = tmp_path / "records.jsonl"
    shutil.copy(records_file, records)
    before = records.read_bytes()
    fifo = tmp_path / "fifo.duckdb"
    os.mkfifo(fifo)
    cases = [
        (["--format", "duckdb", "--output", str(records)], "is also an input"),
        (["--format", "duckdb", "--output", str(fifo)], "is a FIFO"),
        (["--format", "csv", "--output", str(records)], "not a directory"),
    ]
    for argv, message in cases:
        code = main(["export", "--input", str(records), *argv])
        err = capsys.readouterr().err
        assert code == 2 and err.count("\n") == 1 and message in err, (argv, err)
    assert records.read_bytes() == before
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert listing(tmp_path) == ["fifo.duckdb", "records.jsonl"]


def test_export_with_nothing_valid_keeps_the_earlier_export(
    tmp_path: Path, records_file: Path, capsys
) -> None:
    db = tmp_path / "news.duckdb"
    dataset = tmp_path / "ds"
    assert main(["export", "--input", str(records_file), "--format", "duckdb", "--output", str(db)]) == 0
    assert main(["export", "--input", str(records_file), "--format", "dataset", "--output", str(dataset)]) == 0
    before = {**snapshot(db), **snapshot(dataset)}
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"not": "a record"}\n')
    for fmt, out in (("duckdb", db), ("dataset", dataset)):
        assert main(["export", "--input", str(bad), "--format", fmt, "--output", str(out)]) == 1
    assert "no records to export" in capsys.readouterr().err
    assert {**snapshot(db), **snapshot(dataset)} == before
    assert not [p for p in listing(tmp_path) if p.startswith(".") or p.endswith((".lock", ".wal"))]


def test_export_reads_the_suffixes_extract_reads(tmp_path: Path, records_file: Path) -> None:
    """``.ndjson`` as ``extract`` reads it. Before: a directory of .ndjson files was
    "no such JSONL file or Parquet dataset"."""
    workers = tmp_path / "workers"
    workers.mkdir()
    lines = records_file.read_text(encoding="utf-8").splitlines(keepends=True)
    (workers / "w1.ndjson").write_text("".join(lines[:2]), encoding="utf-8")
    (workers / "w2.JSONL").write_text("".join(lines[2:]), encoding="utf-8")
    out = tmp_path / "db.duckdb"
    assert main(["export", "--input", str(workers), "--format", "duckdb", "--output", str(out)]) == 0
    assert [r.id for r in load_records(workers)] == [Record.model_validate_json(x).id for x in lines]


def test_the_metadata_of_text_inputs_is_never_an_output(
    tmp_path: Path, articles_dir: Path, capsys
) -> None:
    """``metadata.json`` beside ``.txt`` inputs is read with them: not an output either."""
    inputs = tmp_path / "a"
    shutil.copytree(articles_dir, inputs)
    meta = inputs / "metadata.json"
    before = meta.read_bytes()
    one = str(sorted(inputs.glob("*.txt"))[0])
    for argv in (
        ["extract", one, "-o", str(meta), "-q"],
        ["extract", one, "-o", str(tmp_path / "o.jsonl"), "--rejects", str(meta), "-q"],
        ["extract", str(inputs), "-o", str(meta), "-q"],
    ):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and err.count("\n") == 1 and "metadata.json" in err
    assert meta.read_bytes() == before
    assert not (tmp_path / "o.jsonl").exists()


def test_only_our_own_temporary_files_are_cleaned_up(tmp_path: Path, seed: Path) -> None:
    """A killed run's temporary file goes; a user's file that looks alike stays."""
    out = tmp_path / "res.jsonl"
    stale = tmp_path / ".res.jsonl.abc_1234.tmp"  # what mkstemp makes for a killed run
    mine = [tmp_path / ".res.jsonl.bak.tmp", tmp_path / ".res.jsonl.notes.tmp.txt"]
    stale.write_text("half a run", encoding="utf-8")
    for path in mine:
        path.write_text("precious", encoding="utf-8")
    assert main(["extract", str(seed), "-o", str(out), "-q"]) == 0
    assert not stale.exists()
    assert all(path.read_text(encoding="utf-8") == "precious" for path in mine)
