"""Extraction on a real Dask cluster gives the serial run's output, byte for byte."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import pytest

from pipelines.article import Article
from pipelines.cli import main
from pipelines.distributed import (
    DaskRunner,
    DaskSpec,
    DaskUnavailableError,
    extract_on_client,
    parse_dask_spec,
    plugin_name,
)
from pipelines.extract import ExtractOptions
from pipelines.tables import load_records

GOOD = "Năm nay, toàn xã có 120 hộ tham gia mô hình “Vườn mẫu” của hội nông dân huyện nhà."


@pytest.fixture(scope="module")
def serial(tmp_path_factory, articles_dir: Path):
    """The seeds with bad inputs among them, extracted serially: (inputs, output, rejects, stdout)."""
    tmp = tmp_path_factory.mktemp("dask")
    inputs = tmp / "in"
    shutil.copytree(articles_dir, inputs)
    (inputs / "001_empty.txt").write_bytes(b"")  # sorts between two seeds
    (inputs / "feed.jsonl").write_text(
        "\n".join(
            [
                json.dumps({"id": "j1", "text": GOOD}, ensure_ascii=False),
                "{broken",
                json.dumps({"id": "j2", "text": "The quick brown fox jumps over the lazy dog. " * 9}),
                json.dumps({"id": "j3", "text": GOOD.replace("120", "75")}, ensure_ascii=False),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out, rejects = tmp / "serial.jsonl", tmp / "serial-rejects.jsonl"
    args = ["extract", str(inputs), "--output", str(out), "--rejects", str(rejects)]
    assert main([*args, "--table-rows", "0"]) == 0
    return inputs, out, rejects


def _summary(text: str) -> list[str]:
    # Everything the summary says but the time it took.
    return [line for line in text.splitlines() if not line.startswith(("time", "output"))]


def _run(inputs: Path, tmp_path: Path, dask: str, capsys) -> tuple[Path, Path, str]:
    capsys.readouterr()
    out, rejects = tmp_path / "dask.jsonl", tmp_path / "dask-rejects.jsonl"
    args = ["extract", str(inputs), "--output", str(out), "--rejects", str(rejects)]
    assert main([*args, "--dask", dask, "--table-rows", "0"]) == 0
    return out, rejects, capsys.readouterr().out


def test_local_cluster_output_is_byte_identical_to_serial(serial, tmp_path: Path, capsys) -> None:
    inputs, out, rejects = serial
    capsys.readouterr()
    args = ["extract", str(inputs), "--output", str(tmp_path / "again.jsonl"), "--table-rows", "0"]
    assert main(args) == 0
    serial_summary = _summary(capsys.readouterr().out)
    got, got_rejects, printed = _run(inputs, tmp_path, "local:2", capsys)
    assert got.read_bytes() == out.read_bytes()
    assert got_rejects.read_bytes() == rejects.read_bytes()
    assert _summary(printed) == serial_summary
    assert "Dask local:2" in printed
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids[:2] == ["000_117b00918246b0cc", "001_73f11b8477a790ae"]  # the empty file between
    assert {"j1", "j3"} <= set(ids) and "j2" not in ids
    reasons = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert [Path(r["source"]).name for r in reasons] == [
        "001_empty.txt",
        "feed.jsonl:2",
        "feed.jsonl:3",
    ]


def test_existing_cluster_by_address(serial, dask_cluster, tmp_path: Path, capsys) -> None:
    inputs, out, rejects = serial
    address = dask_cluster.scheduler_address
    assert address.startswith("tcp://")
    got, got_rejects, _ = _run(inputs, tmp_path, address, capsys)
    assert got.read_bytes() == out.read_bytes()
    assert got_rejects.read_bytes() == rejects.read_bytes()
    # a second run on the same cluster reuses each worker's extractor: one load per worker
    got, _, _ = _run(inputs, tmp_path, address, capsys)
    assert got.read_bytes() == out.read_bytes()
    from distributed import Client

    name = plugin_name(ExtractOptions())
    with Client(address) as client:
        loads = client.run(lambda dask_worker: dask_worker.plugins[name].loads)
    assert len(loads) == 2 and set(loads.values()) <= {0, 1} and sum(loads.values()) >= 1


def test_parquet_output_from_the_cluster(serial, dask_cluster, tmp_path: Path) -> None:
    inputs, out, _ = serial
    dataset = tmp_path / "ds"
    args = ["extract", str(inputs), "--output", str(dataset), "--format", "parquet", "-q"]
    assert main([*args, "--dask", dask_cluster.scheduler_address]) == 0
    by_id = {r.id: r for r in load_records(out)}
    back = list(load_records(dataset))
    assert len(back) == len(by_id) and all(r == by_id[r.id] for r in back)


def test_input_is_read_lazily_with_bounded_batches_in_flight(dask_cluster) -> None:
    from distributed import Client

    pulled: list[int] = []

    def source():
        for i in range(12):
            pulled.append(i)
            yield Article(id=str(i), text=GOOD, source=f"mem:{i}")

    with Client(dask_cluster) as client:
        stream = extract_on_client(source(), client, batch_size=1, max_pending=2)
        first = next(stream)
        assert first.id == "0"
        assert len(pulled) <= 3  # two batches in flight, at most one more read
        assert [r.id for r in stream] == [str(i) for i in range(1, 12)]


def test_a_worker_killed_mid_run_loses_nothing(serial, dask_cluster) -> None:
    """SIGKILL a busy worker after the first result: Dask re-runs its batches elsewhere."""
    import os
    import signal

    from distributed import Client

    from pipelines.inputs import iter_inputs

    inputs, out, _ = serial
    expected = out.read_text(encoding="utf-8").splitlines()
    with Client(dask_cluster) as client:
        stream = extract_on_client(iter_inputs([inputs]), client, batch_size=1, max_pending=4)
        got = [next(stream)]
        busy = [w for w, keys in client.processing().items() if keys]
        assert busy, "batches in flight"
        (pid,) = client.run(os.getpid, workers=busy[:1]).values()
        os.kill(pid, signal.SIGKILL)
        got += list(stream)
        client.wait_for_workers(2, timeout=60)  # the nanny restarts it for the next tests
        assert pid not in client.run(os.getpid).values()  # it did die
    lines = [item.to_json() for item in got if not hasattr(item, "reason")]
    assert lines == expected


def test_unreachable_scheduler_is_a_clear_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there once closed
    address = f"tcp://127.0.0.1:{port}"
    with pytest.raises(DaskUnavailableError, match=f"cannot reach the Dask scheduler at {address}"):
        DaskRunner.connect(address, timeout=1)


def test_dask_spec_parsing_and_cli_errors(tmp_path: Path, capsys) -> None:
    assert parse_dask_spec("local:3") == DaskSpec(local_workers=3)
    assert parse_dask_spec("tcp://10.0.0.5:8786") == DaskSpec(address="tcp://10.0.0.5:8786")
    assert str(parse_dask_spec("local:2")) == "local:2"
    for bad in ("local:0", "local", "10.0.0.5:8786", ""):
        with pytest.raises(ValueError):
            parse_dask_spec(bad)
    out = str(tmp_path / "o.jsonl")
    with pytest.raises(SystemExit):
        main(["extract", "x.txt", "--output", out, "--dask", "somewhere"])
    assert "neither local:N nor a scheduler address" in capsys.readouterr().err
    assert main(["extract", "x.txt", "--output", out, "--dask", "local:2", "--workers", "2"]) == 2
    assert "--workers or --dask" in capsys.readouterr().err
