"""Reading pages: article fields by the profile's selectors, links for discovery.

Pure functions of (URL, decoded HTML, profile), shared by the spider and by
``vnminer extract --warc``; they never see a Scrapy Response.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector

from .profiles import SiteProfile

__all__ = ["ArticleItem", "Skipped", "feed_links", "listing_links", "parse_article"]

_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol blockquote figcaption figure table tr section article "
    "header footer aside pre dl dt dd".split()
)
_SKIP_TAGS = frozenset("script style noscript iframe form button select textarea svg".split())
_SPACES_RE = re.compile(r"\s+")
_DMY_RE = re.compile(
    r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\D{1,5}(\d{1,2})[:hg](\d{2}))?", re.IGNORECASE
)
_YMD_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")
MIN_BODY_CHARS = 150


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


def _lines(element: etree._Element, removed: set[etree._Element]) -> list[str]:
    """Text of an element, one line per block element or ``<br>``."""
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        line = _norm("".join(buf))
        # A line repeated straight after itself is a duplicated caption, not content.
        if line and (not lines or lines[-1] != line):
            lines.append(line)
        buf.clear()

    def walk(el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if el in removed or tag in _SKIP_TAGS:
            if el.tail:
                buf.append(el.tail)
            return
        block = tag in _BLOCK_TAGS
        if block:
            flush()
        if tag == "br":
            flush()
        if el.text and tag:
            buf.append(el.text)
        for child in el:
            walk(child)
        if block:
            flush()
        if el.tail:
            buf.append(el.tail)

    walk(element)
    flush()
    return lines


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


def parse_date(text: str | None) -> str | None:
    """ISO date-time (or date) from the date formats Vietnamese sites print."""
    if not text:
        return None
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed.replace(tzinfo=None).isoformat(timespec="minutes")
    except ValueError:
        pass
    m = _YMD_RE.search(text)
    if m:
        y, mo, d, hh, mm = m.groups()
    else:
        m = _DMY_RE.search(text)
        if not m:
            return None
        d, mo, y, hh, mm = m.groups()
    try:
        if hh is not None:
            return datetime(int(y), int(mo), int(d), int(hh), int(mm)).isoformat(timespec="minutes")
        return datetime(int(y), int(mo), int(d)).date().isoformat()
    except ValueError:
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


def parse_article(url: str, html: str, profile: SiteProfile) -> ArticleItem | Skipped:
    """Read an article page; a page without a title or an article body is Skipped."""
    if not profile.is_article_url(url):
        return Skipped(url, "URL does not match the site's article patterns")
    sel = Selector(text=html)
    title = _first_text(sel, profile.title) or _first_text(
        sel, ('meta[property="og:title"]::attr(content)',)
    )
    body_nodes = []
    for q in profile.body:
        body_nodes = sel.xpath(q) if q.startswith(("/", "(")) else sel.css(q)
        if body_nodes:
            break
    lines: list[str] = []
    if body_nodes:
        root = body_nodes[0].root
        removed: set = set()
        for q in profile.remove:
            for node in body_nodes[0].css(q):
                removed.add(node.root)
        lines = _lines(root, removed)
    text = "\n".join(lines)
    if not text:
        # The selectors found nothing (a redesign, an unusual template): trafilatura's
        # generic extraction is the fallback.
        text = _trafilatura(html, url) or ""
    if not title:
        return Skipped(url, "no title on the page")
    if not text:
        return Skipped(url, "no article body on the page")
    sapo = _first_text(sel, profile.sapo)
    sapo_in_body = bool(sapo) and text.startswith(sapo)
    published = parse_date(_first_text(sel, profile.published)) or _htmldate(html, url)
    canonical = sel.css('link[rel="canonical"]::attr(href)').get()
    if canonical:
        canonical = urljoin(url, canonical.strip())
        if not profile.owns(urlsplit(canonical).hostname or ""):
            canonical = None
    full = text if not sapo or sapo_in_body else f"{sapo}\n{text}"
    if len(full) < MIN_BODY_CHARS:
        return Skipped(url, f"article text too short ({len(full)} characters)")
    return ArticleItem(
        url=url,
        site=profile.name,
        title=title,
        text=full,
        sapo=sapo,
        published=published,
        author=_author(sel, profile),
        canonical_url=canonical,
    )


def _trafilatura(html: str, url: str) -> str | None:
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    return trafilatura.extract(html, url=url, include_comments=False, include_tables=False)


def _htmldate(html: str, url: str) -> str | None:
    try:
        from htmldate import find_date
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        return find_date(html, url=url, original_date=True, extensive_search=False)
    except Exception:
        return None


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
