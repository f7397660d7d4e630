"""A crawl killed with SIGKILL and resumed loses nothing and duplicates nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .faultserver import FaultServer

VNMINER = str(Path(sys.executable).with_name("vnminer"))
N = 24


def _cmd(server: FaultServer, tmp: Path) -> list[str]:
    cmd = [
        VNMINER,
        "crawl",
        "--site",
        str(server.profile(tmp / "p.json")),
        "--real-web",
        "--no-extract",
        "--output",
        str(tmp / "out.jsonl"),
        "--job-dir",
        str(tmp / "job"),
    ]
    for s in ("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS_PER_DOMAIN=1"):
        cmd += ["-s", s]
    return cmd


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
