"""The articles the benchmarks time: the seeds, then the dev set texts when present."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset" / "texts"


def article_paths() -> list[Path]:
    """``corpus/articles/*.txt``, then ``../shared/devset/texts/*.txt`` (a note on standard
    error when the dev set is absent: the figures then cover the seeds only)."""
    paths = sorted((ROOT / "corpus" / "articles").glob("*.txt"))
    if DEVSET.is_dir():
        paths += sorted(DEVSET.glob("*.txt"))
    else:
        print(f"note: {DEVSET} not found; the seeds only", file=sys.stderr)
    return paths
