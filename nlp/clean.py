"""Cleaning of plain article text: Unicode, whitespace and page boilerplate.

The cleaned text is the reference for every character offset the pipeline
reports, so cleaning happens once, before tokenisation, and nothing later
changes the text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from .rules import load_rules

__all__ = ["CleanOptions", "clean_text", "normalize_unicode"]

# Spaces that are not U+0020 (NBSP, thin spaces, ideographic space) become plain spaces;
# zero-width characters and soft hyphens disappear.
_SPACE_RE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE_RE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MULTISPACE_RE = re.compile(r" {2,}")
_PUNCT_RE = re.compile(r"[^\w\s]", re.UNICODE)
# A letter or digit: str.isalnum (\w is isalnum or "_").
_ALNUM_RE = re.compile(r"[^\W_]")


def normalize_unicode(text: str) -> str:
    """NFC, one kind of space, no invisible or control characters, ``\\n`` line ends."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE_RE.sub("", text)
    text = _CONTROL_RE.sub("", text)
    return _SPACE_RE.sub(" ", text)


@dataclass(frozen=True, slots=True)
class CleanOptions:
    """How article text is cleaned.

    ``drop_boilerplate`` removes the page furniture that real articles carry
    when copied as text (login notices, rating widgets, related-news blocks,
    screenshot names, duplicated captions, bylines); ``paragraph_separator``
    joins the kept lines.
    """

    drop_boilerplate: bool = True
    paragraph_separator: str = "\n\n"

    def __post_init__(self) -> None:
        if self.paragraph_separator.strip() or "\n" not in self.paragraph_separator:
            raise ValueError("paragraph_separator must be white space holding a newline")


class _Rules:
    """Compiled boilerplate rules (built once per process from ``rules/boilerplate.json``)."""

    @cached_property
    def data(self) -> dict:
        return load_rules("boilerplate")

    @cached_property
    def cut_after(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.data["cut_after"]), re.IGNORECASE)

    @cached_property
    def drop_line(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.data["drop_line"]), re.IGNORECASE)

    @cached_property
    def _drop_line_parts(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        # One unanchored pattern ("\.(jpe?g|png…)$") makes the regex engine try every
        # alternative at every position of the line; the anchored ones apart can only
        # match at its start, and the unanchored ones apart scan for their first literal.
        anchored = [p for p in self.data["drop_line"] if _anchored(p)]
        loose = [p for p in self.data["drop_line"] if not _anchored(p)]
        return _alternation(anchored), _alternation(loose)

    def drops_line(self, cell: str) -> bool:
        """Whether a ``drop_line`` pattern matches ``cell`` (``drop_line.search``)."""
        anchored, loose = self._drop_line_parts
        return anchored.search(cell) is not None or loose.search(cell) is not None

    @cached_property
    def cut_after_body(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.data["cut_after_body"]), re.I)

    @cached_property
    def cut_inline(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.data["cut_inline"]), re.IGNORECASE)

    @cached_property
    def line_prefix(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.data["line_prefix"]), re.IGNORECASE)

    @cached_property
    def timestamp_part(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.data["timestamp_parts"]), re.I)

    @cached_property
    def byline_datetime(self) -> re.Pattern[str]:
        return re.compile(self.data["byline_datetime"])


def _anchored(pattern: str) -> bool:
    """Whether ``pattern`` opens with ``^`` and has no ``|`` outside brackets (so each of
    its matches starts at the start of the string)."""
    if not pattern.startswith("^"):
        return False
    depth = 0
    in_class = escaped = False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return False
    return True


def _alternation(patterns: list[str]) -> re.Pattern[str]:
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


_RULES = _Rules()


def _is_code_line(line: str, max_tokens: int) -> bool:
    """Caption codes and file names such as ``HUNG 43980``: digits, no lower-case letter, short,
    and no more than one word unless every word is plain ASCII; an all-capitals headline
    (``GIẢI NGÂN ĐẠT 95% KẾ HOẠCH``) has several Vietnamese words and stays."""
    tokens = line.split()
    if (
        not any(map(str.isdigit, line))
        or any(map(str.islower, line))
        or len(tokens) > max_tokens
    ):
        return False
    words = [t for t in tokens if any(map(str.isalpha, t))]
    return len(words) <= 1 or all(w.isascii() for w in words)


def _dedup_key(line: str) -> str:
    return " ".join(_PUNCT_RE.sub(" ", line.casefold()).split())


def _is_timestamp(cell: str) -> bool:
    """A dateline or update stamp and nothing else: ``Thứ Sáu, 08/09/2023 (GMT+7)``,
    ``Cập nhật ngày: 12/03/2021``, ``Thứ Hai, ngày 3 tháng 6 năm 2024``."""
    if not any(map(str.isdigit, cell)):
        return False
    # No letter or digit outside the parts; a prose line fails at its first gap, without
    # scanning the whole line for parts.
    pos = 0
    for part in _RULES.timestamp_part.finditer(cell):
        if _ALNUM_RE.search(cell, pos, part.start()) is not None:
            return False
        pos = part.end()
    return _ALNUM_RE.search(cell, pos) is None


# Page furniture is short (the longest in the bundled and dev articles is under 100
# characters). A longer line or cell is body text even when it opens with a copyright
# sign or ends with a file name: the rules judge a whole line, not a phrase inside it,
# and a one-line article (a JSONL feed's text) must never be dropped whole.
_FURNITURE_MAX_CHARS = 200


def _is_furniture(cell: str) -> bool:
    if len(cell) > _FURNITURE_MAX_CHARS:
        return False
    rules = _RULES
    if len(cell) > 2 and cell[0] in "([" and cell[-1] in ")]":
        # A credit or counter in brackets ("(Nguồn: …)", "(Ảnh: …)") is furniture as bare.
        cell = cell[1:-1].strip()
    if rules.drops_line(cell) or _is_timestamp(cell):
        return True
    if _is_code_line(cell, rules.data["code_line_max_tokens"]):
        return True
    # A byline or dateline: a short line that ends with a date and a time.
    return bool(
        rules.byline_datetime.search(cell) and len(cell.split()) <= rules.data["byline_max_words"]
    )


def _is_boilerplate(line: str) -> bool:
    if _is_furniture(line):
        return True
    # A header or footer bar ("11:20 AM 02/05/2022 | Lượt xem: 1532 | In bài viết |"): every
    # cell between the bars is furniture. A table row of the body keeps its line.
    cells = [c.strip() for c in line.split("|")]
    return len(cells) > 1 and all(not c or _is_furniture(c) for c in cells)


_SENTENCE_END = (".", "!", "?", "…", ":", ";", '"', "”", "»")


def _is_teaser(line: str) -> bool:
    """A headline of a related-news list: a bullet line, or a short line with no final
    punctuation (headlines have none; body paragraphs end their sentences)."""
    return line[:1] in "-+•*–" or (len(line) <= 160 and not line.endswith(_SENTENCE_END))


def clean_text(text: str, options: CleanOptions | None = None) -> str:
    """Return the cleaned article text: normalised, one paragraph per line, boilerplate removed."""
    options = options or CleanOptions()
    text = normalize_unicode(text)
    kept: list[str] = []
    body_chars = 0
    seen: set[str] = set()
    in_teasers = False
    for raw_line in text.split("\n"):
        line = _MULTISPACE_RE.sub(" ", raw_line.strip())
        if options.drop_boilerplate:
            # Metadata stamps glued before the first words ("date 2023-05 Sáng 12/5, …").
            line = _RULES.line_prefix.sub("", line)
        if not line:
            continue
        if options.drop_boilerplate:
            if in_teasers and _is_teaser(line):
                continue
            in_teasers = False
            if _RULES.cut_after.search(line):
                if any(k.endswith(_SENTENCE_END) for k in kept):
                    break
                # No sentence of the body yet (at most a title): a related-news block above
                # the article, as a sidebar or a page that puts it first. Drop its heading
                # and headlines and keep the article after them.
                in_teasers = True
                continue
            inline = _RULES.cut_inline.search(line)
            if inline and body_chars + inline.start() >= _RULES.data["cut_min_body_chars"]:
                # A rating widget glued to the last sentence: keep the words before it.
                line = line[: inline.start()].rstrip()
                if line and not _is_boilerplate(line):
                    kept.append(line)
                break
            if len(line) <= _FURNITURE_MAX_CHARS and _RULES.cut_after_body.search(line):
                # Comment and poll widgets end the article, but the same headings also sit
                # in sidebars above it: before the body has started they are one line.
                if body_chars >= _RULES.data["cut_min_body_chars"]:
                    break
                continue
            if _is_boilerplate(line):
                continue
            # Captions and titles are often repeated verbatim (photo caption twice, title in
            # the footer); the first copy is the one in reading order.
            key = _dedup_key(line)
            if key in seen:
                continue
            if key:
                seen.add(key)
        kept.append(line)
        body_chars += len(line)
    return options.paragraph_separator.join(kept)
