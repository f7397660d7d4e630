"""Text is decoded and normalised before it is judged (issue 13, guarantee 5).

Windows-1258 with combining tone marks is read; a NUL byte follows one rule wherever it
is (removed and counted; a text over 1% control characters is binary); a stray invalid
byte in UTF-8 is replaced and counted instead of losing the article.
"""

from __future__ import annotations

import json
import logging
import unicodedata
from pathlib import Path

import pytest

from pipelines.article import Article, Rejected
from pipelines.inputs import decode_text, iter_inputs
from tests.support import to_cp1258

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "corpus" / "articles").glob("*.txt"))
VI = (
    "Huyện ủy Cam Lộ tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2023 với 200 đại "
    "biểu tham dự; toàn huyện có 261 mô hình dân vận khéo được công nhận."
)


def _cp1258_cases() -> list[tuple[str, str]]:
    """Each seed article, whole and its first 200 characters (a short news item), where
    Windows-1258 can write it."""
    cases = []
    for path in SEEDS:
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        for part, label in ((text, "whole"), (text[:200], "200 chars")):
            try:
                to_cp1258(part)
            except UnicodeEncodeError:
                continue
            cases.append((part, f"{path.stem} {label}"))
    return cases


@pytest.mark.parametrize(("text", "label"), _cp1258_cases())
def test_windows_1258_with_combining_tones_is_read(text: str, label: str) -> None:
    # The language check used to see the decomposed text: split words, few marked letters.
    decoded = decode_text(to_cp1258(text))
    assert decoded.how == "cp1258", (label, decoded.how)
    assert decoded.text == text


def test_windows_1258_article_reaches_a_record(tmp_path: Path, extractor) -> None:
    text = unicodedata.normalize("NFC", SEEDS[0].read_text(encoding="utf-8"))[:200]
    path = tmp_path / "old.txt"
    path.write_bytes(to_cp1258(text))
    (record,) = extractor.process(iter_inputs([path]))
    assert not isinstance(record, Rejected), record
    assert record.text.startswith(text.split("\n")[0])


def test_a_nul_byte_is_removed_wherever_it_is(tmp_path: Path, caplog) -> None:
    body = (VI + "\n") * 40  # over 4 kB: a NUL near the start or far in
    early = body[:10].encode() + b"\x00" + body[10:].encode()
    late = body.encode()[:5000] + b"\x00" + body.encode()[5000:]
    assert late.index(b"\x00") > 4096
    line = json.dumps({"id": "j", "text": body[:10] + "\x00" + body[10:]}, ensure_ascii=False)
    raw_nul_line = line.replace("\\u0000", "\x00")  # a raw NUL byte inside the JSON string
    (tmp_path / "early.txt").write_bytes(early)
    (tmp_path / "late.txt").write_bytes(late)
    (tmp_path / "feed.jsonl").write_text(f"{line}\n{raw_nul_line}\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="pipelines.inputs"):
        items = list(iter_inputs([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Article"] * 4, items
    assert all(i.text == body for i in items)
    assert caplog.text.count("1 control character removed") == 4


def test_text_made_of_control_characters_is_binary(tmp_path: Path) -> None:
    junk = b"\x00\x01\x02\x03" * 50
    (tmp_path / "junk.txt").write_bytes(VI.encode() + junk)
    feed = json.dumps({"text": VI + junk.decode("ascii")}, ensure_ascii=False)
    (tmp_path / "feed.jsonl").write_text(feed + "\n", encoding="utf-8")
    items = list(iter_inputs([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Rejected", "Rejected"]
    assert all("binary data, not text" in i.reason for i in items)


def test_stray_invalid_bytes_are_replaced_and_counted(tmp_path: Path, caplog) -> None:
    data = VI.encode()
    cut = data.index(b"Cam")
    (tmp_path / "one.txt").write_bytes(data[:cut] + b"\xff" + data[cut:])
    (tmp_path / "three.txt").write_bytes(b"\x80" + data + b"\xfe\xff")
    line = json.dumps({"id": "j", "text": VI}, ensure_ascii=False).encode()
    (tmp_path / "feed.jsonl").write_bytes(line.replace(b"Cam", b"C\xe1m") + b"\n")
    with caplog.at_level(logging.WARNING, logger="pipelines.inputs"):
        items = {i.source.rsplit("/", 1)[1]: i for i in iter_inputs([tmp_path])}
    assert all(isinstance(i, Article) for i in items.values()), items
    assert items["one.txt"].text == VI.replace("Cam", "\ufffdCam")
    assert items["three.txt"].text == "\ufffd" + VI + "\ufffd\ufffd"
    assert items["feed.jsonl:1"].text == VI.replace("Cam", "C\ufffdm")
    assert "one.txt: 1 invalid byte replaced" in caplog.text
    assert "three.txt: 3 invalid bytes replaced" in caplog.text
    assert "feed.jsonl:1: 1 invalid byte replaced" in caplog.text


def test_mostly_invalid_utf8_is_still_rejected() -> None:
    # Latin-1 French: every accented letter is a bad UTF-8 byte and it is not Vietnamese.
    latin = "Le comité a présenté à l'assemblée les réformes élaborées à Hanoï.".encode("latin-1")
    decoded = decode_text(latin)
    assert decoded.text is None and decoded.how.startswith("invalid UTF-8")
