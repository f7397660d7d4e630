"""The article stage: plain data about one article before analysis, and rejections."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

__all__ = ["Article", "Rejected", "url_id"]


def url_id(url: str) -> str:
    """Stable article id from a URL: the first 16 hex digits of its SHA-1."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Article:
    """One article to analyse. ``source`` names where it came from (file, file:line, URL)."""

    id: str
    text: str
    source: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    site: str | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that could not become a record, and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"
