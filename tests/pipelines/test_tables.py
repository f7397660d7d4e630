"""Tidy tables, exports, and the dashboard queries of docs/dashboards.md."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest

from pipelines.cli import main
from pipelines.records import Record
from pipelines.tables import TABLE_COLUMNS, export_tables, load_records, to_tables

DOCS = Path(__file__).resolve().parents[2] / "docs" / "dashboards.md"


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory, articles_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("tables") / "articles.jsonl"
    assert main(["extract", str(articles_dir), "--output", str(out), "-q"]) == 0
    return out


@pytest.fixture(scope="module")
def records(jsonl: Path) -> list[Record]:
    return list(load_records(jsonl))


def test_row_counts_equal_extraction_counts(records: list[Record]) -> None:
    tables = to_tables(records)
    assert len(tables.articles) == len(records) == 5
    assert len(tables.initiatives) == sum(len(r.initiatives) for r in records)
    assert len(tables.models) == sum(len(r.models) for r in records)
    assert len(tables.figures) == sum(len(r.figures) for r in records)
    for name, frame in tables.items():
        assert tuple(frame.columns) == TABLE_COLUMNS[name]


def test_rows_carry_site_province_date_and_sentence(records: list[Record]) -> None:
    tables = to_tables(records)
    fig = tables.figures.set_index("text").loc["285.197 triệu đồng"]
    assert fig["site"] == "baoquangtri" and fig["province"] == "Quảng Trị"
    assert str(fig["published"].date()) == "2018-05-09"
    assert "285.197 triệu đồng" in fig["sentence"] and len(fig["sentence"]) < 200
    assert tables.figures.set_index("text").loc["12%", "is_target"]  # "(KH: 12%)"
    assert not tables.figures.set_index("text").loc["12,6%", "is_target"]
    assert tables.initiatives["sentence"].str.len().gt(0).all()


def test_load_records_reports_bad_lines_and_skips_them(jsonl: Path, tmp_path: Path, caplog) -> None:
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        "\n".join([lines[0], "{oops", json.dumps({"id": "x"}), lines[1]]) + "\n", encoding="utf-8"
    )
    with caplog.at_level(logging.WARNING):
        got = list(load_records(bad))
    assert [r.id for r in got] == [json.loads(lines[0])["id"], json.loads(lines[1])["id"]]
    assert f"{bad}:2" in caplog.text and f"{bad}:3" in caplog.text
    # directories and globs
    assert len(list(load_records(tmp_path))) == 2
    assert len(list(load_records(str(tmp_path / "*.jsonl")))) == 2


def test_a_directory_of_worker_outputs_reads_in_sorted_file_then_line_order(
    records: list[Record], tmp_path: Path
) -> None:
    from pipelines.tables import export_dataset, record_paths

    out = tmp_path / "out"
    out.mkdir()
    lines = [r.to_json() + "\n" for r in records]
    (out / "worker-2.jsonl").write_text(lines[4] + lines[0], encoding="utf-8")
    (out / "worker-1.jsonl").write_text(lines[3] + lines[1], encoding="utf-8")
    (out / "worker-3.jsonl.partial").write_text(lines[2], encoding="utf-8")  # a run in progress
    (out / "notes").mkdir()
    (out / "notes" / "old.jsonl").write_text(lines[2], encoding="utf-8")  # not a partition
    ids = [r.id for r in records]
    assert [r.id for r in load_records(out)] == [ids[3], ids[1], ids[4], ids[0]]
    # a dataset's partition directories inside the directory are read too, after worker-*
    export_dataset(records[2:3], tmp_path / "ds")
    (tmp_path / "ds").rename(out / "year=2018")
    assert [p.name for p in record_paths(out)] == ["worker-1.jsonl", "worker-2.jsonl", "part-0.parquet"]
    assert [r.id for r in load_records(out)][-1] == ids[2]
    tables = to_tables(load_records(out))
    assert len(tables.articles) == 5


def test_csv_and_parquet_round_trip(records: list[Record], tmp_path: Path) -> None:
    import pandas as pd

    tables = to_tables(records)
    written = export_tables(tables, "parquet", tmp_path / "pq")
    assert [p.name for p in written] == [f"{n}.parquet" for n in TABLE_COLUMNS]
    back = pd.read_parquet(tmp_path / "pq" / "figures.parquet")
    assert back["value"].tolist() == tables.figures["value"].tolist()
    export_tables(tables, "csv", tmp_path / "csv")
    csv = pd.read_csv(tmp_path / "csv" / "models.csv")
    assert csv["name"].tolist() == tables.models["name"].tolist()


def test_duckdb_export_and_documented_queries(
    jsonl: Path, records: list[Record], tmp_path: Path
) -> None:
    import duckdb

    db = tmp_path / "news.duckdb"
    assert main(["export", "--input", str(jsonl), "--format", "duckdb", "--output", str(db)]) == 0
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM figures").fetchone()[0] == sum(
        len(r.figures) for r in records
    )
    names = [
        row[0]
        for row in con.execute(
            "SELECT name FROM models WHERE article_id = '002_969a7bb7c0b1c31d' ORDER BY start"
        ).fetchall()
    ]
    assert names[:2] == [
        "sản xuất lúa cải tiến SRI và ICM",
        "trồng mía tập trung ứng dụng công nghệ cao",
    ]
    queries = re.findall(r"```sql\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert len(queries) == 5
    by_site, spread, indicator, per_year, targets = (con.execute(q).fetchall() for q in queries)
    assert by_site and per_year
    # "Dân vận khéo" is named in seeds from two provinces, under one key; it ranks first
    assert spread[0][0] == "dân vận khéo" and spread[0][2] == 2
    assert sum(row[3] for row in spread) == len({(r.id, m.key) for r in records for m in r.models})
    assert all(0 <= row[2] <= 100 for row in indicator)
    assert ("004_b0c178afbd17d18c", "105%", "12%", True) in targets


def test_export_of_missing_input(tmp_path: Path, capsys) -> None:
    code = main(
        [
            "export",
            "--input",
            str(tmp_path / "none.jsonl"),
            "--format",
            "csv",
            "--output",
            str(tmp_path / "o"),
        ]
    )
    assert code == 2
    assert "no such JSONL file" in capsys.readouterr().err


def test_export_of_no_valid_record_keeps_the_earlier_dataset(
    records: list[Record], tmp_path: Path, capsys
) -> None:
    from pipelines.tables import export_dataset

    out = tmp_path / "ds"
    assert export_dataset(records[:2], out)[0] == 2
    before = sorted((str(p.relative_to(out)), p.read_bytes()) for p in out.rglob("*.parquet"))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"source": "x.txt", "reason": "empty file"}\n', encoding="utf-8")
    code = main(["export", "--input", str(bad), "--format", "dataset", "--output", str(out)])
    assert code == 1
    assert "no records to export" in capsys.readouterr().err
    assert sorted((str(p.relative_to(out)), p.read_bytes()) for p in out.rglob("*.parquet")) == before
    assert not out.with_name("ds.partial").exists()


def test_places_give_todays_province_and_the_one_written(extractor) -> None:
    from pipelines.article import Article

    text = (
        "Huyện Lệ Thủy, tỉnh Quảng Bình đã có 18 xã đạt chuẩn nông thôn mới.\n"
        "Năm 2021, xã Sen Thủy triển khai mô hình “Dân vận khéo” với 45 hộ tham gia."
    )
    record = extractor(Article(id="qb", text=text, source="test"))
    assert record.province == "Quảng Trị"  # Quảng Bình merged into Quảng Trị in July 2025
    assert record.province_as_written == "Quảng Bình"
    assert {(p.name, p.level) for p in record.places} >= {
        ("Lệ Thủy", "district"),
        ("Quảng Bình", "province"),
    }
    tables = to_tables([record])
    row = tables.figures.iloc[0]
    assert (row["province"], row["province_as_written"]) == ("Quảng Trị", "Quảng Bình")
    assert tables.articles.loc[0, "n_places"] == len(record.places)
    assert tables.models.loc[0, "model_key"] == "dân vận khéo"


def test_records_of_schema_1_0_still_load(records: list[Record]) -> None:
    old = records[0].model_dump(mode="json")
    old["schema_version"] = "1.0"
    for key in ("places", "province", "province_as_written"):
        old.pop(key)
    for f in old["figures"]:
        for key in ("measure", "measure_start", "measure_end", "target"):
            f.pop(key)
    for m in old["models"]:
        m.pop("key")
    tables = to_tables([Record.model_validate(old)])
    assert tables.articles.loc[0, "province"] == tables.articles.loc[0, "province_as_written"]
    assert tables.articles.loc[0, "province"] is not None


@pytest.mark.parametrize("fmt", ["csv", "dataset"])
def test_export_of_articles_without_extractions_says_to_extract_first(
    jsonl: Path, tmp_path: Path, capsys, caplog, fmt: str
) -> None:
    # What a --no-extract crawl writes: articles, not records.
    articles = tmp_path / "crawl.jsonl"
    with jsonl.open(encoding="utf-8") as src, articles.open("w", encoding="utf-8") as dst:
        for line in src:
            obj = json.loads(line)
            for key in ("initiatives", "models", "figures"):
                obj.pop(key)
            dst.write(json.dumps(obj, ensure_ascii=False) + "\n")
    with caplog.at_level(logging.WARNING, logger="pipelines.tables"):
        code = main(["export", "--input", str(articles), "--format", fmt, "--output", str(tmp_path / "o")])
    assert code == 1
    assert "no records to export" in capsys.readouterr().err
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1, warnings  # one summary for the file, not one line each
    assert "articles without extractions" in warnings[0]
    assert "vnminer extract" in warnings[0]
