"""What every extractor reads from a Doc: text, words with tags, sentences, quotes.

A :class:`DocView` is built from a spaCy ``Doc`` (or, in tests, from plain
lists) and is immutable; extractors are pure functions of it.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from itertools import accumulate, compress, islice
from operator import add, not_
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Views are derived data: keyed weakly by their Doc, so they go when the Doc goes and never
# travel with it (doc.user_data is serialised).
_VIEWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

__all__ = [
    "CLOSE_QUOTES",
    "DASHES",
    "EDGE_PUNCT",
    "ELLIPSIS_RE",
    "ETH_AS_D",
    "OPEN_QUOTES",
    "QUOTE_PAIRS",
    "SYLLABLE_RE",
    "DocView",
    "Word",
    "fold_text",
    "norm_key",
    "phrase_before_regex",
    "phrase_regex",
    "sentence_around",
    "strip_span",
    "syllable_count",
    "syllables",
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
#: Every closing quote of :data:`QUOTE_PAIRS`, each once.
CLOSE_QUOTES = "".join(sorted(set("".join(QUOTE_PAIRS.values()))))
_OPENER_RE = re.compile(f"[{re.escape(OPEN_QUOTES)}]")
# Opening quote → the first of its closers or a line end.
_CLOSER_RES = {
    opener: re.compile(f"[{re.escape(closers)}\n]") for opener, closers in QUOTE_PAIRS.items()
}
#: Hyphen, en dash and em dash: the dashes news prose writes between words.
DASHES = "-–—"
#: What an extracted span never starts or ends with: white space, sentence punctuation, dashes.
EDGE_PUNCT = " \t\n,.;:!?…" + DASHES
#: An ellipsis, typed as dots or as the single character.
ELLIPSIS_RE = re.compile(r"\.{3,}|…")
#: A run of characters between white space and sentence punctuation, brackets or quotes.
SYLLABLE_RE = re.compile(r"[^\s,;:.!?()“”\"'‘’]+")
_SENTENCE_END_RE = re.compile(r"[.!?…](?=\s)|\n")
_PUNCT_RE = re.compile(r"[^\w\s]", re.UNICODE)


#: Translation table reading the Icelandic eth, a common stand-in for Đ/đ, as Đ/đ.
ETH_AS_D = str.maketrans({"Ð": "Đ", "ð": "đ"})
# Old-style tone placement on an open "oa/oe/uy" syllable ("hoà", "thuỷ") → new style
# ("hòa", "thủy"): texts use both for the same word.
_OLD_TONE_RE = re.compile(
    r"([oOuU])([aAeEyY])([\u0300\u0301\u0309\u0303\u0323])(?![^\W\d_]|[\u0300-\u036f])"
)


def fold_text(text: str) -> str:
    """NFC and case-folded, with one spelling per syllable: ``Ð`` read as ``Đ`` and the
    old tone placement of ``hoà``/``thuỷ`` moved to ``hòa``/``thủy``."""
    decomposed = unicodedata.normalize("NFD", text.translate(ETH_AS_D)).casefold()
    # NFD puts the tone mark after the vowel it sits on; move it from the second vowel
    # of an open oa/oe/uy to the first.
    moved = _OLD_TONE_RE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved)


def norm_key(text: str) -> str:
    """Comparison key: NFC, case-folded, punctuation dropped, white space collapsed."""
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(_PUNCT_RE.sub(" ", text).split())


def phrase_regex(phrases: Iterable[str], end: Callable[[str], str] | None = None) -> str:
    """Alternation of phrases, longest first, with flexible inner white space.

    ``end``, when given, returns a pattern appended to each phrase (a boundary that depends
    on the phrase, e.g. an abbreviation that may end in a dot).
    """
    # dict, not set: phrases of one length keep their given order, the same in every run
    parts = sorted(dict.fromkeys(p.strip() for p in phrases if p.strip()), key=len, reverse=True)
    return "|".join(
        r"\s+".join(re.escape(w) for w in p.split()) + (end(p) if end else "") for p in parts
    )


def phrase_before_regex(
    phrases: Iterable[str], gap: str = r"\s*", *, capture: bool = False
) -> re.Pattern[str]:
    """Case-blind pattern for one of ``phrases`` ending right before a position, ``gap``
    between them: search it with ``endpos`` at the position. The phrase is group 1 when
    ``capture``; with no phrases the pattern never matches."""
    words = phrase_regex(phrases)
    if not words:
        return re.compile(r"(?!)")
    group = f"({words})" if capture else f"(?:{words})"
    return re.compile(rf"(?<!\w){group}{gap}$", re.IGNORECASE)


def strip_span(text: str, a: int, b: int, chars: str = EDGE_PUNCT) -> tuple[int, int]:
    """``[a, b)`` narrowed past any of ``chars`` at either edge of ``text[a:b]``."""
    while a < b and text[a] in chars:
        a += 1
    while b > a and text[b - 1] in chars:
        b -= 1
    return a, b


def syllables(text: str) -> list[str]:
    """The runs of ``text`` between white space, sentence punctuation, brackets and quotes
    (a hyphenated ``tôm-lúa`` is one run)."""
    return SYLLABLE_RE.findall(text)


def syllable_count(text: str) -> int:
    """The number of words of :func:`norm_key` (every punctuation mark separates, so
    ``tôm-lúa`` counts two)."""
    return len(norm_key(text).split())


def sentence_around(text: str, offset: int) -> str:
    """The sentence of ``text`` holding ``offset``, found from punctuation alone (for records
    read back without their Doc): from the last ``.!?…`` before a space or line break before
    ``offset`` to the next one, stripped."""
    start = 0
    for m in _SENTENCE_END_RE.finditer(text, 0, offset):
        start = m.end()
    m = _SENTENCE_END_RE.search(text, offset)
    end = m.end() if m and m.group() != "\n" else (m.start() if m else len(text))
    return text[start:end].strip()


class Word(NamedTuple):
    """One word of the document (a spaCy token that is not white space); a named tuple,
    since a view holds one per word and tuples are the cheapest immutable records."""

    text: str
    tag: str
    start: int
    end: int


# Word(*fields) without the named tuple's Python-level __new__.
_new_word = partial(tuple.__new__, Word)


@dataclass(frozen=True)
class DocView:
    """Read-only view of an analysed document."""

    text: str
    words: tuple[Word, ...]
    sentences: tuple[tuple[int, int], ...]

    @classmethod
    def from_doc(cls, doc: Doc) -> DocView:
        """The view of ``doc``; built once per Doc and shared by the extractor components."""
        known = _VIEWS.get(doc)
        # A Doc's text never changes; its tokens can (the retokenizer), and then its length
        # does. (Comparing texts would rebuild doc.text, token by token, on every call.)
        if known is not None and known[1] == len(doc):
            return known[0]
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
        _VIEWS[doc] = (view, len(doc))
        return view

    @classmethod
    def from_tokens(
        cls,
        text: str,
        tokens: Sequence[str],
        tags: Sequence[str],
        spaces: Sequence[bool],
        sent_starts: Sequence[bool],
    ) -> DocView:
        """The view :meth:`from_doc` gives of ``Doc(vocab, words=tokens, spaces=spaces,
        tags=tags, sent_starts=sent_starts)`` whose text is ``text``, computed from the lists
        (the tokenizer has them) instead of from spaCy's token objects."""
        n = len(tokens)
        if not len(tags) == len(spaces) == len(sent_starts) == n:
            raise ValueError("tokens, tags, spaces and sent_starts differ in length")
        # As Doc: each token starts where the one before ends, plus its trailing space.
        # Built with C-level iterators (map, accumulate, compress): a view holds every word.
        lengths = list(map(len, tokens))
        offsets = list(accumulate(map(add, lengths, map(bool, spaces)), initial=0))
        ends = list(map(add, offsets, lengths))
        words = tuple(
            map(
                _new_word,
                compress(
                    zip(tokens, tags, offsets, ends, strict=False),  # offsets: n + 1
                    map(not_, map(str.isspace, tokens)),
                ),
            )
        )
        # As Doc.sents: the first token opens a sentence, then every sent_start one; a
        # sentence's text ends with its last token's text, trailing white space cut.
        opens = [0, *compress(range(1, n), islice(sent_starts, 1, None))] if n else []
        sents = []
        for a, b in zip(opens, [*opens[1:], n][: len(opens)], strict=True):
            start, end = offsets[a], ends[b - 1]
            sents.append((start, start + len(text[start:end].rstrip())))
        return cls(text, words, tuple(sents))

    def attach(self, doc: Doc) -> None:
        """Make this the view :meth:`from_doc` returns for ``doc`` (built from its tokens)."""
        _VIEWS[doc] = (self, len(doc))

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
        # Jump from opening quote to opening quote, and to the first closer or line end
        # after it, with C-level searches instead of a Python step per character.
        i = 0
        while (m := _OPENER_RE.search(text, i)) is not None:
            i = m.start()
            ch = text[i]
            if ch == "'" and i > 0 and text[i - 1].isalpha():
                i += 1
                continue
            stop = _CLOSER_RES[ch].search(text, i + 1)
            if stop is not None and text[stop.start()] != "\n":
                j = stop.start()
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
