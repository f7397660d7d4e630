"""Decoding page bytes: declared charset first, checked against what the bytes say.

Vietnamese sites still serve Windows-1258 and sometimes declare the wrong
charset. Valid UTF-8 with multi-byte sequences is almost never an accident,
so it wins over any declaration; otherwise the declared charset (HTTP
header, then ``<meta>``) is used when it decodes cleanly, and detection
(charset-normalizer, with Vietnamese code pages first) is the fallback.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

__all__ = ["declared_charset", "decode_html"]

_META_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# Tried when the declaration does not decode; valid UTF-8 has been taken before this.
_VIETNAMESE_CODEPAGES = ("cp1258", "cp1252")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(body: bytes, content_type: str | None = None) -> str | None:
    """The charset named by the Content-Type header, else by a ``<meta>`` tag."""
    if content_type:
        m = _HEADER_RE.search(content_type)
        if m and _codec(m.group(1)):
            return _codec(m.group(1))
    m = _META_RE.search(body[:4096])
    if m:
        return _codec(m.group(1).decode("ascii", "replace"))
    return None


def _is_multibyte_utf8(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode page bytes; returns (NFC text, the encoding used)."""
    if body.startswith(codecs.BOM_UTF8):
        return unicodedata.normalize("NFC", body[3:].decode("utf-8", "replace")), "utf-8"
    if _is_multibyte_utf8(body):
        return unicodedata.normalize("NFC", body.decode("utf-8")), "utf-8"
    declared = declared_charset(body, content_type)
    if declared and declared != "utf-8":
        try:
            return unicodedata.normalize("NFC", body.decode(declared)), declared
        except UnicodeDecodeError:
            pass
    for name in _VIETNAMESE_CODEPAGES:
        try:
            return unicodedata.normalize("NFC", body.decode(name)), name
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    if best is not None:
        return unicodedata.normalize("NFC", str(best)), best.encoding
    return unicodedata.normalize("NFC", body.decode("utf-8", "replace")), "utf-8"
