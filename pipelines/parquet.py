"""Records as a Parquet dataset partitioned by site and year.

``vnminer extract … --format parquet --output DIR`` (and ``vnminer export
--format dataset``) write::

    DIR/site=baoquangtri/year=2018/part-0.parquet
    DIR/site=camlo/year=2024/part-0.parquet
    DIR/site=unknown/year=0/part-0.parquet

Hive-style directories, one file per partition, every record field except
``site`` as a column (``site`` and ``year`` come from the path, as Hive, Spark,
pyarrow, pandas, DuckDB and Dask expect); the nested lists (initiatives,
models, figures, entities, places) are Arrow lists of structs with the
record's field names, so DuckDB can ``unnest`` them and pandas and Dask read
them as lists of dicts. ``docs/record.md`` documents the layout and the schema,
which is derived from :class:`~pipelines.records.Record` so the two cannot
drift. A record without a site goes to ``site=unknown``, one without a date to
``year=0``: a number, so that ``year`` reads as an integer in every reader
(``year=unknown`` would make it a string column, and Hive's null partition
``__HIVE_DEFAULT_PARTITION__`` makes ``pandas.read_parquet`` fail: pyarrow
"cannot yet unify dictionaries with nulls").

The dataset is built beside ``DIR`` in a unique hidden temporary directory and swapped
in for ``DIR`` when the run succeeds, so a reader never sees a half-written file nor a
mix of two runs; a run that fails leaves ``DIR`` as it was and removes its temporary
directory, and a second run on ``DIR`` refuses while the first holds ``DIR.lock``
(:mod:`pipelines.files`). A ``DIR`` that is a symbolic link is kept: the directory it
points to is replaced. pyarrow is an
optional dependency: ``pip install -e '.[tables]'`` in the repository (``make demo`` and
``make test`` install it).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import types
import typing
from array import array
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote, unquote

from pydantic import BaseModel, ValidationError

from .files import (
    OutputError,
    OutputRefused,
    TargetLock,
    new_temp_dir,
    remove_stale_temps,
    replace_dir,
    resolve_target,
    target_problem,
)
from .records import Record

__all__ = [
    "PARTITION_COLUMNS",
    "UNKNOWN_SITE",
    "UNKNOWN_YEAR",
    "ParquetDatasetWriter",
    "check_dataset_output",
    "file_schema",
    "iter_parquet_records",
    "partition_of",
]

logger = logging.getLogger(__name__)

#: The partition values of a record without a site, and without a date.
UNKNOWN_SITE = "unknown"
UNKNOWN_YEAR = 0
#: The partition columns, outermost first; they live in the path, not in the files.
PARTITION_COLUMNS = ("site", "year")
PART_FILE = "part-0.parquet"
_YEAR_RE = re.compile(r"(\d{4})(?!\d)")


def _pyarrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "Parquet datasets need pyarrow: pip install -e '.[tables]' in the vn-news-miner "
            "repository"
        ) from exc
    return pa, pq


def _arrow_type(annotation: Any) -> tuple[Any, bool]:
    """The Arrow type of a pydantic field annotation, and whether it is nullable."""
    pa, _ = _pyarrow()
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        (inner,) = args
        return _arrow_type(inner)[0], True
    if origin is typing.Literal:
        return pa.string(), False
    if origin is list:
        (item,) = typing.get_args(annotation)
        return pa.list_(_arrow_type(item)[0]), False
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct(_fields(annotation)), False
    simple = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}
    if annotation in simple:
        return simple[annotation], False
    raise TypeError(f"no Arrow type for {annotation!r}")  # a new field type: extend this


def _fields(model: type[BaseModel], skip: tuple[str, ...] = ()) -> list[Any]:
    pa, _ = _pyarrow()
    out = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        typ, nullable = _arrow_type(info.annotation)
        out.append(pa.field(name, typ, nullable=nullable))
    return out


@lru_cache(maxsize=1)  # derived from the code alone; built on first use
def file_schema() -> Any:
    """The Arrow schema of each part file: :class:`Record`'s fields, in order, but ``site``."""
    pa, _ = _pyarrow()
    return pa.schema(_fields(Record, skip=("site",)))


def partition_of(record: Record) -> tuple[str | None, int | None]:
    """``(site, year)`` of a record; ``year`` from the start of ``published`` (ISO 8601),
    None when it has none."""
    year = None
    if record.published and (m := _YEAR_RE.match(record.published.strip())):
        year = int(m.group(1))
    return record.site, year


def partition_dir(site: str | None, year: int | None) -> str:
    """``site=…/year=…``, the relative directory of a partition."""
    # Site names are slugs; anything else is percent-encoded, as pyarrow decodes it.
    site_value = quote(site, safe="") if site else UNKNOWN_SITE
    return f"site={site_value}/year={year if year is not None else UNKNOWN_YEAR}"


def _looks_like_dataset(path: Path) -> bool:
    return all(
        (child.is_dir() and child.name.startswith("site=")) or child.name.startswith((".", "_"))
        for child in path.iterdir()
    )


def check_dataset_output(path: str | Path) -> str | None:
    """Why ``path`` cannot receive a dataset (it would be replaced), or None when it can.

    Only a missing path, an empty directory or a dataset of ``site=…`` directories is
    replaced: never a file or a directory holding anything else.
    """
    reason = _dataset_problem(Path(path))
    return f"{path}: {reason}" if reason else None


def _dataset_problem(path: Path) -> str | None:
    if not path.exists():
        return target_problem(path, directory=True)  # its parent, a path under a file
    if not path.is_dir():
        return "exists and is not a directory (a Parquet dataset is a directory)"
    if not _looks_like_dataset(path):
        return "holds more than a Parquet dataset of site=… directories; not replacing it"
    return None


class ParquetDatasetWriter:
    """Write records as a dataset in directory ``path``, swapped into place on success.

    Records are spooled as JSON lines in a temporary directory beside ``path`` while they
    come (memory holds only one 8-byte offset per record), then written partition by
    partition, each in input order, in row groups of ``rows_per_group``, and the directory
    replaces ``path``. A failure, Ctrl-C or :meth:`discard` (a run that wrote nothing)
    leaves ``path`` as it was and removes the temporary directory. While it is open the
    writer holds ``path.lock``: a second writer raises :class:`pipelines.files.OutputBusy`.
    Same interface as :class:`pipelines.output.JsonlWriter`.
    """

    def __init__(self, path: str | Path, *, rows_per_group: int = 1000) -> None:
        if rows_per_group < 1:
            raise ValueError("rows_per_group must be at least 1")
        self.path = Path(path)
        self.target = resolve_target(self.path)
        self.partial: Path | None = None
        self.rows_per_group = rows_per_group
        self.count = 0
        self.files: list[Path] = []
        self._spool = None
        self._lock = TargetLock(self.path)
        self._index: dict[tuple[str | None, int | None], array] = {}
        self._discarded = False

    def __enter__(self) -> ParquetDatasetWriter:
        _pyarrow()  # fail before the run, not at its end
        if reason := _dataset_problem(self.path):
            raise OutputRefused(self.path, reason)
        self._lock.acquire()
        try:
            remove_stale_temps(self.target)
            self.partial = new_temp_dir(self.target)
            self._spool = (self.partial / ".records.jsonl").open("wb")
        except OSError as exc:
            self._cleanup()
            raise OutputError(self.path, f"cannot write here ({exc.strerror or exc})") from None
        return self

    def write(self, record: Record) -> None:
        assert self._spool is not None, "use ParquetDatasetWriter as a context manager"
        offset = self._spool.tell()
        line = json.dumps(record.model_dump(mode="json"), ensure_ascii=False, allow_nan=False)
        try:
            self._spool.write(line.encode("utf-8") + b"\n")
        except OSError as exc:
            self._cleanup()
            raise OutputError(self.path, exc.strerror or str(exc)) from None
        self._index.setdefault(partition_of(record), array("q")).append(offset)
        self.count += 1

    def discard(self) -> None:
        """Keep ``path`` as it was when the writer closes (for a run that failed: an
        empty dataset must not replace earlier output)."""
        self._discarded = True

    def _cleanup(self) -> None:
        if self._spool is not None:
            with contextlib.suppress(OSError):
                self._spool.close()
        if self.partial is not None:
            shutil.rmtree(self.partial, ignore_errors=True)
            self.partial = None
        self._lock.release()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is not None or self._discarded or self.partial is None:
            self._cleanup()
            return
        try:
            self._finish()
        except OSError as exc:
            raise OutputError(self.path, exc.strerror or str(exc)) from None
        finally:
            self._cleanup()

    def _finish(self) -> None:
        assert self._spool is not None and self.partial is not None
        self._spool.close()
        spool = self.partial / ".records.jsonl"
        with spool.open("rb") as fp:
            for key in sorted(self._index, key=_partition_order):
                self.files.append(self._write_partition(fp, key, self._index[key]))
        spool.unlink()
        if reason := _dataset_problem(self.path):  # it changed during the run
            raise OutputRefused(self.path, reason)
        replace_dir(self.partial, self.target)
        self.files = [self.path / f.relative_to(self.partial) for f in self.files]
        self.partial = None

    def _write_partition(self, fp, key: tuple[str | None, int | None], offsets: array) -> Path:
        pa, pq = _pyarrow()
        schema = file_schema()
        assert self.partial is not None
        directory = self.partial / partition_dir(*key)
        directory.mkdir(parents=True, exist_ok=True)
        final = directory / PART_FILE
        tmp = directory / f".{PART_FILE}.tmp"
        with pq.ParquetWriter(tmp, schema) as writer:
            for start in range(0, len(offsets), self.rows_per_group):
                rows = []
                for offset in offsets[start : start + self.rows_per_group]:
                    fp.seek(offset)
                    row = json.loads(fp.readline())
                    del row["site"]
                    rows.append(row)
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
        os.replace(tmp, final)
        return final


def _partition_order(key: tuple[str | None, int | None]) -> tuple:
    site, year = key
    return (site is None, site or "", year is None, year or 0)


def _path_partitions(path: Path) -> dict[str, str | None]:
    """``key=value`` directories of a part file's path, values decoded (``site=unknown`` → None)."""
    out: dict[str, str | None] = {}
    for part in path.parent.parts:
        key, sep, value = part.partition("=")
        if sep and key:
            out[key] = unquote(value)
    if out.get("site") == UNKNOWN_SITE:
        out["site"] = None
    return out


def iter_parquet_records(path: str | Path, batch_rows: int = 256) -> Iterator[Record]:
    """Records of one Parquet file, ``site`` taken from its ``site=…`` directory.

    Streams row groups (bounded memory). A row that is not a valid record is logged with
    the file and row number, and skipped.
    """
    _, pq = _pyarrow()
    path = Path(path)
    partitions = _path_partitions(path)
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        logger.warning("%s: unreadable Parquet file (%s)", path, exc)
        return
    row_number = 0
    with parquet:
        for batch in parquet.iter_batches(batch_size=batch_rows):
            for row in batch.to_pylist():
                row_number += 1
                if "site" in partitions:
                    row["site"] = partitions["site"]
                try:
                    yield Record.model_validate(row)
                except ValidationError as exc:
                    first = exc.errors()[0]
                    where = ".".join(str(x) for x in first.get("loc", ())) or "row"
                    logger.warning(
                        "%s: row %d skipped, not a record (%s: %s)",
                        path,
                        row_number,
                        where,
                        first["msg"],
                    )
