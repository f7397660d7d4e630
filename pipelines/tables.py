"""Records as tidy tables, for notebooks and dashboards.

>>> from pipelines.tables import load_records, to_tables
>>> tables = to_tables(load_records("out/articles.jsonl"))
>>> tables.figures.groupby("unit").value.describe()

``to_tables`` returns four pandas DataFrames, one row per article or per
extraction, keyed by ``article_id``; ``docs/dashboards.md`` documents their
columns. pandas (and pyarrow, duckdb for exports) are optional dependencies:
``pip install -e '.[tables]'`` in the repository (``make demo`` and ``make test``
install them).
"""

from __future__ import annotations

import errno
import glob as globmod
import logging
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from nlp.extract.common import sentence_around
from nlp.extract.models import model_key

from .records import Record
from .sites import province_of

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "TABLE_COLUMNS",
    "Tables",
    "check_export_output",
    "csv_safe",
    "export_dataset",
    "export_tables",
    "load_records",
    "project_records",
    "record_paths",
    "table_files",
    "to_tables",
]

logger = logging.getLogger(__name__)

#: Column order of each table (documented in docs/dashboards.md).
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": (
        "article_id", "site", "province", "province_as_written", "published", "title", "url",
        "author", "n_chars", "n_initiatives", "n_models", "n_figures", "n_places", "text",
    ),
    "initiatives": (
        "article_id", "site", "province", "province_as_written", "published", "group",
        "ordinal", "title", "text", "start", "end", "sentence",
    ),
    "models": (
        "article_id", "site", "province", "province_as_written", "published", "name",
        "model_key", "start", "end", "sentence",
    ),
    "figures": (
        "article_id", "site", "province", "province_as_written", "published", "text", "value",
        "of", "unit", "qualifier", "measure", "target", "is_target", "start", "end", "sentence",
    ),
}  # fmt: skip

# A figure is a target (kế hoạch, mục tiêu, chỉ tiêu…) when one of these ends the text
# right before it: "đạt 105% (KH: 12%)", "mục tiêu đến năm 2025 là 15%".
_TARGET_CUE_RE = re.compile(
    r"(?:\bKH|kế hoạch|mục tiêu|chỉ tiêu|phấn đấu(?: đạt)?|dự kiến|đề ra là|target)"
    r"\s*(?:[:=]|là|đạt|đến năm \d{4}(?: là)?)?\s*$",
    re.IGNORECASE,
)


def _pandas():
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "tables need pandas: pip install -e '.[tables]' in the vn-news-miner repository"
        ) from exc
    return pd


#: Record files: JSONL under the suffixes ``vnminer extract`` reads, and Parquet.
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_RECORD_SUFFIXES = (*_JSONL_SUFFIXES, ".parquet")


def _directory_files(directory: Path) -> Iterator[Path]:
    # Hidden and underscore names are skipped, as Parquet readers do (a run's temporary
    # files); only key=value subdirectories (a dataset's partitions) are entered.
    for child in directory.iterdir():
        if child.name.startswith((".", "_")):
            continue
        if child.is_dir():
            if "=" in child.name:
                yield from _directory_files(child)
        elif child.suffix.lower() in _RECORD_SUFFIXES:
            yield child


def record_paths(spec: str | Path | Iterable[str | Path]) -> list[Path]:
    """The record files a path, a directory, a glob or a list names.

    A directory names its ``*.jsonl``, ``*.ndjson`` (the suffixes ``vnminer extract`` reads)
    and ``*.parquet`` files and those of its ``key=value`` partition directories (a Parquet
    dataset such as ``vnminer extract --format parquet`` writes), sorted by path: a directory
    of crawl workers' ``worker-*.jsonl`` outputs, a dataset, or both.
    """
    if isinstance(spec, (str, Path)):
        text = str(spec)
        path = Path(text)
        if path.is_dir():
            return sorted(_directory_files(path))
        if any(ch in text for ch in "*?["):
            return [Path(p) for p in sorted(globmod.glob(text, recursive=True))]
        return [path]
    return [p for s in spec for p in record_paths(s)]


def load_records(path_or_glob: str | Path | Iterable[str | Path]) -> Iterator[Record]:
    """Stream records from JSONL files and Parquet datasets: a path, a directory, a glob,
    or a list of them.

    Order: the files in the order :func:`record_paths` gives (sorted paths; a list in its
    order), then each file's line (or row) order. A ``.parquet`` file takes ``site`` from
    its ``site=…`` directory (:mod:`pipelines.parquet`). A malformed or invalid line is
    logged as a warning naming the file and line (or row) number, and skipped.
    """
    paths = record_paths(path_or_glob)
    if not paths:
        logger.warning("%s: no JSONL or Parquet files found", path_or_glob)
    for path in paths:
        if path.suffix.lower() == ".parquet":
            from .parquet import iter_parquet_records

            yield from iter_parquet_records(path)
            continue
        try:
            handle = path.open("rb")
        except OSError as exc:
            logger.warning("%s: unreadable (%s)", path, exc.strerror or exc)
            continue
        articles_only = 0
        with handle:
            for lineno, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                try:
                    yield Record.model_validate_json(raw)
                except ValidationError as exc:
                    first = exc.errors()[0]
                    where = ".".join(str(x) for x in first.get("loc", ())) or "line"
                    if _is_article_line(exc):
                        # A --no-extract crawl: one summary per file, not one warning per line.
                        articles_only += 1
                        continue
                    logger.warning(
                        "%s:%d: skipped, not a record (%s: %s)", path, lineno, where, first["msg"]
                    )
        if articles_only:
            logger.warning(
                "%s: %d lines skipped: articles without extractions (a --no-extract crawl?); "
                "run `vnminer extract %s --output records.jsonl` first",
                path,
                articles_only,
                path,
            )


_EXTRACTION_FIELDS = frozenset({"initiatives", "models", "figures"})


def _is_article_line(exc: ValidationError) -> bool:
    """Whether a line failed only for want of the extraction fields: an article, not a record."""
    errors = exc.errors()
    return bool(errors) and all(
        e.get("type") == "missing" and e.get("loc", ("",))[0] in _EXTRACTION_FIELDS for e in errors
    )


def _is_target(text: str, start: int) -> bool:
    return bool(_TARGET_CUE_RE.search(text[max(0, start - 40) : start].rstrip("( ")))


@dataclass(frozen=True)
class Tables:
    """The four tidy tables."""

    articles: pd.DataFrame
    initiatives: pd.DataFrame
    models: pd.DataFrame
    figures: pd.DataFrame

    def items(self) -> Iterator[tuple[str, pd.DataFrame]]:
        """(name, table) pairs in a fixed order."""
        for name in TABLE_COLUMNS:
            yield name, getattr(self, name)


def to_tables(records: Iterable[Record | dict[str, Any]]) -> Tables:
    """Tidy DataFrames of articles, initiatives, models and figures."""
    pd = _pandas()
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_COLUMNS}
    for rec in records:
        r = rec if isinstance(rec, Record) else Record.model_validate(rec)
        # Without places (records before schema 1.1, or extracted with --no-places) the
        # site registry's province stands in for both.
        legacy = r.schema_version == "1.0"
        key = {
            "article_id": r.id,
            "site": r.site,
            "province": r.province or province_of(r.site),
            "province_as_written": r.province_as_written or province_of(r.site),
            "published": r.published,
        }
        rows["articles"].append({
            **key, "title": r.title, "url": r.url, "author": r.author, "n_chars": len(r.text),
            "n_initiatives": len(r.initiatives), "n_models": len(r.models),
            "n_figures": len(r.figures), "n_places": len(r.places), "text": r.text,
        })  # fmt: skip
        for i in r.initiatives:
            rows["initiatives"].append(
                {**key, **i.model_dump(), "sentence": sentence_around(r.text, i.start)}
            )
        for m in r.models:
            found_key = m.key or model_key(m.name)
            rows["models"].append({**key, **m.model_dump(), "model_key": found_key})
        for f in r.figures:
            target = _is_target(r.text, f.start) if legacy else f.target
            rows["figures"].append({**key, **f.model_dump(), "target": target, "is_target": target})
    frames = {}
    for name, columns in TABLE_COLUMNS.items():
        frame = pd.DataFrame(rows[name], columns=list(columns))
        frame["published"] = pd.to_datetime(frame["published"], errors="coerce")
        for col in (
            "start", "end", "ordinal", "n_chars", "n_initiatives", "n_models", "n_figures",
            "n_places",
        ):  # fmt: skip
            if col in frame:
                frame[col] = frame[col].astype("int64")
        for col in ("value", "of"):
            if col in frame:
                frame[col] = frame[col].astype("float64")
        for col in ("target", "is_target"):
            if col in frame:
                frame[col] = frame[col].astype(bool)
        frames[name] = frame
    return Tables(**frames)


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV
# injection"); tab and carriage return too, as some strip them first.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# A closed vocabulary checked by the record schema ("=", "~", ">", ">=", "<", "<="): a lone
# "=" carries no formula, and dashboards filter on it.
_CSV_RAW_COLUMNS = frozenset({"qualifier"})


def _neutralise_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell that a spreadsheet would run as a formula (it starts
    with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) prefixed with ``'``.
    Numbers, negative ones included, stay numbers, and so does ``qualifier`` (its values
    are fixed symbols); the JSONL, Parquet and DuckDB outputs keep the raw text."""
    pd = _pandas()
    out = frame.copy()
    for col in out.columns:
        if col in _CSV_RAW_COLUMNS:
            continue
        dtype = out[col].dtype
        # Text columns are object or (pandas 3) str dtype; numbers, flags and dates stay.
        if not (
            pd.api.types.is_numeric_dtype(dtype)
            or pd.api.types.is_bool_dtype(dtype)
            or pd.api.types.is_datetime64_any_dtype(dtype)
        ):
            out[col] = out[col].map(_neutralise_cell)
    return out


def table_files(fmt: str, output: str | Path) -> list[Path]:
    """The files :func:`export_tables` writes: one per table in directory ``output``
    for ``csv`` and ``parquet``, ``output`` itself for ``duckdb``."""
    if fmt == "duckdb":
        return [Path(output)]
    return [Path(output) / f"{name}.{fmt}" for name in TABLE_COLUMNS]


def check_export_output(fmt: str, output: str | Path) -> str | None:
    """Why the tables in format ``fmt`` cannot be written to ``output`` (``PATH: reason``),
    or None."""
    reason = _export_problem(fmt, output)
    return f"{output}: {reason}" if reason else None


def _export_problem(fmt: str, output: str | Path) -> str | None:
    from .files import target_problem

    if fmt in ("csv", "parquet"):
        return target_problem(output, directory=True)
    if fmt == "duckdb":
        return target_problem(output)
    raise ValueError(f"unknown format {fmt!r}; use csv, parquet or duckdb")


def export_tables(tables: Tables, fmt: str, output: str | Path) -> list[Path]:
    """Write the tables as ``csv`` or ``parquet`` files in directory ``output``, or as
    one ``duckdb`` database file; returns the paths written.

    All or nothing, one writer at a time (:mod:`pipelines.files`): each file is written to
    a temporary file beside it and renamed into place once every table is written; a
    failure leaves what ``output`` held as it was. CSV cells that a spreadsheet would
    run as formulas are neutralised (:func:`csv_safe`). Raises
    :class:`pipelines.files.OutputError` (one line) when ``output`` cannot be written.
    """
    from .files import OutputError, OutputRefused, TargetLock, resolve_target

    if reason := _export_problem(fmt, output):
        raise OutputRefused(output, reason)
    output = Path(output)
    with TargetLock(output):
        try:
            if fmt in ("csv", "parquet"):
                return _export_files(tables, fmt, output)
            return [_export_duckdb(tables, output, resolve_target(output))]
        except OSError as exc:
            raise OutputError(output, exc.strerror or str(exc)) from None


def _export_files(tables: Tables, fmt: str, output: Path) -> list[Path]:
    from .files import AtomicFile

    output.mkdir(parents=True, exist_ok=True)
    pending: list[AtomicFile] = []
    written: list[Path] = []
    try:
        for (_, frame), path in zip(tables.items(), table_files(fmt, output), strict=True):
            pending.append(target := AtomicFile(path, "wb"))
            fp = target.open()
            if fmt == "csv":
                csv_safe(frame).to_csv(fp, index=False, encoding="utf-8")
            else:
                try:
                    frame.to_parquet(fp, index=False)
                except ImportError as exc:  # pragma: no cover - depends on the environment
                    raise ImportError(
                        "Parquet export needs pyarrow: "
                        "pip install -e '.[tables]' in the vn-news-miner repository"
                    ) from exc
            written.append(path)
        for target in pending:  # only once every table is written
            target.commit()
    finally:
        for target in pending:
            target.abort()
    return written


def _export_duckdb(tables: Tables, output: Path, real: Path) -> Path:
    try:
        import duckdb
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "DuckDB export needs duckdb: "
            "pip install -e '.[tables]' in the vn-news-miner repository"
        ) from exc
    from .files import new_temp_dir, remove_stale_temps

    remove_stale_temps(real)
    # DuckDB wants to create its file (and a .wal beside it): give it a private directory.
    work = new_temp_dir(real)
    try:
        db = work / real.name
        con = duckdb.connect(str(db))
        try:
            for name, frame in tables.items():
                con.register("frame_view", frame)
                con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM frame_view')
                con.unregister("frame_view")
        finally:
            con.close()
        with open(db, "rb+") as fp:
            os.fsync(fp.fileno())
        if real.is_dir():  # it became one during the run
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(output))
        os.replace(db, real)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return output


def export_dataset(records: Iterable[Record], output: str | Path) -> tuple[int, list[Path]]:
    """Write ``records`` as a Parquet dataset partitioned by site and year in directory
    ``output`` (:mod:`pipelines.parquet`); returns the number of records and the files.
    With no record, ``output`` is left as it was (nothing written)."""
    from .parquet import ParquetDatasetWriter

    with ParquetDatasetWriter(output) as writer:
        for record in records:
            writer.write(record)
        if not writer.count:  # nothing valid: keep what ``output`` held
            writer.discard()
    return writer.count, writer.files


def project_records(root: str | Path | None = None) -> tuple[list[Record], str]:
    """Records for the notebooks: ``out/articles.jsonl`` (``make demo``'s output) when it
    exists, else the bundled corpus extracted now. Returns the records and their source."""
    base = Path(root) if root is not None else _project_root()
    out = base / "out" / "articles.jsonl"
    if out.exists():
        return list(load_records(out)), str(out.relative_to(base))
    from .extract import ArticleExtractor
    from .inputs import iter_inputs

    corpus = base / "corpus" / "articles"
    records = [
        r for r in ArticleExtractor().process(iter_inputs([corpus])) if isinstance(r, Record)
    ]
    return records, f"{corpus.relative_to(base)} (extracted now)"


def _project_root() -> Path:
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "pyproject.toml").exists() and (candidate / "corpus").is_dir():
            return candidate
    return Path(__file__).resolve().parent.parent
