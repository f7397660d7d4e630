"""Every user error of ``vnminer`` is one ``error:`` line and a non-zero exit (issue 13,
guarantee 7): bad dates, bad profile files, unknown sites, unwritable or wrong outputs, a
full disk, bad gold, predictions that are not records, missing files, Ctrl-C and a reader
that stops early. A traceback only with ``-v``.

Most cases run ``pipelines.cli.main`` in process; those that need a real process (a
signal, a closed pipe, a file size limit, the console script's own exit) run the
``vnminer`` console script.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipelines.cli import main
from pipelines.records import Record

ROOT = Path(__file__).resolve().parents[2]
EXE = Path(sys.executable).with_name("vnminer")
PAGE = ROOT / "corpus" / "pages" / "article_jsonld.html"
PAGE_URL = "https://baodongxuan.vn/xa-tan-phu-ra-mat-mo-hinh-dan-van-kheo-102345.html"
GOLD = ROOT / "corpus" / "gold"


def one_error_line(capsys, code: int, *needles: str) -> str:
    """Fails unless the exit code is non-zero and stderr is exactly one ``error:`` line
    holding every needle; returns what the command printed on stdout."""
    out, err = capsys.readouterr()
    assert code != 0, err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err
    return out


def vnminer(*args: str, **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(
        [str(EXE), *args], cwd=ROOT, text=True, timeout=120, check=False, **kwargs
    )


def record_line(rid: str, **fields) -> str:
    """A valid record (the real model, no NLP) as a JSONL line."""
    record = Record(
        id=rid, text="Xã có 120 hộ.", initiatives=[], models=[], figures=[], entities=[]
    )
    return json.dumps({**record.model_dump(mode="json"), **fields}, ensure_ascii=False)


# -- dates and sites ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["crawl", "--site", "camlo", "--since", "2024-13-45"], "--since '2024-13-45': not a date"),
        (["crawl", "--site", "camlo", "--since", "yesterday"], "--since 'yesterday': not a date"),
        (
            ["crawl", "--site", "camlo", "--since", "2024-05-01", "--until", "2024-01-01"],
            "--since 2024-05-01 is after --until 2024-01-01",
        ),
        (["crawl", "--site", "nosuch"], "no site profile 'nosuch'; bundled: camlo"),
        (["run", "--sites", "nosuch"], "--sites: no site profile 'nosuch'"),
    ],
)
def test_bad_dates_and_unknown_sites(argv: list[str], message: str, tmp_path: Path, capsys):
    out = tmp_path / "out"
    where = ["-o", str(out / "a.jsonl")] if argv[0] == "crawl" else ["--out", str(out)]
    code = main([*argv, *where])
    one_error_line(capsys, code, message.replace("; bundled: camlo", "; bundled: "))
    assert not out.exists()


# -- profile files --------------------------------------------------------------------------
_OK = {"name": "x", "cms": "y", "domains": ["x.vn"], "article_url": ["/a-"], "body": ["div"]}
BAD_PROFILES = {
    "syntax": ('{"name": "x", bad', "not valid JSON"),
    "not_utf8": (b'\xff{"name": "x"}', "not UTF-8"),
    "not_object": ("[1, 2]", "a profile is a JSON object, not a list"),
    "missing": ('{"name": "x"}', "profile x: missing ['article_url', 'body', 'cms', 'domains']"),
    "string_for_list": (
        json.dumps({**_OK, "domains": "x.vn"}),
        "profile x: domains must be a list of strings, not a string",
    ),
    "number_in_list": (
        json.dumps({**_OK, "published": [1]}),
        "profile x: published must be a list of non-empty strings, but holds 1",
    ),
    "number_for_name": (json.dumps({**_OK, "name": 5}), "name must be a non-empty string"),
    "bad_selector": (json.dumps({**_OK, "body": ["div["]}), "body: bad selector 'div['"),
    "bad_pattern": (json.dumps({**_OK, "article_url": ["("]}), "bad pattern '('"),
}
PROFILE_COMMANDS = {
    "crawl": lambda p, tmp: ["crawl", "--site", p, "-o", str(tmp / "a.jsonl")],
    "page": lambda p, tmp: ["page", str(PAGE), "--url", PAGE_URL, "--profile", p],
    "profile check": lambda p, tmp: ["profile", "check", p, str(PAGE), "--url", PAGE_URL],
}


@pytest.mark.parametrize("command", list(PROFILE_COMMANDS))
@pytest.mark.parametrize("case", list(BAD_PROFILES))
def test_a_bad_profile_file_is_one_line_naming_it(
    case: str, command: str, tmp_path: Path, capsys
) -> None:
    content, message = BAD_PROFILES[case]
    path = tmp_path / "site.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    code = main(PROFILE_COMMANDS[command](str(path), tmp_path))
    one_error_line(capsys, code, str(path), message)
    assert not (tmp_path / "a.jsonl").exists()


@pytest.mark.parametrize("command", list(PROFILE_COMMANDS))
def test_a_profile_that_is_a_directory_or_missing(command: str, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "site.json"
    folder.mkdir()
    code = main(PROFILE_COMMANDS[command](str(folder), tmp_path))
    one_error_line(capsys, code, f"{folder}: is a directory, not a profile file")
    missing = tmp_path / "nope.json"
    code = main(PROFILE_COMMANDS[command](str(missing), tmp_path))
    one_error_line(capsys, code, f"no site profile '{missing}' (no such file)")


def test_bundled_profiles_pass_the_stricter_checks() -> None:
    from crawler.profiles import available_profiles, load_profile

    assert len([load_profile(name) for name in available_profiles()]) >= 5


# -- pages and addresses --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["page", "/nonexistent/page.html", "--url", PAGE_URL], "/nonexistent/page.html: cannot"),
        (["page", str(ROOT / "corpus"), "--url", PAGE_URL], "Is a directory"),
        (["profile", "draft", "/nonexistent.html", "--url", PAGE_URL], "No such file"),
        (["page", str(PAGE), "--url", ""], "--url '': not a page address"),
        (["page", str(PAGE), "--url", "http://[::1"], "--url 'http://[::1': not a page address"),
        (["profile", "draft", str(PAGE), "--url", "ftp://x.vn/a"], "not a page address"),
        (["profile", "check", "camlo", str(PAGE), "--url", "x.vn/a"], "not a page address"),
    ],
)
def test_missing_pages_and_bad_addresses(argv: list[str], message: str, capsys) -> None:
    one_error_line(capsys, main(argv), message)


# -- outputs --------------------------------------------------------------------------------
def test_unwritable_and_wrong_outputs(tmp_path: Path, capsys) -> None:
    a_file = tmp_path / "a_file"
    a_file.write_text("keep", encoding="utf-8")
    records = tmp_path / "records.jsonl"
    records.write_text(record_line("a") + "\n", encoding="utf-8")
    articles = str(ROOT / "corpus" / "articles")
    cases = [
        (["schema", "-o", "/proc/x.json"], "/proc/x.json"),  # no new files there
        (["schema", "-o", f"{a_file}/x.json"], f"{a_file}/x.json"),  # a path under a file
        (["schema", "-o", str(tmp_path)], f"{tmp_path}: is a directory"),
        (["run", "--out", "/proc/x"], "--out /proc/x: cannot write in /proc"),
        (["run", "--out", str(a_file)], str(a_file)),
        (["extract", articles, "-o", str(tmp_path), "-q"], f"{tmp_path}: is a directory"),
        (["extract", articles, "-o", f"{a_file}/x.jsonl", "-q"], f"{a_file}/x.jsonl"),
        (["extract", articles, "-o", "/proc/x.jsonl", "-q"], "/proc/x.jsonl"),
        (
            ["export", "--input", str(records), "--format", "duckdb", "--output", str(tmp_path)],
            str(tmp_path),
        ),
    ]
    for argv, message in cases:
        one_error_line(capsys, main(argv), message)
    assert a_file.read_text(encoding="utf-8") == "keep"


def test_a_crawl_checks_the_paths_it_writes_before_it_starts(tmp_path: Path, capsys) -> None:
    """One line naming the option, before Scrapy starts (no log lines before it)."""
    a_file = tmp_path / "a_file"
    a_file.write_text("keep", encoding="utf-8")
    crawl = ["crawl", "--site", "camlo", "-o", str(tmp_path / "out.jsonl")]
    cases = [
        (["crawl", "--site", "camlo", "-o", "/proc/x.jsonl"], "--output /proc/x.jsonl: cannot"),
        (["crawl", "--site", "camlo", "-o", f"{a_file}/x.jsonl"], f"{a_file} is not a directory"),
        (["crawl", "--site", "camlo", "-o", str(tmp_path)], f"--output {tmp_path}: is a dir"),
        ([*crawl, "--job-dir", str(a_file)], f"--job-dir {a_file}: is a file"),
        ([*crawl, "--job-dir", "/proc/job"], "--job-dir /proc/job: cannot write in /proc"),
        ([*crawl, "--warc", "/proc/c.warc.gz"], "--warc /proc/c.warc.gz: cannot write"),
        ([*crawl, "--warc", str(tmp_path / "out.jsonl")], "--output names the same file"),
        ([*crawl, "--job-dir", str(tmp_path / "out.jsonl")], "--output names the same file"),
        (["crawl", "--site", "camlo", "-o", str(a_file)], "is not a JSONL file of records"),
    ]
    for argv, message in cases:
        one_error_line(capsys, main(argv), message)
    assert a_file.read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_file"]


def _file_size_limit(limit: int):
    def apply() -> None:
        # Past the limit a write fails with EFBIG (as on a full disk with ENOSPC) instead
        # of the process being killed by SIGXFSZ.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_disk_full_while_writing_the_schema_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    target.write_text("the earlier schema\n", encoding="utf-8")
    result = vnminer("schema", "-o", str(target), preexec_fn=_file_size_limit(4000))
    assert result.returncode != 0
    assert result.stderr.startswith(f"error: {target}: ") and result.stderr.count("\n") == 1
    assert "too large" in result.stderr
    assert target.read_text(encoding="utf-8") == "the earlier schema\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["schema.json"]  # no temp, no lock


@pytest.mark.parametrize("argv", [["schema"], ["eval", "--gold", str(GOLD), "--json"]])
def test_disk_full_on_standard_output_is_one_line(argv: list[str], tmp_path: Path) -> None:
    """`vnminer … > FILE` where FILE cannot grow: an error naming standard output, not a
    truncated file and exit 0 (Python's buffered stdout drops a short write silently)."""
    if argv[0] == "eval":
        pred = tmp_path / "p.jsonl"
        pred.write_text("".join(record_line(p.stem) + "\n" for p in GOLD.glob("*.json")))
        argv = [*argv, "--details", "--pred", str(pred)]
    with (tmp_path / "stdout.txt").open("w") as out:
        result = vnminer(*argv, stdout=out, preexec_fn=_file_size_limit(1000))
    assert result.returncode == 1
    assert result.stderr.startswith("error: standard output: File too large"), result.stderr
    assert result.stderr.count("\n") == 1


# -- gold and predictions -------------------------------------------------------------------
def _gold(**changes) -> dict:
    gold = json.loads(sorted(GOLD.glob("*.json"))[0].read_text(encoding="utf-8"))
    return {**gold, **changes}


def _fig(**changes) -> dict:
    return {"text": "120 hộ", "value": 120, "of": None, "unit": "hộ", "qualifier": "=", **changes}


BAD_GOLD = {
    "figures_a_string": (_gold(figures="none"), "figures: Input should be a valid list"),
    "value_a_string": (_gold(figures=[_fig(value="120")]), "figures[0].value: Input should be"),
    "value_missing": (_gold(figures=[{"text": "120 hộ"}]), "figures[0].value: Field required"),
    "model_without_name": (_gold(models=[{"alt": []}]), "models[0].name: Field required"),
    "misspelt_key": (_gold(models=[{"name": "A", "optinal": True}]), "models[0].optinal: Extra"),
    "bad_qualifier": (_gold(figures=[_fig(qualifier="about")]), "figures[0].qualifier:"),
    "ordinal_a_string": (
        _gold(initiatives=[{"group": None, "ordinal": "1", "title": "T"}]),
        "initiatives[0].ordinal: Input should be a valid integer",
    ),
    "not_an_object": ([1, 2], "gold must be a JSON object, not list"),
    "not_json": ("{oops", "not valid JSON"),
    "nan": ('{"id": "a", "figures": [{"value": NaN}]}', "not valid JSON (NaN is not a JSON number)"),
}


@pytest.mark.parametrize("case", list(BAD_GOLD))
def test_wrong_gold_is_one_line_naming_the_file_and_field(
    case: str, tmp_path: Path, capsys
) -> None:
    content, message = BAD_GOLD[case]
    gold = tmp_path / "gold"
    gold.mkdir()
    path = gold / "a.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    pred = tmp_path / "p.jsonl"
    pred.write_text(record_line("a") + "\n", encoding="utf-8")
    code = main(["eval", "--gold", str(gold), "--pred", str(pred)])
    assert code == 2
    assert not one_error_line(capsys, code, f"{path}: ", message)


def test_gold_directories_that_hold_no_gold(tmp_path: Path, capsys) -> None:
    pred = tmp_path / "p.jsonl"
    pred.write_text(record_line("a") + "\n", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    code = main(["eval", "--gold", str(empty), "--pred", str(pred)])
    one_error_line(capsys, code, f"{empty}: no gold .json files")
    code = main(["eval", "--gold", str(tmp_path / "nope"), "--pred", str(pred)])
    one_error_line(capsys, code, "nope: no such gold directory or file")
    twice = tmp_path / "twice"
    twice.mkdir()
    for name in ("a.json", "b.json"):
        (twice / name).write_text(json.dumps({"id": "same"}), encoding="utf-8")
    code = main(["eval", "--gold", str(twice), "--pred", str(pred)])
    one_error_line(capsys, code, "b.json: id 'same' is also the id of", "a.json")


def test_eval_refuses_predictions_that_are_not_records(tmp_path: Path, capsys) -> None:
    """One bad line refuses the whole file (exit 2, nothing printed on stdout): the first
    bad line by file:line and the pydantic reason, and how many lines are bad."""
    ids = sorted(p.stem for p in GOLD.glob("*.json"))
    good = [record_line(rid) for rid in ids]
    bad_value = json.loads(good[1])
    bad_value["figures"] = [{"text": "x", "value": "many"}]
    lines = [good[0], json.dumps(bad_value), '{"id": "x"}', "{broken", *good[2:]]
    pred = tmp_path / "p.jsonl"
    pred.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(["eval", "--gold", str(GOLD), "--pred", str(pred)])
    assert code == 2
    assert not one_error_line(capsys, code, f"{pred}:2: not a record: figures[0]", "3 of 7 lines fail")
    pred.write_text(good[0][:-1] + ', "x": NaN}\n', encoding="utf-8")
    code = main(["eval", "--gold", str(GOLD), "--pred", str(pred)])
    one_error_line(capsys, code, f"{pred}:1: not a record: not valid JSON (NaN")
    overflow = json.loads(good[0])
    overflow["figures"] = [{"text": "x", "value": 1.0}]
    pred.write_text(json.dumps(overflow).replace("1.0", "1e400") + "\n", encoding="utf-8")
    code = main(["eval", "--gold", str(GOLD), "--pred", str(pred), "--json", "--details"])
    assert not one_error_line(capsys, code, f"{pred}:1: not a record: not valid JSON (1e400")


def test_eval_scores_a_file_of_valid_records(tmp_path: Path, capsys) -> None:
    ids = sorted(p.stem for p in GOLD.glob("*.json"))
    pred = tmp_path / "p.jsonl"
    pred.write_text("\n".join(record_line(rid) for rid in ids), encoding="utf-8")  # no final \n
    assert main(["eval", "--gold", str(GOLD), "--pred", str(pred), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["missing_predictions"] == [] and report["articles"] == len(ids)


@pytest.mark.parametrize("which", ["missing", "directory"])
def test_eval_predictions_that_cannot_be_read(which: str, tmp_path: Path, capsys) -> None:
    pred = tmp_path / "nope.jsonl" if which == "missing" else tmp_path
    code = main(["eval", "--gold", str(GOLD), "--pred", str(pred)])
    reason = "No such file or directory" if which == "missing" else "Is a directory"
    one_error_line(capsys, code, f"{pred}: {reason}")


# -- the net: tracebacks, Ctrl-C, closed pipes ---------------------------------------------
def test_a_traceback_only_with_verbose() -> None:
    quiet = vnminer("schema", "-o", "/proc/x/schema.json")
    assert quiet.returncode == 1
    assert quiet.stderr.count("\n") == 1 and "Traceback" not in quiet.stderr
    assert quiet.stderr.startswith("error: /proc/x/schema.json")
    loud = vnminer("-v", "schema", "-o", "/proc/x/schema.json")
    assert loud.returncode != 0 and "Traceback (most recent call last)" in loud.stderr
    assert loud.stderr.splitlines()[-1].startswith("error: /proc/x/schema.json")


def test_ctrl_c_is_one_line_and_exit_130(tmp_path: Path) -> None:
    """SIGINT while eval waits on its input (a FIFO nobody writes to)."""
    fifo = tmp_path / "pred.jsonl"
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [str(EXE), "eval", "--gold", str(GOLD), "--pred", str(fifo)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while True:  # opening the write end succeeds once eval has the FIFO open for reading
        try:
            writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError as exc:
            assert exc.errno == errno.ENXIO and proc.poll() is None
            assert time.monotonic() < deadline, "eval never opened its input"
            time.sleep(0.02)
    try:
        # Let eval get from opening its input to waiting on it: a Ctrl-C lands there.
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(writer)
    assert proc.returncode == 130
    assert err == "error: interrupted\n" and out == ""


@pytest.mark.parametrize("argv", [["schema"], ["eval", "--gold", str(GOLD), "--json"]])
def test_a_reader_that_stops_early_is_no_error(argv: list[str], tmp_path: Path) -> None:
    """`vnminer schema | head -1`, with the reader gone before the first write: no
    BrokenPipeError traceback, no "Exception ignored" at exit; exit 141 as for SIGPIPE."""
    if argv[0] == "eval":
        pred = tmp_path / "p.jsonl"
        pred.write_text("".join(record_line(p.stem) + "\n" for p in GOLD.glob("*.json")))
        argv = [*argv, "--pred", str(pred)]
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = vnminer(*argv, stdout=write_end)
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 141


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["crawl", "--site", "camlo", "--max-articles", "abc"], "argument --max-articles: not a"),
        (["page", "x.html"], "the following arguments are required: --url (see vnminer page -h)"),
        (["nosuch"], "argument command: invalid choice: 'nosuch'"),
    ],
)
def test_usage_errors_are_one_line_too(argv: list[str], message: str, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    one_error_line(capsys, stop.value.code, message)
