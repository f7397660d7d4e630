"""URL canonicalisation, one definition for the spider, the pipelines and the WARC reader."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["canonical_url"]


@lru_cache(maxsize=100_000)
def canonical_url(url: str) -> str:
    """Lower-case host, no fragment, no tracking parameters (courlan's strict normalisation)."""
    from courlan import normalize_url

    try:
        return normalize_url(url.strip(), strict=True)
    except ValueError:
        return url.strip()
