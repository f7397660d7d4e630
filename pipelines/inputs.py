"""Reading articles from ``.txt`` files, directories and ``.jsonl`` files.

Every input becomes either an :class:`Article` or a :class:`Rejected` naming
the input (file, or file:line) and the reason; reading never stops the batch.

Inputs are bounded before they are read: a ``.txt`` file's size and a JSONL line's
length are checked against :attr:`InputOptions.max_bytes` (a line is read with a bounded
``readline``, so one 2 GB line is never loaded whole), and a file is opened without
blocking and checked to be a regular file, so a FIFO, a device such as ``/dev/zero``
or a socket is refused instead of hanging or filling memory. Dangling links,
unreadable directories and file names that are not UTF-8 are reported by name (an
undecodable name shown with ``\\xNN`` escapes), never fatal.

Decoding comes before any judgement of the text: UTF-8 (a few stray bytes replaced by
U+FFFD and counted), UTF-16 with a BOM, or Windows-1258 read as NFC when it reads as
Vietnamese; control characters follow :mod:`crawler.encoding`'s one rule (removed and
counted; over 1% of a text, binary).
"""

from __future__ import annotations

import errno
import json
import logging
import os
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from crawler.encoding import (
    count_controls,
    decode_utf8_lenient,
    decoding_notes,
    strip_controls,
    too_many_controls,
)

from .article import Article, Rejected, url_id

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Decoded",
    "InputOptions",
    "byte_size",
    "decode_text",
    "display_path",
    "iter_inputs",
    "read_jsonl_articles",
    "read_text_article",
    "reject_duplicate_ids",
]

logger = logging.getLogger(__name__)

_TEXT_SUFFIXES = {".txt"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}

#: Default bound of one article's raw bytes: a ``.txt`` file, or one JSONL line. A long
#: news article is some tens of kB; megabytes are a dump or a wrong file.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

_SIZE_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def byte_size(text: str) -> int:
    """A positive size in bytes from ``"5000000"``, ``"512k"``, ``"5M"`` or ``"1G"``
    (binary units); ValueError otherwise (an ``argparse`` type)."""
    value = text.strip().lower().removesuffix("b").removesuffix("i")
    unit = value[-1:] if value[-1:] in _SIZE_UNITS else ""
    number = float(value[: len(value) - len(unit)])  # ValueError for junk
    size = int(number * _SIZE_UNITS[unit])
    if size <= 0:
        raise ValueError(f"not a positive size: {text!r}")
    return size


@dataclass(frozen=True, slots=True)
class InputOptions:
    """How inputs are read. ``max_bytes``: the largest ``.txt`` file, and the longest
    JSONL line, read as one article; larger ones are rejected unread."""

    max_bytes: int = DEFAULT_MAX_BYTES

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise ValueError("max_bytes must be positive")


def display_path(path: str | os.PathLike[str]) -> str:
    """``path`` as printable text: bytes of a file name that are not UTF-8 (held by Python
    as lone surrogates) shown as ``\\xNN``, so reports and JSON stay valid."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Article bytes as text: ``text`` (None when they are not text), ``how`` (the encoding,
    or why they are not text), invalid bytes ``replaced`` by U+FFFD and control
    characters ``removed``."""

    text: str | None
    how: str
    replaced: int = 0
    removed: int = 0

    @property
    def notes(self) -> str:
        """What decoding changed, for a log line ("" when nothing)."""
        return decoding_notes(replaced=self.replaced, removed=self.removed)


def decode_text(data: bytes) -> Decoded:
    """Decode article bytes; ``Decoded(None, reason)`` when they are not text.

    Control characters are judged over the whole input (more than 1%: binary) and
    removed; UTF-8 with a few stray bytes is UTF-8; Windows-1258 is accepted when its
    NFC form reads as Vietnamese (Windows tools write its tone marks combining).
    """
    if not data.strip():
        return Decoded(None, "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            return Decoded(None, f"broken UTF-16 ({exc.reason} at byte {exc.start})")
        controls = count_controls(text)
        if too_many_controls(controls, len(text)):
            return Decoded(None, f"binary data, not text ({controls} control characters)")
        return _finish(text, "utf-16")
    controls = count_controls(data)
    if too_many_controls(controls, len(data)):
        return Decoded(None, f"binary data, not text ({controls} control bytes)")
    lenient = decode_utf8_lenient(data.removeprefix(b"\xef\xbb\xbf"))
    if lenient is not None:
        return _finish(lenient[0], "utf-8", lenient[1])
    utf8_error = _utf8_error(data)
    # Older Vietnamese sites and Windows tools write Windows-1258; accept it only when the
    # result reads as Vietnamese, otherwise report the UTF-8 error.
    from nlp.langid import check_vietnamese

    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        return Decoded(None, utf8_error)
    if check_vietnamese(text).is_vietnamese:
        return _finish(text, "cp1258")
    return Decoded(None, utf8_error)


def _utf8_error(data: bytes) -> str:
    """Where ``data`` (not valid UTF-8) first fails, for a rejection."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"invalid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
    return "invalid UTF-8"


def _finish(text: str, how: str, replaced: int = 0) -> Decoded:
    text, removed = strip_controls(text)
    if not text.strip():
        return Decoded(None, "empty file")
    return Decoded(text, how, replaced, removed)


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


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _open_regular(path: Path) -> tuple[int, os.stat_result] | str:
    """A descriptor of ``path`` opened for reading and its ``fstat``, or why it cannot be
    read. Opened without blocking (a FIFO with no writer would block ``open`` for ever)
    and judged on the opened file, so it cannot be swapped between check and read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return f"dangling symbolic link (to {display_path(os.readlink(path))})"
        return f"unreadable: {exc.strerror or exc}"
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        kind = next((name for test, name in _KINDS if test(st.st_mode)), None)
        return f"{kind}, not a regular file" if kind else "not a regular file"
    return fd, st


def _too_large(size: int, limit: int) -> str:
    return f"file too large ({size} bytes > --max-bytes {limit})"


def read_text_article(path: Path, options: InputOptions | None = None) -> Article | Rejected:
    """One ``.txt`` file as an article whose id is the file stem.

    Title, URL, date, site and author come from ``metadata.json`` beside the file
    when it lists the stem.
    """
    options = options or InputOptions()
    source = display_path(path)
    if source != str(path):
        return Rejected(source, "file name is not UTF-8 (it would be the article's id): rename it")
    opened = _open_regular(path)
    if isinstance(opened, str):
        return Rejected(source, opened)
    fd, st = opened
    if st.st_size > options.max_bytes:
        os.close(fd)
        return Rejected(source, _too_large(st.st_size, options.max_bytes))
    try:
        with os.fdopen(fd, "rb") as handle:
            # Bounded even though the size was checked: /proc files say 0, files grow.
            data = handle.read(options.max_bytes + 1)
    except OSError as exc:
        return Rejected(source, f"unreadable: {exc.strerror or exc}")
    if len(data) > options.max_bytes:
        return Rejected(source, _too_large(len(data), options.max_bytes))
    decoded = decode_text(data)
    if decoded.text is None:
        return Rejected(source, decoded.how)
    if decoded.notes:
        logger.warning("%s: %s", source, decoded.notes)
    meta = _directory_metadata(str(path.parent.resolve())).get(path.stem, {})
    return Article(
        id=path.stem,
        text=decoded.text,
        source=source,
        **{k: _opt_str(meta.get(k)) for k in _META_FIELDS},
    )


def _opt_str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _bounded_lines(handle, limit: int) -> Iterator[bytes | None]:
    """The lines of a binary file, each read with at most ``limit + 1`` bytes in memory;
    None for a line longer than ``limit`` bytes (the rest of it is skipped unread)."""
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        if len(raw) > limit and not raw.endswith(b"\n"):
            # Skip to the end of the line a chunk at a time.
            while (chunk := handle.readline(1 << 20)) and not chunk.endswith(b"\n"):
                pass
            yield None
            continue
        yield raw


def read_jsonl_articles(
    path: Path, options: InputOptions | None = None
) -> Iterator[Article | Rejected]:
    """Articles of a JSONL file: one object per line with ``text`` and optional
    ``id``, ``title``, ``url``, ``published``, ``site``, ``author``."""
    options = options or InputOptions()
    name = display_path(path)
    opened = _open_regular(path)
    if isinstance(opened, str):
        yield Rejected(name, opened)
        return
    fd, _ = opened
    stem = display_path(path.stem)
    lineno = 0
    with os.fdopen(fd, "rb") as handle:
        try:
            for lineno, raw in enumerate(_bounded_lines(handle, options.max_bytes), start=1):
                source = f"{name}:{lineno}"
                if raw is None:
                    yield Rejected(source, f"line too long (over --max-bytes {options.max_bytes})")
                    continue
                if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]  # a byte-order mark, as Windows editors write one
                if not raw.strip():
                    continue
                yield _jsonl_article(raw, source, stem, lineno)
        except OSError as exc:  # a read error part-way (I/O error, a file on a lost mount)
            yield Rejected(f"{name}:{lineno + 1}", f"unreadable: {exc.strerror or exc}")


def _jsonl_article(raw: bytes, source: str, stem: str, lineno: int) -> Article | Rejected:
    decoded = decode_utf8_lenient(raw)
    if decoded is None:
        return Rejected(source, _utf8_error(raw))
    line, replaced = decoded
    try:
        # strict=False: a raw control character inside a string (a NUL byte) is the same
        # character as its \u escape, and both follow the one rule below.
        obj = json.loads(line, strict=False)
    except json.JSONDecodeError as exc:
        return Rejected(source, f"malformed JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(obj, dict):
        return Rejected(source, f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return Rejected(source, "no 'text' field with article text")
    controls = count_controls(text)
    if too_many_controls(controls, len(text)):
        return Rejected(source, f"binary data, not text ({controls} control characters)")
    text, removed = strip_controls(text)
    if replaced or removed:
        logger.warning("%s: %s", source, decoding_notes(replaced=replaced, removed=removed))
    url = _opt_str(obj.get("url"))
    raw_id = obj.get("id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, (str, int))):
        return Rejected(source, f"'id' must be a string or a whole number, not {raw_id!r}")
    if raw_id is not None and str(raw_id).strip():
        art_id = str(raw_id)
    elif url:
        art_id = url_id(url)
    else:
        art_id = f"{stem}-{lineno}"
    return Article(
        id=art_id,
        text=text,
        source=source,
        title=_opt_str(obj.get("title")),
        url=url,
        published=_opt_str(obj.get("published")),
        site=_opt_str(obj.get("site")),
        author=_opt_str(obj.get("author")),
    )


def _walk(top: Path) -> tuple[list[Path], list[Rejected]]:
    """Input files under ``top`` (links to files included, links to directories not
    followed), and the directories that could not be read."""
    problems: list[Rejected] = []

    def unreadable(exc: OSError) -> None:
        where = display_path(exc.filename) if exc.filename is not None else display_path(top)
        problems.append(Rejected(where, f"unreadable directory: {exc.strerror or exc}"))

    suffixes = _TEXT_SUFFIXES | _JSONL_SUFFIXES
    files = [
        Path(root, name)
        for root, _, names in os.walk(top, onerror=unreadable)
        for name in names
        if os.path.splitext(name)[1].lower() in suffixes
    ]
    return sorted(files), problems


def iter_inputs(
    paths: Iterable[str | Path], options: InputOptions | None = None
) -> Iterator[Article | Rejected]:
    """Articles from files and directories, in a stable order (directories sorted)."""
    options = options or InputOptions()
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files, problems = _walk(path)
            yield from problems
            if not files and not problems:
                yield Rejected(display_path(path), "directory holds no .txt or .jsonl files")
            for f in files:
                yield from _read_file(f, options)
        elif os.path.lexists(path):
            yield from _read_file(path, options)
        else:
            yield Rejected(display_path(path), "no such file or directory")


def _read_file(path: Path, options: InputOptions) -> Iterator[Article | Rejected]:
    suffix = path.suffix.lower()
    if suffix in _JSONL_SUFFIXES:
        yield from read_jsonl_articles(path, options)
    elif suffix in _TEXT_SUFFIXES:
        yield read_text_article(path, options)
    else:
        opened = _open_regular(path)
        if isinstance(opened, str):  # a device or a FIFO says so, whatever its name
            yield Rejected(display_path(path), opened)
            return
        os.close(opened[0])
        yield Rejected(
            display_path(path),
            f"unsupported file type '{display_path(suffix or path.name)}' (use .txt or .jsonl)",
        )


def reject_duplicate_ids(items: Iterable[Article | Rejected]) -> Iterator[Article | Rejected]:
    """``items`` with every article whose id was already seen in the run rejected
    ("duplicate id X, first seen in SOURCE"): two records must never share an id."""
    first: dict[str, str] = {}
    for item in items:
        if isinstance(item, Article):
            seen = first.get(item.id)
            if seen is not None:
                yield Rejected(item.source, f"duplicate id {item.id!r}, first seen in {seen}")
                continue
            first[item.id] = item.source
        yield item
