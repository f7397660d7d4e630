"""A crawl killed with SIGKILL and resumed loses nothing and duplicates nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

from .faultserver import VNMINER, FaultServer, crawl_command

N = 24


def _cmd(server: FaultServer, tmp: Path) -> list[str]:
    return crawl_command(
        server,
        tmp,
        job=True,
        settings=("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS_PER_DOMAIN=1"),
    )


def test_sigkill_and_resume(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with FaultServer(delay=0.25, n_plain=N, cases=()) as server:
        proc = subprocess.Popen(
            _cmd(server, tmp_path),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if out.exists() and len(out.read_bytes().splitlines()) >= 6:
                break
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        first = out.read_bytes().splitlines()
        assert 6 <= len(first) < N, "killed mid-way"
        with out.open("ab") as fh:  # the worst moment: killed in the middle of a line
            fh.write(b'{"id":"torn","text":"Huy')
        written_before = {json.loads(line)["url"] for line in first}

        result = subprocess.run(_cmd(server, tmp_path), capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, result.stderr[-2000:]

    lines = out.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]  # every line parses
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls)) == N, "none lost, none duplicated"
    assert {u.rsplit("/", 1)[-1] for u in urls} == {f"plain-{i}" for i in range(N)}
    # what the first run wrote was not fetched again
    for url in written_before:
        assert len(server.hits[url.split(server.base, 1)[-1]]) == 1
    assert (tmp_path / "job").is_dir()


def test_a_complete_last_line_without_newline_is_a_record(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with FaultServer(n_plain=6, cases=()) as server:
        cmd = _cmd(server, tmp_path)
        first = subprocess.run([*cmd, "--max-articles", "2"], capture_output=True, text=True)
        assert first.returncode == 0, first.stderr[-2000:]
        data = out.read_bytes()
        assert data.endswith(b"}\n") and len(data.splitlines()) == 2
        out.write_bytes(data[:-1])  # stopped right before the newline (or edited by hand)
        kept = json.loads(data.splitlines()[-1])["url"]

        result = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, result.stderr[-2000:]
        hits_of_kept = len(server.hits[kept.split(server.base, 1)[-1]])
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls)) == 6 and kept in urls
    assert hits_of_kept == 1, "the record was kept, not fetched again"


def _wait_lines(path: Path, n: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if path.exists() and len(path.read_bytes().splitlines()) >= n:
            return
        time.sleep(0.02)
    raise AssertionError(f"{path} never reached {n} lines")


def test_two_crawls_on_one_output_never_interleave(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    gate = threading.Event()  # the first crawl writes one article, then waits
    with FaultServer(n_plain=10, cases=(), gate=gate) as server:
        cmd = _cmd(server, tmp_path)
        cmd = cmd[: cmd.index("--job-dir")]  # no job dir: the two would share it too
        proc = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        try:
            _wait_lines(out, 1, proc)
            second = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
            gate.set()
            assert proc.wait(timeout=180) == 0
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
    assert second.returncode == 1
    errors = [line for line in second.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "output_in_use" in errors[0], second.stderr[-2000:]
    assert "being written by another crawl" in second.stderr
    urls = [json.loads(line)["url"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(urls) == len(set(urls)) == 10


def test_the_same_site_twice_in_one_run_writes_each_article_once(tmp_path: Path) -> None:
    # By its profile and by its address (generic discovery): the same articles, one file.
    cmd = [
        VNMINER,
        "run",
        "--out",
        str(tmp_path),
        "--sites",
        "camlo,camlo,https://camlo.quangtri.gov.vn/",
        "-s",
        "EXTRACT_ENABLED=False",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]
    urls = [
        json.loads(line)["url"]
        for line in (tmp_path / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(urls) == len(set(urls)) == 8
