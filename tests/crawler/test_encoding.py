"""Charset handling: declared, undeclared, wrong, BOM, NFD."""

from __future__ import annotations

import unicodedata

from crawler.encoding import declared_charset, decode_html
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
