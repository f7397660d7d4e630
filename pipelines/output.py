"""Writing records: JSONL (UTF-8, one complete line per record, strict JSON), or a
Parquet dataset partitioned by site and year (:mod:`pipelines.parquet`).

Both replace their target only when a run succeeds, through a temporary file or
directory beside it, and refuse a second run on the same target (:mod:`pipelines.files`).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType

from .files import AtomicFile, check_target
from .records import Record

__all__ = ["OUTPUT_FORMATS", "JsonlWriter", "LinesWriter", "check_output", "dumps", "open_writer"]

#: ``vnminer extract --format`` choices.
OUTPUT_FORMATS = ("jsonl", "parquet")


def dumps(obj: object) -> str:
    """One compact JSON line, UTF-8 characters as they are, strict JSON: a number that is
    not finite raises ``ValueError`` instead of writing ``Infinity`` or ``NaN``."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


class LinesWriter:
    """Write JSON lines to ``path``, replacing it only on success.

    The lines go to a unique temporary file beside ``path`` (links followed: the file a
    link points to is replaced), which replaces ``path`` when the context exits without
    an error, unless :meth:`discard` was called. An exception, Ctrl-C or ``discard``
    leaves ``path`` as it was and removes the temporary file. A second writer of the
    same ``path`` raises :class:`pipelines.files.OutputBusy` on entering.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.count = 0
        self._file = AtomicFile(self.path, "w")
        self._discarded = False

    def __enter__(self) -> LinesWriter:
        self._file.open()
        return self

    def write_obj(self, obj: object) -> None:
        """Write one JSON object as a compact line (:func:`dumps`)."""
        self.write_line(dumps(obj))

    def write_line(self, line: str) -> None:
        """Write one line of JSON text (without its newline)."""
        self._file.write(line + "\n")
        self.count += 1

    def discard(self) -> None:
        """Keep ``path`` as it was when the writer closes (a run that failed or found
        nothing: an empty file must not replace earlier output)."""
        self._discarded = True

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None and not self._discarded:
            self._file.commit()
        else:
            self._file.abort()


class JsonlWriter(LinesWriter):
    """Write records to ``path`` as JSONL, replacing it only on success (see
    :class:`LinesWriter`); readers of ``path`` never see a half-written file."""

    def __enter__(self) -> JsonlWriter:
        super().__enter__()
        return self

    def write(self, record: Record) -> None:
        """Write one record as a line."""
        self.write_obj(record.model_dump(mode="json"))


def check_output(path: str | Path, fmt: str = "jsonl") -> str | None:
    """Why records in format ``fmt`` cannot be written to ``path``, or None; checked
    before a run so that a long extraction does not fail at its end."""
    if fmt == "parquet":
        from .parquet import check_dataset_output

        return check_dataset_output(path)
    if fmt != "jsonl":
        return f"unknown output format {fmt!r}; use {' or '.join(OUTPUT_FORMATS)}"
    problem = check_target(path)
    if problem and "is a directory" in problem:
        return f"{path}: is a directory (JSONL output is a file; --format parquet writes one)"
    return problem


def open_writer(path: str | Path, fmt: str = "jsonl"):
    """A writer of records to ``path``: :class:`JsonlWriter`, or for ``parquet`` a
    :class:`pipelines.parquet.ParquetDatasetWriter` (a directory). Use it as a context
    manager; it has ``write(record)``, ``discard()`` and ``count``. Entering it raises
    :class:`pipelines.files.OutputError` (one line) when ``path`` cannot be written."""
    if fmt == "parquet":
        from .parquet import ParquetDatasetWriter

        return ParquetDatasetWriter(path)
    if fmt != "jsonl":
        raise ValueError(f"unknown output format {fmt!r}; use {' or '.join(OUTPUT_FORMATS)}")
    return JsonlWriter(path)
