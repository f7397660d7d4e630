"""Writing records: JSONL (UTF-8, one complete line per record, never a half file), or a
Parquet dataset partitioned by site and year (:mod:`pipelines.parquet`)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import TracebackType

import jsonlines

from .records import Record

__all__ = ["OUTPUT_FORMATS", "JsonlWriter", "check_output", "open_writer"]

#: ``vnminer extract --format`` choices.
OUTPUT_FORMATS = ("jsonl", "parquet")


def _dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class JsonlWriter:
    """Write records to ``path`` through ``path.partial``, renamed into place on success.

    A crash leaves the previous ``path`` untouched and a ``.partial`` file of
    complete lines; readers of ``path`` never see a half-written file. A run that
    failed without writing anything calls :meth:`discard`: ``path`` stays as it was.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.partial = self.path.with_name(self.path.name + ".partial")
        self.count = 0
        self._fp = None
        self._writer: jsonlines.Writer | None = None
        self._discarded = False

    def __enter__(self) -> JsonlWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fp = self.partial.open("w", encoding="utf-8", newline="\n")
        self._writer = jsonlines.Writer(self._fp, dumps=_dumps, flush=True)
        return self

    def write(self, record: Record) -> None:
        assert self._writer is not None, "use JsonlWriter as a context manager"
        self._writer.write(record.model_dump(mode="json"))
        self.count += 1

    def discard(self) -> None:
        """Keep ``path`` as it was when the writer closes, and remove ``path.partial``
        (for a run that failed: an empty file must not replace earlier output)."""
        self._discarded = True

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._writer is not None and self._fp is not None
        self._writer.close()
        self._fp.close()
        if self._discarded:
            self.partial.unlink(missing_ok=True)
        elif exc_type is None:
            os.replace(self.partial, self.path)


def check_output(path: str | Path, fmt: str = "jsonl") -> str | None:
    """Why records in format ``fmt`` cannot be written to ``path``, or None; checked
    before a run so that a long extraction does not fail at its end."""
    if fmt == "parquet":
        from .parquet import check_dataset_output

        return check_dataset_output(path)
    if fmt != "jsonl":
        return f"unknown output format {fmt!r}; use {' or '.join(OUTPUT_FORMATS)}"
    if Path(path).is_dir():
        return f"{path}: is a directory (JSONL output is a file; --format parquet writes one)"
    return None


def open_writer(path: str | Path, fmt: str = "jsonl"):
    """A writer of records to ``path``: :class:`JsonlWriter`, or for ``parquet`` a
    :class:`pipelines.parquet.ParquetDatasetWriter` (a directory). Use it as a context
    manager; it has ``write(record)``, ``discard()`` and ``count``."""
    if fmt == "parquet":
        from .parquet import ParquetDatasetWriter

        return ParquetDatasetWriter(path)
    if fmt != "jsonl":
        raise ValueError(f"unknown output format {fmt!r}; use {' or '.join(OUTPUT_FORMATS)}")
    return JsonlWriter(path)
