"""Reading articles from ``.txt`` files, directories and ``.jsonl`` files.

Every input becomes either an :class:`Article` or a :class:`Rejected` naming
the input (file, or file:line) and the reason; reading never stops the batch.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from .article import Article, Rejected, url_id

__all__ = ["decode_text", "iter_inputs", "read_jsonl_articles", "read_text_article"]

logger = logging.getLogger(__name__)

_TEXT_SUFFIXES = {".txt"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}


def decode_text(data: bytes) -> tuple[str | None, str]:
    """Decode article bytes; ``(None, reason)`` when they are not text."""
    if not data.strip():
        return None, "empty file"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            return None, f"broken UTF-16 ({exc.reason} at byte {exc.start})"
    sample = data[:4096]
    if b"\x00" in sample or sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) // 100 + 2:
        return None, "binary data, not text"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = f"invalid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
    # Older Vietnamese sites and Windows tools write Windows-1258; accept it only when the
    # result reads as Vietnamese, otherwise report the UTF-8 error.
    from nlp.langid import check_vietnamese

    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        return None, utf8_error
    if check_vietnamese(text).is_vietnamese:
        return text, "cp1258"
    return None, utf8_error


METADATA_FILE = "metadata.json"
_META_FIELDS = ("title", "url", "published", "site", "author")


@lru_cache(maxsize=64)
def _directory_metadata(directory: str) -> dict[str, dict]:
    """``<dir>/metadata.json``: ``{"<stem>": {"title", "url", "published", "site", "author"}}``."""
    path = Path(directory) / METADATA_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        logger.warning("%s: ignored, not a JSON object of article metadata (%s)", path, exc)
        return {}
    if not isinstance(data, dict):
        logger.warning("%s: ignored, not a JSON object of article metadata", path)
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict)}


def read_text_article(path: Path) -> Article | Rejected:
    """One ``.txt`` file as an article whose id is the file stem.

    Title, URL, date, site and author come from ``metadata.json`` beside the file
    when it lists the stem.
    """
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Rejected(source, f"unreadable: {exc.strerror or exc}")
    text, how = decode_text(data)
    if text is None:
        return Rejected(source, how)
    meta = _directory_metadata(str(path.parent.resolve())).get(path.stem, {})
    return Article(
        id=path.stem,
        text=text,
        source=source,
        **{k: _opt_str(meta.get(k)) for k in _META_FIELDS},
    )


def _opt_str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def read_jsonl_articles(path: Path) -> Iterator[Article | Rejected]:
    """Articles of a JSONL file: one object per line with ``text`` and optional
    ``id``, ``title``, ``url``, ``published``, ``site``, ``author``."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Rejected(str(path), f"unreadable: {exc.strerror or exc}")
        return
    with handle:
        for lineno, raw in enumerate(handle, start=1):
            source = f"{path}:{lineno}"
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield Rejected(source, f"invalid UTF-8 (byte at offset {exc.start})")
                continue
            except json.JSONDecodeError as exc:
                yield Rejected(source, f"malformed JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(obj, dict):
                yield Rejected(source, f"expected a JSON object, got {type(obj).__name__}")
                continue
            text = obj.get("text")
            if not isinstance(text, str) or not text.strip():
                yield Rejected(source, "no 'text' field with article text")
                continue
            url = _opt_str(obj.get("url"))
            raw_id = obj.get("id")
            if isinstance(raw_id, (str, int)) and str(raw_id).strip():
                art_id = str(raw_id)
            elif url:
                art_id = url_id(url)
            else:
                art_id = f"{path.stem}-{lineno}"
            yield Article(
                id=art_id,
                text=text,
                source=source,
                title=_opt_str(obj.get("title")),
                url=url,
                published=_opt_str(obj.get("published")),
                site=_opt_str(obj.get("site")),
                author=_opt_str(obj.get("author")),
            )


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Article | Rejected]:
    """Articles from files and directories, in a stable order (directories sorted)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files = sorted(
                f
                for f in path.rglob("*")
                if f.is_file() and f.suffix.lower() in _TEXT_SUFFIXES | _JSONL_SUFFIXES
            )
            if not files:
                yield Rejected(str(path), "directory holds no .txt or .jsonl files")
            for f in files:
                yield from _read_file(f)
        elif path.exists():
            yield from _read_file(path)
        else:
            yield Rejected(str(path), "no such file or directory")


def _read_file(path: Path) -> Iterator[Article | Rejected]:
    suffix = path.suffix.lower()
    if suffix in _JSONL_SUFFIXES:
        yield from read_jsonl_articles(path)
    elif suffix in _TEXT_SUFFIXES:
        yield read_text_article(path)
    else:
        yield Rejected(
            str(path), f"unsupported file type '{suffix or path.name}' (use .txt or .jsonl)"
        )
