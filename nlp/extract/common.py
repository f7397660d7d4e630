"""What every extractor reads from a Doc: text, words with tags, sentences, quotes.

A :class:`DocView` is built from a spaCy ``Doc`` (or, in tests, from plain
lists) and is immutable; extractors are pure functions of it.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Views are derived data: keyed weakly by their Doc, so they go when the Doc goes and never
# travel with it (doc.user_data is serialised).
_VIEWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

__all__ = [
    "OPEN_QUOTES",
    "QUOTE_PAIRS",
    "DocView",
    "Word",
    "fold_text",
    "norm_key",
    "phrase_regex",
]

#: Opening quote → accepted closing quotes. Straight quotes close themselves.
QUOTE_PAIRS: dict[str, str] = {
    "“": '”"″',
    '"': '"”',
    "„": '”“"',
    "‘": "’'",
    "'": "'’",
    "«": "»",
    "‹": "›",
    "″": '″"”',
}
OPEN_QUOTES = "".join(QUOTE_PAIRS)
_PUNCT_RE = re.compile(r"[^\w\s]", re.UNICODE)


_ETH = str.maketrans({"Ð": "Đ", "ð": "đ"})  # Icelandic eth, a common stand-in for Đ/đ
# Old-style tone placement on an open "oa/oe/uy" syllable ("hoà", "thuỷ") → new style
# ("hòa", "thủy"): texts use both for the same word.
_OLD_TONE_RE = re.compile(
    r"([oOuU])([aAeEyY])([\u0300\u0301\u0309\u0303\u0323])(?![^\W\d_]|[\u0300-\u036f])"
)


def fold_text(text: str) -> str:
    """NFC and case-folded, with one spelling per syllable: ``Ð`` read as ``Đ`` and the
    old tone placement of ``hoà``/``thuỷ`` moved to ``hòa``/``thủy``."""
    decomposed = unicodedata.normalize("NFD", text.translate(_ETH)).casefold()
    # NFD puts the tone mark after the vowel it sits on; move it from the second vowel
    # of an open oa/oe/uy to the first.
    moved = _OLD_TONE_RE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved)


def norm_key(text: str) -> str:
    """Comparison key: NFC, case-folded, punctuation dropped, white space collapsed."""
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(_PUNCT_RE.sub(" ", text).split())


def phrase_regex(phrases: list[str] | tuple[str, ...] | frozenset[str]) -> str:
    """Alternation of phrases, longest first, with flexible inner white space."""
    parts = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in parts)


@dataclass(frozen=True, slots=True)
class Word:
    """One word of the document (a spaCy token that is not white space)."""

    text: str
    tag: str
    start: int
    end: int


@dataclass(frozen=True)
class DocView:
    """Read-only view of an analysed document."""

    text: str
    words: tuple[Word, ...]
    sentences: tuple[tuple[int, int], ...]

    @classmethod
    def from_doc(cls, doc: Doc) -> DocView:
        """The view of ``doc``; built once per Doc and shared by the extractor components."""
        view = _VIEWS.get(doc)
        if view is not None and view.text == doc.text:
            return view
        words = tuple(
            Word(t.text, t.tag_, t.idx, t.idx + len(t.text)) for t in doc if not t.is_space
        )
        sents = (
            # A sentence's trailing white-space tokens (paragraph breaks) are not part of it.
            tuple((s.start_char, s.start_char + len(s.text.rstrip())) for s in doc.sents)
            if doc.has_annotation("SENT_START")
            else ((0, len(doc.text)),)
        )
        view = cls(doc.text, words, sents)
        _VIEWS[doc] = view
        return view

    @cached_property
    def word_starts(self) -> list[int]:
        """Start offsets of the words, in order (for bisection)."""
        return [w.start for w in self.words]

    @cached_property
    def _sent_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    def sentence_span(self, offset: int) -> tuple[int, int]:
        """The sentence holding ``offset`` (the whole text when there are no sentences)."""
        i = bisect_right(self._sent_starts, offset) - 1
        if i < 0 or offset > self.sentences[i][1]:
            # Offsets between sentences belong to the line around them.
            line_start = self.text.rfind("\n", 0, offset) + 1
            line_end = self.text.find("\n", offset)
            return line_start, len(self.text) if line_end < 0 else line_end
        return self.sentences[i]

    def sentence_text(self, offset: int) -> str:
        a, b = self.sentence_span(offset)
        return self.text[a:b]

    def word_index_at(self, offset: int) -> int | None:
        """Index of the word covering ``offset``, or ``None``."""
        i = bisect_right(self.word_starts, offset) - 1
        if i >= 0 and self.words[i].start <= offset < self.words[i].end:
            return i
        return None

    def word_before(self, offset: int) -> Word | None:
        """The last word ending at or before ``offset``."""
        i = bisect_right(self.word_starts, offset - 1) - 1
        while i >= 0 and self.words[i].end > offset:
            i -= 1
        return self.words[i] if i >= 0 else None

    def word_after(self, offset: int) -> Word | None:
        """The first word starting at or after ``offset``."""
        i = bisect_right(self.word_starts, offset - 1)
        return self.words[i] if i < len(self.words) else None

    @cached_property
    def quoted_spans(self) -> tuple[tuple[int, int], ...]:
        """Spans of quoted text (inside the quotes), each within one line."""
        spans: list[tuple[int, int]] = []
        text = self.text
        i = 0
        while i < len(text):
            ch = text[i]
            closers = QUOTE_PAIRS.get(ch)
            if closers is None or (ch == "'" and i > 0 and text[i - 1].isalpha()):
                i += 1
                continue
            j = i + 1
            while j < len(text) and text[j] not in closers and text[j] != "\n":
                j += 1
            if j < len(text) and text[j] in closers:
                spans.append((i + 1, j))
                i = j + 1
            else:
                i += 1
        return tuple(spans)

    def quote_around(self, start: int, end: int) -> tuple[int, int] | None:
        """The quoted span containing ``[start, end)``, if any."""
        for a, b in self.quoted_spans:
            if a <= start and end <= b:
                return a, b
            if a > start:
                break
        return None
