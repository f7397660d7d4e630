"""Reading pages: article fields by a profile's selectors or the generic reader; links.

Pure functions of (URL, decoded HTML, profile or None), shared by the spider, by
``vnminer extract --warc`` and by ``vnminer page``; they never see a Scrapy Response.
Where a profile's selectors find nothing, or there is no profile, the generic
reader (crawler/reader.py) reads the field; dates are read by crawler/dates.py.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from .dates import parse_date
from .discovery import site_host
from .profiles import SiteProfile
from .reader import MIN_BODY_CHARS, Body, Found, PageReader, is_byline

__all__ = [
    "MIN_BODY_CHARS",
    "ArticleItem",
    "PageReading",
    "Skipped",
    "feed_links",
    "listing_links",
    "parse_article",
    "parse_date",
    "read_page",
]

_SPACES_RE = re.compile(r"\s+")
_RELATED_TAIL_RE = re.compile(r"\s(?:>>|»)\s")


@dataclass(frozen=True, slots=True)
class ArticleItem:
    """One article page, as plain data."""

    url: str
    site: str
    title: str
    text: str
    sapo: str | None = None
    published: str | None = None
    author: str | None = None
    canonical_url: str | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A page that is not an article (or not one we can read), and why."""

    url: str
    reason: str


def _norm(text: str) -> str:
    return _SPACES_RE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _first_text(sel: Selector, queries: tuple[str, ...]) -> str | None:
    for q in queries:
        node = sel.xpath(q) if q.startswith(("/", "(")) else sel.css(q)
        # ::text, ::attr(…), /@attr and text() select strings; anything else selects elements.
        if "::" in q or "/@" in q or q.endswith("text()"):
            text = " ".join(v for v in (_norm(s) for s in node.getall()) if v)
        else:
            text = " ".join(_norm(" ".join(n.xpath(".//text()").getall())) for n in node)
        if text:
            return text
    return None


def _author(sel: Selector, profile: SiteProfile) -> str | None:
    raw = _first_text(sel, profile.author)
    if not raw:
        return None
    for prefix in profile.author_prefixes:
        if raw.lower().startswith(prefix.lower()):
            raw = raw[len(prefix) :]
    for pattern in profile.author_strip:
        raw = re.sub(pattern, "", raw)
    raw = raw.strip(" :-–")
    return raw or None


@dataclass(frozen=True, slots=True)
class PageReading:
    """What :func:`read_page` made of a page, and which reader produced each field.

    ``sources`` names the reader of each field (``profile`` for the site profile's
    selectors; ``h1``, ``json-ld``, ``date line``, ``body``, ``trafilatura``… for the
    generic reader, see crawler/reader.py); ``selectors`` the CSS selector of the
    element a generic reading came from, where there is one, and ``removed`` those of
    the boxes left out of the body (both for profile drafts).
    """

    result: ArticleItem | Skipped
    sources: dict[str, str] = field(default_factory=dict)
    selectors: dict[str, str] = field(default_factory=dict)
    removed: tuple[str, ...] = ()


def read_page(url: str, html: str, profile: SiteProfile | None = None) -> PageReading:
    """Read an article page: by the profile's selectors, the generic reader where they fail.

    With ``profile=None`` every field comes from the generic reader and the page is
    first checked for being an article at all (home page, listing, 404, wall, shell).
    """
    if profile is not None and not profile.is_article_url(url):
        return PageReading(Skipped(url, "URL does not match the site's article patterns"))
    reader = PageReader(url, html)
    sel = reader.sel
    # "clean_body": true in a profile (drafted profiles have it): the body is cleaned as the
    # generic reader cleans it, photo captions and the closing byline left out.
    clean = profile is None or profile.extra.get("clean_body") is True
    sources: dict[str, str] = {}
    selectors: dict[str, str] = {}

    def take(name: str, by_profile: str | None, generic: Found) -> str | None:
        if by_profile:
            sources[name] = "profile"
            return by_profile
        if generic.value:
            sources[name] = generic.source or "generic"
            if generic.selector:
                selectors[name] = generic.selector
        return generic.value

    body: Body | None = None
    if profile is not None:
        for q in profile.body:
            nodes = sel.xpath(q) if q.startswith(("/", "(")) else sel.css(q)
            if nodes:
                # A profile's body is what its selector holds, photo captions included,
                # unless the profile asks for the generic reader's cleaning.
                body = reader.lines_of(nodes[0].root, profile.remove, drop_captions=clean)
                break
    if body is not None and body.lines:
        sources["text"] = "profile"
    else:
        if profile is None or body is None:
            reason = reader.not_article()
            if reason:
                return PageReading(Skipped(url, reason), sources, selectors)
        body = reader.body
        if body.lines:
            sources["text"] = body.source or "generic"
            if body.selector:
                selectors["text"] = body.selector
    title = take("title", _first_text(sel, profile.title) if profile else None, reader.title)
    if not title:
        return PageReading(Skipped(url, "no title on the page"), sources, selectors)
    lines = list(body.lines)
    if not lines:
        return PageReading(Skipped(url, "no article body on the page"), sources, selectors)
    sapo = take("sapo", _first_text(sel, profile.sapo) if profile else None, reader.sapo)
    lead = True  # the sapo opens the text
    if sapo:
        # A lead ending in a related link ("… >> Công chức được nghỉ 9 ngày") ends before it.
        sapo = _RELATED_TAIL_RE.split(_norm(sapo), maxsplit=1)[0].strip()
        fs = sapo.casefold()
        # The lead printed again as the body's first line is given once.
        for i, line in enumerate(lines[:3]):
            if line.casefold() == fs or (len(line) > 40 and fs.startswith(line.casefold())):
                del lines[i]
                break
            if line.casefold().startswith(fs):  # the body's first line holds it already
                lead = False
                break
    published = take(
        "published",
        parse_date(_first_text(sel, profile.published)) if profile else None,
        reader.published,
    )
    author = take("author", _author(sel, profile) if profile else None, reader.author)
    if (clean or sources.get("text") != "profile") and lines and is_byline(lines[-1], author):
        lines.pop()  # the generic reader gives the byline as the author, not as text
    canonical = reader.canonical.value
    if canonical and profile is not None and not profile.owns(urlsplit(canonical).hostname or ""):
        canonical = None
    if canonical:
        sources["canonical_url"] = reader.canonical.source or "generic"
    text = "\n".join([sapo, *lines] if sapo and lead else lines)
    if len(text) < MIN_BODY_CHARS:
        return PageReading(
            Skipped(url, f"article text too short ({len(text)} characters)"), sources, selectors
        )
    site = profile.name if profile else site_host(url)
    item = ArticleItem(
        url=url,
        site=site,
        title=title,
        text=text,
        sapo=sapo,
        published=published,
        author=author,
        canonical_url=canonical,
    )
    return PageReading(item, sources, selectors, body.removed)


def parse_article(url: str, html: str, profile: SiteProfile | None = None) -> ArticleItem | Skipped:
    """Read an article page; a page that is not an article is Skipped with the reason.

    With a profile, each field comes from the profile's selectors and, where they
    find nothing, from the generic reader (crawler/reader.py); with ``None``, from
    the generic reader alone.
    """
    return read_page(url, html, profile).result


def listing_links(url: str, html: str, profile: SiteProfile) -> tuple[list[str], list[str]]:
    """(article-like links, next-page links) of a listing page, absolute."""
    sel = Selector(text=html)
    links: list[str] = []
    for q in profile.listing_links or ("a::attr(href)",):
        links += sel.css(q).getall()
    nexts: list[str] = []
    for q in profile.next_page:
        nexts += sel.css(q).getall()
    absolute = [
        urljoin(url, h.strip())
        for h in links
        if h and not h.startswith(("#", "javascript:", "mailto:"))
    ]
    return absolute, [urljoin(url, h.strip()) for h in nexts if h]


def feed_links(xml: str) -> list[tuple[str, str | None]]:
    """(link, pubDate) pairs of an RSS or Atom feed."""
    sel = Selector(text=xml, type="xml")
    sel.remove_namespaces()
    out = []
    for item in sel.xpath("//item"):
        link = _norm(item.xpath("link/text()").get() or "")
        if link:
            out.append((link, item.xpath("pubDate/text()").get()))
    for entry in sel.xpath("//entry"):
        link = entry.xpath("link/@href").get()
        if link:
            out.append((link.strip(), entry.xpath("updated/text()").get()))
    return out
