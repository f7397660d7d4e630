"""A crawl that could fetch nothing says so in one line and exits non-zero.

The real ``vnminer crawl --real-web`` against the fault server on 127.0.0.1: a port
nothing listens on (connection refused), every answer 403, every answer 503 (retried,
then given up). A site fetched fine with nothing new is still a success.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .faultserver import FaultServer

VNMINER = str(Path(sys.executable).with_name("vnminer"))
SETTINGS = (
    "DOWNLOAD_DELAY=0",
    "AUTOTHROTTLE_ENABLED=False",
    "RETRY_BACKOFF_BASE=0.05",
    "RETRY_BACKOFF_MAX=0.2",
    "RETRY_AFTER_MAX=0.2",
)


def crawl(profile: Path, out: Path) -> subprocess.CompletedProcess[str]:
    cmd = [VNMINER, "crawl", "--site", str(profile), "--real-web", "--no-extract", "-o", str(out)]
    for s in SETTINGS:
        cmd += ["-s", s]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def test_connection_refused_everywhere(tmp_path: Path) -> None:
    with FaultServer(n_plain=3, cases=()) as server:
        profile = server.profile(tmp_path / "p.json")
    # The server is gone: every request is refused.
    result = crawl(profile, tmp_path / "out.jsonl")
    assert result.returncode == 1, result.stderr[-2000:]
    (line,) = error_lines(result)
    assert re.fullmatch(
        r"error: nothing could be fetched from faults: \d+ requests, "
        r"commonest error: \w*ConnectionRefused\w* \(\d+\)",
        line,
    ), line
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.jsonl").exists() or not (tmp_path / "out.jsonl").read_bytes()


@pytest.mark.parametrize("status", [403, 503])
def test_every_answer_an_error(tmp_path: Path, status: int) -> None:
    with FaultServer(n_plain=3, cases=(), always=status) as server:
        result = crawl(server.profile(tmp_path / "p.json"), tmp_path / "out.jsonl")
        assert server.hits, "the server was asked"
    assert result.returncode == 1, result.stderr[-2000:]
    (line,) = error_lines(result)
    assert re.fullmatch(
        rf"error: nothing could be fetched from faults: \d+ requests, "
        rf"commonest error: HTTP {status} \(\d+\)",
        line,
    ), line
    assert "Traceback" not in result.stderr


def test_nothing_new_is_still_success(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with FaultServer(n_plain=3, cases=()) as server:
        profile = server.profile(tmp_path / "p.json")
        first = crawl(profile, out)
        assert first.returncode == 0, first.stderr[-2000:]
        assert len(out.read_bytes().splitlines()) == 3
        second = crawl(profile, out)
    assert second.returncode == 0, second.stderr[-2000:]
    assert not error_lines(second)
    assert re.search(r"articles written\s+0\b", second.stdout)
    assert re.search(r"already collected\s+3\b", second.stdout)
    assert len(out.read_bytes().splitlines()) == 3
