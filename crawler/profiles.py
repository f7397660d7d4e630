"""Site profiles: how to discover and read one news site, held as data.

A profile is a JSON file in ``crawler/profiles/`` (or anywhere, given by
path): allowed domains, discovery entry points (sitemaps, feeds, listing
pages with pagination), article URL patterns, and selectors for title, sapo,
body, date and author. Selectors that could not be checked against the live
site are listed in ``unconfirmed``. A site with no profile gets
:meth:`SiteProfile.generic_for`: discovery by ``crawler.discovery`` and the
generic reader.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

__all__ = ["PROFILE_DIR", "SiteProfile", "available_profiles", "load_profile"]

PROFILE_DIR = Path(__file__).resolve().parent / "profiles"


@dataclass(frozen=True)
class SiteProfile:
    """One site's crawl and parse rules (see ``crawler/profiles/*.json``)."""

    name: str
    cms: str
    domains: tuple[str, ...]
    province: str | None = None
    start_urls: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    listing_links: tuple[str, ...] = ()
    next_page: tuple[str, ...] = ()
    article_url: tuple[str, ...] = ()
    exclude_url: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    sapo: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    published: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    author_prefixes: tuple[str, ...] = ()
    author_strip: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    unconfirmed: tuple[str, ...] = ()
    notes: str = ""
    generic: bool = False  # no selectors: generic discovery (crawler.discovery) and reader
    extra: dict = field(default_factory=dict, compare=False)

    @classmethod
    def generic_for(cls, url: str) -> SiteProfile:
        """The profile of a site known only by its address: named after its host (no
        ``www.``), discovered from its home page, robots.txt, sitemaps and feeds."""
        from urllib.parse import urlsplit

        from .discovery import site_host

        parts = urlsplit(url.strip())
        host = site_host(url)
        if parts.scheme not in ("http", "https") or not host or "." not in host:
            raise ValueError(f"{url!r} is not a site address (use https://site.vn/)")
        home = f"{parts.scheme}://{parts.netloc.lower()}/"
        return cls(
            name=host,
            cms="generic",
            domains=(host,),
            start_urls=(home,),
            sitemaps=(home + "robots.txt",),
            generic=True,
        )

    @classmethod
    def from_dict(cls, data: dict) -> SiteProfile:
        known = {f for f in cls.__dataclass_fields__ if f != "extra"}
        missing = {"name", "cms", "domains", "article_url", "body"} - set(data)
        if missing:
            raise ValueError(f"profile {data.get('name', '?')}: missing {sorted(missing)}")
        values = {}
        for key, value in data.items():
            if key.startswith("_") or key not in known:
                continue
            values[key] = tuple(value) if isinstance(value, list) else value
        extra = {k: v for k, v in data.items() if k not in known and not k.startswith("_")}
        profile = cls(**values, extra=extra)
        for pattern in (*profile.article_url, *profile.exclude_url, *profile.author_strip):
            try:
                re.compile(pattern)  # fail at load time, not mid-crawl
            except re.error as exc:
                msg = f"profile {profile.name}: bad pattern {pattern!r} ({exc})"
                raise ValueError(msg) from None
        return profile

    @cached_property
    def _article_res(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.article_url)

    @cached_property
    def _exclude_res(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.exclude_url)

    def is_article_url(self, url: str) -> bool:
        """Whether ``url`` looks like one of this site's article pages."""
        if self.generic:
            from .discovery import classify_url

            return classify_url(url, self.domains[0]).kind == "article"
        return any(r.search(url) for r in self._article_res) and not any(
            r.search(url) for r in self._exclude_res
        )

    def owns(self, host: str) -> bool:
        """Whether ``host`` is one of the site's domains (or a subdomain)."""
        host = host.lower()
        return any(host == d or host.endswith("." + d) for d in self.domains)


def available_profiles(directory: Path = PROFILE_DIR) -> list[str]:
    """Names of the bundled profiles."""
    return sorted(p.stem for p in directory.glob("*.json"))


def load_profile(name_or_path: str | Path) -> SiteProfile:
    """A bundled profile by name, or a profile JSON file by path."""
    path = Path(name_or_path)
    if not path.suffix:
        path = PROFILE_DIR / f"{name_or_path}.json"
    if not path.is_file():
        raise ValueError(
            f"no site profile {name_or_path!r}; bundled: {', '.join(available_profiles())}"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc})") from exc
    return SiteProfile.from_dict(data)
