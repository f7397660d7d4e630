"""Writing records as JSONL: UTF-8, one complete line per record, never a half file."""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import TracebackType

import jsonlines

from .records import Record

__all__ = ["JsonlWriter"]


def _dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class JsonlWriter:
    """Write records to ``path`` through ``path.partial``, renamed into place on success.

    A crash leaves the previous ``path`` untouched and a ``.partial`` file of
    complete lines; readers of ``path`` never see a half-written file.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.partial = self.path.with_name(self.path.name + ".partial")
        self.count = 0
        self._fp = None
        self._writer: jsonlines.Writer | None = None

    def __enter__(self) -> JsonlWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fp = self.partial.open("w", encoding="utf-8", newline="\n")
        self._writer = jsonlines.Writer(self._fp, dumps=_dumps, flush=True)
        return self

    def write(self, record: Record) -> None:
        assert self._writer is not None, "use JsonlWriter as a context manager"
        self._writer.write(record.model_dump(mode="json"))
        self.count += 1

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._writer is not None and self._fp is not None
        self._writer.close()
        self._fp.close()
        if exc_type is None:
            os.replace(self.partial, self.path)
