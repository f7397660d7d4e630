"""Bad input gets a clear reason naming the input; the rest goes on."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from pipelines.article import Article, Rejected
from pipelines.inputs import iter_inputs
from tests.support import to_cp1258

VI = "Huyện ủy Cam Lộ tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2023 với 200 đại biểu."


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_text_file_and_encodings(tmp_path: Path) -> None:
    paths = [
        _write(tmp_path, "a.txt", VI.encode("utf-8")),
        _write(tmp_path, "b.txt", b"\xef\xbb\xbf" + VI.encode("utf-8")),
        _write(tmp_path, "c.txt", VI.encode("utf-16")),
        _write(tmp_path, "d.txt", to_cp1258(VI)),
    ]
    items = list(iter_inputs(paths))
    assert all(isinstance(i, Article) for i in items), items
    assert [i.id for i in items] == ["a", "b", "c", "d"]
    assert all(unicodedata.normalize("NFC", i.text).strip() == VI for i in items)


def test_bad_files_are_rejected_with_reasons(tmp_path: Path) -> None:
    cases = {
        "empty.txt": (b"  \n", "empty"),
        "binary.txt": (bytes(range(256)) * 4, "binary"),
        "latin.txt": ("Ceci n'est pas vietnamien: déjà vu, garçon".encode("latin-1"), "UTF-8"),
        "page.pdf": (b"%PDF-1.4", "unsupported"),
    }
    paths = [_write(tmp_path, name, data) for name, (data, _) in cases.items()]
    items = list(iter_inputs([*paths, tmp_path / "missing.txt"]))
    assert all(isinstance(i, Rejected) for i in items)
    for item, (name, (_, reason)) in zip(items, cases.items(), strict=False):
        assert item.source.endswith(name)
        assert reason.lower() in item.reason.lower(), item
    assert "no such file" in items[-1].reason


def test_jsonl_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {"id": "x1", "text": VI, "title": "T", "url": "https://e.vn/a"}, ensure_ascii=False
        ),
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"id": "x2"}),
        "",
        json.dumps({"text": VI, "url": "https://e.vn/b"}, ensure_ascii=False),
        json.dumps({"text": VI}, ensure_ascii=False),
    ]
    path = _write(tmp_path, "in.jsonl", "\n".join(lines).encode("utf-8"))
    items = list(iter_inputs([path]))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Article", "Rejected", "Rejected", "Rejected", "Article", "Article"]
    assert items[0].title == "T" and items[0].url == "https://e.vn/a"
    assert items[1].source == f"{path}:2" and "malformed JSON" in items[1].reason
    assert "object" in items[2].reason
    assert "text" in items[3].reason
    assert len(items[4].id) == 16  # hash of the URL
    assert items[5].id == "in-7"


def test_directory_is_read_in_order(tmp_path: Path, articles_dir: Path) -> None:
    items = list(iter_inputs([articles_dir]))
    assert [i.id for i in items] == sorted(p.stem for p in articles_dir.glob("*.txt"))
    assert "no .txt" in next(iter(iter_inputs([tmp_path]))).reason


def test_metadata_json_beside_text_files(tmp_path: Path, articles_dir: Path) -> None:
    items = {i.id: i for i in iter_inputs([articles_dir])}
    assert items["002_969a7bb7c0b1c31d"].site == "baonghean"
    assert items["002_969a7bb7c0b1c31d"].published == "2021-03-29"
    _write(tmp_path, "a.txt", VI.encode("utf-8"))
    (tmp_path / "metadata.json").write_text("[not an object]", encoding="utf-8")
    (item,) = iter_inputs([tmp_path / "a.txt"])
    assert isinstance(item, Article) and item.site is None  # a bad sidecar is ignored
