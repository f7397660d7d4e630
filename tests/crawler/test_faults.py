"""The fault matrix: the real Scrapy engine against a misbehaving server on 127.0.0.1."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .faultserver import FaultServer

VNMINER = str(Path(sys.executable).with_name("vnminer"))
SETTINGS = [
    "DOWNLOAD_TIMEOUT=1",
    "RETRY_BACKOFF_BASE=0.1",
    "DOWNLOAD_MAXSIZE=1000000",
    "DOWNLOAD_DELAY=0",
    "AUTOTHROTTLE_ENABLED=False",
    "RETRY_TIMES=3",
]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    with FaultServer() as server:
        out = tmp / "out.jsonl"
        cmd = [
            VNMINER,
            "crawl",
            "--site",
            str(server.profile(tmp / "faults.json")),
            "--real-web",
            "--no-extract",
            "--output",
            str(out),
        ]
        for s in SETTINGS:
            cmd += ["-s", s]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=240)
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        yield server, {r["url"].rsplit("/", 1)[-1]: r for r in records}, result


def test_crawl_finishes_and_summarises(crawl) -> None:
    _, _, result = crawl
    assert result.returncode == 0, result.stderr[-2000:]
    assert "crawl summary for faults" in result.stdout and "retries" in result.stdout
    assert re.search(r"charset corrected\s+2\b", result.stdout)  # the two wrongly declared pages


def test_good_and_recoverable_pages_are_collected_once(crawl) -> None:
    _, records, _ = crawl
    assert set(records) == {
        "ok",
        "flaky-500",
        "busy-503",
        "rate-429",
        "slow",
        "final",
        "cp1258-as-utf8",
        "utf8-as-cp1258",
        "nfd",
        "dup",
        "truncated",
    }


def test_500_then_200_is_retried(crawl) -> None:
    server, _, _ = crawl
    assert len(server.hits["/a/flaky-500"]) == 2


@pytest.mark.parametrize("case", ["busy-503", "rate-429"])
def test_retry_after_is_honoured(crawl, case: str) -> None:
    server, _, _ = crawl
    first, second = server.hits[f"/a/{case}"][:2]
    assert second - first >= 0.95


def test_timeout_is_retried(crawl) -> None:
    server, records, _ = crawl
    assert len(server.hits["/a/slow"]) >= 2 and "slow" in records


def test_redirect_chain_and_loop(crawl) -> None:
    server, records, _ = crawl
    assert records["final"]["url"].endswith("/a/final")
    assert not any(k.startswith("loop") for k in records)
    assert len(server.hits["/a/loop-a"]) + len(server.hits["/a/loop-b"]) <= 8  # REDIRECT_MAX_TIMES


@pytest.mark.parametrize("case", ["cp1258-as-utf8", "utf8-as-cp1258", "nfd"])
def test_wrong_charsets_and_nfd_give_clean_nfc_text(crawl, case: str) -> None:
    _, records, _ = crawl
    text = records[case]["text"]
    assert "Huyện ủy Cam Lộ đổi mới phương thức lãnh đạo" in text
    assert "\ufffd" not in text and "á»" not in text


def test_tracking_parameters_do_not_duplicate(crawl) -> None:
    _, records, _ = crawl
    assert records["dup"]["url"].endswith("/a/dup")
    assert not any("utm_" in r["url"] for r in records.values())


def test_oversized_page_is_dropped(crawl) -> None:
    server, records, _ = crawl
    assert "huge" not in records and server.hits["/a/huge"]


def test_robots_disallow_is_obeyed(crawl) -> None:
    server, records, _ = crawl
    assert "/a/private" not in server.hits and "private" not in records


def test_truncated_html_still_yields_the_text(crawl) -> None:
    _, records, _ = crawl
    assert "Đây là đoạn 3" in records["truncated"]["text"]
