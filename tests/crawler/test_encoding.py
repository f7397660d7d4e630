"""Charset handling: declared, undeclared, wrong, BOM, NFD."""

from __future__ import annotations

import logging
import unicodedata

from crawler.encoding import declared_charset, decode_html, decode_utf8_lenient
from tests.support import to_cp1258

TEXT = "Huyện ủy Cam Lộ tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2023."


def html(body: bytes, meta: str = "") -> bytes:
    head = f'<meta charset="{meta}">'.encode() if meta else b""
    return b"<html><head>" + head + b"</head><body><p>" + body + b"</p></body></html>"


def test_utf8_declared_in_header() -> None:
    text, enc = decode_html(html(TEXT.encode()), "text/html; charset=utf-8")
    assert TEXT in text and enc == "utf-8"


def test_cp1258_declared_in_meta_only() -> None:
    text, enc = decode_html(html(to_cp1258(TEXT), "windows-1258"), "text/html")
    assert TEXT in text and enc == "cp1258"


def test_cp1258_body_declared_utf8() -> None:
    text, enc = decode_html(html(to_cp1258(TEXT), "utf-8"), "text/html; charset=utf-8")
    assert TEXT in text and enc == "cp1258"


def test_utf8_body_declared_cp1258() -> None:
    text, enc = decode_html(html(TEXT.encode(), "windows-1258"), "text/html; charset=windows-1258")
    assert TEXT in text and enc == "utf-8"


def test_bom_and_nfd() -> None:
    nfd = unicodedata.normalize("NFD", TEXT).encode()
    text, _ = decode_html(b"\xef\xbb\xbf" + html(nfd))
    assert TEXT in text


def test_declared_charset_sources() -> None:
    assert declared_charset(b"", "text/html; charset=UTF-8") == "utf-8"
    assert (
        declared_charset(
            b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
        )
        == "cp1258"
    )
    assert declared_charset(b"<meta charset='nonsense-cs'>", "text/html") is None


def test_stray_byte_in_a_utf8_page_is_replaced_not_mojibake(caplog) -> None:
    # One bad byte used to fail the UTF-8 test and send the whole page to the code-page
    # fallbacks ("Huyá»‡n"); the page is UTF-8 with one U+FFFD, and the log says so.
    page = html(TEXT.encode() + b"\xff", "utf-8")
    with caplog.at_level(logging.INFO, logger="crawler.encoding"):
        text, enc = decode_html(page, "text/html; charset=utf-8", source="https://e.vn/a")
    assert enc == "utf-8"
    assert TEXT + "\ufffd" in text
    assert "https://e.vn/a: 1 invalid byte replaced" in caplog.text


def test_cp1258_page_is_not_taken_for_utf8_with_stray_bytes() -> None:
    text, enc = decode_html(html(to_cp1258(TEXT * 20)), "text/html")
    assert enc == "cp1258" and TEXT in text


def test_nul_bytes_in_a_page_are_removed_and_counted(caplog) -> None:
    body = TEXT.encode()
    with caplog.at_level(logging.INFO, logger="crawler.encoding"):
        text, _ = decode_html(html(body[:8] + b"\x00" + body[8:] + b"\x00"))
    assert TEXT in text and "\x00" not in text
    assert "page: 2 control characters removed" in caplog.text


def test_lenient_utf8_needs_mostly_valid_text() -> None:
    assert decode_utf8_lenient("Đảng".encode() + b"\xff") is None  # 3 good, 1 bad
    assert decode_utf8_lenient(TEXT.encode() + b"\xff") == (TEXT + "\ufffd", 1)
    assert decode_utf8_lenient(to_cp1258(TEXT)) is None
