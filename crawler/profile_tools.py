"""One saved page at a time: read it, check a site profile on it, draft a profile from it.

The work behind ``vnminer page``, ``vnminer profile check`` and ``vnminer profile
draft``. A page is read exactly as the spider reads it: its bytes decoded by
crawler/encoding.py, then :func:`crawler.pages.read_page`.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from parsel import Selector

from .discovery import site_host
from .encoding import decode_html
from .pages import ArticleItem, PageReading, Skipped, read_page
from .profiles import SiteProfile, load_profile

__all__ = [
    "check_page_url",
    "check_profile",
    "draft_json",
    "draft_profile",
    "load_page",
    "page_record",
    "profile_for",
    "read_saved_page",
    "run_page",
    "run_profile_check",
    "run_profile_draft",
]

FIELDS = ("url", "title", "text", "sapo", "published", "author", "canonical_url")
# Hosts' public suffixes left out of a drafted profile's name.
_SUFFIX_RE = re.compile(r"\.(gov|com|org|net|edu|info|ac|int)?\.?vn$|\.(com|net|org|info)$")


def load_page(path: str | Path) -> str:
    """The decoded text of a saved page; ValueError naming the file when it cannot be read."""
    p = Path(path)
    try:
        body = p.read_bytes()
    except OSError as exc:
        raise ValueError(f"{p}: cannot read the page ({exc.strerror or exc})") from None
    if not body.strip():
        raise ValueError(f"{p}: the file is empty")
    return decode_html(body)[0]


def read_saved_page(path: str | Path, url: str, profile: SiteProfile | None = None) -> PageReading:
    """A saved page read as the spider reads it (``profile=None``: the generic reader)."""
    return read_page(url, load_page(path), profile)


def page_record(reading: PageReading) -> dict:
    """The JSON object ``vnminer page`` prints: the article's fields and their readers."""
    item = reading.result
    if isinstance(item, Skipped):
        return {"url": item.url, "skipped": item.reason}
    record = {f: getattr(item, f) for f in FIELDS}
    record["site"] = item.site
    record["sources"] = reading.sources
    return record


# -- check ------------------------------------------------------------------------------------
def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


def _short(text: str | None, n: int = 70) -> str:
    text = _norm(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def _matches(sel: Selector, query: str) -> tuple[int, str]:
    """(number of matches, their text) of one selector."""
    nodes = sel.xpath(query) if query.startswith(("/", "(")) else sel.css(query)
    if "::" in query or "/@" in query or query.endswith("text()"):
        texts = [_norm(t) for t in nodes.getall()]
    else:
        texts = [_norm(" ".join(n.xpath(".//text()").getall())) for n in nodes]
    return len(nodes), " ".join(t for t in texts if t)


def check_profile(profile: SiteProfile, path: str | Path, url: str) -> tuple[str, int]:
    """A field-by-field report of the profile's selectors beside the generic reading.

    Returns (report, number of disagreements); a selector that matches nothing, a
    field the profile reads differently from the generic reader, and a URL outside
    the profile's article patterns each count.
    """
    html = load_page(path)
    sel = Selector(text=html)
    generic = read_page(url, html, None)
    by_profile = read_page(url, html, profile)
    g = generic.result if isinstance(generic.result, ArticleItem) else None
    p = by_profile.result if isinstance(by_profile.result, ArticleItem) else None
    out = [f"profile {profile.name} on {path} ({url})"]
    problems = 0
    if not profile.is_article_url(url):
        out.append("  ✗ the URL does not match the profile's article_url patterns")
        problems += 1
    if isinstance(generic.result, Skipped):
        out.append(f"  note: the generic reader skips the page: {generic.result.reason}")
    if isinstance(by_profile.result, Skipped):
        out.append(f"  ✗ the profile skips the page: {by_profile.result.reason}")
        problems += 1

    def field(name: str, queries: tuple[str, ...], prof: str | None, gen: str | None) -> None:
        nonlocal problems
        out.append(f"{name}:")
        if not queries:
            out.append("  (no selector in the profile: the generic reader reads this field)")
        for q in queries:
            n, text = _matches(sel, q)
            plural = "es" if n != 1 else ""
            shown = f"{n} match{plural}: {_short(text)!r}" if n else "matched nothing"
            out.append(f"  {q:<44} {shown}")
        source = generic.sources.get(name, "-")
        out.append(
            f"  {'generic (' + source + ')':<44} {_short(gen)!r}"
            if gen
            else f"  {'generic':<44} found nothing"
        )
        verdict = _compare(name, prof if by_profile.sources.get(name) == "profile" else None, gen)
        if queries and by_profile.sources.get(name) != "profile":
            verdict = "✗ the profile's selectors found nothing"
        if verdict.startswith("✗"):
            problems += 1
        out.append(f"  {verdict}")

    field("title", profile.title, p and p.title, g and g.title)
    field("sapo", profile.sapo, p and p.sapo, g and g.sapo)
    field("published", profile.published, p and p.published, g and g.published)
    field("author", profile.author, p and p.author, g and g.author)
    field("text", profile.body, p and p.text, g and g.text)
    if profile.remove:
        out.append("remove:")
        for q in profile.remove:
            n, _ = _matches(sel, q)
            out.append(
                f"  {q:<44} {n} element{'s' if n != 1 else ''}"
                if n
                else f"  {q:<44} matched nothing (harmless: nothing to remove here)"
            )
    out.append(f"{problems} disagreement{'s' if problems != 1 else ''}")
    return "\n".join(out), problems


def _compare(name: str, prof: str | None, gen: str | None) -> str:
    if prof is None or gen is None:
        return "(nothing to compare)"
    if name == "published":
        if prof[:10] != gen[:10]:
            return f"✗ DISAGREE: profile {prof}, generic {gen}"
        return "✓ same day" + ("" if prof == gen else f" ({prof} / {gen})")
    if name == "text":
        pl = [x for x in prof.split("\n") if x]
        gl = [x for x in gen.split("\n") if x]
        only_p = [x for x in pl if x not in gl]
        only_g = [x for x in gl if x not in pl]
        if not only_p and not only_g:
            return f"✓ same {len(pl)} lines"
        parts = []
        if only_p:
            example = _short(only_p[0], 50)
            parts.append(f"{len(only_p)} line(s) only by the profile, e.g. {example!r}")
        if only_g:
            parts.append(f"{len(only_g)} line(s) only generic, e.g. {_short(only_g[0], 50)!r}")
        return "✗ DISAGREE: " + "; ".join(parts)
    if _norm(prof).casefold() == _norm(gen).casefold():
        return "✓ same"
    if name == "author" and (_fold(prof) in _fold(gen) or _fold(gen) in _fold(prof)):
        return "✓ same name (written differently)"
    return f"✗ DISAGREE: profile {_short(prof, 40)!r}, generic {_short(gen, 40)!r}"


# -- draft ------------------------------------------------------------------------------------
def _article_url_pattern(url: str) -> str:
    parts = urlsplit(url)
    host = site_host(url)
    base = rf"^https?://(www\.)?{re.escape(host)}/"
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    ext = re.search(r"\.([A-Za-z]{2,5})$", last)
    if ext and re.search(r"-\d+\.[A-Za-z]+$", last):
        return base + rf".+-\d+\.{ext.group(1)}$"
    if ext and re.search(r"\d{4,}", last):
        return base + rf".*\d{{4,}}[^/]*\.{ext.group(1)}$"
    if ext:
        return base + rf".+\.{ext.group(1)}$"
    if re.search(r"\d{4,}", last):
        return base + r".*\d{4,}[^/]*/?$"
    return base + r".+/[a-z0-9-]{20,}/?$"


def _named(selector: str | None) -> list[str]:
    """A selector for the draft, unless it is a position ("… > div:nth-of-type(7)"): on the
    site's other pages that position holds something else, and a lead, date or author
    read from the wrong element is worse than the generic reader's."""
    return [selector] if selector and "nth-of-type" not in selector else []


def draft_profile(path: str | Path, url: str) -> dict:
    """A draft profile (the JSON of crawler/profiles/*.json) from one saved article page.

    Its selectors point at the elements the generic reader used on this page; every
    field is listed in ``unconfirmed``. ValueError when the page is not an article.
    """
    html = load_page(path)
    reading = read_page(url, html, None)
    if isinstance(reading.result, Skipped):
        raise ValueError(f"{path}: not an article page ({reading.result.reason})")
    parts = urlsplit(url)
    host = site_host(url)
    root = f"{parts.scheme or 'https'}://{parts.hostname}/"
    pattern = _article_url_pattern(url)
    if not re.search(pattern, url):  # pragma: no cover - the pattern is made from the URL
        pattern = rf"^https?://(www\.)?{re.escape(host)}/"
    sel = reading.selectors
    profile = {
        "name": _SUFFIX_RE.sub("", host).replace(".", "-") or host,
        "cms": "unknown",
        "domains": [host],
        "start_urls": [root],
        "sitemaps": [root + "robots.txt"],
        "feeds": [],
        "listings": [],
        "article_url": [pattern],
        "exclude_url": ["/tag/", "/tags/", "/tim-kiem", "/search"],
        "title": [sel["title"]] if "title" in sel else [],
        "sapo": _named(sel.get("sapo")),
        "body": [sel["text"]] if "text" in sel else [],
        "published": _named(sel.get("published")),
        "author": _named(sel.get("author")),
        "remove": [r for r in reading.removed if ">" not in r],
        # Photo captions and the closing byline left out of the body, as the generic
        # reader does; without it a profile keeps all its body holds (crawler/pages.py).
        "clean_body": True,
        "unconfirmed": [
            "article_url",
            "sitemaps",
            "title",
            "sapo",
            "body",
            "published",
            "author",
            "remove",
        ],
        "notes": (
            f"Drafted by `vnminer profile draft` from {url}: each selector is the element the "
            "generic reader used on that page. Check it on other pages of the site with "
            "`vnminer profile check`, then move the fields you confirmed out of unconfirmed."
        ),
    }
    return profile


def draft_json(path: str | Path, url: str) -> str:
    """:func:`draft_profile` as the indented JSON of a profile file."""
    return json.dumps(draft_profile(path, url), ensure_ascii=False, indent=2) + "\n"


def profile_for(site: str | None, profile_file: str | None) -> SiteProfile | None:
    """The profile named by ``--site`` or ``--profile`` (None for the generic reader)."""
    if site and profile_file:
        raise ValueError("give --site or --profile, not both")
    if site or profile_file:
        return load_profile(site or profile_file)
    return None


# -- the commands ---------------------------------------------------------------------------
def check_page_url(url: str) -> str:
    """``url`` when it is a web page's address (http or https, with a host); else
    ValueError naming it: the address decides the site, links and dates of the reading."""
    try:
        parts = urlsplit(url.strip())
        host, _ = parts.hostname, parts.port
    except ValueError as exc:  # "Invalid IPv6 URL", a port that is not a number
        raise ValueError(f"--url {url!r}: not a page address ({exc})") from None
    if parts.scheme not in ("http", "https") or not host:
        raise ValueError(f"--url {url!r}: not a page address (use https://site.vn/…)")
    return url.strip()


def run_page(page: str, url: str, site: str | None = None, profile_file: str | None = None) -> int:
    """``vnminer page``: the article as one JSON object; 1 when it is not an article."""
    try:
        reading = read_saved_page(page, check_page_url(url), profile_for(site, profile_file))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    record = page_record(reading)
    if "skipped" in record:
        print(f"{page}: not an article: {record['skipped']}", file=sys.stderr)
        return 1
    sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    return 0


def run_profile_check(name: str, page: str, url: str) -> int:
    """``vnminer profile check``: the report; 1 when anything disagrees."""
    try:
        report, problems = check_profile(load_profile(name), page, check_page_url(url))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report)
    return 1 if problems else 0


def run_profile_draft(page: str, url: str) -> int:
    """``vnminer profile draft``: a draft profile's JSON on standard output."""
    try:
        text = draft_json(page, check_page_url(url))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(text)
    return 0
