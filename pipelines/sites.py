"""The registry of known news sites (``pipelines/data/sites.json``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

__all__ = ["Site", "known_sites", "province_of", "site_for_url"]


@dataclass(frozen=True, slots=True)
class Site:
    """A news site: short name, display name, domains and the province it covers."""

    key: str
    name: str
    domains: tuple[str, ...]
    province: str | None


@cache
def known_sites() -> dict[str, Site]:
    """Sites by key."""
    data = json.loads(resources.files(__package__).joinpath("data/sites.json").read_text("utf-8"))
    data.pop("_doc", None)
    return {
        key: Site(key, v["name"], tuple(v["domains"]), v.get("province")) for key, v in data.items()
    }


def site_for_url(url: str | None) -> str | None:
    """The key of the site a URL belongs to (subdomains included), or ``None``."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    for site in known_sites().values():
        if any(host == d or host.endswith("." + d) for d in site.domains):
            return site.key
    return None


def province_of(site: str | None) -> str | None:
    """The province a known site covers, or ``None``."""
    found = known_sites().get(site or "")
    return found.province if found else None
