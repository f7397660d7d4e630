"""The generic reader: an article's fields from any news page, with no site profile.

Each field is read from the page's own declarations first, then from its
markup, then from trafilatura/htmldate, and remembers where it came from
(:class:`Found`); docs/crawling.md has the table.

- **title**: the ``h1`` that the page's declared title (JSON-LD ``headline``,
  ``og:title``, ``<title>``) starts with, with or without the site name; else,
  when no declared title is a line of the page (a portal declaring only its own
  name) or one is shown above it (a portlet's "Chi tiết tin tức"), the ``h1`` or
  box named like a title, or an unnamed bold / big-``<font>`` cell, nearest before
  the text; else the declared title (not a page-type one) with the site name
  cut off (``Title - Báo X``, ``Title | Site``, ``Báo X - Title``); else the
  page's only ``h1``; else trafilatura's.
- **published**: JSON-LD ``datePublished``, ``article:published_time``,
  ``itemprop=datePublished``, unless the date printed beside the title (a
  ``<time>`` or a line such as ``Thứ bảy, 7/3/2026, 00:05 (GMT+7)``) names
  another day (CMSs declare the creation time); a printed "Cập nhật" date
  yields to a declaration; a date in the lead is news. Then a labelled line
  under the text (``Ngày đăng: 08/06/2024 | 15:47``), then
  ``pubdate``/``dateCreated``, then htmldate on
  the page without its boxes. Dates of related news, sidebars, comments and
  teaser lines are never read: a date that cannot be read stays None.
- **body**: the element holding most paragraph text (a readability-style
  score: each paragraph's own text counts for its parent and half for its
  grandparent; link-heavy paragraphs and boxes named like related news, tags,
  share widgets, comments, menus or footers count for nothing; when every
  paragraph sits in a box of its own, the ancestor holding twice the text; text pasted
  from a word processor in unnamed wrappers is read from the CMS's named box).
  Its lines are read one per block, without those boxes, link lists (``>> …``),
  the title, the date line, an info bar's lines above the text (``Chi tiết``,
  ``Lượt xem: …``), trailing links and widget labels. **Photo captions
  are dropped** (``figcaption``, caption classes, text in a photo table, a
  short centred or italic line under a picture) unless the article is a photo story
  whose captions are its only text; then they are kept, each as its own line.
- **sapo** (the lead): a sentence set as a heading under the title, an element
  named like a lead (``sapo``, ``lead``, ``summary``, ``description``, ``mo-ta``…),
  holding the declared description, or wholly in bold, between
  the title and the body, without a place stamp; crawler/pages.py gives it
  once, as the text's first line.
- **author**: a person named by JSON-LD or ``article:author``, else a byline
  element, else a short right-aligned or bold closing line, else a ``Tác giả: …``
  line under the text, else ``meta author``, else trafilatura's when the page shows
  it; organisations, URLs, host names and CMS accounts (``admin``) are not authors.
  A byline element is named ``author``/``byline`` or ``itemprop=author``, the
  innermost one, also inside an ``author-share`` bar.
  crawler/pages.py drops the byline line closing the text.

:meth:`PageReader.not_article` says why a page is not an article (home page,
listing, 404 served with 200 (an error heading, or an error box's words on a page
with little text), login or cookie wall, empty JavaScript shell).
"""

from __future__ import annotations

import html as htmllib
import json
import re
import unicodedata
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass
from functools import cached_property
from itertools import zip_longest
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector

from .dates import find_date, parse_date

__all__ = ["Body", "Found", "PageReader", "css_path", "is_byline", "norm", "strip_site_name"]

BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol blockquote figcaption figure table tr td th section "
    "article header footer aside pre dl dt dd main nav center caption".split()
)
SKIP_TAGS = frozenset(
    "script style noscript iframe button select textarea svg template object embed "
    "video audio input label head title meta link".split()
)
_PARAGRAPH_TAGS = (
    "p",
    "div",
    "td",
    "section",
    "article",
    "blockquote",
    "pre",
    "li",
    "font",
    "span",
)
_SPACES_RE = re.compile(r"\s+")
_ARTICLE_TYPES = frozenset(
    "NewsArticle Article ReportageNewsArticle AnalysisNewsArticle OpinionNewsArticle "
    "BackgroundNewsArticle BlogPosting LiveBlogPosting Report ScholarlyArticle".split()
)
# Boxes that are never article text, by the names CMSs give them (class, id, type, role).
_BOILERPLATE_RE = re.compile(
    r"relate|lien-?quan|tin-?khac|tinkhac|other-?news|more-?news|read-?more|xem-?them|"
    r"(?<![a-z])tags?(?![a-z])|tag-?list|tags-|keyword|(?<![a-z])share|sharing|social|"
    r"facebook|(?<![a-z])fb-|zalo|twitter|comment|binh-?luan|(?<![a-z])vote|rating|"
    r"breadcrumb|(?<![a-z])nav(?![a-z])|navbar|navigation|menu|footer|sidebar|side-bar|"
    r"widget|banner|(?<![a-z])ads?(?![a-z])|advert|quang-?cao|sponsor|popup|modal|"
    r"newsletter|subscribe|(?<![a-z])print|toolbar|most-?(?:read|view)|trending|hot-?news|"
    r"box-?news|list-?news|news-?list|box-?category|audio|player|latest|newest|moi-?nhat|"
    r"tin-?moi|doc-?nhieu|xem-?nhieu",
    re.IGNORECASE,
)
# Not <form>: ASP.NET pages wrap the whole page in one.
_BOILERPLATE_TAGS = frozenset("nav aside footer".split())
_CAPTION_RE = re.compile(
    r"caption|chu-?thich|chuthich|(?<![a-z])image(?![a-z])|img-?desc|image-?desc|photo-?desc|"
    r"pic-?desc|desc-?img|(?<![a-z])photo(?![a-z])|expnoedit|imgcaption",
    re.IGNORECASE,
)
_SAPO_RE = re.compile(
    r"sapo|chapeau|(?<![a-z])lead(?![a-z])|summary|description|excerpt|(?<![a-z])intro|"
    r"tom-?tat|(?<![a-z])desc(?![a-z])|teaser|(?<![a-z])head(?![a-z])|subtitle|"
    r"(?<![a-z])mo-?ta(?![a-z])|tom-?luoc|trich-?yeu|(?<![a-z])abstract",
    re.IGNORECASE,
)
_TITLE_NAME_RE = re.compile(
    r"title|tieu-?de|tieude|headline|heading|(?<![a-z])ten-?bai", re.IGNORECASE
)
_BYLINE_RE = re.compile(r"author|byline|tac-?gia|tacgia|writer", re.IGNORECASE)
_STAMP_RE = re.compile(r"location|dateline|stamp", re.IGNORECASE)
_RIGHT_RE = re.compile(r"text-align\s*:\s*right", re.IGNORECASE)
_BYLINE_PREFIX_RE = re.compile(
    r"^((tác giả bài viết|tác giả|người viết|phóng viên|bài và ảnh|tin và ảnh|tin, ảnh|bài, ảnh|"
    r"bài|tin|ảnh)\s*:|(viết bởi|đăng bởi|bởi|posted by|by)(?=\s))\s*",
    re.IGNORECASE,
)
_CENTERED_RE = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)
_HIDDEN_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# A site name in a title suffix: these words, or the site's own host name.
_SITE_WORDS_RE = re.compile(
    r"(?<!\w)(báo(?! cáo| động| hiệu| giá| tin)|online|news|tin tức|tin nhanh|điện tử|"
    r"cổng thông tin|trang thông tin|"
    r"tạp chí|đài|truyền hình|\.vn|\.com|\.net)(?!\w)",
    re.IGNORECASE,
)
_TITLE_SEP_RE = re.compile(r"\s+[-|–—:»]\s+|\s*[|]\s*|\s+::\s+")
# The CMS account that posted the page, not a writer.
_NOT_A_NAME_RE = re.compile(
    r"^(admin|administrator|quản trị( viên| hệ thống)?|quản trị web|webmaster|editor|"
    r"biên tập viên|người đăng|super user|user|guest)$",
    re.IGNORECASE,
)
_ORG_RE = re.compile(
    r"(?<!\w)(online|news|corp\w*|\.vn|\.com|channel\w*|báo|tạp chí|công ty|ltd|jsc|media|"
    r"tòa soạn|ban biên tập)(?!\w)|https?:|www\.|"
    # A host name ("VCCorp.vn", "baodautu.vn", "NLD.COM.VN") names the publisher.
    r"\w\.(vn|com|net|org|info|gov)(?!\w)",
    re.IGNORECASE,
)
_RELATED_LINE_RE = re.compile(r"^\s*(>>|»|›|xem thêm|tin liên quan|đọc thêm|bài liên quan)", re.I)
_JUNK_LINE_RE = re.compile(
    r"^\s*[\[(]?\s*(quay lại|trở lại|về đầu trang|in bài|gửi bài|chia sẻ|bình luận|"
    r"ý kiến bạn đọc|từ khóa|từ khoá|tags?|link bài gốc|lấy link|copy link|"
    r"xem tiếp|đầu trang|bản in|lượt xem|click để|nhấn để|đánh giá bài viết)\b.{0,80}$"
    # A source link, a photo credit, a "Nguồn: …" attribution closing the text.
    r"|^\s*https?://\S+\s*$|^\s*(ảnh|nguồn)\s*:.{0,60}$",
    re.IGNORECASE,
)
# The heading of an error page (matched at the start of <title> or an h1).
_NOT_FOUND_RE = re.compile(
    r"(error\s*|lỗi\s*)?(404|không tìm thấy trang|trang không tồn tại|page not found|not found|"
    r"bài viết không tồn tại|nội dung không tồn tại|trang bạn tìm|lỗi truy cập)",
    re.IGNORECASE,
)
# The same, said anywhere in an error page's own text (its heading may be an <h2>, a <div>).
_NOT_FOUND_TEXT_RE = re.compile(
    r"(lỗi|error)\s*:?\s*404|404\s*[-:]?\s*(not found|error|lỗi)|page not found|"
    r"không tìm thấy (trang|bài viết|nội dung|đường dẫn)|"
    r"(trang|bài viết|nội dung|đường dẫn|liên kết)( bạn)?( (đang )?(tìm|tìm kiếm|yêu cầu|"
    r"truy cập))?( này)? (không tồn tại|đã bị (gỡ|xóa|xoá)|không còn tồn tại)",
    re.IGNORECASE,
)
_WALL_RE = re.compile(
    r"đăng nhập|login|log in|sign in|đăng ký tài khoản|subscribe|cookie|"
    r"tiếp tục đọc|mật khẩu|password|paywall",
    re.IGNORECASE,
)
_JS_RE = re.compile(r"javascript|enable js|bật javascript|you need to enable", re.IGNORECASE)
# Boxes whose dates are other articles' (or comments'): never read for the date line.
_DATE_SKIP_RE = re.compile(
    r"relate|lien-?quan|tin-?khac|other|more|xem-?them|comment|binh-?luan|sidebar|footer|"
    r"menu|nav|widget|list|box-?news|most|trending|hot|(?<![a-z])ads?(?![a-z])|banner|"
    r"tin-?moi|moi-?nhat|doc-?nhieu|xem-?nhieu|latest|newest",
    re.IGNORECASE,
)
# An info bar's lines above the text: its label (Joomla's "Chi tiết"), the creation date,
# the category, the view count, the font-size and print buttons.
_INFO_LINE_RE = re.compile(
    r"^\s*(chi tiết|details|ngày tạo|ngày đăng|đăng ngày|được đăng|ngày cập nhật|cập nhật|"
    r"lượt xem|lượt đọc|số lượt xem|số lần xem|chuyên mục|danh mục|viết bởi|đăng bởi|cỡ chữ|"
    r"in bài|gửi email|hits)\b.{0,80}$",
    re.IGNORECASE,
)
# Titles portals give every article page: not the article's title.
_GENERIC_TITLE_RE = re.compile(
    r"^\s*(chi tiết tin( tức)?|tin chi tiết|chi tiết bài viết|xem tin|nội dung tin|"
    r"tin tức( - sự kiện)?|chi tiết)\s*$",
    re.IGNORECASE,
)
# The label of the article's own date in a portal's info bar.
_POSTED_LABEL_RE = re.compile(
    r"^\s*(ngày đăng|đăng ngày|ngày xuất bản|xuất bản|ngày cập nhật|cập nhật|đăng lúc|"
    r"thời gian đăng|posted|published)\b",
    re.IGNORECASE,
)
_UPDATED_RE = re.compile(r"cập nhật|update|sửa", re.IGNORECASE)
_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "parsely-pub-date",
)
MIN_BODY_CHARS = 150
# A paragraph's own text must be this long to count towards its container.
_MIN_PARAGRAPH = 25


def norm(text: str) -> str:
    """NFC, entities decoded, white space collapsed."""
    if "&" in text:
        text = htmllib.unescape(text)
    return _SPACES_RE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def is_byline(line: str, author: str | None) -> bool:
    """Whether ``line`` is a short line naming ``author`` (a byline), or a part of it."""
    name, folded = _fold(author or ""), _fold(line)
    return (
        len(line) <= 80
        and len(folded) >= 3
        and len(name) >= 3
        and (name in folded or folded in name)
    )


def _fold(text: str) -> str:
    """Lower case, no accents, letters and digits only: for comparing names."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _names(el) -> str:
    """The names a CMS gives an element: class, id, type, role and data-* values."""
    keys = ("class", "id", "type", "role", "data-role", "data-type", "data-slot", "data-field")
    return " ".join(v for v in (el.get(k) for k in keys) if v).strip()


def css_path(el) -> str:
    """A CSS selector that picks ``el`` out in its page (id, then classes, then a path)."""
    root = el.getroottree().getroot()
    tag = _tag(el)
    el_id = el.get("id")
    if el_id and re.fullmatch(r"[A-Za-z][\w-]*", el_id):
        sel = f"{tag}#{el_id}"
        if len(Selector(root=root).css(sel)) == 1:
            return sel
    classes = [c for c in (el.get("class") or "").split() if re.fullmatch(r"[A-Za-z_][\w-]*", c)]
    # One class naming the element alone is the most likely to hold on the site's other pages.
    for sel in (*(f"{tag}.{c}" for c in classes), tag + "".join(f".{c}" for c in classes)):
        if classes and len(Selector(root=root).css(sel)) == 1:
            return sel
    parent = el.getparent()
    if parent is None or _tag(parent) in ("html", ""):
        return tag
    same = [c for c in parent if _tag(c) == tag]
    step = tag if len(same) == 1 else f"{tag}:nth-of-type({same.index(el) + 1})"
    return f"{css_path(parent)} > {step}"


def strip_site_name(title: str, site_names: tuple[str, ...] = (), host: str = "") -> str:
    """``Title - Báo X`` → ``Title``: trailing parts that name the site (or its section) go."""
    parts = _TITLE_SEP_RE.split(title)
    if len(parts) < 2:
        return title
    brand = _fold(host.split(":")[0].removeprefix("www.").split(".")[0]) if host else ""
    folded_names = {_fold(n) for n in site_names if n and len(_fold(n)) >= 3}

    def is_site(part: str) -> bool:
        f = _fold(part)
        if not f:
            return True
        if f in folded_names or any(n in f or f in n for n in folded_names if len(f) >= 3):
            return True
        # The host's name or site words in a short part; a long part is the title itself.
        words = len(part.split())
        if brand and len(brand) >= 3 and brand in f and words <= 6:
            return True
        return bool(_SITE_WORDS_RE.search(part)) and words <= 9

    cut = len(parts)
    while cut > 1 and is_site(parts[cut - 1]):
        cut -= 1
    # "Title - Section - Site": a short part left before the site name is the section.
    while (
        cut < len(parts)
        and cut > 1
        and len(parts[cut - 1].split()) <= 3
        and len(" ".join(parts[: cut - 1]).split()) >= 4
    ):
        cut -= 1
    # The separators are kept inside the title ("Giá vàng - bạc tăng"): cut the original string.
    seps = list(_TITLE_SEP_RE.finditer(title))
    end = seps[cut - 1].start() if cut < len(parts) else len(title)
    # "Báo X - Title", as some CMSs print it: the site name first.
    start = 0
    if cut == len(parts) and is_site(parts[0]) and len(" ".join(parts[1:]).split()) >= 4:
        start = seps[0].end()
    return title[start:end].strip()


@dataclass(frozen=True, slots=True)
class Found:
    """One field's value, the reader that produced it, and the element it was read from."""

    value: str | None
    source: str | None = None
    selector: str | None = None


@dataclass(frozen=True, slots=True)
class Body:
    """The article text as lines, and where it was read."""

    lines: tuple[str, ...]
    source: str | None
    selector: str | None = None
    captions: bool = False  # photo captions kept (a photo story)
    removed: tuple[str, ...] = ()  # selectors of the boxes left out, for a profile draft


def _is_hidden(el) -> bool:
    return (
        bool(_HIDDEN_RE.search(el.get("style") or ""))
        or el.get("hidden") is not None
        or (el.get("aria-hidden") == "true" and not (el.text or "").strip())
    )


def _text_of(el) -> str:
    return norm(" ".join(t for t in el.itertext() if t))


class PageReader:
    """Reads one decoded page; each field is worked out once, when first asked for."""

    def __init__(self, url: str, html: str) -> None:
        self.url = url
        self.html = html
        self.sel = Selector(text=html or "<html></html>")
        self.root = self.sel.root
        self.host = (urlsplit(url).hostname or "").lower()

    # -- declarations -----------------------------------------------------------------------
    @cached_property
    def meta(self) -> dict[str, str]:
        """``<meta>`` contents by lower-cased property/name/itemprop (first non-empty)."""
        out: dict[str, str] = {}
        for m in self.root.iter("meta"):
            key = (m.get("property") or m.get("name") or m.get("itemprop") or "").lower().strip()
            value = norm(m.get("content") or "")
            if key and value and key not in out:
                out[key] = value
        return out

    @cached_property
    def jsonld(self) -> list[dict]:
        """Every JSON-LD object on the page, ``@graph`` and lists flattened."""
        out: list[dict] = []

        def walk(node) -> None:
            if isinstance(node, list):
                for n in node:
                    walk(n)
            elif isinstance(node, dict):
                out.append(node)
                if "@graph" in node:
                    walk(node["@graph"])

        for raw in self.sel.css('script[type="application/ld+json"]::text').getall():
            for text in (raw, htmllib.unescape(raw)):
                try:
                    walk(json.loads(text, strict=False))
                    break
                except ValueError:
                    continue
        return out

    @cached_property
    def article_ld(self) -> dict | None:
        """The JSON-LD object of type NewsArticle, Article… (the first), or None."""
        for node in self.jsonld:
            types = node.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(t in _ARTICLE_TYPES for t in types if isinstance(t, str)):
                return node
        return None

    def _ld(self, key: str) -> str | None:
        node = self.article_ld
        value = node.get(key) if node else None
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("name") or value.get("@value")
        return norm(value) if isinstance(value, str) and value.strip() else None

    @cached_property
    def declares_article(self) -> bool:
        """JSON-LD Article or article:published_time (og:type alone is set site-wide by
        some CMSs, listings included)."""
        return self.article_ld is not None or "article:published_time" in self.meta

    @cached_property
    def site_names(self) -> tuple[str, ...]:
        """The names the page gives its site (og:site_name, JSON-LD publisher…)."""
        names = [self.meta.get(k, "") for k in ("og:site_name", "application-name")]
        node = self.article_ld
        if node and isinstance(node.get("publisher"), dict):
            names.append(str(node["publisher"].get("name") or ""))
        for node in self.jsonld:
            if node.get("@type") in ("Organization", "NewsMediaOrganization", "WebSite"):
                names.append(norm(str(node.get("name") or "")))
        return tuple(n for n in names if n)

    # -- title ------------------------------------------------------------------------------
    @cached_property
    def h1s(self) -> list:
        """The page's non-empty ``h1`` elements."""
        return [h for h in self.root.iter("h1") if _text_of(h)]

    @cached_property
    def title(self) -> Found:
        """The article's title (see the module docstring)."""
        declared = [
            ("json-ld", self._ld("headline")),
            ("og:title", self.meta.get("og:title")),
            ("meta title", self.meta.get("twitter:title") or self.meta.get("title")),
            ("<title>", norm(self.sel.css("title::text").get() or "")),
        ]
        declared = [(s, v) for s, v in declared if v]
        # As declared, and without the site name ("Báo X - Title" starts with the title too).
        folded = [_fold(v) for _, v in declared] + [
            _fold(strip_site_name(v, self.site_names, self.host)) for _, v in declared
        ]
        for h in self.h1s:
            text = _text_of(h)
            f = _fold(text)
            if len(f) >= 8 and any(d.startswith(f) for d in folded):
                return Found(text, "h1", css_path(h))
        # No h1 the declarations agree with (an SEO title in og:title): the one h1 worded
        # like a headline and set beside the article's paragraphs is the title shown.
        near = [h for h in self.h1s if len(_text_of(h).split()) >= 5 and _beside_text(h)]
        if len(near) == 1 and not any(
            _fold(n) == _fold(_text_of(near[0])) for n in self.site_names
        ):
            return Found(_text_of(near[0]), "h1", css_path(near[0]))
        # Portals (SharePoint, ASP.NET, Party committee sites) declare only their own name
        # and show the title in a box named like one: the box wins when no declared title
        # is shown on the page.
        # A declared title shown higher up (a portlet's "Chi tiết tin tức") yields too.
        shown, where = self._title_box, self._declared_title_shown
        if shown is not None and (where is None or self._order[where] < self._order[shown]):
            return Found(_text_of(shown), "title element", css_path(shown))
        for source, value in declared:
            title = strip_site_name(value, self.site_names, self.host)
            if len(title) >= 8 and not _GENERIC_TITLE_RE.match(title):
                return Found(title, source, None)
        if len(self.h1s) == 1:
            return Found(_text_of(self.h1s[0]), "h1", css_path(self.h1s[0]))
        t = self.trafilatura.get("title")
        if t:
            return Found(strip_site_name(norm(t), self.site_names, self.host), "trafilatura")
        return Found(None)

    @cached_property
    def _boxes(self) -> set:
        """Every element inside a box named like boilerplate, the title not yet known (the
        title is read with it; :attr:`_boilerplate` spares the boxes holding the title)."""
        out: set = set()

        def walk(el, inside: bool) -> None:
            if not isinstance(el.tag, str):
                return
            inside = inside or (
                _tag(el) not in ("html", "body")
                and (
                    _tag(el) in _BOILERPLATE_TAGS
                    or bool(_BOILERPLATE_RE.search(_names(el)))
                    or _is_hidden(el)
                )
            )
            if inside:
                out.add(el)
            for c in el:
                walk(c, inside)

        walk(self.root, False)
        return out

    @cached_property
    def _title_box(self):
        """The ``h1`` or element named like a title (``title``, ``tieu-de``, ``headline``…)
        nearest before the page's first paragraph of running text and in its block: a
        headline's words, not a link."""
        boxes = self._boxes
        start = None
        for el in self.root.iter(*_PARAGRAPH_TAGS):
            chars, links, _ = self._own_text(el)
            if el not in boxes and chars >= 80 and links <= chars * 0.5:
                start = el
                break
        if start is None:
            return None
        block = set(_ancestors(start, 5)) - {self.root, self.root.find("body")}
        best = None
        for el in self.root.iter():
            if el is start:
                break
            if not isinstance(el.tag, str) or _tag(el) in SKIP_TAGS or el in boxes:
                continue
            names = f"{_names(el)} {el.get('itemprop') or ''}"
            named = _TITLE_NAME_RE.search(names) and not _SAPO_RE.search(names)
            # Old portals: the title is an unnamed cell in bold or a big <font>.
            styled = _tag(el) in ("td", "div", "p") and not names.strip() and _headline_styled(el)
            if _tag(el) != "h1" and not named and not styled:
                continue
            text = _text_of(el)
            if (
                4 <= len(text.split()) <= 40
                and not text.endswith((":", "."))
                and not self._link_heavy(el)
                and any(a in block for a in _ancestors(el))
                and start not in el.iterdescendants()
                and not any(_fold(n) == _fold(text) for n in self.site_names)
            ):
                best = el
        return best

    @cached_property
    def _order(self) -> dict:
        """Every element's position in document order."""
        return {el: i for i, el in enumerate(self.root.iter())}

    @cached_property
    def _declared_title_shown(self):
        """The block showing a declared title (JSON-LD, og:title, ``<title>``; without the
        site name) as its line, outside the page's boxes; or None."""
        declared = [
            self._ld("headline"),
            self.meta.get("og:title"),
            self.meta.get("twitter:title") or self.meta.get("title"),
            norm(self.sel.css("title::text").get() or ""),
        ]
        stripped = (strip_site_name(v, self.site_names, self.host) for v in declared if v)
        wanted = {_fold(v) for v in stripped if not _GENERIC_TITLE_RE.match(v)} - {""}
        if not wanted:
            return None
        for text, el, _ in _element_lines(self.root, self._boxes):
            f = _fold(text)
            # The line is the title (a date or a section name beside it at most), not a
            # footer line that starts with the site's name.
            if any(len(w) >= 8 and f.startswith(w) and len(f) <= 1.3 * len(w) for w in wanted):
                return el
        return None

    @cached_property
    def title_element(self):
        """The h1 the title was read from, or the h1 holding the title text, or None."""
        t = self.title.value
        if not t:
            return None
        ft = _fold(t)
        for h in self.h1s:
            if _fold(_text_of(h)) and (
                ft.startswith(_fold(_text_of(h))) or _fold(_text_of(h)).startswith(ft)
            ):
                return h
        for h in self.root.iter("h2", "h3", "div", "span", "p", "td", "a"):
            if _fold(_text_of(h)) == ft:
                return h
        return None

    # -- boilerplate ------------------------------------------------------------------------
    @cached_property
    def _title_ancestors(self) -> set:
        el = self.title_element
        out = set()
        while el is not None:
            out.add(el)
            el = el.getparent()
        return out

    def is_boilerplate(self, el) -> bool:
        """A box that is not article text by its tag or name (never one holding the title)."""
        tag = _tag(el)
        if tag in ("html", "body") or el in self._title_ancestors:
            return False
        if tag in _BOILERPLATE_TAGS:
            return True
        names = _names(el)
        return bool(names and _BOILERPLATE_RE.search(names)) or _is_hidden(el)

    @cached_property
    def _boilerplate(self) -> set:
        """Every element inside a boilerplate box (the box included)."""
        out: set = set()

        def walk(el, inside: bool) -> None:
            if not isinstance(el.tag, str):
                return
            inside = inside or self.is_boilerplate(el)
            if inside:
                out.add(el)
            for c in el:
                walk(c, inside)

        walk(self.root, False)
        return out

    # -- body -------------------------------------------------------------------------------
    @staticmethod
    def _own_text(el) -> tuple[int, int, int]:
        """(characters, characters in links, commas) of an element's own inline text."""
        chars = links = 0
        commas = 0

        def add(text: str | None, in_link: bool) -> None:
            nonlocal chars, links, commas
            if text:
                n = len(text.strip())
                chars += n
                commas += text.count(",")
                if in_link:
                    links += n

        def inline(child, in_link: bool) -> None:
            tag = _tag(child)
            if tag in SKIP_TAGS or not tag:
                return
            in_link = in_link or tag == "a"
            add(child.text, in_link)
            for c in child:
                if _tag(c) in BLOCK_TAGS:
                    continue
                inline(c, in_link)
                add(c.tail, in_link)

        add(el.text, _tag(el) == "a")
        for c in el:
            if _tag(c) not in BLOCK_TAGS:
                inline(c, False)
            add(c.tail, False)
        return chars, links, commas

    @cached_property
    def _paragraph_mass(self) -> tuple[dict, dict]:
        """(score by parent and grandparent, text mass of every ancestor) of the paragraphs."""
        scores: dict = {}
        mass: dict = {}
        boiler = self._boilerplate
        for el in self.root.iter(*_PARAGRAPH_TAGS):
            if el in boiler:
                continue
            chars, links, commas = self._own_text(el)
            if chars < _MIN_PARAGRAPH or links > chars * 0.5:
                continue
            own = chars - links
            score = own * (1 + min(commas, 10) * 0.02)
            parent = el.getparent()
            if parent is None:
                continue
            scores[parent] = scores.get(parent, 0.0) + score
            grand = parent.getparent()
            if grand is not None:
                scores[grand] = scores.get(grand, 0.0) + score / 2
            mass[el] = mass.get(el, 0) + own
            for anc in el.iterancestors():
                mass[anc] = mass.get(anc, 0) + own
        return scores, mass

    @cached_property
    def container(self):
        """The element holding the article text, or None."""
        scores, mass = self._paragraph_mass
        scores = {el: s for el, s in scores.items() if _tag(el) not in ("html", "body")}
        if not scores:
            return None
        best = max(scores, key=scores.__getitem__)
        if scores[best] < MIN_BODY_CHARS:
            return None
        # Paragraphs each in its own box (a photo story's caption tables, sections in
        # layout boxes): the nearest ancestor holding far more of the same text is the body.
        climbed = True
        while climbed:
            climbed = False
            for level, anc in enumerate(best.iterancestors()):
                if level >= 4 or _tag(anc) in ("html", "body"):
                    break
                if mass.get(anc, 0) >= 2 * mass.get(best, 0):
                    best, climbed = anc, True
                    break
        # Text pasted from a word processor arrives as unnamed <div>/<span> wrappers inside
        # the CMS's own (named) content box; the article goes on in the sibling wrappers.
        for _ in range(3):
            parent = best.getparent()
            if (
                _names(best)
                or _tag(best) not in ("div", "span", "font", "section")
                or parent is None
                or _tag(parent) in ("html", "body")
                or parent in self._boilerplate
                or mass.get(parent, 0) < 1.2 * mass.get(best, 0)
            ):
                break
            best = parent
        return best

    def _is_caption(self, el) -> bool:
        tag = _tag(el)
        if tag in ("figcaption", "caption"):
            return True
        names = _names(el)
        if names and _CAPTION_RE.search(names) and len(_text_of(el)) < 400:
            return True
        if tag == "figure":
            return True
        has_img = any(True for _ in el.iter("img"))
        text = _text_of(el)
        if tag == "table" and has_img and len(text) < 400:
            return True
        # Older CMSs: a short centred line under a picture.
        centred = (
            tag == "center"
            or el.get("align", "").lower() == "center"
            or _CENTERED_RE.search(el.get("style") or "")
            or any(
                _CENTERED_RE.search(c.get("style") or "") or c.get("align", "").lower() == "center"
                for c in el.iter()
                if c is not el and _tag(c) in ("span", "em", "i", "font", "p")
            )
        )
        # Italic text under a picture is its caption, centred or not (an <em> after the
        # <img> in one block, or an italic line right after the picture's block).
        if tag in ("p", "div", "span", "td", "center") and 0 < len(text) < 250 and _italic(el):
            if has_img:
                return True
            prev = el.getprevious()
            while prev is not None and not _text_of(prev) and not _has_img(prev):
                prev = prev.getprevious()
            if prev is not None and _has_img(prev):
                return True
        if tag in ("p", "div", "span", "td", "center") and centred and 0 < len(text) < 250:
            if has_img:
                return True
            prev = el.getprevious()
            while (
                prev is not None and not _text_of(prev) and not any(True for _ in prev.iter("img"))
            ):
                prev = prev.getprevious()
            if prev is not None and not _text_of(prev) and any(True for _ in prev.iter("img")):
                return True
        return False

    def _link_heavy(self, el) -> bool:
        text = _text_of(el)
        if not text:
            return False
        linked = sum(len(norm(" ".join(a.itertext()))) for a in el.iter("a"))
        return linked >= 0.6 * len(text)

    def lines_of(
        self, container, extra_remove: tuple[str, ...] = (), drop_captions: bool = True
    ) -> Body:
        """The article lines of ``container``: boxes, link lists and captions left out.

        ``extra_remove``: CSS selectors of more boxes to leave out (a profile's
        ``remove``); ``drop_captions=False`` keeps photo captions as lines (a profile's
        body selector says what the body is, captions included).
        """
        removed: set = set()
        removed_sel: list[str] = []
        boiler = self._boilerplate
        for el in container.iter():
            if not isinstance(el.tag, str) or el is container:
                continue
            if el in boiler and el.getparent() not in boiler:
                removed.add(el)
                removed_sel.append(css_path(el))
            elif _tag(el) in BLOCK_TAGS and el.getparent() is not None and self._link_heavy(el):
                removed.add(el)
        for q in extra_remove:
            for node in Selector(root=container).css(q):
                removed.add(node.root)
        if self.title_element is not None:
            removed.add(self.title_element)
        captions = {
            el
            for el in container.iter()
            if drop_captions
            and isinstance(el.tag, str)
            and el is not container
            and self._is_caption(el)
        }
        plain = _lines(container, removed | captions)
        source = "body"
        kept_captions = False
        if captions:
            with_captions = _lines(container, removed)
            # A photo story: the captions are the article.
            if _chars(plain) < 300 and _chars(with_captions) >= 2 * max(_chars(plain), 1):
                plain, kept_captions, source = with_captions, True, "body (photo captions)"
        lines = self._trim([t for t, _ in plain], [lk for _, lk in plain])
        return Body(tuple(lines), source, css_path(container), kept_captions, tuple(removed_sel))

    def _trim(self, lines: list[str], linked: list[bool]) -> list[str]:
        title = _fold(self.title.value or "")
        out: list[tuple[str, bool]] = []
        for line, lk in zip(lines, linked, strict=True):
            if _RELATED_LINE_RE.match(line) and len(line) < 300:
                continue
            out.append((line, lk))
        # Leading title, date and breadcrumb lines are page furniture.
        while out and (
            _fold(out[0][0]) == title
            or _is_date_line(out[0][0])
            or out[0][1]
            or _INFO_LINE_RE.match(out[0][0])
        ):
            out.pop(0)
        # Trailing links (section name, source link) and widget labels.
        while out and (out[-1][1] or _JUNK_LINE_RE.match(out[-1][0])):
            out.pop()
        return [line for line, _ in out]

    @cached_property
    def body(self) -> Body:
        """The article text as lines: the container's, else trafilatura's."""
        container = self.container
        if container is not None:
            body = self.lines_of(container)
            if _chars_s(body.lines) >= MIN_BODY_CHARS:
                return body
        text = self.trafilatura.get("text") or ""
        lines = [norm(t) for t in text.split("\n") if norm(t)]
        lines = self._trim(lines, [False] * len(lines))
        return Body(tuple(lines), "trafilatura" if lines else None)

    # -- sapo -------------------------------------------------------------------------------
    def _after_title(self) -> Iterator:
        """Elements after the title in document order (all of them when no title element)."""
        start = self.title_element
        seen = start is None
        for el in self.root.iter():
            if el is start:
                seen = True
                continue
            if seen and isinstance(el.tag, str):
                yield el

    @cached_property
    def sapo(self) -> Found:
        """The lead, or Found(None)."""
        container = self.container
        described = (
            self._ld("description")
            or self.meta.get("og:description")
            or self.meta.get("description")
        )
        fdesc = _fold(described or "")[:60]
        boiler = self._boilerplate
        title = self.title_element
        body_start = _first_paragraph(container, title) if container is not None else None
        # A sentence set as the heading under the title is the lead (<h2 class=pHead>), the
        # date and section bar between them or not.
        under = None
        sibs = [
            c
            for c in (title.itersiblings() if title is not None else ())
            if isinstance(c.tag, str) and _tag(c) not in SKIP_TAGS
        ]
        for sib in sibs[:3]:
            if _tag(sib) in ("h2", "h3", "h4"):
                under = sib
                break
            if len(_text_of(sib)) > 160:
                break
        for el in self._after_title():
            if el not in boiler and _tag(el) not in SKIP_TAGS and el is not container:
                found = self._sapo_candidate(el, fdesc)
                if found is not None:
                    return found
            if el is under and _tag(el) in ("h2", "h3", "h4") and el not in boiler:
                text = _sapo_text(el)
                if len(text.split()) >= 15 and len(text) <= 1200:
                    return Found(text, "lead heading", css_path(el))
            if el is body_start:  # a lead is before the body's first paragraph, or is it
                break
        return Found(None)

    @staticmethod
    def _sapo_candidate(el, fdesc: str) -> Found | None:
        text = _sapo_text(el)
        if len(text) < 40 or len(text) > 1200:
            return None
        names = _names(el)
        if (names and _SAPO_RE.search(names)) or el.get("itemprop") == "description":
            return Found(text, "sapo element", css_path(el))
        # Provincial CMSs set the lead in bold, in a box of its own or as the first paragraph.
        if _tag(el) in ("p", "div", "td", "span") and _bold(el) and text == _text_of(el):
            return Found(text, "bold lead", css_path(el))
        # The innermost element holding the declared description is the lead.
        if (
            fdesc
            and len(fdesc) >= 30
            and _fold(text).startswith(fdesc)
            and not any(
                _fold(_sapo_text(c)).startswith(fdesc) for c in el if isinstance(c.tag, str)
            )
        ):
            return Found(text, "declared description", css_path(el))
        return None

    # -- date -------------------------------------------------------------------------------
    def _declared_date(self) -> Found:
        value = parse_date(self._ld("datePublished"))
        if value:
            return Found(value, "json-ld")
        for key in _DATE_KEYS:
            value = parse_date(self.meta.get(key))
            if value:
                prop = "property" if ":" in key else "name"
                return Found(value, f"meta {key}", f'meta[{prop}="{key}"]::attr(content)')
        for el in self.sel.css('[itemprop="datePublished"]'):
            raw = (
                el.attrib.get("content")
                or el.attrib.get("datetime")
                or " ".join(el.css("::text").getall())
            )
            value = parse_date(raw)
            if value:
                return Found(value, "itemprop datePublished", '[itemprop="datePublished"]')
        return Found(None)

    @cached_property
    def published(self) -> Found:
        """The publication date-time (ISO, Vietnam time), or Found(None): never a guess."""
        declared = self._declared_date()
        line = self._date_line()
        # What the page prints beside the title is the article's date; a declaration of
        # another day is most often the CMS's creation time. A printed "updated" date
        # yields to a declared one.
        if line.value and (
            not declared.value
            or (line.value[:10] != declared.value[:10] and line.source == "date line")
            or (line.value[:10] == declared.value[:10] and "T" not in declared.value)
        ):
            return line
        if declared.value:
            return declared
        if line.value:
            return line
        # Portals print "Ngày đăng: 08/06/2024 | 15:47" in an info bar under the article.
        for text, el, teaser in self._lines_after_body():
            if not teaser and len(text) <= 160 and _POSTED_LABEL_RE.match(text):
                value = find_date(text)
                if value:
                    return Found(value, "date line", css_path(el))
        for key in ("pubdate", "datecreated", "dc.date", "dc.date.created", "date"):
            value = parse_date(self.meta.get(key))
            if value:
                return Found(value, f"meta {key}")
        value = _htmldate(self._pruned())
        if value:
            return Found(value, "htmldate")
        return Found(None)

    def _lines_after_body(self, n: int = 4) -> list[tuple[str, object, bool]]:
        """The first ``n`` lines after the body in its block (two levels up), without the
        page's boxes: where portals put the article's info bar and its author."""
        container = self.container
        if container is None:
            return []
        scope = container
        for _ in range(2):
            if scope.getparent() is None or _tag(scope.getparent()) in ("html", "body"):
                break
            scope = scope.getparent()
        lines = _element_lines(scope, self._boilerplate)
        inside = [
            i
            for i, (_, el, _) in enumerate(lines)
            if el is container or container in _ancestors(el)
        ]
        return lines[inside[-1] + 1 : inside[-1] + 1 + n] if inside else []

    def _pruned(self):
        """A copy of the page without its boilerplate boxes (their dates are other stories')."""
        tree = self.root.getroottree()
        order = {el: i for i, el in enumerate(self.root.iter())}
        tops = [el for el in self._boilerplate if el.getparent() not in self._boilerplate]
        paths = [tree.getpath(el) for el in sorted(tops, key=order.__getitem__)]
        copy = deepcopy(self.root)
        ctree = copy.getroottree()
        # Last first, so that removing one box leaves the others' paths valid.
        for path in reversed(paths):
            for el in ctree.xpath(path):
                if el.getparent() is not None:
                    el.getparent().remove(el)
        return copy

    def _date_line(self) -> Found:
        """The date printed next to the title: a ``<time>`` or a short line with a date."""
        start = self.title_element
        if start is None:
            return Found(None)
        boiler = self._boilerplate
        skip = {
            el
            for el in boiler
            if el.getparent() not in boiler
            and (not _names(el) or _DATE_SKIP_RE.search(_names(el)) or _tag(el) in ("nav", "aside"))
        }
        lines = _element_lines(self.root, skip)
        idx = next(
            (i for i, (_, el, _) in enumerate(lines) if el is start or start in _ancestors(el)),
            None,
        )
        if idx is None:
            return Found(None)
        sapo_f = _fold(self.sapo.value or "")[:40]
        # Forward up to the body's first paragraph (a date in the text is not the page's),
        # back a few lines (a date above the title); nearest first.
        after: list[int] = []
        for i in range(idx + 1, min(idx + 9, len(lines))):
            text = lines[i][0]
            if len(text) > 160 and not (sapo_f and _fold(text).startswith(sapo_f)):
                break
            after.append(i)
        before = list(range(idx - 1, max(idx - 5, -1), -1))
        window = [i for pair in zip_longest(after, before) for i in pair if i is not None]
        for i in window:
            text, el, teaser = lines[i]
            if len(text) > 160 or teaser:
                continue  # a date beside a headline link is that story's date
            if sapo_f and _fold(text).startswith(sapo_f):
                continue  # a date the lead mentions ("từ ngày 25/9 đến 15/10/2024") is news
            for t in el.iter("time"):
                value = parse_date(t.get("datetime")) or find_date(_text_of(t))
                if value:
                    sel = css_path(t) + ("::attr(datetime)" if t.get("datetime") else "::text")
                    return Found(value, "time", sel)
            value = find_date(text)
            if value:
                updated = _UPDATED_RE.search(text) is not None
                return Found(value, "updated line" if updated else "date line", css_path(el))
        return Found(None)

    # -- author, canonical ------------------------------------------------------------------
    def _person(self, name: str | None) -> str | None:
        if not name:
            return None
        name = norm(name).strip(" ;,-–")
        if not name or len(name) > 80 or _ORG_RE.search(name) or _NOT_A_NAME_RE.match(name):
            return None
        f = _fold(name)
        brand = _fold(self.host.removeprefix("www.").split(".")[0])
        if (brand and brand in f) or any(_fold(n) == f for n in self.site_names):
            return None
        return name

    @cached_property
    def author(self) -> Found:
        """The byline's person, or Found(None)."""
        node = self.article_ld
        if node:
            authors = node.get("author")
            authors = authors if isinstance(authors, list) else [authors]
            names = []
            for a in authors:
                if isinstance(a, dict) and a.get("@type") not in ("Organization",):
                    names.append(self._person(str(a.get("name") or "")))
                elif isinstance(a, str):
                    names.append(self._person(a))
            names = [n for n in names if n]
            if names:
                return Found(", ".join(names), "json-ld")
        for key in ("article:author", "dable:author"):
            name = self._person(self.meta.get(key))
            if name:
                return Found(name.replace(";", ", "), f"meta {key}")
        byline = self._byline()
        if byline.value:
            return byline
        name = self._person(self.meta.get("author"))
        if name:
            return Found(name.replace(";", ", "), "meta author")
        t = self.trafilatura.get("author")
        if t:
            # trafilatura guesses; its name counts only when a short line of the page ends with it.
            page = _element_lines(self.root, self._boilerplate)
            shown = {_fold(x) for x, _, _ in page if len(x) <= 60}
            names = [
                n
                for n in (self._person(p) for p in t.split(";"))
                if n and any(f.endswith(_fold(n)) for f in shown)
            ]
            if names:
                return Found(", ".join(names), "trafilatura")
        return Found(None)

    def _may_hold_byline(self, el, scope) -> bool:
        """Not inside a boilerplate box, unless the box is the byline's own bar (a CMS's
        ``author-share`` row: the author's name beside the share buttons)."""
        if el not in self._boilerplate:
            return True
        for a in (el, *el.iterancestors()):
            if self.is_boilerplate(a) and not _BYLINE_RE.search(_names(a)):
                return False
            if a is scope:
                break
        return True

    def _byline(self) -> Found:
        """A byline element (named ``author``, ``byline``…), or a short right-aligned or bold
        line closing the article."""
        container = self.container
        if container is None:
            return Found(None)
        scope = container.getparent() if container.getparent() is not None else container
        for el in scope.iter():
            if not isinstance(el.tag, str) or not self._may_hold_byline(el, scope):
                continue
            # schema.org microdata names the author too (itemprop="author").
            names = f"{_names(el)} {el.get('itemprop') or ''}".strip()
            if (
                names
                and _BYLINE_RE.search(names)
                and not any(
                    # The name's own element, not the row holding it with the date and buttons.
                    _BYLINE_RE.search(f"{_names(d)} {d.get('itemprop') or ''}")
                    for d in el.iterdescendants()
                    if isinstance(d.tag, str)
                )
            ):
                name = self._person(_BYLINE_PREFIX_RE.sub("", _text_of(el)))
                if name and len(name) <= 60:
                    return Found(name, "byline", css_path(el))
        lines = _element_lines(container, self._boilerplate)
        for text, el, _ in reversed(lines[-3:]):
            if len(text) > 60 or len(text.split()) > 9 or text.endswith((".", ":", "?")):
                continue
            if re.match(r"ảnh\s*:", text, re.IGNORECASE):  # the photographer's credit
                continue
            styled = [el, *el.iterdescendants()]
            right = any(
                _RIGHT_RE.search(e.get("style") or "") or (e.get("align") or "").lower() == "right"
                for e in styled
                if isinstance(e.tag, str)
            )
            bold = _text_of(el) == " ".join(
                _text_of(b) for b in el.iter("b", "strong") if b.getparent() is not None
            )
            if right or bold or _BYLINE_PREFIX_RE.match(text):
                name = self._person(_BYLINE_PREFIX_RE.sub("", text))
                if name:
                    return Found(name, "byline line", css_path(el))
        # "Tác giả: Thanh Bình" under the body, outside it (NukeViet, portals).
        for text, el, _ in self._lines_after_body(3):
            if len(text) <= 60 and _BYLINE_PREFIX_RE.match(text):
                name = self._person(_BYLINE_PREFIX_RE.sub("", text))
                if name:
                    return Found(name, "byline line", css_path(el))
        return Found(None)

    @cached_property
    def canonical(self) -> Found:
        """``link rel=canonical``, else ``og:url``, when on the page's own host."""
        for source, raw in (
            ("link canonical", self.sel.css('link[rel="canonical"]::attr(href)').get()),
            ("og:url", self.meta.get("og:url")),
        ):
            if not raw or not raw.strip():
                continue
            url = urljoin(self.url, raw.strip())
            host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
            if host and host == self.host.removeprefix("www."):
                return Found(url, source)
        return Found(None)

    # -- fallbacks --------------------------------------------------------------------------
    @cached_property
    def trafilatura(self) -> dict:
        """trafilatura's ``bare_extraction`` of the page (title, author, date, text), or {}."""
        try:
            from trafilatura import bare_extraction
        except ImportError:  # pragma: no cover - a declared dependency
            return {}
        try:
            doc = bare_extraction(
                self.html,
                url=self.url,
                with_metadata=True,
                include_comments=False,
                include_tables=False,
            )
        except Exception:  # trafilatura gives up on some markup; the page is read without it
            return {}
        if doc is None:
            return {}
        return doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)

    # -- not an article ---------------------------------------------------------------------
    def not_article(self) -> str | None:
        """Why the page is not an article page, or None."""
        path = urlsplit(self.url).path
        home = ("", "index.html", "index.htm", "index.php", "home", "trang-chu")
        if path.strip("/") in home and not self.declares_article:
            return "a home page, not an article"
        body_el = self.root.find("body")
        visible = _text_of(body_el if body_el is not None else self.root)
        headings = [self.sel.css("title::text").get() or "", *(_text_of(h) for h in self.h1s[:2])]
        body_chars = _chars_s(self.body.lines) if self.body.source != "trafilatura" else 0
        if body_chars < 2 * MIN_BODY_CHARS and (
            any(_NOT_FOUND_RE.match(norm(h)) for h in headings)
            # A CMS's error box: "Không tìm thấy trang yêu cầu" in an <h2> or a <div>, under
            # the site's usual <title>. Only the page's own text counts (not its menus).
            or _NOT_FOUND_TEXT_RE.search(norm(_text_of(self._pruned())))
        ):
            return "page not found (a 404 page served with status 200)"
        if body_chars < MIN_BODY_CHARS * 2:
            # The wall's own words are in its heading or main box; a "log in to comment"
            # prompt in a comment box does not make an article a wall.
            main = " ".join([*headings, *self.body.lines] if self.body.lines else [visible])
            password = [
                i for i in self.sel.css('input[type="password"]') if i.root not in self._boilerplate
            ]
            if password or _WALL_RE.search(main):
                return "a login or cookie wall, not the article"
            scripts = len(self.sel.css("script"))
            if len(visible) < 400 and (scripts or _JS_RE.search(visible)):
                return "an empty page shell (its content is filled in by JavaScript)"
        if not self.declares_article and self._looks_like_listing():
            return "a listing page, not an article"
        if self.container is None and not self.declares_article:
            return "no article body on the page"
        return None

    def _looks_like_listing(self) -> bool:
        """Many headline links and teasers, and little text of its own."""
        scope = self.container if self.container is not None else self.root
        # A headline link: a story's title (5 words or more) standing on its own, not a
        # link inside a paragraph of running text.
        headlines = [
            a
            for a in scope.iter("a")
            if len(_text_of(a).split()) >= 5
            and a not in self._boilerplate
            and not any(
                _tag(p) == "p" and len(_text_of(p)) > 2 * len(_text_of(a)) for p in _ancestors(a, 3)
            )
        ]
        if len(headlines) >= 4:
            link_chars = sum(len(_text_of(a)) for a in headlines)
            return link_chars >= 0.15 * max(len(_text_of(scope)), 1)
        return False


def _headline_styled(el) -> bool:
    """Whether all of ``el``'s text is bold, or set in a ``<font size>`` of 4 or more."""
    if _bold(el):
        return True
    return _all_styled(
        el,
        lambda n: (
            _tag(n) == "font"
            and (n.get("size") or "").strip() in ("4", "5", "6", "7", "+1", "+2", "+3")
        ),
    )


def _beside_text(el) -> bool:
    """Whether paragraphs of running text (300 characters or more) are near ``el``."""
    anc = el
    for _ in range(3):
        if anc.getparent() is None:
            break
        anc = anc.getparent()
    long = (len(_text_of(p)) for p in anc.iter("p"))
    return sum(n for n in long if n >= 60) >= 300


def _has_img(el) -> bool:
    return any(True for _ in el.iter("img"))


_ITALIC_RE = re.compile(r"font-style\s*:\s*italic", re.IGNORECASE)
_BOLD_RE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.IGNORECASE)


def _bold(el) -> bool:
    """Whether all of ``el``'s text is set in bold (<b>, <strong>, font-weight: bold)."""
    return _all_styled(
        el, lambda n: _tag(n) in ("b", "strong") or bool(_BOLD_RE.search(n.get("style") or ""))
    )


def _all_styled(el, styled) -> bool:
    """Whether no character of ``el``'s text stands outside an element ``styled`` accepts."""
    if styled(el):
        return True

    def plain(node, inside: bool) -> int:
        if _tag(node) in SKIP_TAGS:
            return 0
        inside = inside or styled(node)
        n = 0 if inside else len((node.text or "").strip())
        for c in node:
            if isinstance(c.tag, str):
                n += plain(c, inside)
            n += 0 if inside else len((c.tail or "").strip())
        return n

    return plain(el, False) == 0


def _italic(el) -> bool:
    """Whether all of ``el``'s text is set in italics (<em>, <i>, font-style: italic)."""
    return _all_styled(
        el, lambda n: _tag(n) in ("em", "i") or bool(_ITALIC_RE.search(n.get("style") or ""))
    )


def _ancestors(el, limit: int = 1000) -> list:
    out = []
    p = el.getparent()
    while p is not None and len(out) < limit:
        out.append(p)
        p = p.getparent()
    return out


def _chars(lines: list[tuple[str, bool]]) -> int:
    return sum(len(t) for t, _ in lines)


def _chars_s(lines) -> int:
    return sum(len(t) for t in lines)


def _first_paragraph(container, title=None):
    """The first paragraph of ``container``, not counting the title's own elements."""
    for el in container.iter(*_PARAGRAPH_TAGS):
        if el is container or (title is not None and (el is title or title in _ancestors(el))):
            continue
        if PageReader._own_text(el)[0] >= _MIN_PARAGRAPH:
            return el
    return container


_DATE_WORDS_RE = re.compile(
    r"[\d/:.,|()+\-–]|thứ \w+|chủ nhật|ngày|tháng|năm|gmt|\b(am|pm)\b|sáng|trưa|chiều|tối|"
    r"cập nhật|đăng|lúc|giờ|update\w*",
    re.IGNORECASE,
)


def _is_date_line(line: str) -> bool:
    """A line that is a date and little else ("Thứ bảy, 7/3/2026, 00:05 (GMT+7)"), not a
    sentence that starts with one ("Sáng 12/3/2024, UBND xã tổ chức hội nghị")."""
    if len(line) >= 80 or find_date(line) is None:
        return False
    return len(_DATE_WORDS_RE.sub(" ", line).split()) <= 3


def _sapo_text(el) -> str:
    # A place label set before the lead ("<span class=location-stamp>Hà Nội</span>") is
    # the dateline, not the lead's text.
    stamps = [
        c
        for c in el.iter()
        if c is not el and _STAMP_RE.search(_names(c)) and len(_text_of(c)) < 40
    ]
    text = _text_of(el)
    for stamp in stamps:
        label = _text_of(stamp)
        if label and text.startswith(label):
            text = text[len(label) :].lstrip(" -–—:")
    # A lead ending with a related link: "… năm 2013. >> Công chức được nghỉ 9 ngày"
    return re.split(r"\s(?:>>|»)\s", " " + text, maxsplit=1)[0].strip()


def _lines(element, removed: set) -> list[tuple[str, bool]]:
    """Text of an element, one line per block element or ``<br>``: (line, all of it a link)."""
    lines: list[tuple[str, bool]] = []
    buf: list[str] = []
    linked: list[bool] = []

    def flush() -> None:
        line = norm("".join(buf))
        if line:
            all_link = all(lk for t, lk in zip(buf, linked, strict=True) if t.strip())
            # A line repeated straight after itself is a duplicated caption, not content.
            if not lines or lines[-1][0] != line:
                lines.append((line, all_link))
        buf.clear()
        linked.clear()

    def add(text: str | None, in_link: bool) -> None:
        if text:
            buf.append(text)
            linked.append(in_link)

    def walk(el, in_link: bool) -> None:
        tag = _tag(el)
        if el in removed or tag in SKIP_TAGS or not tag:
            add(el.tail, in_link) if tag or isinstance(el, etree._Comment) else None
            return
        block = tag in BLOCK_TAGS
        if block or tag == "br":
            flush()
        here = in_link or tag == "a"
        add(el.text, here)
        for child in el:
            walk(child, here)
        if block:
            flush()
        add(el.tail, in_link)

    walk(element, False)
    flush()
    return lines


def _element_lines(root, skip: set) -> list[tuple[str, object, bool]]:
    """The page as lines in document order: (text, innermost block element, whether the
    line holds a headline link, i.e. is a teaser of another story)."""
    out: list[tuple[str, object, bool]] = []
    buf: list[str] = []
    teaser = [False]

    def flush(owner) -> None:
        line = norm("".join(buf))
        if line:
            out.append((line, owner, teaser[0]))
        buf.clear()
        teaser[0] = False

    def walk(el, owner) -> None:
        tag = _tag(el)
        if not tag or tag in SKIP_TAGS or el in skip:
            if el.tail:
                buf.append(el.tail)
            return
        block = tag in BLOCK_TAGS or tag == "time"
        if block or tag == "br":
            flush(owner)
        me = el if block else owner
        # A headline has six syllables or more; a section name ("Thị trường chứng khoán")
        # linked beside the date has fewer.
        if tag == "a" and len(_text_of(el).split()) >= 6:
            teaser[0] = True
        if el.text:
            buf.append(el.text)
        for c in el:
            walk(c, me)
        if block:
            flush(me)
        if el.tail:
            buf.append(el.tail)

    walk(root, root)
    flush(root)
    return out


def _htmldate(tree) -> str | None:
    """htmldate on the page's markup; not on its URL, whose numbers (an id such as
    188260306…) are often the day the story was created, not published."""
    try:
        from htmldate import find_date as htmldate_find
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        return htmldate_find(tree, url=None, original_date=True, extensive_search=False)
    except Exception:  # htmldate raises on odd markup; no date is better than a crash
        return None
