"""Decoding page bytes: declared charset first, checked against what the bytes say.

Vietnamese sites still serve Windows-1258 and sometimes declare the wrong
charset. Valid UTF-8 with multi-byte sequences is almost never an accident,
so it wins over any declaration, and so does UTF-8 with a few stray bytes
(each replaced by U+FFFD and counted: one bad byte must not turn a whole page
into mojibake); otherwise the declared charset (HTTP header, then ``<meta>``)
is used when it decodes cleanly, and detection (charset-normalizer, with
Vietnamese code pages first) is the fallback.

Control characters (NUL and the other C0 codes but tab, line feed, vertical tab,
form feed and carriage return) follow one rule wherever text comes from (a ``.txt``
file, a JSONL text field, a page): they are removed and counted, and a text made of
more than 1% of them is binary data (:func:`too_many_controls`), not an article.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata

__all__ = [
    "CONTROL_CHARS",
    "count_controls",
    "declared_charset",
    "decode_html",
    "decode_utf8_lenient",
    "decoding_notes",
    "strip_controls",
    "too_many_controls",
]

logger = logging.getLogger(__name__)

#: The control characters removed from text: C0 but ``\t\n\v\f\r``.
CONTROL_CHARS = "".join(map(chr, [*range(9), *range(14, 32)]))
_CONTROL_BYTES = CONTROL_CHARS.encode("ascii")
_CONTROL_RE = re.compile(f"[{re.escape(CONTROL_CHARS)}]")
# surrogateescape turns each byte that is not UTF-8 into one of these.
_ESCAPED_RE = re.compile("[\udc80-\udcff]")
# UTF-8 with stray bytes is still UTF-8 when its valid non-ASCII characters outnumber
# the bad bytes this many times. Windows-1258 (or Latin-1) read as UTF-8 has next to no
# valid multi-byte sequence, so it stays far below.
_UTF8_GOOD_PER_BAD = 5

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


def count_controls(data: bytes | str) -> int:
    """How many control characters (:data:`CONTROL_CHARS`) ``data`` holds."""
    if isinstance(data, bytes):
        return len(data) - len(data.translate(None, _CONTROL_BYTES))
    return sum(1 for _ in _CONTROL_RE.finditer(data))


def too_many_controls(controls: int, length: int) -> bool:
    """Whether ``controls`` control characters in ``length`` make binary data, not text:
    more than 1% of it (and more than two, so a short text may carry a stray one)."""
    return controls > length // 100 + 2


def strip_controls(text: str) -> tuple[str, int]:
    """``text`` without control characters, and how many were removed."""
    if not _CONTROL_RE.search(text):
        return text, 0
    return _CONTROL_RE.subn("", text)


def decode_utf8_lenient(data: bytes) -> tuple[str, int] | None:
    """``data`` as UTF-8, each invalid byte replaced by U+FFFD: ``(text, bytes replaced)``;
    None when the bytes are not mostly UTF-8 (another charset, or binary)."""
    try:
        return data.decode("utf-8"), 0
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", "surrogateescape")
    text, bad = _ESCAPED_RE.subn("\ufffd", text)
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    if good < _UTF8_GOOD_PER_BAD * bad:
        return None
    return text, bad


def _is_multibyte_utf8(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_html(
    body: bytes, content_type: str | None = None, *, source: str | None = None
) -> tuple[str, str]:
    """Decode page bytes; returns (NFC text without control characters, the encoding used).

    Invalid bytes replaced and control characters removed are logged, naming ``source``
    (the page's URL) when given.
    """
    text, encoding, replaced = _decode_html(body, content_type)
    text, removed = strip_controls(text)
    if removed or replaced:
        logger.info(
            "%s: %s", source or "page", decoding_notes(replaced=replaced, removed=removed)
        )
    return text, encoding


def decoding_notes(*, replaced: int = 0, removed: int = 0) -> str:
    """``"3 invalid bytes replaced, 1 control character removed"`` (only the non-zero)."""
    notes = []
    if replaced:
        notes.append(f"{replaced} invalid byte{'s' if replaced > 1 else ''} replaced")
    if removed:
        notes.append(f"{removed} control character{'s' if removed > 1 else ''} removed")
    return ", ".join(notes)


def _decode_html(body: bytes, content_type: str | None) -> tuple[str, str, int]:
    """(NFC text, encoding, invalid UTF-8 bytes replaced)."""
    if body.startswith(codecs.BOM_UTF8):
        # A BOM says UTF-8 whatever the rest holds: every bad byte is replaced.
        text = body[3:].decode("utf-8", "surrogateescape")
        text, bad = _ESCAPED_RE.subn("\ufffd", text)
        return unicodedata.normalize("NFC", text), "utf-8", bad
    if _is_multibyte_utf8(body):
        return unicodedata.normalize("NFC", body.decode("utf-8")), "utf-8", 0
    if not body.isascii() and (lenient := decode_utf8_lenient(body)) is not None:
        return unicodedata.normalize("NFC", lenient[0]), "utf-8", lenient[1]
    declared = declared_charset(body, content_type)
    if declared and declared != "utf-8":
        try:
            return unicodedata.normalize("NFC", body.decode(declared)), declared, 0
        except UnicodeDecodeError:
            pass
    for name in _VIETNAMESE_CODEPAGES:
        try:
            return unicodedata.normalize("NFC", body.decode(name)), name, 0
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    if best is not None:
        return unicodedata.normalize("NFC", str(best)), best.encoding, 0
    text, bad = _ESCAPED_RE.subn("\ufffd", body.decode("utf-8", "surrogateescape"))
    return unicodedata.normalize("NFC", text), "utf-8", bad
