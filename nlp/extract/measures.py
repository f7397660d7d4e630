"""What each figure measures (``measure``) and whether it is a goal (``target``).

The measure is a phrase of the figure's sentence, as written. Vietnamese names it in one
of a few places, read here from the tagged words and the word lists of
``rules/measures.json``:

- a count: the counted noun after the number with its modifiers, up to a preposition,
  a clause word or the next number; short noun conjuncts continue it (``45 đơn vị hành
  chính cấp xã, phường, thị trấn``), quotes and short parentheticals stay whole;
- a value (%, money, a measure): a subject that opens with a measure head (``tỷ lệ``,
  ``tổng``, ``giá trị``…) before the verbs of change (``Tỷ lệ hộ nghèo giảm còn 1,2%``);
  else the phrase after a share (``95% tuyến đường trục xã``); else the verb a sum is
  spent or earned by (``hỗ trợ 1,8 tỷ đồng``); else the clause's subject;
- a value or count with no phrase of its own (``…, bằng 99,64% kế hoạch``, ``(đạt
  76%)``, ``36% - 34% - 30%``, ``con số này``) continues the previous figure of the
  sentence, so a phrase that governs a series is carried by each number;
- a duration: the activity after it (``5 năm thực hiện đề án``), the event that lasts
  it (``Lễ hội diễn ra trong 3 ngày``), or nothing (``10 năm qua``, ``62 tuổi``).

``target`` is true after a goal cue in the sentence (``phấn đấu``, ``dự kiến``, ``sẽ``,
``phải``, ``thời gian tới``; ``mục tiêu``/``chỉ tiêu``/``kế hoạch``/``dự toán`` opening a
clause; ``đến năm 2035`` when that year lies a planning term after every other year of the
article) unless a result marker or a contrast (``đã``, ``ước đạt``, ``đến nay``,
``nhưng``) stands between (a plan noun that is a ratio's reference, ``đạt 81% kế hoạch
năm``, is no cue); for a number labelled as a plan (``KH: 12%``, ``(KH 70%)``,
``mục tiêu đề ra (6,5%)``, ``kế hoạch đề ra là 11``); for a count whose phrase holds the
cue (``18 công trình dự kiến khánh thành``); and in the sentences after a goal that
continue its list (``Hằng năm, …``, ``Bên cạnh đó, …``). Cues match syllables (the tagger
glues words) unless the tagger's word is longer (``giao | dịch``), never inside names or
quoted titles (a quote's own cues count for numbers inside it); structural counts (``5
nhiệm vụ trọng tâm``) are never targets.

Each sentence is read once: phrase lists are indexed by first syllable (once per rules
object, which also holds the figure rules whose units and range joiners it reads), a
sentence keeps the longest match at each syllable per list, its goal-cue scan and its
quotes, and words are found by bisection on the document's word offsets, so every figure's
queries are table look-ups.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from ..rules import load_rules
from ..types import Figure
from .common import OPEN_QUOTES, QUOTE_PAIRS, DocView, Word, phrase_regex
from .figures import RANGE_DASHES, FigureRules

__all__ = ["MeasureRules", "attach_measures"]

_NUMBER_RE = re.compile(r"^[0-9][0-9.,/\-–]*$")
_FIGURE_END_RE = re.compile(r"^(?:[0-9][0-9.,]*)?%$")
_NOUN_TAGS = frozenset({"N", "Nc", "Nu", "Np", "Ny", "Nb", "Y"})
_CLOSE_QUOTES = frozenset("".join(QUOTE_PAIRS.values()))
_HYPHENS = frozenset("-–")
_ROMAN_RE = re.compile(r"^[IVX]{1,4}$")
_PREDICATE_TAGS = frozenset({"V", "Vb", "Vy", "R"})


def _phrases(items: Sequence[str]) -> frozenset[str]:
    return frozenset(" ".join(p.lower().split()) for p in items)


@dataclass(frozen=True, eq=False)
class _PhraseIndex:
    """A phrase set indexed for matching at a position without joining every length.

    ``by_first``: first syllable → the lengths (in syllables, longest first) of the phrases
    opening with it; ``prefixes``/``suffixes``: every run of whole syllables opening or
    closing a phrase, so a word-by-word match stops as soon as no phrase can continue.
    Compared by identity: each lives on its rules and keys the per-sentence tables.
    """

    phrases: frozenset[str]
    by_first: dict[str, tuple[int, ...]]
    prefixes: frozenset[str]
    suffixes: frozenset[str]

    @classmethod
    def of(cls, phrases: frozenset[str]) -> _PhraseIndex:
        lengths: dict[str, set[int]] = {}
        prefixes: set[str] = set()
        suffixes: set[str] = set()
        for phrase in phrases:
            syls = phrase.split()
            if not syls:
                continue
            lengths.setdefault(syls[0], set()).add(len(syls))
            for k in range(1, len(syls) + 1):
                prefixes.add(" ".join(syls[:k]))
                suffixes.add(" ".join(syls[-k:]))
        by_first = {w: tuple(sorted(ls, reverse=True)) for w, ls in lengths.items()}
        return cls(phrases, by_first, frozenset(prefixes), frozenset(suffixes))


@dataclass(frozen=True)
class MeasureRules:
    """Compiled measure rules (from ``rules/measures.json`` unless given), with the figure
    rules whose units they read (``figure_rules``)."""

    data: dict
    figure_rules: FigureRules
    # Word lists and their indexes, built on first use and kept as long as the rules.
    _lists: dict[tuple[str, ...], frozenset[str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _indexes: dict[tuple[str, ...], _PhraseIndex] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def default(cls, figure_rules: FigureRules | None = None) -> MeasureRules:
        """The shipped rules, reading units from ``figure_rules`` (the shipped ones unless
        given)."""
        if figure_rules is None:
            figure_rules = FigureRules.default()
        return cls(load_rules("measures"), figure_rules)

    def words(self, *keys: str) -> frozenset[str]:
        """The word lists ``keys`` of the rules (their union), lower-cased, each phrase's
        spaces collapsed."""
        found = self._lists.get(keys)
        if found is None:
            found = self._lists[keys] = frozenset().union(
                *(_phrases(self.data[key]) for key in keys)
            )
        return found

    def index(self, *keys: str) -> _PhraseIndex:
        """The word lists ``keys`` (their union, as :meth:`words`) indexed for matching."""
        found = self._indexes.get(keys)
        if found is None:
            found = self._indexes[keys] = _PhraseIndex.of(self.words(*keys))
        return found

    @cached_property
    def value_units(self) -> frozenset[str]:
        """Units read as values: the rules' own, and every currency or measure unit the
        figure rules know."""
        units = set(self.data["value_units"])
        figures = self.figure_rules.data
        units.update(figures.get("currencies", {}).values())
        units.update(figures.get("measures", {}).values())
        return frozenset(u.lower() for u in units)

    @cached_property
    def money_units(self) -> frozenset[str]:
        """The currency units of the figure rules."""
        currencies = self.figure_rules.data.get("currencies", {})
        return frozenset(u.lower() for u in currencies.values())

    def number(self, key: str) -> int:
        """The numeric setting ``key`` (a length limit in words)."""
        return int(self.data[key])

    @cached_property
    def cue_openers(self) -> frozenset[str]:
        """First syllables of every goal cue a sentence scan looks for, to skip sentences
        without one."""
        keys = ("goal_cues", "clause_initial_cues", "future_year_cues")
        return frozenset(syl for key in keys for syl in self.index(key).by_first)

    @cached_property
    def range_gap(self) -> re.Pattern[str]:
        """What joins the bounds of a range: a dash or a range word of the figure rules
        (``75-80``, ``5 — 10%``, ``6 đến 9``)."""
        words = phrase_regex(self.figure_rules.data["range_words"])
        return re.compile(rf"\s*(?:[{RANGE_DASHES}]|{words})\s*", re.IGNORECASE)


# -- words of one sentence ---------------------------------------------------------------


def _span_start(span: tuple[int, int]) -> int:
    return span[0]


def _span_end(span: tuple[int, int]) -> int:
    return span[1]


@dataclass(frozen=True)
class _Sentence:
    """The words of one sentence, with lower-case texts for phrase matching."""

    view: DocView
    start: int
    end: int
    first: int  # index in ``view.words`` of the sentence's first word
    words: tuple[Word, ...]
    lower: tuple[str, ...]
    # Per-sentence tables computed once and reused by every figure of the sentence
    # (longest phrase match at each syllable, goal-cue scan).
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, view: DocView, start: int, end: int) -> _Sentence:
        """The words of ``view`` inside the offsets ``[start, end)``."""
        starts = view.word_starts
        a = bisect_left(starts, start)
        b = bisect_left(starts, end, a)
        if b > a and view.words[b - 1].end > end:
            b -= 1  # words do not overlap: only the last can run past the end
        words = view.words[a:b]
        return cls(view, start, end, a, words, tuple(w.text.lower() for w in words))

    def index_starting_at_or_after(self, offset: int, strictly: bool = False) -> int:
        """Index of the first word starting at or after ``offset`` (after it: ``strictly``;
        ``len(words)``: none), by bisection on the view's word starts."""
        find = bisect_right if strictly else bisect_left
        lo = self.first
        return find(self.view.word_starts, offset, lo, lo + len(self.words)) - lo

    def index_at_or_after(self, offset: int) -> int:
        """Index of the first word ending after ``offset`` (``len(words)``: none)."""
        i = self.index_starting_at_or_after(offset, strictly=True) - 1  # starts at or before
        return i if i >= 0 and self.words[i].end > offset else i + 1

    def words_within(self, start: int, end: int) -> range:
        """Indices of the words lying wholly inside the offsets ``[start, end)``."""
        a = self.index_starting_at_or_after(start)
        b = self.index_starting_at_or_after(end)
        if b > a and self.words[b - 1].end > end:
            b -= 1
        return range(a, b)

    def match_at(self, i: int, index: _PhraseIndex, max_words: int = 3) -> int:
        """Number of words from ``i`` forming one of the phrases of ``index`` (longest),
        else 0."""
        phrases = index.phrases
        best = 0
        text = ""
        for k in range(max_words):
            if i + k >= len(self.words):
                break
            text = self.lower[i + k] if k == 0 else text + " " + self.lower[i + k]
            if text not in index.prefixes:
                break
            if text in phrases:
                best = k + 1
        return best

    def match_ending(self, j: int, index: _PhraseIndex, max_words: int = 3) -> int:
        """Number of words ending at ``j`` (inclusive) forming one of the phrases of
        ``index`` (longest), else 0."""
        phrases = index.phrases
        best = 0
        text = ""
        for k in range(max_words):
            if j - k < 0:
                break
            text = self.lower[j - k] if k == 0 else self.lower[j - k] + " " + text
            if text not in index.suffixes:
                break
            if text in phrases:
                best = k + 1
        return best

    def starts_with(self, i: int, phrases: frozenset[str]) -> bool:
        """Whether the syllables from word ``i`` begin with one of ``phrases``."""
        syls = " ".join(self.lower[i : i + 3]).split()
        return any(" ".join(syls[:k]) in phrases for k in range(1, len(syls) + 1))

    @cached_property
    def quote_of(self) -> dict[int, int]:
        """Word index → the start offset of the quote holding it."""
        inside: dict[int, int] = {}
        spans = self.view.quoted_spans
        # Quotes are disjoint and in text order: from the first one ending after the start.
        for a, b in spans[bisect_right(spans, self.start, key=_span_end) :]:
            if a >= self.end:
                break
            for i in self.words_within(a, b):
                inside.setdefault(i, a)
        return inside

    @cached_property
    def quoted_words(self) -> frozenset[int]:
        """Indices of the words inside quotes."""
        return frozenset(self.quote_of)

    @cached_property
    def syllables(self) -> tuple[tuple[str, int], ...]:
        """Lower-case syllables with the index of their word."""
        return tuple((syl, i) for i, text in enumerate(self.lower) for syl in text.split())

    @cached_property
    def _first_syllable(self) -> tuple[int, ...]:
        firsts = [0] * (len(self.words) + 1)
        p = 0
        for i, text in enumerate(self.lower):
            firsts[i] = p
            p += len(text.split())
        firsts[len(self.words)] = p
        return tuple(firsts)

    def syllables_of(self, i: int) -> range:
        return range(self._first_syllable[i], self._first_syllable[i + 1])

    def syl_table(self, index: _PhraseIndex, max_len: int = 4) -> tuple[int, ...]:
        """Length in syllables of the longest phrase of ``index`` starting at each syllable
        (0: none), computed once per sentence and phrase set."""
        key = ("syl", index, max_len)
        table = self.memo.get(key)
        if table is None:
            phrases = index.phrases
            by_first = index.by_first
            syls, distinct = self._syllable_set
            n = len(syls)
            found = [0] * n
            # Only the syllables that open a phrase can start a match: visit those
            # positions only (most sentences have none or few).
            opening = distinct & by_first.keys()
            if opening:
                for p in [p for p, syl in enumerate(syls) if syl in opening]:
                    for k in by_first[syls[p]]:
                        if k <= max_len and p + k <= n and " ".join(syls[p : p + k]) in phrases:
                            found[p] = k
                            break
            table = self.memo[key] = tuple(found)
        return table

    @cached_property
    def _syllable_set(self) -> tuple[list[str], frozenset[str]]:
        """The lower-case syllables, and the set of them."""
        syls = [syl for syl, _ in self.syllables]
        return syls, frozenset(syls)

    def syl_match(self, p: int, index: _PhraseIndex, max_len: int = 4) -> int:
        """Length in syllables of the longest phrase of ``index`` starting at syllable
        ``p``."""
        table = self.syl_table(index, max_len)
        return table[p] if 0 <= p < len(table) else 0

    @cached_property
    def _cased(self) -> tuple[bool, ...]:
        return tuple(syl[:1].isupper() for w in self.words for syl in w.text.split())

    def in_name(self, p: int) -> bool:
        """Whether syllable ``p`` is capitalised next to another capitalised syllable."""
        cased = self._cased
        return cased[p] and (
            (p > 0 and cased[p - 1] and not self.is_punct(self.syllables[p - 1][1]))
            or (p + 1 < len(cased) and cased[p + 1] and not self.is_punct(self.syllables[p + 1][1]))
        )

    @cached_property
    def _punct(self) -> tuple[bool, ...]:
        return tuple(not any(map(str.isalnum, w.text)) for w in self.words)

    def is_punct(self, i: int) -> bool:
        return self._punct[i]

    def is_number(self, i: int) -> bool:
        return bool(_NUMBER_RE.match(self.words[i].text))

    def is_noun(self, i: int) -> bool:
        w = self.words[i]
        return w.tag in _NOUN_TAGS or (w.text[:1].isupper() and w.tag not in ("V", "CH"))

    def is_verb(self, i: int) -> bool:
        return self.words[i].tag in ("V", "Vb", "Vy")


# -- the phrase after the number ----------------------------------------------------------


def _skip_quote_forward(s: _Sentence, i: int) -> int | None:
    """Index after the closing quote of a quote opening at word ``i`` (None: unclosed)."""
    word = s.words[i]
    spans = s.view.quoted_spans
    # The quote's text starts inside the word or right after it: "“Xanh", "“ Xanh".
    for a, b in spans[bisect_left(spans, word.start + 1, key=_span_start) :]:
        if a > word.end:
            break
        if a == word.end or a == word.start + 1:
            j = s.index_starting_at_or_after(b)  # the closing quote
            return j + 1 if j < len(s.words) else None
    return None


def _skip_paren_forward(s: _Sentence, rules: MeasureRules, i: int) -> int | None:
    """Index after a short parenthetical (an abbreviation) opening at ``i``, else None."""
    limit = min(len(s.words), i + rules.number("max_paren_words") + 2)
    for j in range(i + 1, limit):
        if s.words[j].text == ")":
            inner = range(i + 1, j)
            if inner and not any(s.is_number(k) for k in inner):
                return j + 1
            return None
    return None


def _conjunct_ok(s: _Sentence, rules: MeasureRules, i: int) -> bool:
    """After ``,`` or ``và``: does a short noun conjunct start at ``i`` (``xã, phường``)?

    The conjunct is 1 to ``max_conjunct_words`` nouns (a determiner may lead) followed by
    punctuation, a quote, another conjunction or a preposition; a verb after it means a
    new clause (``chị tham gia, số tiền tiết kiệm thu được …``).
    """
    n = 0
    j = i
    if j < len(s.words) and s.starts_with(j, rules.words("measure_heads")):
        return False  # "…, tổng thu từ du lịch …": a new measure, not a conjunct
    while j < len(s.words) and s.lower[j] in rules.words("plural_determiners"):
        j += 1
    while j < len(s.words) and n < rules.number("max_conjunct_words"):
        if (
            s.is_punct(j)
            or s.is_number(j)
            or s.match_at(j, rules.index("stops_after"))
            or s.match_at(j, rules.index("conjunct_followers"))
        ):
            break
        if not s.is_noun(j):
            return False
        n += 1
        j += 1
    if n == 0:
        return False
    if j >= len(s.words):
        return True
    if s.is_number(j):
        return False
    if s.is_punct(j):
        return s.words[j].text not in _HYPHENS
    return bool(s.match_at(j, rules.index("conjunct_followers")))


def _pair_conjunct(s: _Sentence, rules: MeasureRules, i: int, j: int) -> bool:
    """After a short head at ``[i, j)`` and the comma ``j``: a word of the same kind that
    pairs with the last word before the comma and shares what follows (``88% thôn, tổ dân
    phố đạt danh hiệu``, ``6.248 vụ, việc các loại``, ``cơ sở sản xuất, kinh doanh thực
    phẩm``). A number or a clause word (``là``, ``đã``) before the next punctuation, or a
    person, means a new clause (``… 420 cơ sở, phát hiện 58 cơ sở``, ``…, anh Ba đã``)."""
    k = j + 1
    if j - i > rules.number("max_pair_head_words") or k >= len(s.words):
        return False
    last = j - 1
    if s.is_noun(last):
        same = s.is_noun(k)
    elif s.is_verb(last) and last > i and s.is_noun(i):
        same = s.is_verb(k) and not s.match_at(k, rules.index("change_verbs"))
    else:
        return False
    if (
        not same
        or s.words[k].tag == "Np"
        or s.words[k].text[:1].isupper()
        or s.starts_with(k, rules.words("measure_heads"))
        or s.match_at(k, rules.index("stops_after"))
        or s.match_at(k, rules.index("conjunct_followers"))
        or s.lower[k] in rules.words("agent_words")
    ):
        return False
    m = k
    while m < len(s.words) and not s.is_punct(m) and s.lower[m] not in rules.words("conjunctions"):
        if s.is_number(m) or s.match_at(m, rules.index("hard_stops_before")):
            return False  # "128 ấp, trung tâm huyện là …": a new clause with its subject
        m += 1
    return True


def _forward_phrase(
    s: _Sentence, rules: MeasureRules, i: int, max_words: int | None = None, lists: bool = True
) -> tuple[int, int] | None:
    """Word range ``[i, j)`` of the noun phrase starting at ``i``, or None. ``lists``: go on
    across commas and ``và`` through short noun conjuncts (``xã, phường, thị trấn``)."""
    cap = max_words or rules.number("max_forward_words")
    j = i
    count = 0
    while j < len(s.words) and count < cap:
        text = s.words[j].text
        if s.is_punct(j):
            if text[:1] in OPEN_QUOTES:
                after = _skip_quote_forward(s, j)
                if after is None:
                    break
                j = after
                count += 1
                continue
            if text == "(" and j > i:
                after = _skip_paren_forward(s, rules, j)
                if after is None:
                    break
                j = after
                continue
            if (
                text == ","
                and lists
                and j > i
                and (_conjunct_ok(s, rules, j + 1) or _pair_conjunct(s, rules, i, j))
            ):
                j += 1
                continue
            if (
                text in _HYPHENS
                and j > i
                and _glued_or_spaced_compound(s, rules, j)
                and not s.match_at(j + 1, rules.index("stops_after"))
            ):
                j += 1
                continue
            break
        if s.is_number(j):
            break
        if s.lower[j] in rules.words("conjunctions") and j > i:
            if lists and _conjunct_ok(s, rules, j + 1):
                j += 1
                continue
            break
        if j > i and _stops_phrase(s, rules, j):
            break
        j += 1
        count += 1
    if j < len(s.words) and j > i + 1 and s.is_number(j):
        # Cut off before its object, a trailing verb is a fragment of a predicate:
        # "16 hội viên khá giàu đóng góp | 16 triệu đồng".
        while j > i + 1 and (s.is_verb(j - 1) or s.lower[j - 1] in rules.words("passive_markers")):
            j -= 1
    j = _trim_tail(s, rules, i, j)
    return (i, j) if j > i else None


def _stops_phrase(s: _Sentence, rules: MeasureRules, j: int) -> bool:
    """Whether word ``j`` ends a noun phrase running forward: a stop word (``tại``,
    ``của``, ``để``…), except inside a compound (``nhà ở``) or before the agent of a
    relative clause (``chức danh do Hội đồng nhân dân bầu``; ``do vi phạm`` is a cause and
    ends it)."""
    nxt = j + 1 if j + 1 < len(s.words) else None
    if not s.match_at(j, rules.index("stops_after")):
        return False
    if " ".join(s.lower[j - 1 : j + 1]) in rules.words("stop_compounds"):
        return False
    if nxt is None:
        return True
    if s.lower[j] in rules.words("agent_stops"):
        return not (s.is_noun(nxt) or s.words[nxt].text[:1].isupper())
    return True


def _glued_or_spaced_compound(s: _Sentence, rules: MeasureRules, j: int) -> bool:
    """A hyphen between two words that are not numbers: ``nông - lâm``, ``Công nghiệp-xây``,
    ``công nghiệp - xây dựng`` (the tagger calls the second a verb). A verb of change after
    it, or a verb before a number, is a predicate set off by a dash (``Giá lúa - tăng``)."""
    if not (
        0 < j < len(s.words) - 1
        and not s.is_punct(j - 1)
        and not s.is_punct(j + 1)
        and not s.is_number(j - 1)
        and not s.is_number(j + 1)
    ):
        return False
    if not s.is_verb(j + 1):
        return True
    return (
        s.is_noun(j - 1)
        and not s.match_at(j + 1, rules.index("change_verbs"))
        and j + 2 < len(s.words)
        and not s.is_number(j + 2)
        and not s.is_punct(j + 2)
    )


def _closes_group(s: _Sentence, i: int) -> bool:
    """A closing quote or parenthesis: it ends a name or an abbreviation inside a phrase."""
    return s.words[i].text[:1] in _CLOSE_QUOTES or s.words[i].text == ")"


def _trim_tail(s: _Sentence, rules: MeasureRules, i: int, j: int) -> int:
    while j > i:
        k = s.match_ending(j - 1, rules.index("trim_tail"))
        if k and " ".join(s.lower[j - 2 : j]) in rules.words("stop_compounds"):
            break  # "nhà ở"
        if k and j - k >= i + 1:
            j -= k
            continue
        if s.is_punct(j - 1) and not _closes_group(s, j - 1):
            j -= 1
            continue
        break
    return j


# -- the phrase before the number ---------------------------------------------------------


def _skip_back_time(s: _Sentence, rules: MeasureRules, j: int) -> int:
    """Skip a time frame ending at ``j`` (``năm 2021``, ``giai đoạn 2015 - 2020``)."""
    k = j
    seen_number = False
    while k >= 0 and (s.is_number(k) or s.words[k].text in _HYPHENS):
        seen_number = seen_number or s.is_number(k)
        k -= 1
    if not seen_number:
        return j
    while k >= 0:
        n = s.match_ending(k, rules.index("time_nouns"))
        if not n:
            break
        k -= n
    return k


def _back_boundary(s: _Sentence, rules: MeasureRules, j: int) -> int:
    """Index of the first word of the window ending at ``j``: back to punctuation, a
    number, or a clause word; quotes and short parentheticals are kept whole."""
    k = j
    while k >= 0:
        text = s.words[k].text
        if s.is_punct(k):
            if text[:1] in _CLOSE_QUOTES and k > 0:
                opener = _quote_opener(s, k)
                if opener is not None:
                    k = opener - 1
                    continue
            if text == ")":
                opener = _paren_opener(s, rules, k)
                if opener is not None:
                    k = opener - 1
                    continue
            if text in _HYPHENS and _glued_or_spaced_compound(s, rules, k):
                k -= 1
                continue
            break
        if s.is_number(k):
            if _limit_inside(s, rules, k, j):
                k -= 2  # "trẻ dưới 5 tuổi": an age or size limit inside the phrase
                continue
            # a document code or a time frame ends the window; so does a bare number
            break
        n = s.match_ending(k, rules.index("hard_stops_before"))
        if n and not s.match_at(k - n + 1, rules.index("stop_modifiers")):
            break  # (not "còn lại", remaining: a modifier of the noun before)
        k -= 1
    return k + 1


def _limit_inside(s: _Sentence, rules: MeasureRules, k: int, j: int) -> bool:
    """Whether the number ``k`` is an age or size limit of the noun before it (``trẻ dưới
    5 tuổi``, ``nhà dưới 30 m2``) inside a phrase that goes on up to ``j``."""
    return (
        2 <= k < j
        and s.lower[k + 1] in rules.words("limit_units")
        and s.lower[k - 1] in rules.words("limit_words")
        # a noun before the limit, not a clause edge or another figure ("đạt 5, dưới 3 tuổi")
        and not s.is_punct(k - 2)
        and not s.is_number(k - 2)
    )


def _quote_opener(s: _Sentence, k: int) -> int | None:
    """Index of the word holding the opening quote of a quote closed by word ``k``."""
    end = s.words[k].start
    spans = s.view.quoted_spans
    n = bisect_left(spans, end, key=_span_end)
    if n == len(spans) or spans[n][1] != end:
        return None
    m = s.index_at_or_after(spans[n][0]) - 1  # the last word ending at or before the text
    return m if 0 <= m < k else None


def _paren_opener(s: _Sentence, rules: MeasureRules, k: int) -> int | None:
    for m in range(k - 1, max(-1, k - rules.number("max_paren_words") - 2), -1):
        if s.words[m].text == "(":
            inner = range(m + 1, k)
            if inner and not any(s.is_number(x) for x in inner):
                return m
            return None
    return None


def _head_in(s: _Sentence, rules: MeasureRules, a: int, b: int) -> int | None:
    """The first measure head (``tỷ lệ``, ``tổng``…) in words ``[a, b)``."""
    for i in range(a, b):
        if s.starts_with(i, rules.words("measure_heads")):
            return i
    return None


def _has_noun(s: _Sentence, a: int, b: int) -> bool:
    return any(s.is_noun(i) for i in range(a, b))


def _backward_phrase(s: _Sentence, rules: MeasureRules, j: int) -> tuple[int, int] | None:
    """Word range of the noun phrase ending at ``j`` (inclusive), or None."""
    if j < 0 or (s.is_punct(j) and not _closes_group(s, j)):
        return None
    if s.lower[j] in rules.words("conjunctions"):
        return None  # "92% dân số … và | 45% …": the number opens a new conjunct
    a = _back_boundary(s, rules, j)
    if a > j:
        return None
    head = _head_in(s, rules, a, j + 1)
    if head is None:
        head = _head_across_commas(s, rules, a)
        if head is None:  # (index 0 is a head too)
            head = _head_across_number(s, rules, a)
        if head is None and not any(s.is_verb(i) for i in range(a, j + 1)):
            # (a verb after the period starts the predicate: "chỉ tiêu giai đoạn 2021-2025
            # cứng hóa 1.200 km đường" measures the road, not the plan)
            head = _head_across_period(s, rules, a)
    if head is not None:
        return head, j + 1
    if not _has_noun(s, a, j + 1) and a > 0:
        # "giá … đang được thu mua ở mức": only verbs after the aspect word; the subject
        # stands before it.
        stop = s.match_ending(a - 1, rules.index("hard_stops_before"))
        if stop and s.lower[a - 1] in rules.words("aspect_markers"):
            return _backward_phrase(s, rules, a - 1 - stop)
        if not any(s.is_verb(i) for i in range(a, j + 1)):
            return None  # function words only: "… năm 2021 và | tăng 2,5%"
    # A soft stop ("có", "với") closes the window when no head is in it, and so does a
    # conjunction before a verb, which coordinates predicates ("… chơi hụi và | thiếu
    # tiền hụi là …").
    quoted = s.quoted_words
    for m in range(j - 1, a - 1, -1):
        if m in quoted:
            continue
        if s.lower[m] in rules.words("soft_stops_before") or (
            s.lower[m] in rules.words("conjunctions")
            and s.is_verb(m + 1)
            and not s.is_verb(m - 1)
            and not s.words[m + 1].text[:1].isupper()
        ):
            a = m + 1
            break
    return a, j + 1


def _head_across_number(s: _Sentence, rules: MeasureRules, a: int) -> int | None:
    """Cross a number inside the phrase back to its head: "Tỷ lệ trẻ em dưới 5 tuổi suy
    dinh dưỡng giảm còn 12,5%"."""
    k = a - 1
    limit = max(0, a - rules.number("max_conjunct_words") - 3)
    if k < 0 or not s.is_number(k):
        return None
    while k >= limit:
        if s.is_punct(k) or s.match_ending(k, rules.index("hard_stops_before")):
            return None
        if s.starts_with(k, rules.words("measure_heads")):
            return k
        k -= 1
    return None


def _head_across_period(s: _Sentence, rules: MeasureRules, a: int) -> int | None:
    """Cross a period phrase inside the subject back to its head: "tổng thu ngân sách nhà
    nước 10 tháng năm 2023 trên địa bàn huyện đạt …"."""
    k = a - 1
    if k < 1 or not s.is_number(k):
        return None
    p = _skip_back_frame(s, rules, k)
    if p == k or p < 0 or s.is_punct(p) or s.is_number(p):
        return None
    return _head_in(s, rules, _back_boundary(s, rules, p), p + 1)


def _head_across_commas(s: _Sentence, rules: MeasureRules, a: int) -> int | None:
    """Cross commas back to a comma-separated segment that opens with a measure head:
    "tốc độ tăng trưởng ngành công nghiệp chế biến, chế tạo … đạt 19%"."""
    k = a - 1
    while k > 0 and s.words[k].text == ",":
        prev = _back_boundary(s, rules, k - 1)
        if prev > k - 1 or (prev > 0 and s.words[prev - 1].text == "/"):
            return None  # nothing, or the per-unit suffix of a figure ("đồng/lượng")
        if s.starts_with(prev, rules.words("measure_heads")):
            return prev
        if k - prev > rules.number("max_conjunct_words"):
            return None
        k = prev - 1
    return None


# -- one figure ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    figure_end: int = -1  # where the figure that found this span ends


def _span(s: _Sentence, a: int, b: int) -> _Span:
    return _Span(s.words[a].start, s.words[b - 1].end)


def _figure_words(s: _Sentence, f: Figure) -> tuple[int, int]:
    """Indices of the first word of ``f`` and of the first word after it."""
    first = s.index_at_or_after(f.start)
    after = s.index_at_or_after(f.end)
    if after < len(s.words) and s.words[after].start < f.end:
        after += 1  # the figure ends inside a word ("trở" of "trở lên")
    return first, after


def _is_value(f: Figure, rules: MeasureRules) -> bool:
    return f.unit is None or f.unit.lower() in rules.value_units


def _count_start(s: _Sentence, f: Figure) -> tuple[int, int] | None:
    """Index of the word holding the counted noun of ``f``, and the noun's offset (the
    tagger sometimes glues the number to it: "24.633 hộ")."""
    if not f.unit:
        return None
    pos = f.text.rfind(f.unit)
    if pos < 0:
        return None
    return s.index_at_or_after(f.start + pos), f.start + pos


def _measure_of(
    s: _Sentence, rules: MeasureRules, f: Figure, previous: _Span | None
) -> _Span | None:
    """Where the measure of ``f`` stands in the sentence, or None when it says nothing.

    ``previous`` is the measure of the figure before ``f`` in the sentence, which a figure
    with no phrase of its own continues.
    """
    first, after = _figure_words(s, f)
    if (f.unit or "").lower() in rules.words("duration_units"):
        return _duration_measure(s, rules, f, first, after)
    if _is_value(f, rules):
        return _value_measure(s, rules, f, first, after, previous)
    glued = _glued_material(f, rules)
    if glued:
        # "285.000 tấn nhân": the tagger glued the product to the unit; the unit is never
        # part of the measure, the subject names it first, else the product does.
        headed = _headed_before(s, rules, first, previous)
        return headed or _Span(f.end - len(glued), f.end)
    return _count_measure(s, rules, f, first, after, previous)


def _glued_material(f: Figure, rules: MeasureRules) -> str:
    """The product glued after a unit of mass or volume in the figure's unit (``nhân`` of
    ``tấn nhân``), else ""."""
    unit = f.unit or ""
    head, _, rest = unit.partition(" ")
    if head.lower() not in rules.words("material_units") or not f.text.endswith(unit):
        return ""
    return rest.strip()


def _count_measure(
    s: _Sentence, rules: MeasureRules, f: Figure, first: int, after: int, previous: _Span | None
) -> _Span | None:
    """A count: the counted noun with its modifiers (``38 đội văn nghệ quần chúng``)."""
    if _alone_in_parentheses(s, first, after):
        # "xét nghiệm diện rộng (3 vòng)": the parenthesis annotates the phrase before.
        rng = _backward_phrase(s, rules, first - 2) if first >= 2 else None
        place = _place_before(s, rules, *rng) if rng is not None else None
        if place is not None:
            # "nhiều nhất là Thăng Bình (1.120 hộ), …": a place is no measure; the list
            # counts what the phrase before it names, else the counted noun.
            return previous or _list_subject(s, rules, f, place) or _unit_span(s, f)
        return previous or (_span(s, *rng) if rng else None)
    found = _count_start(s, f)
    if found is None:
        return None
    start, offset = found
    if start >= len(s.words):
        return None
    unit_end = _unit_end(s, rules, f, start)
    if unit_end is not None:
        # "6,4 triệu TEU", "tăng 4,3 điểm phần trăm": a unit, read as a value's.
        return _value_measure(s, rules, f, first, unit_end, previous)
    # The unit, not the word: the tagger may glue the number to it ("420.000 lượt").
    generic = " ".join((f.unit or "").lower().split()) in rules.words("generic_count_nouns")
    headed = _headed_before(s, rules, first, previous)
    if generic:
        # "Ban Chấp hành … gồm 21 người", "dân số của huyện khoảng 120.000 người": the
        # body or the measure counted in people, not "người".
        body = _member_body(s, rules, first) or headed or _noun_before(s, rules, first)
        if body is not None:
            return body
    subject = headed or _subject_of_change(s, rules, first)
    if subject is not None and _mentions(s, subject, f.unit or ""):
        # The subject names the counted noun more fully: "số hộ nghèo giảm từ 1.200 hộ
        # xuống còn 650 hộ", "kết nạp đảng viên mới đạt 1.600 đảng viên".
        return subject
    rng = _forward_phrase(s, rules, start)
    if rng is None:
        return None
    if (
        previous is not None
        and rng[1] == start + 1
        and (start + 1 >= len(s.words) or s.is_punct(start + 1))
        and _shortened_from(s, previous, f.unit or "")
        and not any(
            s.is_verb(k) for k in s.words_within(max(previous.end, previous.figure_end), f.start)
        )
    ):
        # "huyện A xây 12 tuyến đường kiểu mẫu, huyện B 10 tuyến": an item of a series
        # whose verb is left out names only the counted noun's head; it counts what the
        # item before counts (not after a verb of its own: "…; xây mới 5 trường").
        return previous
    if generic and rng[1] == start + 1:
        # A bare "lượt", "người" after a verb of change counts the subject:
        # "khách quốc tế đạt 150.000 lượt", "Đàn gia súc của huyện có 52.000 con".
        subject = _subject_of_change(s, rules, first, having=True)
        if subject is not None:
            return subject
    span = _span(s, *rng)
    return _Span(max(span.start, offset), span.end)


def _place_before(s: _Sentence, rules: MeasureRules, a: int, b: int) -> int | None:
    """Where the place ending the phrase ``[a, b)`` begins, when the phrase is a proper
    name only (``Thăng Bình``) or ends with one after a list word or a place noun (``ở Tân
    Hiệp``, ``các huyện Đại Lộc``); else None."""
    k = b
    while k > a and (s.words[k - 1].tag == "Np" or s.words[k - 1].text[:1].isupper()):
        k -= 1
    if k == b:
        return None
    if k == a or s.match_ending(k - 1, rules.index("list_introducers", "agent_words")):
        return k
    return None


def _list_subject(s: _Sentence, rules: MeasureRules, f: Figure, a: int) -> _Span | None:
    """The phrase before the introducer of a list of places that opens at ``a``, when it
    names the counted noun (``số hộ được hỗ trợ nhiều nhất là …``, ``số hộ … tập trung ở
    các huyện …``)."""
    j = a - 1
    while j >= 0 and s.match_ending(j, rules.index("agent_words")):
        j -= s.match_ending(j, rules.index("agent_words"))  # "các huyện"
    n = s.match_ending(j, rules.index("list_introducers")) if j >= 0 else 0
    if not n:
        return None
    rng = _backward_phrase(s, rules, j - n)
    if rng is None:
        return None
    span = _span(s, *rng)
    return span if _mentions(s, span, f.unit or "") else None


def _unit_span(s: _Sentence, f: Figure) -> _Span | None:
    """The counted noun of ``f`` as written inside the figure."""
    if not f.unit:
        return None
    pos = f.text.rfind(f.unit)
    return _Span(f.start + pos, f.start + pos + len(f.unit)) if pos >= 0 else None


def _unit_end(s: _Sentence, rules: MeasureRules, f: Figure, start: int) -> int | None:
    """Index after the unit words of a count whose "noun" is a unit the figure rules do not
    convert (``TEU``, ``điểm phần trăm``), else None."""
    units = rules.words("unit_words")
    if " ".join((f.unit or "").lower().split()) in units:
        return start + 1
    n = s.match_at(start + 1, rules.index("unit_words")) if start + 1 < len(s.words) else 0
    return start + 1 + n if n else None


def _shortened_from(s: _Sentence, previous: _Span, unit: str) -> bool:
    """Whether the measure of the figure before opens with the noun ``unit`` and says more."""
    words = s.view.text[previous.start : previous.end].lower().split()
    unit_words = unit.lower().split()
    return (
        bool(unit_words) and len(words) > len(unit_words) and words[: len(unit_words)] == unit_words
    )


def _value_measure(
    s: _Sentence, rules: MeasureRules, f: Figure, first: int, after: int, previous: _Span | None
) -> _Span | None:
    """A value (%, money, a measure): a subject that names a measure (``tỷ lệ … đạt 92% dân
    số``), else the phrase right after it (``95% tuyến đường``, ``3 ha rừng``, ``63 “…”``),
    else the subject or the verb before it."""
    headed = _headed_before(s, rules, first, previous)
    if headed is not None:
        return headed
    if after < len(s.words):
        after += s.match_at(after, rules.index("unit_words"))  # "4,3 điểm | phần trăm"
    if (
        after < len(s.words)
        and _names_after(s, rules, f, after)
        and not s.match_at(after, rules.index("after_skip"))
        and not s.match_at(after, rules.index("reference_nouns"))
        and not s.is_number(after)
    ):
        rng = _forward_phrase(s, rules, after)
        if rng:
            return _span(s, *rng)
    return _value_before(s, rules, f, first, previous)


def _names_after(s: _Sentence, rules: MeasureRules, f: Figure, k: int) -> bool:
    """Whether word ``k`` after a value opens what it measures: a noun after a measure
    (``3 ha rừng``), any word but a function word after ``%`` or a bare number
    (``100% tổ chức hội``: the tagger often calls such nouns verbs)."""
    if s.words[k].text[:1] in OPEN_QUOTES:
        return True
    if s.is_punct(k):
        return False
    if s.is_noun(k):
        return True
    material = (f.unit or "").lower() in rules.words("material_units")
    if material and s.words[k].text[:1].isupper():
        return False
    if f.unit not in (None, "%") and not (
        # "38 triệu tấn than nguyên khai": the tagger may call the good a verb; after a
        # unit of mass or volume only a predicate word says something else.
        material and s.lower[k] not in rules.words("passive_markers", "material_predicates")
    ):
        return False
    return not (
        s.match_at(k, rules.index("stops_after"))
        or s.match_at(k, rules.index("change_verbs"))
        or s.match_at(k, rules.index("conjunctions"))
    )


def _headed_before(
    s: _Sentence, rules: MeasureRules, first: int, previous: _Span | None = None
) -> _Span | None:
    """A measure phrase before the number, past the verbs of change (``tổng số hội viên
    lên 1.230 người``), when it opens with a measure head; or the phrase of the figure
    the verbs of change lead back to (``từ 1.200 hộ xuống còn 650 hộ``)."""
    j = first - 1
    if j >= 0 and s.words[j].text == ":":
        j -= 1  # "hiện ở mức: 23.855"
    j = _skip_predicate(s, rules, j)
    if j > 0 and s.lower[j] in rules.words("frame_adverbs") and s.is_number(j - 1):
        j -= 1  # "đến ngày 30/9 mới đạt": "only then"
    if j >= 0:
        j = _skip_back_frame(s, rules, j)
    if j < 0:
        return None
    if previous is not None and s.words[j].end <= previous.figure_end:
        return (
            previous
            if s.starts_with(s.index_at_or_after(previous.start), rules.words("measure_heads"))
            else None
        )
    rng = _backward_phrase(s, rules, j)
    if rng is None or not s.starts_with(rng[0], rules.words("measure_heads")):
        return None
    a = rng[0]
    if " ".join(s.lower[a : rng[1]]) in rules.words("bare_heads"):
        # "là 398 trường, đạt tỷ lệ 55,9%", "học sinh tốt nghiệp đạt tỷ lệ 98%": a ratio
        # of nothing named measures the figure before, or the subject it is said of.
        return previous or _subject_of_change(s, rules, a) or _span(s, *rng)
    if (
        " ".join(s.lower[rng[0] : rng[1]]) in rules.words("empty_heads")
        and a > 1
        and s.match_ending(a - 1, rules.index("soft_stops_before"))
    ):
        # "vận động quỹ … với số tiền trên 5 tỷ đồng": what the sum is for stands before.
        before = _backward_phrase(s, rules, a - 2)
        if before is not None:
            return _span(s, *before)
    return _span(s, *rng)


def _skip_predicate(s: _Sentence, rules: MeasureRules, j: int) -> int:
    """Index of the last word before the verbs of change ending at ``j``; a comma after
    another verb of change (``tiếp tục giảm, xuống mức``), or after a predicate adjective
    (``còn cao, chiếm``), chains the predicates of one subject."""
    verbs = rules.index("change_verbs")
    while j >= 0:
        n = s.match_ending(j, verbs)
        if n:
            j -= n
            continue
        if s.words[j].text == "," and j > 0:
            k = j - 1
            if s.words[k].tag == "A" and k > 0 and s.match_ending(k - 1, verbs):
                j = k - 1  # "còn cao, chiếm 9,6%"
                continue
            if s.match_ending(k, rules.index("chain_verbs")):
                j = k
                continue
        break
    return j


def _skip_back_frame(s: _Sentence, rules: MeasureRules, j: int) -> int:
    """Skip a time frame ending at ``j`` inside a subject: a date or year (``đến ngày
    30/9``, ``năm 2024``) or a span (``trong 9 tháng``, ``sau 6 tháng đầu năm``)."""
    t = _skip_back_time(s, rules, j)
    if t != j:
        if t >= 1 and s.is_number(t) and s.lower[t + 1] in rules.words("frame_units"):
            t -= 1  # "10 tháng năm 2022": the count of the span before its unit
            t -= s.match_ending(t, rules.index("frame_prepositions")) if t >= 0 else 0
        return t
    k = j
    if k >= 1 and _ROMAN_RE.match(s.words[k].text) and s.lower[k - 1] in rules.words("frame_units"):
        k -= 2  # "quý I", "quý III"
        return k - (s.match_ending(k, rules.index("frame_prepositions")) if k >= 0 else 0)
    tails = 0
    while k >= 0 and tails < 2 and s.lower[k] in rules.words("frame_tails"):
        k -= 1
        tails += 1
    if k >= 1 and s.lower[k] in rules.words("frame_units") and s.is_number(k - 1):
        # "trong 9 tháng", "6 tháng đầu năm": a span in the subject, with or without
        # its preposition
        k -= 2
        return k - (s.match_ending(k, rules.index("frame_prepositions")) if k >= 0 else 0)
    return j


def _subject_of_change(
    s: _Sentence, rules: MeasureRules, first: int, having: bool = False
) -> _Span | None:
    """The phrase before a verb of change that leads to the number; ``có`` (have) counts
    only with ``having``, and then the phrase must name more than who has it (``Toàn
    huyện có 120 người`` has no measure)."""
    j = first - 1
    n = s.match_ending(j, rules.index("change_verbs")) if j >= 0 else 0
    soft = " ".join(s.lower[j - n + 1 : j + 1]) in rules.words("soft_stops_before")
    if not n or (soft and not having):
        return None
    while j >= 0 and s.match_ending(j, rules.index("change_verbs")):
        j -= s.match_ending(j, rules.index("change_verbs"))
    rng = _backward_phrase(s, rules, j) if j >= 0 else None
    if rng is None or (having and _agent_end(s, rules, *rng) is not None):
        return None
    return _span(s, *rng)


def _noun_before(s: _Sentence, rules: MeasureRules, first: int) -> _Span | None:
    """A noun phrase right before a count in a generic unit names the counted group
    (``trong đó đàn bò 18.500 con``, ``xuất khẩu lao động 350 người``)."""
    j = first - 1
    if j < 0 or not s.is_noun(j) or s.is_number(j) or s.words[j].tag == "Np":
        return None
    if s.match_ending(j, rules.index("quantity_nouns")):
        return None  # "trong số 1.251 người": the count is the phrase after
    if s.match_ending(j, rules.index("change_verbs")) or s.match_ending(
        j, rules.index("time_nouns")
    ):
        return None
    rng = _backward_phrase(s, rules, j)
    if rng is None or _is_agent(s, rules, *rng):
        return None
    return _span(s, *rng)


def _mentions(s: _Sentence, span: _Span, unit: str) -> bool:
    """Whether the noun ``unit`` occurs in the text of ``span`` as whole syllables."""
    words = s.view.text[span.start : span.end].lower().split()
    unit_words = unit.lower().split()
    n = len(unit_words)
    return n > 0 and any(words[k : k + n] == unit_words for k in range(len(words) - n + 1))


def _member_body(s: _Sentence, rules: MeasureRules, first: int) -> _Span | None:
    j = first - 1
    n = s.match_ending(j, rules.index("member_verbs"))
    if not n:
        return None
    rng = _backward_phrase(s, rules, j - n)
    return _span(s, *rng) if rng else None


def _alone_in_parentheses(s: _Sentence, first: int, after: int) -> bool:
    return (
        first > 0
        and after < len(s.words)
        and s.words[first - 1].text == "("
        and s.words[after].text == ")"
    )


def _duration_measure(
    s: _Sentence, rules: MeasureRules, f: Figure, first: int, after: int
) -> _Span | None:
    """``5 năm thực hiện Nghị quyết`` → the activity; ``Đại hội diễn ra trong 3 ngày`` → the
    event; ``10 năm trước`` → nothing."""
    if (f.unit or "").lower() in rules.words("null_duration_units"):
        return None
    event = _event_before(s, rules, first)
    if event is not None:
        return event
    if after >= len(s.words):
        return None
    if s.is_punct(after) or s.match_at(after, rules.index("duration_followers")):
        return None
    if s.match_at(after, rules.index("duration_result_verbs")):
        return None  # "trong 6 tháng đạt …": the span frames a result
    if not s.words[after].text[:1].isalpha() or s.match_at(after, rules.index("stops_after")):
        return None
    if s.words[after].tag in ("Nc", "P"):
        return None  # "Cứ 2 tháng anh … thả": a subject follows, not the activity
    rng = _forward_phrase(s, rules, after, rules.number("max_duration_words"), lists=False)
    return _span(s, *rng) if rng else None


def _event_before(s: _Sentence, rules: MeasureRules, first: int) -> _Span | None:
    """The subject of ``… diễn ra / tiến hành / kéo dài (trong) N ngày``."""
    j = first - 1
    j -= s.match_ending(j, rules.index("duration_prepositions")) if j >= 0 else 0
    n = s.match_ending(j, rules.index("event_verbs")) if j >= 0 else 0
    if not n:
        return None
    j -= n
    while j >= 0 and s.match_ending(j, rules.index("change_verbs")):
        j -= s.match_ending(j, rules.index("change_verbs"))  # sẽ, đã, được
    rng = _backward_phrase(s, rules, j) if j >= 0 else None
    return _span(s, *rng) if rng else None


def _value_before(
    s: _Sentence, rules: MeasureRules, f: Figure, first: int, previous: _Span | None
) -> _Span | None:
    """The subject of the clause before a value, or the phrase it continues."""
    j = first - 1
    skipped_only_adjuncts = True
    colon_skipped = False
    nominal: tuple[int, int] | None = None  # "tăng trưởng 8%": the verb names the measure
    only_verbs = True  # a comma chains predicates only right before the number
    while j >= 0:
        if s.words[j].text == ":" and not colon_skipped:
            colon_skipped = True
            j -= 1
            # "KH: 12%" – the label is a plan, not a measure.
            j -= s.match_ending(j, rules.index("clause_initial_cues")) if j >= 0 else 0
            skipped_only_adjuncts = only_verbs = False
            continue
        if (
            j > 0
            and s.lower[j] in rules.words("periodic_nouns")
            and s.lower[j - 1] in rules.words("periodic_prefixes")
        ):
            j -= 2  # "góp mỗi ngày 5 - 10 nghìn đồng": a period, not the measure
            only_verbs = False
            continue
        t = _skip_back_frame(s, rules, j)
        if t != j:
            j = t
            skipped_only_adjuncts = only_verbs = False
            continue
        n = s.match_ending(j, rules.index("change_verbs"))
        if n:
            if not s.match_ending(j, rules.index("money_verb_adjuncts")):
                skipped_only_adjuncts = False
            if s.match_ending(j, rules.index("nominal_changes")) == n:
                nominal = nominal or (j - n + 1, j + 1)
            j -= n
            continue
        k = _skip_predicate(s, rules, j) if only_verbs else j
        if k != j:
            skipped_only_adjuncts = False
            j = k
            continue
        break
    if j < 0:
        return previous or (_span(s, *nominal) if nominal else None)
    if (
        skipped_only_adjuncts
        and (f.unit or "").lower() in rules.money_units
        and s.is_verb(j)
        and not s.match_ending(j, rules.index("change_verbs"))
        and _head_in(s, rules, _back_boundary(s, rules, j), j) is None
    ):
        # "hỗ trợ 1,8 tỷ đồng", "cho vay 10 triệu đồng": what the money is spent on
        # (unless a measure noun governs the verb: "giá trị hàng xuất khẩu 4 triệu USD").
        a = j
        while (
            a > 0
            and s.is_verb(a - 1)
            and not s.match_ending(a - 1, rules.index("hard_stops_before"))
            and not s.match_ending(a - 1, rules.index("modal_verbs"))
            and not s.match_ending(a - 1, rules.index("change_verbs"))
        ):
            a -= 1
        return _span(s, a, j + 1)
    if previous is not None and s.words[j].end <= previous.figure_end:
        return previous  # "đạt 11.700 ha bằng 65% …": the word before is the last figure
    rng = _backward_phrase(s, rules, j)
    if rng is None:
        if previous is not None:
            return previous
        found = _sentence_subject(s, rules, first)
        return found or (_span(s, *nominal) if nominal else None)
    anaphoric = rules.words("anaphoric_measures")
    if previous is not None and " ".join(s.lower[rng[0] : rng[1]]) in anaphoric:
        return previous  # "con số này đã tăng lên gần 3.000"
    if s.match_at(rng[0], rules.index("comparatives")):
        # "…, cao hơn cùng kỳ 800 đồng": the difference measures what the clause before
        # measures, not the reference it is compared with.
        return previous or _before_comparative(s, rules, rng[0])
    agent_end = _agent_end(s, rules, *rng)
    if agent_end is not None:
        # "các địa phương đã trồng được 1.620 ha", "Toàn tỉnh đạt 95,2%": who acts is no
        # measure; the verb of the clause is, else the figure before.
        verb = _content_verb(s, rules, agent_end, first)
        if verb is not None:
            return _span(s, verb, verb + 1)
        return previous
    return _span(s, *rng)


def _before_comparative(s: _Sentence, rules: MeasureRules, k: int) -> _Span | None:
    """The subject before ``cao hơn …``: ``Giá vàng giảm, vẫn cao hơn …`` → ``Giá vàng``."""
    j = _skip_predicate(s, rules, k - 1)
    if j >= 0 and s.words[j].text == ",":
        j = _skip_predicate(s, rules, j - 1)
    rng = _backward_phrase(s, rules, j) if j >= 0 else None
    if rng is None or s.match_at(rng[0], rules.index("comparatives")):
        return None
    return _span(s, *rng)


def _agent_end(s: _Sentence, rules: MeasureRules, a: int, b: int) -> int | None:
    """Where the agent ends when words ``[a, b)`` only name who acts — places and bodies
    (``toàn tỉnh``, ``các địa phương``, ``huyện``), discourse words (``kết quả``) or
    proper names — perhaps followed by adverbs and verbs (``các xã mới trồng``); else None.
    """
    agents = rules.index("agent_words")
    k = a
    while k < b:
        n = s.match_at(k, agents)
        if n:
            k += n
            continue
        if k > a and (s.words[k].tag == "Np" or s.words[k].text[:1].isupper()):
            k += 1  # the name of the place or body: "huyện Yên Lạc"
            continue
        n = s.match_at(k, rules.index("stop_modifiers")) if k > a else 0
        if n:
            k += n  # "các xã còn lại": the remaining ones are still who acts
            continue
        break
    if k == a or any(s.words[m].tag not in _PREDICATE_TAGS for m in range(k, b)):
        return None
    return k


def _is_agent(s: _Sentence, rules: MeasureRules, a: int, b: int) -> bool:
    """Whether words ``[a, b)`` only name who acts (see ``_agent_end``)."""
    return _agent_end(s, rules, a, b) == b


def _content_verb(s: _Sentence, rules: MeasureRules, a: int, b: int) -> int | None:
    """The first verb in ``[a, b)`` that is not a verb of change or a generic verb of
    result (``trồng`` of ``đã trồng được``; not ``đạt``, ``hoàn thành``)."""
    for k in range(a, b):
        if (
            s.is_verb(k)
            and not s.match_at(k, rules.index("change_verbs"))
            and not s.match_at(k, rules.index("generic_result_verbs"))
            and not s.match_at(k, rules.index("hard_stops_before"))
        ):
            return k
    return None


def _sentence_subject(s: _Sentence, rules: MeasureRules, first: int) -> _Span | None:
    """A measure phrase opening the sentence (``Tỷ trọng … ngày càng tăng, năm 2021 đạt``)."""
    for i in range(first):
        if s.is_punct(i) or s.is_number(i):
            continue
        if s.starts_with(i, rules.words("measure_heads")):
            j = i
            while (
                j < first
                and not (s.match_at(j, rules.index("change_verbs")) and j > i)
                and not s.is_number(j)
                and s.words[j].text not in (";", ":")
            ):
                if s.words[j].text == "," and not _conjunct_ok(s, rules, j + 1):
                    break
                j += 1
            j = _trim_tail(s, rules, i, j)
            return _span(s, i, j) if j > i else None
        return None
    return None


# -- target ------------------------------------------------------------------------------


def _is_structural(f: Figure, rules: MeasureRules) -> bool:
    return bool(f.unit) and " ".join(f.unit.lower().split()) in rules.words("structural_nouns")


# A sentence's goal cues: opening words and (end word, indicator) of the cues outside
# quotes, and each quote's own cues as (open, end, indicator).
_QuoteCues = dict[int, list[tuple[int, int, bool]]]
_CueTable = tuple[tuple[int, ...], tuple[tuple[int, bool], ...], _QuoteCues]

_YEAR_RE = re.compile(r"(?<![\d,])((?:19|20)\d\d)(?!\d|[.,]\d)")


def _reference_year(text: str, rules: MeasureRules) -> int | None:
    """The latest year the article names other than after a horizon phrase (``đến năm
    2030``, ``tầm nhìn 2045``); None when it names none."""
    horizons = rules.words("future_year_cues", "horizon_words")
    best = None
    for m in _YEAR_RE.finditer(text):
        before = text[max(0, m.start() - 24) : m.start()].lower().split()
        tail2 = " ".join(before[-2:])
        tail3 = " ".join(before[-3:])
        if tail2 in horizons or tail3 in horizons or (before and before[-1] in horizons):
            continue
        year = int(m.group(1))
        best = year if best is None else max(best, year)
    return best


class _Targets:
    """Goal cues of one document, read sentence by sentence."""

    def __init__(self, view: DocView, rules: MeasureRules) -> None:
        self.view = view
        self.rules = rules
        # The last sentence read, and whether a carry reached it: whether it ended in goal
        # mode is worked out only when the next sentence opens like a continuation (few do).
        self._previous: tuple[_Sentence, bool] | None = None
        self.reference_year = _reference_year(view.text, rules)

    def label_before(self, s: _Sentence, first: int) -> bool:
        """``(KH: 12%)``, ``(KH 70%)``, ``chưa đạt mục tiêu 90%``, ``kế hoạch đề ra là 11 đề
        án``, ``mục tiêu Đại hội (16%/năm)``."""
        rules = self.rules
        j = first - 1
        if j < 0:
            return False
        k = j - 1 if s.words[j].text == ":" else j
        if k >= 0 and (
            s.words[k].text in rules.data["abbrev_label_cues"]
            or (k == j and s.match_ending(k, rules.index("label_nouns")))
        ):
            # A plan noun right before the number labels it: "KH 70%", "mục tiêu 90%".
            return True
        if not s.match_ending(j, rules.index("label_links")):
            return False
        gap = rules.number("max_label_gap_words")
        for k in range(j - 1, max(-1, j - 1 - gap), -1):
            if s.words[k].text in (";", ".") or (s.words[k].text == "," and k < j - 1):
                return False
            for p in s.syllables_of(k):
                if s.syl_match(p, rules.index("label_cues")) and not s.syl_match(
                    p, rules.index("negated_goal_cues")
                ):
                    return True
        return False

    def _scan(self, s: _Sentence, indices: Sequence[int]) -> list[tuple[int, int, bool]]:
        """The goal cues among words ``indices`` of ``s`` (read as one run of clauses): the
        word each cue opens at, the word it ends at, and whether it names an indicator.

        Cues are matched on syllables, not on the tagger's words, which may glue a cue to
        its neighbour ("mục tiêu đề | ra"); but a cue that ends on the first syllable of a
        longer word is part of that word ("được giao | dịch", "cần | thiết").
        """
        rules = self.rules
        found: list[tuple[int, int, bool]] = []
        negated = s.syl_table(rules.index("negated_goal_cues"))
        goals = s.syl_table(rules.index("goal_cues"))
        clause_cues = s.syl_table(rules.index("clause_initial_cues"))
        indicators = s.syl_table(rules.index("indicator_cues"))
        years = s.syl_table(rules.index("future_year_cues"))
        # A cue can open only where one of these tables has a match: past the last such
        # syllable the scan below finds nothing more.
        last = len(goals) - 1
        while last >= 0 and not (goals[last] or clause_cues[last] or years[last]):
            last -= 1
        if last < 0:
            return found
        syllables = s.syllables
        clause_start = True
        skip_to = 0
        for i in indices:
            if s.words[i].tag == "Np":
                continue  # a name
            if s.is_punct(i):
                clause_start = s.words[i].text in (",", ";", ":", "(") or clause_start
                continue
            for p in s.syllables_of(i):
                if p > last:
                    return found  # indices ascend, and so do their syllables
                if p < skip_to:
                    continue
                word_start = p == 0 or syllables[p - 1][1] != i
                if s.in_name(p) or (not clause_start and s.words[i].text[:1].isupper()):
                    clause_start = False
                    continue  # a name ("Cần Thơ"), or a capitalised word inside a clause
                if negated[p]:
                    skip_to = p + negated[p]
                    clause_start = False
                    continue
                n = goals[p]
                indicator = False
                if not n and clause_start and word_start:
                    n = clause_cues[p]
                    indicator = bool(indicators[p])
                end = p + n - 1
                if n and not self._cue_holds(s, p, end, negated):
                    n = 0
                if n and word_start and self._ratio_reference(s, i):
                    n = 0  # "đạt 81% kế hoạch năm": the plan a ratio is taken of
                if not n:
                    end = self._future_year(s, p, years[p])
                    n = end - p + 1 if end >= p else 0
                if n:
                    found.append((i, syllables[end][1], indicator))
                if word_start and not s.match_at(i, rules.index("clause_openers")):
                    clause_start = False
        return found

    def _cue_holds(self, s: _Sentence, p: int, end: int, negated: tuple[int, ...]) -> bool:
        """Whether the cue on syllables ``[p, end]`` is one: no negated phrase starts inside
        it ("được | giao dịch"), it does not end on the first syllable of a longer tagged
        word, and a cue that needs an object has one ("hướng tới | 100%", not "hướng tới kỷ
        niệm")."""
        syllables = s.syllables
        if any(negated[q] for q in range(p + 1, end + 1)):
            return False
        w = syllables[end][1]
        if (
            end + 1 < len(syllables)
            and syllables[end + 1][1] == w
            and (end == 0 or syllables[end - 1][1] != w)
        ):
            return False
        text = " ".join(syl for syl, _ in syllables[p : end + 1])
        if text in self.rules.words("role_cues"):
            # "giao cho Ban quản lý làm chủ đầu tư": a role is assigned, not a goal.
            stop = min(len(s.words), w + 1 + self.rules.number("max_role_gap_words"))
            if any(s.lower[k] in self.rules.words("role_verbs") for k in range(w + 1, stop)):
                return False
        if text in self.rules.words("goal_cues_with_object"):
            nxt = w + 1
            return nxt < len(s.words) and (
                s.is_number(nxt) or bool(s.match_at(nxt, self.rules.index("goal_objects")))
            )
        return True

    def _ratio_reference(self, s: _Sentence, i: int) -> bool:
        """Whether word ``i`` is the reference of a ratio: a plan noun right after a figure
        or a comparison (``bằng 118% dự toán``, ``đạt 81% kế hoạch năm``, ``so với kế
        hoạch``), which reports a result against the plan, not a goal."""
        rules = self.rules
        if not s.match_at(i, rules.index("ratio_references")):
            return False
        k = i - 1
        if k < 0:
            return False
        if s.is_number(k) or _FIGURE_END_RE.match(s.words[k].text):
            return True
        return bool(s.match_ending(k, rules.index("ratio_links")))

    def _future_year(self, s: _Sentence, p: int, n: int) -> int:
        """End syllable of ``đến năm 2030`` when that year lies a planning term (five years)
        or more after every other year the article names (a horizon, hence a goal; a
        narrative "Năm 2020 … Đến năm 2023 …" reports results), else -1."""
        if not n or p + n >= len(s.syllables):
            return -1
        year = s.syllables[p + n][0]
        if not re.fullmatch(r"(?:19|20)\d\d", year):
            return -1
        if any(re.fullmatch(r"(?:19|20)\d\d", syl) for syl, _ in s.syllables[max(0, p - 3) : p]):
            return -1  # "từ năm 2015 đến năm 2020": the end of a span
        gap = self.rules.number("future_year_gap")
        if self.reference_year is not None and int(year) < self.reference_year + gap:
            return -1
        return p + n

    def _cues(self, s: _Sentence) -> _CueTable:
        """The goal cues of ``s`` in one pass, cached on the sentence: the words outside
        quotes (cue opening words, and ends with indicator flags), and each quote's own cues,
        which count only for numbers inside that quote (a quoted statement, not a title)."""
        cached = s.memo.get("cues")
        if cached is not None:
            return cached
        if self.rules.cue_openers.isdisjoint(syl for syl, _ in s.syllables):
            cached = s.memo["cues"] = ((), (), {})  # most sentences: no cue can start
            return cached
        quote_of = s.quote_of
        outside = [i for i in range(len(s.words)) if i not in quote_of]
        main = self._scan(s, outside)
        by_quote: dict[int, list[int]] = {}
        for i, q in quote_of.items():
            by_quote.setdefault(q, []).append(i)
        inside = {q: self._scan(s, sorted(ix)) for q, ix in by_quote.items()}
        cached = s.memo["cues"] = (
            tuple(i for i, _, _ in main),
            tuple((e, ind) for _, e, ind in main),
            {q: cues for q, cues in inside.items() if cues},
        )
        return cached

    def cue_before(self, s: _Sentence, first: int) -> tuple[int, bool] | None:
        """The last goal cue that opens before word ``first``: the index of the word it ends
        at, and whether it names an indicator (``chỉ tiêu``); None when there is none."""
        opens, found, inside = self._cues(s)
        k = bisect_left(opens, first)
        best = (opens[k - 1], *found[k - 1]) if k else None
        q = s.quote_of.get(first)
        for cue in inside.get(q, ()) if q is not None else ():
            if cue[0] < first and (best is None or cue[0] >= best[0]):
                best = cue
        if best is None:
            return None
        return best[1], best[2]

    def cancelled(self, s: _Sentence, a: int, b: int, indicator: bool = False) -> bool:
        """Whether a result marker (``đã``, ``ước đạt``) stands in words ``[a, b)``; after
        an indicator (``Chỉ tiêu tuyển quân đạt 100%``) its verbs of result count too."""
        markers = (
            self.rules.index("result_markers", "indicator_results")
            if indicator
            else self.rules.index("result_markers")
        )
        return any(s.syl_match(p, markers) for k in range(a, b) for p in s.syllables_of(k))

    def opens_carry(self, s: _Sentence, same_paragraph: bool) -> bool:
        """Whether ``s`` continues a list of goals: it opens with a connective or a period
        (``Bên cạnh đó``, ``Hằng năm``, ``Đến năm``), or, in the same paragraph, with a
        directive verb and no subject (``Duy trì mức tăng trưởng …``)."""
        for i in range(len(s.words)):
            if s.is_punct(i):
                continue
            if s.match_at(i, self.rules.index("carry_openers")):
                return True
            return same_paragraph and bool(s.match_at(i, self.rules.index("directive_openers")))
        return False

    def in_carry(self, s: _Sentence) -> bool:
        if self._previous is None:
            return False
        previous, carried = self._previous
        between = self.view.text[previous.end : s.start]
        if between.count("\n") > 2 or between.strip():
            return False  # more than one paragraph break, or a line (a heading) between
        return self.opens_carry(s, "\n" not in between) and self._ends_in_goal_mode(
            previous, carried
        )

    def target(self, s: _Sentence, f: Figure, carried: bool, measure: _Span | None = None) -> bool:
        """Whether ``f`` is a goal; ``measure``: its measure phrase, when found."""
        if _is_structural(f, self.rules):
            return False
        first, after = _figure_words(s, f)
        if self.label_before(s, first):
            return True
        # The qualifier belongs to the clause: "không vượt quá 20%", "ước đạt 95%".
        number = next((k for k in range(first, after) if s.is_number(k)), first)
        cue = self.cue_before(s, number)
        if cue is not None:
            end, indicator = cue
            return not self.cancelled(s, end + 1, number, indicator)
        if measure is not None and self._cue_in(s, max(measure.start, f.end), measure.end):
            return True  # "12 dự án dự kiến hoàn thành": the counted noun is planned
        return carried and not self.cancelled(s, 0, number)

    def _cue_in(self, s: _Sentence, start: int, end: int) -> bool:
        """Whether a goal cue of a noun phrase (``dự kiến``, ``sẽ``) stands between the
        offsets ``start`` and ``end`` (the measure phrase after the number)."""
        table = s.syl_table(self.rules.index("phrase_goal_cues"))
        return any(table[p] for i in s.words_within(start, end) for p in s.syllables_of(i))

    def finish_sentence(self, s: _Sentence, carried: bool) -> None:
        """Remember the sentence, to tell the next one whether it ended in goal mode."""
        self._previous = (s, carried)

    def _ends_in_goal_mode(self, s: _Sentence, carried: bool) -> bool:
        n = len(s.words)
        cue = self.cue_before(s, n)
        if cue is not None:
            end, indicator = cue
            live = not self.cancelled(s, end + 1, n, indicator)
        else:
            live = False
        return live or (carried and not self.cancelled(s, 0, n))


# -- entry point ---------------------------------------------------------------------------


def _pair_ranges(figures: Sequence[Figure], text: str, rules: MeasureRules) -> dict[int, int]:
    """Lower bound of a range → its upper bound (``từ 75-80``, ``5 — 10%``, ``từ 6 đến
    9``): a ``>=`` figure joined to the ``<=`` figure after it as the figure rules join the
    bounds of a range."""
    pairs: dict[int, int] = {}
    for n in range(len(figures) - 1):
        a, b = figures[n], figures[n + 1]
        gap = text[a.end : b.start]
        if (
            a.qualifier == ">="
            and b.qualifier == "<="
            and len(gap) <= 6
            and rules.range_gap.fullmatch(gap)
        ):
            pairs[n] = n + 1
    return pairs


def attach_measures(
    view: DocView, figures: Sequence[Figure], rules: MeasureRules | None = None
) -> list[Figure]:
    """``figures`` with ``measure``, its offsets and ``target`` filled in, in the same order.

    Pure: reads the text, words and tags of ``view`` only. ``rules``: built once by the
    caller with the figure rules that found ``figures`` (the shipped rules when None; their
    phrase indexes are then built anew for this call).
    """
    if rules is None:
        rules = MeasureRules.default()
    order = sorted(range(len(figures)), key=lambda n: (figures[n].start, figures[n].end))
    ordered = [figures[n] for n in order]
    pairs = _pair_ranges(ordered, view.text, rules)
    lows = {high: low for low, high in pairs.items()}  # upper bound → its lower bound
    targets = _Targets(view, rules)
    spans: list[_Span | None] = [None] * len(ordered)
    flags = [False] * len(ordered)
    by_sentence: dict[tuple[int, int], list[int]] = {}
    for n, f in enumerate(ordered):
        by_sentence.setdefault(view.sentence_span(f.start), []).append(n)
    # Every sentence is read in order, with or without figures: a goal stated in one
    # sentence carries to the list of goals that follows it. Up to the last sentence with a
    # figure: what the carry would say after it is read by no one.
    last = max(by_sentence, default=None)
    for a, b in sorted(set(view.sentences) | set(by_sentence)):
        if last is None or (a, b) > last:
            break
        sentence = _Sentence.of(view, a, b)
        carried = targets.in_carry(sentence)
        previous: _Span | None = None
        for n in by_sentence.get((a, b), ()):
            f = ordered[n]
            if n in pairs:
                flags[n] = targets.target(sentence, f, carried)
                continue  # measured with its upper bound
            low = lows.get(n)
            if low is not None:
                # "từ 75-80 triệu đồng": read the range as one figure.
                start = ordered[low].start
                f = dataclasses.replace(f, start=start, text=view.text[start : f.end])
            first, _ = _figure_words(sentence, f)
            if (
                previous is not None
                and _is_value(f, rules)
                and targets.label_before(sentence, first)
            ):
                span: _Span | None = previous  # "đạt 105% (KH: 12%)": the plan of the same
            else:
                span = _measure_of(sentence, rules, f, previous)
            spans[n] = span
            flags[n] = targets.target(sentence, ordered[n], carried, span)
            if low is not None:
                spans[low] = span
            if span is not None and (f.unit or "").lower() not in rules.words("duration_units"):
                previous = dataclasses.replace(span, figure_end=f.end)
        targets.finish_sentence(sentence, carried)
    # The lower bound of a range shares the target of the upper bound.
    for low, high in pairs.items():
        flags[low] = flags[low] or flags[high]
        flags[high] = flags[low]
    out: list[Figure | None] = [None] * len(figures)
    for n, f in enumerate(ordered):
        span = spans[n]
        measure = None
        if span is not None:
            measure = view.text[span.start : span.end].strip() or None
        out[order[n]] = dataclasses.replace(
            f,
            measure=measure,
            measure_start=span.start if measure else None,
            measure_end=span.end if measure else None,
            target=flags[n],
        )
    return [f for f in out if f is not None]
