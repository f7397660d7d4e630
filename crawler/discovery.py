"""Generic discovery: finding a news site's articles from its address alone.

Pure functions of (URL, text), shared by the spider's generic mode and the tests;
they never see a Scrapy Response. What a crawl of ``https://site.vn/`` tries:

1. ``robots.txt``: its ``Sitemap:`` lines; when it lists none (or is missing), the
   common sitemap paths (:data:`COMMON_SITEMAP_PATHS`). Sitemap indexes are
   followed, gzipped sitemaps unpacked, news sitemaps' publication dates read.
2. The home page: RSS/Atom feeds it declares (``<link rel="alternate"
   type="application/rss+xml|atom+xml">``, else links that look like feeds, such
   as a ``/rss`` page listing the site's feeds); when it declares none, the common
   feed paths (:data:`COMMON_FEED_PATHS`). Its article-shaped links are asked
   for at once, its section links are kept for step 3.
3. When no sitemap listed an article: the home page's sections (same host) and
   their pagination (``rel=next``, ``?page=N``, ``/trang-N``, ``/page/N``).

Before fetching, a link is judged by its URL alone (:func:`classify_url`):
another host, a file, a contact/login/search page, another language, a tag or
author page, the home page are skipped with a reason; ids (5+ digits, or a
number ending a slug before ``.html``) and long slugs make an article; a short
path is a section. After fetching, the reader (``crawler.pages.parse_article``)
decides from the page's own declarations whether it is an article.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from io import BytesIO
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree
from parsel import Selector

__all__ = [
    "COMMON_FEED_PATHS",
    "COMMON_SITEMAP_PATHS",
    "FeedEntry",
    "LinkDecision",
    "SitemapEntry",
    "classify_url",
    "declares_article",
    "feed_entries",
    "feed_urls_in_page",
    "in_date_range",
    "is_feed",
    "next_pages",
    "page_links",
    "page_number",
    "read_sitemap",
    "robots_sitemaps",
    "site_host",
]

# Tried, in this order, when robots.txt lists no sitemap.
COMMON_SITEMAP_PATHS = (
    "/sitemap.xml",
    "/sitemap_index.xml",
    "/sitemap-index.xml",
    "/sitemaps.xml",
    "/sitemap.xml.gz",
    "/sitemap_news.xml",
)
# Tried, in this order, when the home page declares no feed.
COMMON_FEED_PATHS = ("/rss", "/feed", "/rss.xml", "/feed.xml", "/feeds", "/rss.html", "/atom.xml")

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
# A link that looks like a feed, or like a page listing the site's feeds (/rss, /rss.html).
_FEED_LINK_RE = re.compile(
    r"\.(?:rss|atom)$|/(?:rss|feeds?|atom)(?:\.(?:xml|html?|aspx|php))?/?$|[?&]feed=(?:rss2?|atom)",
    re.IGNORECASE,
)
_COMMENTS_RE = re.compile(r"comment|binh-?luan|bình luận", re.IGNORECASE)  # not news feeds
# Files that are not web pages (courlan's FILE_TYPE misses office documents and archives).
_FILE_RE = re.compile(
    r"\.(?:pdf|docx?|xlsx?|pptx?|odt|ods|rtf|zip|rar|7z|gz|tgz|tar|jpe?g|png|gif|webp|svg|bmp|"
    r"tiff?|ico|mp3|mp4|m4a|wav|ogg|avi|mov|wmv|flv|webm|swf|css|js|json|xml|rss|atom|txt|"
    r"woff2?|ttf|eot|exe|apk|dmg)$",
    re.IGNORECASE,
)
# Pages that never hold news: contact, login, registration, search, site maps, print views.
_NOT_CRAWLABLE_RE = re.compile(
    r"/(?:lien-?he|contact|dang-?nhap|dang-?ky|dang-?xuat|login|logout|signin|signup|"
    r"register|tim-?kiem|search|so-?do(?:-cong|-site|-trang)?|site-?map|gop-?y|quang-?cao|"
    r"ban-?in|print)(?:-\d+)?(?:\.[a-z]{2,5})?/?$|/(?:tim-?kiem|search)/|[?&](?:q|keyword|tu-?khoa)=",
    re.IGNORECASE,
)
# Listing pages by tag, author or user: the same articles as the sections, again. (Not
# courlan's is_navigation_page, which also takes /page/N and /category/ for navigation:
# here those are sections to walk. Nor its extension_filter, which refuses cafef.vn's .chn.)
_TAG_RE = re.compile(
    r"[/_-](?:tags?|tu-?khoa|keywords?|tac-?gia|auth?ors?|users?|nguoi-dung|members?)(?:/|\.|$)",
    re.IGNORECASE,
)
# The first path segment naming another language than Vietnamese. Not courlan's
# lang_filter: it reads any two letters as a language (vnexpress.net/gl/… is "Galician").
_OTHER_LANGS = frozenset("en fr de zh cn ja jp ko kr ru es lo km th".split())
_INDEX_RE = re.compile(r"^/(?:(?:default|home|index|trang-?chu)(?:\.[a-z]{3,5})?)?/?$", re.I)
_ID_RE = re.compile(r"\d{5,}")
_SLUG_ID_RE = re.compile(r"[a-z]-\d{3,}$")  # camlo-…-1245.html: a short id after a slug
_EXT_RE = re.compile(r"\.([a-z][a-z0-9]{1,4})$", re.IGNORECASE)
_ID_PARAM_RE = re.compile(r"(?:news|item|article|post|bai|tin)?_?id", re.IGNORECASE)
_PAGE_PARAMS = frozenset("page trang p pg pageindex pagenum paged cur pi".split())
_PAGE_PATH_RE = re.compile(r"/(?:trang|page|p)[-/](\d{1,5})(?:\.(?:html?|aspx|php))?/?$", re.I)
# Articles need at least this many slug words: with an extension / without one (section
# names run to six words: thong-tin-chi-dao-dieu-hanh).
SLUG_WORDS_WITH_EXT = 5
SLUG_WORDS_BARE = 7
SLUG_WORDS_DEEP = 4  # below MAX_SECTION_DEPTH path segments
MAX_SECTION_DEPTH = 3


def site_host(url: str) -> str:
    """Lower-case host of ``url`` without ``www.`` (a generic site's name)."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


# -- robots.txt and sitemaps ------------------------------------------------------------------
def robots_sitemaps(robots: bytes | str, base_url: str) -> list[str]:
    """The ``Sitemap:`` URLs of a robots.txt, absolute, in order, without repeats."""
    text = robots.decode("utf-8", "replace") if isinstance(robots, bytes) else robots
    out: list[str] = []
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        value = value.split("#", 1)[0].strip()
        if sep and key.strip().lower() == "sitemap" and value:
            url = urljoin(base_url, value)
            if url not in out:
                out.append(url)
    return out


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    """One ``<url>`` or ``<sitemap>`` of a sitemap; dates as ISO strings when given."""

    loc: str
    lastmod: str | None = None
    published: str | None = None  # a news sitemap's <news:publication_date>


def _local(tag: object) -> str:
    return tag.rpartition("}")[2].lower() if isinstance(tag, str) else ""


def read_sitemap(body: bytes) -> tuple[str, list[SitemapEntry]]:
    """(``"index"`` or ``"urlset"``, entries) of a sitemap, gzipped or not.

    A plain-text sitemap (one URL a line) is a urlset. Raises ``ValueError`` with
    the reason when ``body`` is not a sitemap (an HTML page served at /sitemap.xml).
    """
    if body[:2] == b"\x1f\x8b":
        import gzip

        try:
            body = gzip.GzipFile(fileobj=BytesIO(body)).read(64 * 1024 * 1024)
        except (OSError, EOFError) as exc:
            raise ValueError(f"not readable gzip ({exc})") from None
    head = body.lstrip()[:200].lower()
    if head.startswith((b"http://", b"https://")):
        lines = body.decode("utf-8", "replace").split()
        return "urlset", [SitemapEntry(u) for u in lines if u.startswith(("http://", "https://"))]
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"not XML ({exc})") from None
    kind = _local(root.tag) if root is not None else ""
    if kind not in ("sitemapindex", "urlset"):
        raise ValueError(f"root element is <{kind or '?'}>, not <urlset> or <sitemapindex>")
    entries = []
    for node in root:
        if _local(node.tag) not in ("url", "sitemap"):
            continue
        fields: dict[str, str] = {}
        for el in node.iter():
            name = _local(el.tag)
            if name in ("loc", "lastmod", "publication_date") and el.text and el.text.strip():
                fields.setdefault(name, el.text.strip())
        if fields.get("loc"):
            entries.append(
                SitemapEntry(fields["loc"], fields.get("lastmod"), fields.get("publication_date"))
            )
    return ("index" if kind == "sitemapindex" else "urlset"), entries


# -- feeds --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of an RSS or Atom feed; ``published`` as an ISO date when readable."""

    url: str
    published: str | None = None


def is_feed(text: str) -> bool:
    """Whether ``text`` is an RSS, RDF or Atom document (not an HTML page)."""
    head = text.lstrip("\ufeff \t\r\n")[:500].lower()
    if head.startswith("<?xml"):
        head = head.split("?>", 1)[-1].lstrip()
    while head.startswith("<!--"):
        head = head.split("-->", 1)[-1].lstrip()
    return head.startswith(("<rss", "<feed", "<rdf:rdf", "<rdf"))


def _feed_date(text: str | None) -> str | None:
    if not text:
        return None
    text = text.strip()
    try:
        return parsedate_to_datetime(text).date().isoformat()  # RSS: RFC 822
    except (TypeError, ValueError, IndexError):
        pass
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)  # Atom: RFC 3339
    if m:
        try:
            return date(*map(int, m.groups())).isoformat()
        except ValueError:
            return None
    return None


def feed_entries(xml: str, base_url: str = "") -> list[FeedEntry]:
    """The items of an RSS/RDF/Atom feed, absolute, in feed order."""
    sel = Selector(text=xml, type="xml")
    sel.remove_namespaces()
    out: list[FeedEntry] = []
    for item in sel.xpath("//item"):
        link = " ".join((item.xpath("link/text()").get() or "").split())
        if not link:  # a feed that only gives the permalink as guid
            guid = item.xpath("guid[not(@isPermaLink='false')]/text()").get() or ""
            link = guid.strip() if guid.strip().startswith("http") else ""
        if link:
            when = item.xpath("pubDate/text()").get() or item.xpath("date/text()").get()
            out.append(FeedEntry(urljoin(base_url, link), _feed_date(when)))
    for entry in sel.xpath("//entry"):
        link = (
            entry.xpath(
                "link[not(@rel) or @rel='alternate'][not(@type) or contains(@type, 'html')]/@href"
            ).get()
            or entry.xpath("link/@href").get()
        )
        if link:
            when = entry.xpath("published/text()").get() or entry.xpath("updated/text()").get()
            out.append(FeedEntry(urljoin(base_url, link.strip()), _feed_date(when)))
    return out


def feed_urls_in_page(url: str, html: str) -> list[str]:
    """Feeds a page declares (``<link rel="alternate">`` of an RSS/Atom type); failing that,
    its same-host links that look like feeds or like a page listing them (``/rss``)."""
    sel = Selector(text=html)
    declared = [
        href
        for link in sel.css("link[rel~=alternate][href]")
        if (link.attrib.get("type") or "").split(";")[0].strip().lower() in _FEED_TYPES
        and not _COMMENTS_RE.search(link.attrib.get("title") or "")
        and (href := link.attrib["href"].strip())
    ]
    host = site_host(url)
    if declared:
        found = [urljoin(url, h) for h in declared]
    else:
        found = [
            u
            for h in sel.css("a::attr(href)").getall()
            if _FEED_LINK_RE.search(urlsplit(u := urljoin(url, h.strip())).path + _query(u))
        ]
    found = [u for u in found if site_host(u) == host and not _COMMENTS_RE.search(u)]
    return list(dict.fromkeys(found))


def _query(url: str) -> str:
    q = urlsplit(url).query
    return f"?{q}" if q else ""


# -- links, articles, sections, pagination ----------------------------------------------------
def page_links(url: str, html: str) -> list[str]:
    """Absolute http(s) links of a page's ``<a href>``, without fragments, first occurrence."""
    sel = Selector(text=html)
    base = sel.css("base::attr(href)").get()
    base = urljoin(url, base.strip()) if base else url
    out: dict[str, None] = {}
    for href in sel.css("a::attr(href)").getall():
        href = href.strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        absolute = urljoin(base, href).split("#", 1)[0]
        if absolute.startswith(("http://", "https://")):
            out.setdefault(absolute)
    return list(out)


@dataclass(frozen=True, slots=True)
class LinkDecision:
    """What a URL looks like before fetching, and why: ``article``, ``section`` (a listing
    to walk), ``other`` (fetched only when a sitemap or feed lists it) or ``skip``."""

    kind: str
    reason: str


def page_number(url: str) -> tuple[str, int]:
    """(the listing's URL without its page number, the page number; 1 when none)."""
    parts = urlsplit(url)
    number = 1
    params = parse_qsl(parts.query, keep_blank_values=True)
    kept = []
    for key, value in params:
        if key.lower() in _PAGE_PARAMS and value.isdigit() and number == 1:
            number = int(value)
        else:
            kept.append((key, value))
    path = parts.path
    m = _PAGE_PATH_RE.search(path)
    if m:
        number = int(m.group(1))
        path = path[: m.start()]
    base = urlunsplit(
        (parts.scheme, site_host(url), path.rstrip("/") or "/", urlencode(sorted(kept)), "")
    )
    return base, number


def _is_pagination(url: str) -> bool:
    parts = urlsplit(url)
    if _PAGE_PATH_RE.search(parts.path):
        return True
    return any(k.lower() in _PAGE_PARAMS for k, _ in parse_qsl(parts.query))


def classify_url(url: str, host: str) -> LinkDecision:
    """Judge a link of site ``host`` (without ``www.``) by its URL alone."""
    from courlan.filters import is_not_crawlable

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return LinkDecision("skip", "not an http(s) link")
    if site_host(url) != host:
        return LinkDecision("skip", "another site")
    path = unquote(parts.path or "/").lower()
    segments = [s for s in path.split("/") if s]
    last = segments[-1] if segments else ""
    ext_match = _EXT_RE.search(last)
    if _FILE_RE.search(path):
        return LinkDecision("skip", f"a file ({ext_match.group(0) if ext_match else path})")
    if is_not_crawlable(url) or _NOT_CRAWLABLE_RE.search(path + _query(url)):
        return LinkDecision("skip", "a contact, login or search page")
    if segments and segments[0] in _OTHER_LANGS:
        return LinkDecision("skip", f"another language (/{segments[0]}/)")
    if _TAG_RE.search(path):
        return LinkDecision("skip", "a tag or author page")
    if _INDEX_RE.match(path) and not parts.query:
        return LinkDecision("skip", "the home page")
    if _is_pagination(url):
        return LinkDecision("section", "a listing page")
    stem = last[: ext_match.start()] if ext_match else last
    if any(_ID_RE.search(s) for s in segments[-2:]):
        return LinkDecision("article", "an id in the URL")
    if ext_match and _SLUG_ID_RE.search(stem):
        return LinkDecision("article", "an id after the slug")
    for key, value in parse_qsl(parts.query):
        if _ID_PARAM_RE.fullmatch(key) and value.isdigit() and len(value) >= 2:
            return LinkDecision("article", f"an id parameter ({key}=)")
    words = [w for w in re.split(r"[-_+.]+", stem) if w]
    if len(words) >= (SLUG_WORDS_WITH_EXT if ext_match else SLUG_WORDS_BARE):
        return LinkDecision("article", f"a {len(words)}-word slug")
    if len(segments) <= MAX_SECTION_DEPTH:
        return LinkDecision("section", "a short path")
    if len(words) >= SLUG_WORDS_DEEP:  # Liferay: /chi-tiet/-/asset_publisher/ID/content/slug
        return LinkDecision("article", f"a {len(words)}-word slug deep in the site")
    # Not followed from a listing; fetched when a sitemap or a feed lists it.
    return LinkDecision("other", "neither article-shaped nor a section")


def next_pages(url: str, html: str) -> list[str]:
    """The next page of a listing: ``rel=next``, else a link to page N+1 of the same listing
    (``?page=N``, ``/trang-N``, ``/page/N``, ``page-N``)."""
    sel = Selector(text=html)
    rel = sel.css("a[rel~=next]::attr(href), link[rel~=next]::attr(href)").getall()
    found = [urljoin(url, h.strip()) for h in rel if h.strip()]
    if not found:
        base, number = page_number(url)
        for link in page_links(url, html):
            if page_number(link) == (base, number + 1):
                found.append(link)
    return [u for u in dict.fromkeys(found) if u != url]


_ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting"}
)


def declares_article(html: str) -> bool:
    """Whether a page declares itself an article: ``og:type`` ``article`` or a JSON-LD
    ``NewsArticle``/``Article`` (at the top level, in a list or in ``@graph``)."""
    sel = Selector(text=html)
    og = sel.css('meta[property="og:type"]::attr(content)').get()
    if og and og.strip().lower() == "article":
        return True
    for raw in sel.css('script[type="application/ld+json"]::text').getall():
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        stack = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                kinds = node.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
                    return True
                stack.extend(v for k, v in node.items() if k == "@graph")
    return False


def in_date_range(day: str | None, since: date | None, until: date | None) -> bool:
    """Whether an ISO date (or date-time) lies in [since, until]; unknown dates pass."""
    if not day:
        return True
    day = day[:10]
    if since and day < since.isoformat():
        return False
    return not (until and day > until.isoformat())
