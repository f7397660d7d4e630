"""The Parquet dataset: layout, atomic writes, and four readers (ours, pandas, DuckDB, Dask)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.article import Article
from pipelines.cli import main
from pipelines.files import OutputRefused
from pipelines.parquet import (
    PART_FILE,
    ParquetDatasetWriter,
    check_dataset_output,
    file_schema,
    partition_of,
)
from pipelines.records import Record
from pipelines.tables import TABLE_COLUMNS, load_records, record_paths, to_tables

DOCS = Path(__file__).resolve().parents[2] / "docs" / "record.md"


@pytest.fixture(scope="module")
def records(extractor, seed_paths: list[Path]) -> list[Record]:
    from pipelines.inputs import iter_inputs

    seeds = [r for r in extractor.process(iter_inputs(seed_paths)) if isinstance(r, Record)]
    assert len(seeds) == 5
    extra = extractor(
        Article(
            id="nosite",
            text="Năm 2023, toàn xã có 120 hộ tham gia mô hình “Vườn mẫu”, đạt 95,5% kế hoạch.",
            source="mem",
        )
    )
    assert extra.site is None and extra.published is None and extra.figures
    dated = seeds[1].model_copy(update={"id": "dated", "published": "2024-03-05T08:00:00+07:00"})
    return [*seeds, extra, dated]


def _write(path: Path, records: list[Record]) -> ParquetDatasetWriter:
    with ParquetDatasetWriter(path, rows_per_group=2) as writer:
        for r in records:
            writer.write(r)
    return writer


@pytest.fixture(scope="module")
def dataset(tmp_path_factory, records: list[Record]) -> Path:
    path = tmp_path_factory.mktemp("pq") / "records"
    writer = _write(path, records)
    assert writer.count == len(records)
    return path


def test_layout_one_file_per_site_and_year(dataset: Path, records: list[Record]) -> None:
    files = sorted(p.relative_to(dataset).as_posix() for p in dataset.rglob("*") if p.is_file())
    expected = set()
    for r in records:
        site, year = partition_of(r)
        expected.add(f"site={site or 'unknown'}/year={year or 0}/{PART_FILE}")
    assert files == sorted(expected)
    assert "site=camlo/year=2024/part-0.parquet" in files  # the dated copy of a camlo seed
    assert "site=unknown/year=0/part-0.parquet" in files
    assert not dataset.with_name("records.partial").exists()


def test_our_reader_round_trips_every_record(dataset: Path, records: list[Record]) -> None:
    back = list(load_records(dataset))
    assert sorted(r.id for r in back) == sorted(r.id for r in records)
    by_id = {r.id: r for r in records}
    for r in back:
        assert r == by_id[r.id]  # nested lists, nulls, floats, site from the path
    # documented order: sorted file paths, then row order
    order = [r.id for p in record_paths(dataset) for r in load_records(p)]
    assert [r.id for r in back] == order
    assert back[-1].id == "nosite"  # site=unknown sorts last of these sites


def test_pandas_reads_the_directory(dataset: Path, records: list[Record]) -> None:
    import pandas as pd

    frame = pd.read_parquet(dataset)
    assert len(frame) == len(records)
    assert list(frame.columns) == [*file_schema().names, "site", "year"]
    row = frame.set_index("id").loc["dated"]
    assert (row["site"], int(row["year"])) == ("camlo", 2024)
    assert int(frame.set_index("id").loc["nosite", "year"]) == 0
    figures = frame.set_index("id").loc["004_b0c178afbd17d18c", "figures"]
    assert "285.197 triệu đồng" in [f["text"] for f in figures]


def test_duckdb_reads_the_directory(dataset: Path, records: list[Record]) -> None:
    import duckdb

    src = f"read_parquet('{dataset}/**/*.parquet', hive_partitioning=true)"
    con = duckdb.connect()
    assert con.execute(f"SELECT count(*) FROM {src}").fetchone()[0] == len(records)
    types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {src})").fetchall())
    assert types["year"] == "BIGINT" and types["site"] == "VARCHAR"
    n_figures = con.execute(f"SELECT count(*) FROM (SELECT unnest(figures) FROM {src})").fetchone()[0]
    assert n_figures == sum(len(r.figures) for r in records)
    value = con.execute(
        f"SELECT f.value FROM (SELECT unnest(figures) AS f FROM {src} WHERE site = 'baoquangtri' "
        "AND year = 2018) WHERE f.text = '285.197 triệu đồng'"
    ).fetchone()[0]
    assert value == 285_197_000_000


# dask's own reader calls a pandas API that pandas 3.1 deprecates; not ours to fix
@pytest.mark.filterwarnings("ignore:The inplace keyword:DeprecationWarning")
def test_dask_reads_the_directory(dataset: Path, records: list[Record]) -> None:
    import dask.dataframe as dd

    frame = dd.read_parquet(dataset).compute()
    assert sorted(frame["id"]) == sorted(r.id for r in records)
    assert set(frame["site"].astype(str)) == {r.site or "unknown" for r in records}


def test_export_reads_a_dataset_and_writes_one(dataset: Path, records: list[Record], tmp_path: Path, capsys) -> None:
    assert main(["export", "--input", str(dataset), "--format", "csv", "--output", str(tmp_path / "csv")]) == 0
    import pandas as pd

    figures = pd.read_csv(tmp_path / "csv" / "figures.csv")
    assert len(figures) == sum(len(r.figures) for r in records)
    assert list(figures.columns) == list(TABLE_COLUMNS["figures"])
    # JSONL outputs of several crawl workers -> one dataset
    workers = tmp_path / "workers"
    workers.mkdir()
    for i, chunk in enumerate((records[:3], records[3:])):
        (workers / f"worker-{i}.jsonl").write_text("".join(r.to_json() + "\n" for r in chunk), encoding="utf-8")
    out = tmp_path / "ds"
    assert main(["export", "--input", str(workers), "--format", "dataset", "--output", str(out)]) == 0
    assert f"{len(records):6d} rows" in capsys.readouterr().out
    assert sorted(r.id for r in load_records(out)) == sorted(r.id for r in records)
    assert to_tables(load_records(out)).figures["value"].sum() == pytest.approx(
        sum(f.value for r in records for f in r.figures)
    )


def test_extract_writes_a_dataset(articles_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "ds"
    assert main(["extract", str(articles_dir), "--output", str(out), "--format", "parquet", "-q"]) == 0
    assert {p.parent.parent.name for p in out.rglob(PART_FILE)} >= {"site=baoquangtri", "site=camlo"}
    assert len(list(load_records(out))) == 5


def test_a_rerun_replaces_the_whole_dataset(records: list[Record], tmp_path: Path) -> None:
    path = tmp_path / "ds"
    _write(path, records)
    _write(path, records[:1])  # stale partitions of the first run must go
    assert [r.id for r in load_records(path)] == [records[0].id]
    assert len(list(path.rglob("*.parquet"))) == 1


def test_a_failed_run_leaves_the_previous_dataset(records: list[Record], tmp_path: Path) -> None:
    path = tmp_path / "ds"
    _write(path, records)
    with pytest.raises(RuntimeError), ParquetDatasetWriter(path) as writer:
        writer.write(records[0])
        raise RuntimeError("killed mid-run")
    assert len(list(load_records(path))) == len(records)
    # nothing of the failed run is left beside it: no temporary directory, no lock file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds"]


def test_a_discarded_run_keeps_the_previous_dataset_and_no_partial(
    records: list[Record], tmp_path: Path
) -> None:
    from pipelines.output import JsonlWriter

    path = tmp_path / "ds"
    _write(path, records)
    with ParquetDatasetWriter(path) as writer:
        writer.write(records[0])
        writer.discard()
    assert sorted(r.id for r in load_records(path)) == sorted(r.id for r in records)
    assert not path.with_name("ds.partial").exists()
    jsonl = tmp_path / "o.jsonl"
    jsonl.write_text("earlier\n", encoding="utf-8")
    with JsonlWriter(jsonl) as writer:
        writer.write(records[0])
        writer.discard()
    assert jsonl.read_text(encoding="utf-8") == "earlier\n"
    assert not jsonl.with_name("o.jsonl.partial").exists()


def test_never_replaces_a_directory_that_is_not_a_dataset(records: list[Record], tmp_path: Path, capsys) -> None:
    (tmp_path / "notes.txt").write_text("keep me")
    assert "not replacing" in check_dataset_output(tmp_path)
    with pytest.raises(OutputRefused, match="not replacing"):
        _write(tmp_path, records)
    assert (tmp_path / "notes.txt").read_text() == "keep me"
    code = main(["extract", "x.txt", "--output", str(tmp_path), "--format", "parquet", "-q"])
    assert code == 2 and "not replacing" in capsys.readouterr().err
    assert check_dataset_output(tmp_path / "new") is None
    # and JSONL output is a file, never a directory
    assert main(["extract", "x.txt", "--output", str(tmp_path), "-q"]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_schema_follows_the_record_and_is_documented() -> None:
    schema = file_schema()
    assert schema.names == [n for n in Record.model_fields if n != "site"]
    figure = schema.field("figures").type.value_type
    assert {figure.field(i).name for i in range(figure.num_fields)} == set(
        Record.model_fields["figures"].annotation.__args__[0].model_fields
    )
    docs = DOCS.read_text(encoding="utf-8")
    section = docs[docs.index("## Parquet dataset") :]
    for name in [*schema.names, "site=", "year="]:
        assert f"`{name}" in section, name
