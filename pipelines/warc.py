"""Articles from a WARC archive of a crawl, for offline re-extraction."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from crawler.encoding import decode_html
from crawler.pages import Skipped, parse_article
from crawler.profiles import SiteProfile, available_profiles, load_profile
from crawler.urls import canonical_url

from .article import Article, Rejected
from .scrapy_pipelines import to_article

__all__ = ["iter_warc_articles"]


def _profiles() -> list[SiteProfile]:
    return [load_profile(name) for name in available_profiles()]


def _generic_profile(cache: dict, host: str, url: str) -> SiteProfile | None:
    """The generic profile of ``url``'s site (one per host), None for a URL with no site."""
    if host not in cache:
        try:
            cache[host] = SiteProfile.generic_for(url)
        except ValueError:
            cache[host] = None
    return cache[host]


def iter_warc_articles(path: str | Path) -> Iterator[Article | Rejected]:
    """One Article per distinct article page among the WARC's HTML responses.

    A page of a profiled site is read with its profile, as the crawl read it; a page
    of any other site with the generic reader (``parse_article(url, html, None)``),
    its URL judged by the generic profile's rules (``SiteProfile.generic_for``), as a
    crawl by address does. Pages that are not articles are passed over silently (a
    crawl archives listings and sitemaps too); an unreadable archive is one Rejected.
    """
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ImportError("reading WARC files needs warcio: pip install warcio") from exc
    profiles = _profiles()
    generic: dict[str, SiteProfile | None] = {}
    seen: set[str] = set()
    try:
        fh = Path(path).open("rb")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        yield Rejected(str(path), f"unreadable: {exc.strerror or exc}")
        return
    with fh:
        try:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                headers = record.http_headers
                ctype = (headers.get_header("Content-Type") if headers else None) or ""
                if "html" not in ctype:
                    continue
                host = urlsplit(url).hostname or ""
                profile = next((p for p in profiles if p.owns(host)), None)
                judge = profile or _generic_profile(generic, host, url)
                if judge is None or not judge.is_article_url(url):
                    continue
                text, _ = decode_html(record.content_stream().read(), ctype, source=url)
                # No profile owns the host: the generic reader, as the crawl by address.
                item = parse_article(url, text, profile)
                if isinstance(item, Skipped):
                    continue
                key = canonical_url(item.canonical_url or item.url)
                if key in seen:
                    continue
                seen.add(key)
                yield replace(to_article(replace(item, url=key)), source=f"{path}#{url}")
        except ArchiveLoadFailed as exc:
            yield Rejected(str(path), f"not a readable WARC archive ({exc})")
