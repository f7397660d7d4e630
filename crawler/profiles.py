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
        """A profile from its JSON object; ValueError naming the profile and the field when
        a field is missing, has the wrong type, or holds a pattern or selector that does
        not compile (caught at load time, not on the thousandth page of a crawl)."""
        if not isinstance(data, dict):
            raise ValueError(f"a profile is a JSON object, not {_json_type(data)}")
        name = data.get("name")
        label = f"profile {name}" if isinstance(name, str) and name else "profile"
        missing = set(_REQUIRED) - set(data)
        if missing:
            raise ValueError(f"{label}: missing {sorted(missing)}")
        known = {f for f in cls.__dataclass_fields__ if f != "extra"}
        values = {}
        for key, value in data.items():
            if key.startswith("_") or key not in known:
                continue
            if problem := _type_problem(key, value):
                raise ValueError(f"{label}: {key} {problem}")
            values[key] = tuple(value) if isinstance(value, list) else value
        extra = {k: v for k, v in data.items() if k not in known and not k.startswith("_")}
        profile = cls(**values, extra=extra)
        for pattern in (*profile.article_url, *profile.exclude_url, *profile.author_strip):
            try:
                re.compile(pattern)  # fail at load time, not mid-crawl
            except re.error as exc:
                msg = f"profile {profile.name}: bad pattern {pattern!r} ({exc})"
                raise ValueError(msg) from None
        if problem := _selector_problem(profile):
            raise ValueError(f"profile {profile.name}: {problem}")
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


#: Fields every profile file gives.
_REQUIRED = ("name", "cms", "domains", "article_url", "body")
#: Fields holding CSS (or, starting with "/" or "(", XPath) selectors.
_SELECTOR_FIELDS = (
    "title", "sapo", "body", "published", "author", "remove", "listing_links", "next_page",
)  # fmt: skip


def _json_type(value: object) -> str:
    """How JSON names the type of ``value``, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object" if isinstance(value, dict) else type(value).__name__


def _type_problem(key: str, value: object) -> str | None:
    """Why ``value`` cannot be the profile field ``key``, or None."""
    kind = SiteProfile.__dataclass_fields__[key].type  # a string: annotations are postponed
    if kind.startswith("tuple"):
        if not isinstance(value, list):
            return f"must be a list of strings, not {_json_type(value)}"
        for item in value:
            if not isinstance(item, str) or not item:
                return f"must be a list of non-empty strings, but holds {item!r}"
        if key in _REQUIRED and not value:
            return "must list at least one entry"
        return None
    if kind == "bool":
        return None if isinstance(value, bool) else f"must be true or false, not {value!r}"
    nullable = "None" in kind
    if value is None and nullable:
        return None
    if not isinstance(value, str) or (key in _REQUIRED and not value):
        return f"must be a non-empty string{' or null' if nullable else ''}, not {value!r}"
    return None


def _selector_problem(profile: SiteProfile) -> str | None:
    """The first of the profile's selectors that parsel cannot compile, with the reason."""
    from cssselect import SelectorError
    from parsel import Selector

    probe = Selector(text="<html></html>")
    for key in _SELECTOR_FIELDS:
        for query in getattr(profile, key):
            try:
                probe.xpath(query) if query.startswith(("/", "(")) else probe.css(query)
            except (ValueError, SelectorError) as exc:
                return f"{key}: bad selector {query!r} ({exc})"
    return None


def available_profiles(directory: Path = PROFILE_DIR) -> list[str]:
    """Names of the bundled profiles."""
    return sorted(p.stem for p in directory.glob("*.json"))


def load_profile(name_or_path: str | Path) -> SiteProfile:
    """A bundled profile by name, or a profile JSON file by path. ValueError naming the
    profile or file and the reason when it cannot be loaded."""
    path = Path(name_or_path)
    bundled = not path.suffix
    if bundled:
        path = PROFILE_DIR / f"{name_or_path}.json"
    if path.is_dir():
        raise ValueError(f"{path}: is a directory, not a profile file")
    if not path.is_file():
        why = "" if bundled else " (no such file)"
        raise ValueError(
            f"no site profile {str(name_or_path)!r}{why}; "
            f"bundled: {', '.join(available_profiles())}"
        )
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the profile ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc})") from None
    try:
        return SiteProfile.from_dict(data)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None
