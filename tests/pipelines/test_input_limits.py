"""Inputs are bounded and judged before they are read (issue 13, guarantee 4).

Sizes are checked before reading, special files are refused without blocking, unreadable
directories, dangling links and file names that are not UTF-8 are reported by name, and
an id seen twice in one run is rejected the second time.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from pipelines.article import Article, Rejected
from pipelines.inputs import InputOptions, byte_size, iter_inputs, reject_duplicate_ids

ROOT = Path(__file__).resolve().parents[2]
VI = (
    "Huyện ủy Cam Lộ tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2023 với 200 đại "
    "biểu tham dự; toàn huyện có 261 mô hình dân vận khéo được công nhận."
)


def _reasons(items) -> dict[str, str]:
    return {Path(i.source.split(":")[0]).name: i.reason for i in items if isinstance(i, Rejected)}


def test_text_file_over_the_limit_is_rejected_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:  # 1 GiB, sparse: reading it whole would take a gigabyte
        fh.truncate(1 << 30)
    small = tmp_path / "small.txt"
    small.write_text(VI, encoding="utf-8")
    items = list(iter_inputs([big, small], InputOptions(max_bytes=1000)))
    assert isinstance(items[0], Rejected)
    assert items[0].reason == f"file too large ({1 << 30} bytes > --max-bytes 1000)"
    assert isinstance(items[1], Article) and items[1].text == VI


_READ_UNDER_RLIMIT = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (MAX_AS, MAX_AS))
from pipelines.inputs import InputOptions, iter_inputs
for item in iter_inputs([sys.argv[1]], InputOptions(max_bytes=1 << 20)):
    print(type(item).__name__, item.source.rsplit(":", 1)[1], getattr(item, "reason", None) or item.id)
"""


def test_long_jsonl_line_is_skipped_without_loading_it(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    first = json.dumps({"id": "a", "text": VI}, ensure_ascii=False).encode()
    last = json.dumps({"id": "b", "text": VI}, ensure_ascii=False).encode()
    with path.open("wb") as fh:
        fh.write(first + b"\n")
        fh.seek(len(first) + 1 + (1 << 30))  # a 1 GiB line (sparse, no newline in it)
        fh.write(b"\n" + last)  # and a last line with no trailing newline
    # Under a 600 MB address-space limit: loading the long line whole would fail.
    code = _READ_UNDER_RLIMIT.replace("MAX_AS", str(600 << 20))
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Article 1 a",
        f"Rejected 2 line too long (over --max-bytes {1 << 20})",
        "Article 3 b",
    ]


def test_line_at_the_limit_is_read(tmp_path: Path) -> None:
    line = json.dumps({"id": "a", "text": VI}, ensure_ascii=False).encode()
    path = tmp_path / "feed.jsonl"
    path.write_bytes(line + b"\n" + line.replace(b'"a"', b'"b"') + b"x\n")
    items = list(iter_inputs([path], InputOptions(max_bytes=len(line))))
    assert isinstance(items[0], Article)
    assert isinstance(items[1], Rejected) and "line too long" in items[1].reason


def test_special_files_are_refused_without_blocking(tmp_path: Path) -> None:
    # Opening a FIFO with no writer blocks for ever; reading /dev/zero never ends. Run in
    # a child with a deadline so that a regression fails instead of hanging the suite.
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "feed.jsonl").symlink_to("/dev/zero")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "ok.txt").write_text(VI, encoding="utf-8")
    code = (
        "import sys\nfrom pipelines.inputs import iter_inputs\n"
        "for i in iter_inputs(sys.argv[1:]): print(repr(i))"
    )
    args = [tmp_path, tmp_path / "pipe.txt", "/dev/zero"]
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert f"Rejected(source='{tmp_path}/pipe.txt', reason='a FIFO (named pipe)" in out
    assert f"Rejected(source='{tmp_path}/zero.txt', reason='a character device" in out
    assert f"Rejected(source='{tmp_path}/feed.jsonl', reason='a character device" in out
    assert (
        f"Rejected(source='{tmp_path}/gone.txt', reason='dangling symbolic link "
        f"(to {tmp_path}/nowhere.txt)')" in out
    )
    assert "Rejected(source='/dev/zero', reason='a character device, not a regular file')" in out
    assert out.count("Article(id='ok'") == 1
    assert out.count("pipe.txt") == 2  # in the directory, and given by name


def test_file_names_that_are_not_utf8_are_reported_escaped(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    try:
        fd = os.open(folder + b"/b\xe1o-c\xe1o.txt", os.O_WRONLY | os.O_CREAT)
    except OSError as exc:  # a file system that only takes UTF-8 names
        pytest.skip(f"cannot create a file name that is not UTF-8 here: {exc}")
    os.write(fd, VI.encode())
    os.close(fd)
    (tmp_path / "ok.txt").write_text(VI, encoding="utf-8")
    items = list(iter_inputs([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Rejected", "Article"]
    assert items[0].source == f"{tmp_path}/b\\xe1o-c\\xe1o.txt"
    assert "file name is not UTF-8" in items[0].reason
    json.dumps(items[0].source, ensure_ascii=False).encode("utf-8")  # a rejects line


def _listing_as_unprivileged(path: Path) -> list[Rejected | Article]:
    """iter_inputs(path) as an unprivileged user: root reads any directory, so a forked
    child drops to ``nobody`` first (modules already imported) and sends back its items."""
    if os.geteuid() != 0:
        return list(iter_inputs([path]))
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            data = pickle.dumps(list(iter_inputs([path])))
            with os.fdopen(write_end, "wb") as fh:
                fh.write(data)
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    return pickle.loads(data)


def test_unreadable_directories_are_reported() -> None:
    top = Path(tempfile.mkdtemp(prefix="vnminer-unreadable-"))  # /tmp: nobody can enter it
    try:
        top.chmod(0o755)
        (top / "a").mkdir(mode=0o755)
        (top / "a" / "ok.txt").write_text(VI, encoding="utf-8")
        (top / "a" / "ok.txt").chmod(0o644)
        (top / "a" / "secret.txt").write_text(VI, encoding="utf-8")
        (top / "a" / "secret.txt").chmod(0)
        (top / "locked").mkdir()
        (top / "locked" / "hidden.txt").write_text(VI, encoding="utf-8")
        (top / "locked").chmod(0)
        items = _listing_as_unprivileged(top)
        assert [type(i).__name__ for i in items] == ["Rejected", "Article", "Rejected"], items
        assert items[0].source == str(top / "locked")
        assert items[0].reason == "unreadable directory: Permission denied"
        assert items[1].id == "ok"
        assert items[2].source == str(top / "a" / "secret.txt")
        assert items[2].reason == "unreadable: Permission denied"
        # The whole input unreadable: one line naming it, not "holds no .txt files".
        top.chmod(0)
        (item,) = _listing_as_unprivileged(top)
        assert item.reason == "unreadable directory: Permission denied"
    finally:
        top.chmod(0o755)
        (top / "locked").chmod(0o755)
        shutil.rmtree(top)


def test_duplicate_ids_in_one_run_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text(VI, encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "\n".join(json.dumps({"id": i, "text": VI}, ensure_ascii=False) for i in ("a", "b", "b")),
        encoding="utf-8",
    )
    items = list(reject_duplicate_ids(iter_inputs([tmp_path / "d", feed, tmp_path / "d"])))
    first = str(tmp_path / "d" / "a.txt")
    assert [(type(i).__name__, i.source) for i in items] == [
        ("Article", first),
        ("Rejected", f"{feed}:1"),
        ("Article", f"{feed}:2"),
        ("Rejected", f"{feed}:3"),
        ("Rejected", first),
    ]
    assert items[1].reason == f"duplicate id 'a', first seen in {first}"
    assert items[3].reason == f"duplicate id 'b', first seen in {feed}:2"


def test_cli_reports_each_bad_input_and_goes_on(tmp_path: Path) -> None:
    """As a user runs it: one FIFO, an oversized file, a dangling link and the same file
    twice beside a good one; the run ends with the good record and every reason."""
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "big.txt").write_bytes(VI.encode() * 100)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    good = tmp_path / "good.txt"
    good.write_text(VI, encoding="utf-8")
    out, rejects = tmp_path / "out" / "records.jsonl", tmp_path / "out" / "rejects.jsonl"
    inputs = [tmp_path / n for n in ("pipe.txt", "big.txt", "gone.txt", "good.txt", "good.txt")]
    done = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "extract", *map(str, inputs), "-o", str(out),
         "--rejects", str(rejects), "--max-bytes", "10k", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["good"]
    reasons = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert [(Path(r["source"]).name, r["reason"].split(" (")[0]) for r in reasons] == [
        ("pipe.txt", "a FIFO"),
        ("big.txt", "file too large"),
        ("gone.txt", "dangling symbolic link"),
        ("good.txt", "duplicate id 'good', first seen in " + str(good)),
    ]


@pytest.mark.parametrize(
    ("text", "size"),
    [("5000000", 5_000_000), ("512k", 512 << 10), ("5M", 5 << 20), ("1GiB", 1 << 30)],
)
def test_byte_sizes(text: str, size: int) -> None:
    assert byte_size(text) == size


@pytest.mark.parametrize("text", ["", "5Q", "-1", "0", "k"])
def test_bad_byte_sizes(text: str) -> None:
    with pytest.raises(ValueError):
        byte_size(text)



def test_jsonl_with_a_byte_order_mark_and_odd_ids(tmp_path: Path) -> None:
    """A BOM (Notepad writes one) does not cost the first article; an id that is neither
    a string nor a whole number is rejected, not silently replaced."""
    text = "Huyện ủy Cam Lộ đổi mới phương thức lãnh đạo, nâng cao chất lượng sinh hoạt chi bộ."
    lines = [
        {"id": "first", "text": text},
        {"id": 7, "text": text},
        {"id": 1.5, "text": text},
        {"id": True, "text": text},
        {"id": ["x"], "text": text},
    ]
    path = tmp_path / "feed.jsonl"
    body = "\r\n".join(json.dumps(obj, ensure_ascii=False) for obj in lines)
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    got = list(iter_inputs([str(path)]))
    assert [a.id for a in got if isinstance(a, Article)] == ["first", "7"]
    rejected = [r for r in got if isinstance(r, Rejected)]
    assert [r.source for r in rejected] == [f"{path}:3", f"{path}:4", f"{path}:5"]
    assert all("'id' must be a string or a whole number" in r.reason for r in rejected)
