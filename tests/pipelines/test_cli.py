"""`vnminer extract`, `eval`, `schema`, `page` and `profile` as a user runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.cli import main
from pipelines.records import Record, record_json_schema

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def batch(tmp_path_factory, articles_dir: Path):
    """A directory holding the seeds and a set of bad inputs, extracted once."""
    tmp = tmp_path_factory.mktemp("batch")
    inputs = tmp / "in"
    shutil.copytree(articles_dir, inputs)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(bytes(range(256)))
    (inputs / "english.txt").write_text("The quick brown fox jumps over the lazy dog. " * 20)
    (inputs / "extra.jsonl").write_text(
        json.dumps(
            {
                "id": "j1",
                "url": "https://example.vn/a.html",
                "title": "Tiêu đề",
                "text": "Năm nay, xã có 120 hộ tham gia mô hình “Vườn mẫu” của hội nông dân.",
            },
            ensure_ascii=False,
        )
        + "\n{broken\n",
        encoding="utf-8",
    )
    out = tmp / "out" / "out.jsonl"
    rejects = tmp / "logs" / "rejects.jsonl"  # a directory that does not exist yet
    code = main(["extract", str(inputs), "--output", str(out), "--rejects", str(rejects), "-q"])
    return code, out, rejects


def test_extract_writes_one_valid_record_per_good_article(batch, articles_dir: Path) -> None:
    code, out, _ = batch
    assert code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    records = [Record.model_validate_json(line) for line in lines]
    assert sorted(r.id for r in records) == sorted(
        [p.stem for p in articles_dir.glob("*.txt")] + ["j1"]
    )
    j1 = next(r for r in records if r.id == "j1")
    assert j1.url == "https://example.vn/a.html" and j1.title == "Tiêu đề"
    assert [m.name for m in j1.models] == ["Vườn mẫu"]
    assert [(f.value, f.unit) for f in j1.figures] == [(120.0, "hộ")]
    for r in records:
        for f in r.figures:
            assert r.text[f.start : f.end] == f.text


def test_output_is_utf8_not_escaped(batch) -> None:
    _, out, _ = batch
    raw = out.read_text(encoding="utf-8")
    assert "\\u" not in raw and "Huyện" in raw
    assert not out.with_name(out.name + ".partial").exists()


def test_rejects_are_reported_with_reasons(batch) -> None:
    _, _, rejects = batch
    lines = rejects.read_text(encoding="utf-8").splitlines()
    got = {Path(r["source"]).name: r["reason"] for r in map(json.loads, lines)}
    assert set(got) == {"empty.txt", "binary.txt", "english.txt", "extra.jsonl:2"}
    assert "empty" in got["empty.txt"]
    assert "binary" in got["binary.txt"]
    assert "not Vietnamese" in got["english.txt"]
    assert "malformed JSON" in got["extra.jsonl:2"]


def test_nothing_processable_exits_non_zero(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02")
    code = main(["extract", str(bad), "--output", str(tmp_path / "o.jsonl"), "-q"])
    assert code == 1
    assert "no input could be processed" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_failed_run_leaves_earlier_output_untouched(
    tmp_path: Path, articles_dir: Path, fmt: str
) -> None:
    """Every input rejected (exit 1): FILE keeps the previous run's records, no .partial."""
    out = tmp_path / ("o.jsonl" if fmt == "jsonl" else "records")

    def snapshot() -> list[tuple[str, bytes]]:
        files = [out] if out.is_file() else sorted(p for p in out.rglob("*") if p.is_file())
        return [(str(p.relative_to(tmp_path)), p.read_bytes()) for p in files]

    assert main(["extract", str(articles_dir), "--output", str(out), "--format", fmt, "-q"]) == 0
    before = snapshot()
    assert before and all(data for _, data in before)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02")
    assert main(["extract", str(bad), "--output", str(out), "--format", fmt, "-q"]) == 1
    assert snapshot() == before
    assert not out.with_name(out.name + ".partial").exists()


def test_eval_json(batch, gold_dir: Path, capsys) -> None:
    _, out, _ = batch
    assert main(["eval", "--gold", str(gold_dir), "--pred", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) >= {
        "initiatives",
        "models",
        "figures",
        "unit_accuracy",
        "qualifier_accuracy",
        "measure_accuracy",
        "target_accuracy",
    }
    assert report["missing_predictions"] == []
    assert 0 <= report["figures"]["f1"] <= 1


def test_eval_details_lists_errors_per_article(
    batch, gold_dir: Path, tmp_path: Path, capsys
) -> None:
    _, out, _ = batch
    gold = json.loads(next(iter(sorted(gold_dir.glob("*.json")))).read_text(encoding="utf-8"))
    gold["models"].append({"name": "Một mô hình không có trong bài"})
    (tmp_path / f"{gold['id']}.json").write_text(json.dumps(gold, ensure_ascii=False), "utf-8")
    assert main(["eval", "--gold", str(tmp_path), "--pred", str(out), "--details"]) == 0
    printed = capsys.readouterr().out
    assert f"== {gold['id']}" in printed
    assert "models      missed    Một mô hình không có trong bài" in printed
    assert main(["eval", "--gold", str(tmp_path), "--pred", str(out), "--details", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["errors"][gold["id"]]
    assert any(r["kind"] == "models" and r["error"] == "missed" for r in rows)


def test_eval_reports_bad_gold_dir(tmp_path: Path, capsys) -> None:
    (tmp_path / "g.json").write_text("{oops")
    pred = tmp_path / "p.jsonl"
    pred.write_text("")
    assert main(["eval", "--gold", str(tmp_path), "--pred", str(pred)]) == 2
    assert "g.json" in capsys.readouterr().err


def test_shipped_schema_matches_the_model() -> None:
    shipped = json.loads((ROOT / "docs" / "record.schema.json").read_text(encoding="utf-8"))
    assert shipped == record_json_schema(), "run `make schema` and commit docs/record.schema.json"


def test_console_script_runs(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("vnminer")
    result = subprocess.run([str(exe), "schema"], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout)["title"] == "Record"


def test_page_and_profile_commands_are_wired(tmp_path: Path, capsys) -> None:
    """`vnminer page` and `vnminer profile draft|check` on a saved page (crawler/profile_tools)."""
    page = ROOT / "corpus" / "pages" / "article_jsonld.html"
    url = "https://baodongxuan.vn/xa-tan-phu-ra-mat-mo-hinh-dan-van-kheo-102345.html"
    assert main(["page", str(page), "--url", url]) == 0
    assert json.loads(capsys.readouterr().out)["sources"]["published"] == "json-ld"
    assert main(["profile", "draft", str(page), "--url", url]) == 0
    draft = tmp_path / "site.json"
    draft.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["page", str(page), "--url", url, "--profile", str(draft)]) == 0
    assert json.loads(capsys.readouterr().out)["sources"]["title"] == "profile"
    assert main(["profile", "check", str(draft), str(page), "--url", url]) == 0
    assert "0 disagreements" in capsys.readouterr().out
    listing = ROOT / "corpus" / "pages" / "listing.html"
    assert main(["page", str(listing), "--url", "https://baodongxuan.vn/chinh-tri/"]) == 1
    assert "a listing page" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["crawl", "--site", "camlo", "--since", "2020-13-01"], "--since '2020-13-01': not a date"),
        (["crawl", "--site", "camlo", "--until", "last week"], "--until 'last week': not a date"),
        (
            ["crawl", "--site", "camlo", "--since", "2021-01-01", "--until", "2020-01-01"],
            "--since 2021-01-01 is after --until 2020-01-01",
        ),
        (["crawl", "--site", "missing.json"], "no site profile 'missing.json'"),
        (["crawl", "--site", "nosuchsite"], "no site profile 'nosuchsite'; bundled: "),
        (["crawl", "--site", "camlo", "--redis", "localhost:6379"], "not a Redis URL"),
        (["crawl", "--site", "camlo", "--redis", "redis://"], "no host"),
        (["run", "--sites", "camlo,foo"], "--sites: no site profile 'foo'"),
        (["run", "--sites", "camlo,https://x"], "'https://x' is not a site address"),
    ],
)
def test_crawl_arguments_are_checked_before_scrapy_starts(
    argv: list[str], message: str, tmp_path: Path, capsys
) -> None:
    """One `error:` line and exit 2; nothing written, no spider traceback."""
    out = tmp_path / "out"
    where = ["-o", str(out / "a.jsonl")] if argv[0] == "crawl" else ["--out", str(out)]
    assert main([*argv, *where]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and err.count("\n") == 1
    assert not out.exists()


def test_a_bad_profile_file_is_one_error_line(tmp_path: Path, capsys) -> None:
    profile = tmp_path / "site.json"
    profile.write_text('{"name": "x", "cms": "y"}', encoding="utf-8")
    assert main(["crawl", "--site", str(profile), "-o", str(tmp_path / "a.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "missing" in err and "domains" in err
    profile.write_text("{not json", encoding="utf-8")
    assert main(["crawl", "--site", str(profile), "-o", str(tmp_path / "a.jsonl")]) == 2
    assert "not valid JSON" in capsys.readouterr().err


def test_a_spider_that_refuses_to_start_is_one_error_line(tmp_path: Path) -> None:
    """A setting only the spider checks: its reason, not Scrapy's RuntimeError or Twisted's
    "Unhandled error in Deferred"."""
    exe = Path(sys.executable).with_name("vnminer")
    result = subprocess.run(
        [str(exe), "crawl", "--site", "camlo", "-o", str(tmp_path / "a.jsonl"),
         "-s", "DISCOVERY_LISTINGS=bogus"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert "error: camlo: DISCOVERY_LISTINGS='bogus': use one of" in result.stderr
    assert "Traceback" not in result.stderr and "Unhandled error" not in result.stderr


def test_reaching_a_closespider_bound_is_a_success(tmp_path: Path) -> None:
    from pipelines.crawl import crawl_succeeded

    assert crawl_succeeded("finished") and crawl_succeeded("closespider_timeout_no_item")
    assert not crawl_succeeded("closespider_errorcount") and not crawl_succeeded("shutdown")
    exe = Path(sys.executable).with_name("vnminer")
    out = tmp_path / "a.jsonl"
    result = subprocess.run(
        [str(exe), "crawl", "--site", "camlo", "-o", str(out), "--no-extract",
         "-s", "CLOSESPIDER_PAGECOUNT=3", "-s", "DOWNLOAD_DELAY=0"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "finished                 closespider_pagecount" in result.stdout
