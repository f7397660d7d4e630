"""Rule data shipped with the package (JSON files beside this module)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["load_rules"]


@cache
def load_rules(name: str) -> dict[str, Any]:
    """Load ``nlp/rules/<name>.json``. Cached: the files are read-only package data."""
    text = resources.files(__package__).joinpath(f"{name}.json").read_text(encoding="utf-8")
    data = json.loads(text)
    data.pop("_doc", None)
    return data
