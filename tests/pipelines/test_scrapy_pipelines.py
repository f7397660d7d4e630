"""The item pipelines without a crawl: validation, deduplication, torn-line repair."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem

from crawler.pages import ArticleItem
from pipelines.scrapy_pipelines import (
    DedupPipeline,
    JsonlExportPipeline,
    ValidatePipeline,
    repair_jsonl,
)

BODY = (
    "Năm 2023, huyện có 120 hộ tham gia mô hình “Vườn mẫu”, thu nhập tăng 15% so với năm trước. "
    * 3
)


def item(url: str, text: str = BODY, **kw) -> ArticleItem:
    return ArticleItem(url=url, site="x", title="Tiêu đề", text=text, **kw)


def test_validate_drops_with_reasons() -> None:
    v = ValidatePipeline()
    assert v.process_item(item("https://x.vn/a-1.html")).url.endswith("a-1.html")
    with pytest.raises(DropItem, match="missing title"):
        v.process_item(ArticleItem(url="https://x.vn/a", site="x", title="", text=BODY))
    with pytest.raises(DropItem, match="too short"):
        v.process_item(item("https://x.vn/b", text="ngắn"))


def test_dedup_by_canonical_url_and_content(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(
        json.dumps({"url": "https://x.vn/old-1.html", "text": "Bài cũ " * 40}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    d = DedupPipeline(output=str(out))
    d.open_spider()
    assert d.has_url("https://x.vn/old-1.html")
    first = d.process_item(item("https://X.vn/a-1.html?utm_source=rss#top"))
    assert first.url == "https://x.vn/a-1.html"
    with pytest.raises(DropItem, match="duplicate"):
        d.process_item(item("https://x.vn/a-1.html?utm_medium=feed", text=BODY + " khác"))
    with pytest.raises(DropItem, match="same text"):
        d.process_item(item("https://x.vn/repost-9.html", text="  " + BODY.upper()))
    with pytest.raises(DropItem, match="same text"):
        d.process_item(item("https://x.vn/old-copy.html", text="Bài cũ " * 40))


def test_torn_last_line_is_repaired_before_appending(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    out.write_bytes(b'{"a":1}\n{"b":2}\n{"c":')
    assert repair_jsonl(out) == len(b'{"c":')
    assert out.read_bytes() == b'{"a":1}\n{"b":2}\n'
    assert repair_jsonl(out) == 0
    out.write_bytes(b'{"torn')
    repair_jsonl(out)
    assert out.read_bytes() == b""
    exporter = JsonlExportPipeline(str(out))
    exporter.open_spider()
    exporter.process_item({"id": "x", "text": "Huyện ủy"})
    exporter.close_spider()
    assert out.read_text(encoding="utf-8") == '{"id":"x","text":"Huyện ủy"}\n'
