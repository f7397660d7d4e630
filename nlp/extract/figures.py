"""Key figures: counts, percentages, money, measures and ratios in Vietnamese prose.

Numbers are found on the surface text (underthesea tags digits as N or M at
random and glues some to the next word, ``8.5 điểm``); the tagged words are
used for context: the word before a number tells a count (``cử 45 đảng
viên``) from an identifier (``tổ 2``, ``Chỉ thị 05``, ``lần 1``), because a
Vietnamese cardinal stands before its noun and an identifier after it.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property

from ..numbers import NUMBER_PATTERN, SCALE_WORDS, parse_number
from ..rules import load_rules
from ..types import Figure
from .common import OPEN_QUOTES, DocView, Word, phrase_before_regex, phrase_regex

__all__ = ["FigureRules", "extract_figures"]

_NUM_FULL = re.compile(rf"^{NUMBER_PATTERN}$")
# A run of digits and the marks that join them without spaces: 12,6 · 16/19 · 2015-2020 · 09:14.
# What stands right before a run (a letter, a slash, a colon) is judged by _starts_a_number.
_RUN_RE = re.compile(r"(?<![0-9_.,])[0-9][0-9.,/:\-–]*(?<![.,/:\-–])")
# A day and month (2.9, 21/8, 30-4-2023): a date when no unit follows it.
_DAY_MONTH_RE = re.compile(r"^([0-9]{1,2})[./\-]([0-9]{1,2})(?:[./\-](?:[0-9]{4}|[0-9]{2}))?$")
# The upper end of a range of days: "từ 14 - 16.11", "từ 28 đến 30-4-2023".
_DATE_RANGE_END_RE = re.compile(r"\s*(?:[\-–—]|đến|tới)\s*([0-9][0-9./\-]*[0-9])", re.IGNORECASE)
# Outline numbering opening a line: "1.1.", "2.3.1." or "1.2" before a capitalised heading.
_OUTLINE_RE = re.compile(r"[0-9]{1,2}(?:\.[0-9]{1,2})+(\.?)\s+(\w?)")
_RATIO_RE = re.compile(rf"^({NUMBER_PATTERN})/({NUMBER_PATTERN})$")
#: The dashes read between the bounds of a range (a character class body).
RANGE_DASHES = r"\-–—"
_RANGE_RE = re.compile(rf"^({NUMBER_PATTERN})[\-–]({NUMBER_PATTERN})$")
_SPACED_RANGE_RE = re.compile(rf"\s*[{RANGE_DASHES}]\s*({NUMBER_PATTERN})(?![\w.,/:])")
_YEAR_RE = re.compile(r"^(19|20|21)\d\d$")
# A month number after "tháng": "5 tháng 9", "mùng 8 tháng 1".
_MONTH_NUMBER_RE = re.compile(r"\s+([0-9]{1,2})(?![0-9]|[.,/][0-9])")
_LIST_MARKER_RE = re.compile(r"[0-9]{1,2}[.)]\s")
_JOINER_RE = re.compile(r"\s*(?:,|và|hoặc|-|–)\s*", re.IGNORECASE)
# Digit groups of a phone number: "(024) 3512 1806", "3512 1806".
_PHONE_TAIL_RE = re.compile(r"\)?[ \t]+[0-9]{3,}(?![0-9]|[.,][0-9])")
_WORDS_RE = re.compile(r"[ \t]*([^\W\d_]+)(?:[ \t]+([^\W\d_]+))?")
# One word then a colon after a number: the heading of a slogan list ("3 giảm: …").
_SLOGAN_RE = re.compile(r"\s+[^\W\d_]+(?:\s+là)?\s*:", re.IGNORECASE)
# The clause after a closing quote, where a speaker and a verb of saying stand.
_AFTER_QUOTE_RE = re.compile(r"[^\w\n]{0,3}[ \t]*[^.!?\n]{0,80}")
_PER_RE = re.compile(r"\s*/\s*[^\W\d_]+", re.UNICODE)
_PER_SECOND_WORD_RE = re.compile(r"\s[^\W\d_]+", re.UNICODE)


_DOUBLE_SPACE_RE = re.compile(r"\s(?=\s)")
# The last text's positions of two white-space characters in a row (cleaned text has none).
_DOUBLE_SPACES: list[tuple[str | None, list[int]]] = [(None, [])]


def _double_spaces(text: str) -> list[int]:
    known_text, known = _DOUBLE_SPACES[0]
    if known_text is not text:
        known = [m.start() for m in _DOUBLE_SPACE_RE.finditer(text)]
        _DOUBLE_SPACES[0] = (text, known)
    return known


class _Tail:
    """A :func:`phrase_before_regex` pattern whose matches are at most ``span`` characters
    long unless the text holds two white-space characters in a row.

    ``search(text, pos, endpos)`` finds the same match as the pattern's own, but starts
    looking ``span`` characters before ``endpos`` rather than at ``pos`` (a line start)
    whenever no match can start earlier: the cost no longer grows with the line. The
    match is the pattern's, and its look-behind still sees the text before the window.
    """

    __slots__ = ("pattern", "span")

    def __init__(self, pattern: re.Pattern[str], span: int) -> None:
        self.pattern = pattern
        self.span = span

    def search(self, text: str, pos: int, endpos: int) -> re.Match[str] | None:
        window = endpos - self.span
        if window > pos:
            doubles = _double_spaces(text)
            k = bisect_left(doubles, pos)
            if k == len(doubles) or doubles[k] + 1 >= endpos:
                pos = window  # no run of white space in [pos, endpos) to stretch a match
        return self.pattern.search(text, pos, endpos)


@dataclass(frozen=True)
class FigureRules:
    """Compiled figure rules (from ``rules/figures.json`` unless given)."""

    data: dict

    @classmethod
    def default(cls) -> FigureRules:
        return cls(load_rules("figures"))

    def _tail(self, key: str) -> _Tail:
        # A label's colon may stand between the cue and the number: "Số: 125", "Tổng số: 40".
        pattern = phrase_before_regex(self.data[key], r"\s*:?\s*", capture=True)
        # Without two white-space characters in a row, each "\s+" between the words of a
        # phrase takes one character and the gap at most three (space, colon, space).
        longest = max((len(" ".join(p.split())) for p in self.data[key]), default=0)
        return _Tail(pattern, longest + 3)

    @cached_property
    def qualifier_tail(self) -> _Tail:
        return self._tail("qualifiers")

    @cached_property
    def identifier_tail(self) -> _Tail:
        return self._tail("identifier_cues")

    @cached_property
    def count_cue_tail(self) -> _Tail:
        return self._tail("count_cues")

    @cached_property
    def rate_word_tail(self) -> _Tail:
        return self._tail("rate_words")

    @cached_property
    def glue_words(self) -> frozenset[str]:
        """Words a number may be glued to by a missing space (``với1.200``, ``đạt95%``)."""
        words = {*self.data["unit_stop_words"], *self.data["qualifiers"]}
        return frozenset(w for w in words if " " not in w)

    @cached_property
    def in_one(self) -> re.Pattern[str]:
        return re.compile(self.data["name_numbers"], re.IGNORECASE)

    @cached_property
    def one_of(self) -> re.Pattern[str]:
        return re.compile(self.data["one_of"], re.IGNORECASE)

    @cached_property
    def date_tail(self) -> _Tail:
        return self._tail("date_cues")

    @cached_property
    def year_tail(self) -> _Tail:
        return self._tail("year_cues")

    @cached_property
    def measure_noun_tail(self) -> _Tail:
        return self._tail("measure_nouns")

    @cached_property
    def suffix_qualifier(self) -> re.Pattern[str]:
        return re.compile(rf"\s*({phrase_regex(self.data['qualifier_suffixes'])})\b", re.I)

    @cached_property
    def scale(self) -> re.Pattern[str]:
        words = phrase_regex(list(SCALE_WORDS))
        return re.compile(rf"\s*((?:(?:{words})(?![\w])\s*)+)", re.IGNORECASE)

    @cached_property
    def currency(self) -> re.Pattern[str]:
        return re.compile(rf"\s*({phrase_regex(self.data['currencies'])})(?![\w])", re.I)

    @cached_property
    def percent(self) -> re.Pattern[str]:
        return re.compile(rf"\s*({phrase_regex(self.data['percent'])})", re.IGNORECASE)

    @cached_property
    def measure(self) -> re.Pattern[str]:
        return re.compile(rf"\s*({phrase_regex(self.data['measures'])})(?![\w])", re.I)

    @cached_property
    def glued_unit(self) -> re.Pattern[str]:
        # A missing space before a unit or scale word: "450ha", "12,5tỷ đồng", "25.000đ".
        units = [*self.data["measures"], *self.data["percent"], *self.data["currencies"]]
        units += list(SCALE_WORDS)
        return re.compile(rf"({phrase_regex(units)})(?![\w])", re.IGNORECASE)

    @cached_property
    def score_tail(self) -> _Tail:
        return self._tail("score_cues")

    @cached_property
    def comparison_after(self) -> re.Pattern[str]:
        return re.compile(rf"\s*({phrase_regex(self.data['comparison_words'])})(?!\w)", re.I)

    @cached_property
    def month_word(self) -> re.Pattern[str]:
        words = phrase_regex([*self.data["month_names"], *self.data["month_numerals"]])
        return re.compile(rf"\s+({words})(?!\w)", re.IGNORECASE)

    @cached_property
    def scaled_currency(self) -> re.Pattern[str]:
        words = phrase_regex(list(self.data["scaled_currencies"]))
        return re.compile(rf"\s*({words})(?!\w)", re.IGNORECASE)

    @cached_property
    def speech_verb(self) -> re.Pattern[str]:
        return re.compile(rf"(?<!\w)({phrase_regex(self.data['speech_verbs'])})(?!\w)", re.I)

    @cached_property
    def kinship(self) -> re.Pattern[str]:
        words = phrase_regex(self.data["kinship_pronouns"])
        return re.compile(rf"\s+({words})(?!\w)", re.IGNORECASE)

    @cached_property
    def noun_tags(self) -> frozenset[str]:
        return frozenset(self.data["noun_tags"])

    @cached_property
    def range_opener_tail(self) -> _Tail:
        return self._tail("range_openers")

    @cached_property
    def clock_units(self) -> frozenset[str]:
        return frozenset(self.data["clock_units"])

    @cached_property
    def clock(self) -> re.Pattern[str]:
        words = phrase_regex(self.data["clock_after_hour"])
        return re.compile(rf"\s*(?:[0-9]{{1,2}}(?![0-9.,])|(?:{words})(?!\w))", re.IGNORECASE)

    @cached_property
    def range_word(self) -> re.Pattern[str]:
        words = phrase_regex(self.data["range_words"])
        return re.compile(rf"\s+(?:{words})\s+({NUMBER_PATTERN})(?![\w.,/:])", re.IGNORECASE)

    @cached_property
    def document_cues(self) -> frozenset[str]:
        return frozenset(self.data["document_cues"])

    @cached_property
    def fixed_phrases(self) -> frozenset[str]:
        return frozenset(self.data["fixed_phrases"])

    @cached_property
    def fixed_phrase_units(self) -> frozenset[str]:
        return frozenset(self.data["fixed_phrase_units"])

    @cached_property
    def count_nouns(self) -> frozenset[str]:
        return frozenset(self.data["count_nouns"])

    @cached_property
    def per_one_bound_tail(self) -> _Tail:
        return self._tail("per_one_bounds")

    @cached_property
    def placing_verbs(self) -> frozenset[str]:
        return frozenset(self.data["placing_verbs"])

    @cached_property
    def unit_stop_words(self) -> frozenset[str]:
        return frozenset(self.data["unit_stop_words"])

    def lookup(self, table: str, key: str) -> str:
        return self.data[table][" ".join(key.lower().split())]


@dataclass(frozen=True, slots=True)
class _Unit:
    unit: str | None
    scale: float
    end: int
    measured: bool  # %, money or a measure: a value, not a count
    noun: bool = False  # the counted word is tagged as a noun
    street: bool = False  # the "counted word" is a proper name: a house number before it
    add: float = 0.0  # the rest of a chain of scale words: "2 tỷ 500 triệu" adds 500 triệu


def _read_unit(view: DocView, rules: FigureRules, pos: int) -> _Unit:
    """Scale words, then %, currency, measure or the counted noun after ``pos``."""
    text = view.text
    m = rules.scaled_currency.match(text, pos)
    if m and _ends_a_word(view, m.end(1)):
        # "640 tr.đ": an abbreviation holding both the scale and the currency.
        unit, factor = rules.lookup("scaled_currencies", m.group(1))
        return _Unit(unit, float(factor), _per_unit_end(view, rules, m.end(1)), True)
    scale = 1.0
    add = 0.0
    m = rules.scale.match(text, pos)
    if m:
        for word in m.group(1).split():
            scale *= SCALE_WORDS[word.lower()]
        pos = m.start(1) + len(m.group(1).rstrip())
        add, pos = _scale_chain(rules, text, pos, scale)
    for pattern, kind in (
        (rules.percent, "%"),
        (rules.currency, "currencies"),
        (rules.measure, "measures"),
    ):
        m = pattern.match(text, pos)
        if m and (kind == "%" or _ends_a_word(view, m.end(1))):
            unit = "%" if kind == "%" else rules.lookup(kind, m.group(1))
            end = m.end(1)
            end = _per_unit_end(view, rules, end)
            return _Unit(unit, scale, end, True, add=add)
    noun = _counted_noun(view, rules, pos)
    if noun is None:
        return _Unit(None, scale, pos, scale != 1.0, add=add)
    unit, end, is_noun = noun
    if scale == 1.0 and _is_street_name(view, rules, end):
        return _Unit(unit, scale, end, False, is_noun, street=True)
    return _Unit(unit, scale, end, scale != 1.0, is_noun, add=add)


_CHAIN_RE = re.compile(r"[ \t]+([0-9]{1,3})[ \t]+([^\W\d_]+)(?!\w)")


def _scale_chain(rules: FigureRules, text: str, pos: int, scale: float) -> tuple[float, int]:
    """``2 tỷ 500 triệu``, ``1 triệu 200 nghìn``: amounts of smaller scale words added to the
    first; returns what they add and where the chain ends."""
    add = 0.0
    while True:
        m = _CHAIN_RE.match(text, pos)
        if m is None:
            return add, pos
        smaller = SCALE_WORDS.get(m.group(2).lower())
        if smaller is None or smaller >= scale:
            return add, pos
        add += int(m.group(1)) * smaller
        scale = smaller
        pos = m.end(2)


def _per_unit_end(view: DocView, rules: FigureRules, end: int) -> int:
    """End of a per-unit suffix after a unit (``/ha``, ``/hội viên``), or ``end``.

    The suffix is one word as the tagger cut it: a second syllable belongs to it only inside
    the same word (``hội viên``), so ``10%/năm trở lên`` keeps ``trở lên`` as its qualifier.
    """
    text = view.text
    per = _PER_RE.match(text, end)
    if per is None:
        return end
    second = _PER_SECOND_WORD_RE.match(text, per.end())
    if second and not _ends_a_word(view, per.end()) and _ends_a_word(view, second.end()):
        return second.end()
    return per.end()


def _ends_a_word(view: DocView, end: int) -> bool:
    """Whether a unit ending at ``end`` ends a word: "đồng" in "tỷ đồng", not in "đồng chí"."""
    i = view.word_index_at(end - 1)
    return i is None or view.words[i].end <= end


def _counted_noun(view: DocView, rules: FigureRules, pos: int) -> tuple[str, int, bool] | None:
    text = view.text
    inside = view.word_index_at(pos - 1) if pos > 0 else None
    if inside is not None and view.words[inside].end > pos:
        # underthesea glued the number to its noun ("8.5 điểm"): the rest of the word.
        rest = text[pos : view.words[inside].end]
        stripped = rest.strip()
        if stripped and stripped[0].isalpha() and stripped.lower() not in rules.unit_stop_words:
            return stripped, view.words[inside].end, True
        return None
    word: Word | None = view.word_after(pos)
    if word is None or text[pos : word.start].strip() or "\n" in text[pos : word.start]:
        return None
    if word.text in OPEN_QUOTES:
        # "4 “Tuyến đường hoa”": things counted by their quoted, capitalised name; its first
        # word is the counted noun (the tagger often calls it a verb).
        named = view.word_after(word.end)
        if named is None or named.start != word.end or not named.text[0].isupper():
            return None
        if named.text.lower() in rules.unit_stop_words:
            return None
        # Not a noun for _after_noun: "Chương trình 135 “Hỗ trợ …”" names a programme.
        return named.text, named.end, False
    lowered = word.text.lower()
    if lowered in rules.count_nouns:
        # The tagger calls "lao động" V, "trẻ" A, "lượt" M in some sentences; after a
        # number these words are always what is counted.
        return word.text, word.end, True
    if not word.text[0].isalpha() or lowered in rules.unit_stop_words:
        return None
    if lowered in SCALE_WORDS or (word.tag not in rules.noun_tags and word.tag != "V"):
        return None
    return word.text, word.end, word.tag in rules.noun_tags


def _is_street_name(view: DocView, rules: FigureRules, end: int) -> bool:
    """Whether the counted word ending at ``end`` is a proper name (``68 Lý Thường Kiệt``,
    ``hẻm 49 Lê Lợi``: a house number); an acronym counts things (``15 HTX``)."""
    i = view.word_index_at(end - 1)
    if i is None:
        return False
    word = view.words[i]
    return word.tag in rules.data["name_tags"] and not word.text.isupper()


def _is_day_month(run: str) -> bool:
    """``2.9``, ``21/8``, ``30-4-2023``: a day of the month and a month."""
    m = _DAY_MONTH_RE.match(run)
    return m is not None and 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12


def _is_outline_number(text: str, start: int) -> bool:
    """``1.1.``, ``2.3.1.`` or ``1.2`` before a capitalised heading, at ``start``."""
    m = _OUTLINE_RE.match(text, start)
    if m is None:
        return False
    return bool(m.group(1)) or (m.group(2) != "" and m.group(2)[0].isupper())


def _qualifier(view: DocView, rules: FigureRules, start: int, line_start: int) -> tuple[str, int]:
    m = rules.qualifier_tail.search(view.text, line_start, start)
    if m:
        return rules.lookup("qualifiers", m.group(1)), m.start(1)
    return "=", start


def _figure_qualifier(
    view: DocView, rules: FigureRules, start: int, line_start: int, unit: _Unit
) -> tuple[str, int]:
    """The qualifier of a figure starting at ``start`` whose unit is ``unit``.

    ``ngoài`` means "over" only before an age (``ngoài 60 tuổi``; elsewhere it is "besides");
    after a comparative adjective, ``hơn … so với`` states an exact difference (``cao hơn
    500 đồng/kg so với năm trước``), not a lower bound.
    """
    text = view.text
    qualifier, q_start = _qualifier(view, rules, start, line_start)
    if q_start == start and unit.unit and unit.unit.lower() in rules.data["age_units"]:
        prev = view.word_before(start)
        if prev and not text[prev.end : start].strip():
            age_q = rules.data["age_qualifiers"].get(prev.text.lower())
            if age_q:
                return age_q, prev.start
    if qualifier == ">" and rules.comparison_after.match(text, unit.end):
        before = text[line_start:q_start].split()
        words = text[q_start:start].split()
        if (before and before[-1].lower() in rules.data["comparatives"]) or (
            len(words) > 1 and words[0].lower() in rules.data["comparatives"]
        ):
            return "=", start
    return qualifier, q_start


def _identifier_cue(
    view: DocView, rules: FigureRules, start: int, line_start: int
) -> re.Match[str] | None:
    """``số 2``, ``lần thứ 3``, ``Chỉ thị 05``: the cue word right before the number."""
    text = view.text
    if rules.measure_noun_tail.search(text, line_start, start):
        return None
    if rules.count_cue_tail.search(text, line_start, start):
        return None  # "trong số 420 đảng viên": the whole a count is taken from
    m = rules.identifier_tail.search(text, line_start, start)
    if m is None:
        return None
    i = view.word_index_at(m.start(1))
    if i is not None and view.words[i].start < m.start(1):
        return None  # the cue ends a longer word: "kỷ luật 47 đảng viên", not "Luật 47"
    # "mỗi tháng 20 nghìn đồng", "mỗi tổ 5 hội viên": after "mỗi" the cue names the period
    # or the unit of a rate, not the thing the number identifies.
    return None if rules.rate_word_tail.search(text, line_start, m.start(1)) else m


def _after_noun(view: DocView, rules: FigureRules, start: int, line_start: int) -> bool:
    """A number right after a noun is an identifier (``tổ 2``, ``Trung ương 4``) unless the
    noun names a measure (``dân số 1.200 người``)."""
    text = view.text
    if rules.measure_noun_tail.search(text, line_start, start):
        return False
    prev = view.word_before(start)
    if prev is None or prev.start < line_start or text[prev.end : start].strip():
        return False
    return prev.tag in rules.noun_tags


class _Extractor:
    def __init__(self, view: DocView, rules: FigureRules) -> None:
        self.view = view
        self.rules = rules
        self.text = view.text
        self.figures: list[Figure] = []
        self._identifier_end = -1  # where the last number read as an identifier ended
        self._date_end = -1  # where the last date ended

    def run(self) -> list[Figure]:
        pos = 0
        while True:
            m = _RUN_RE.search(self.text, pos)
            if m is None:
                break
            pos = self._handle(m.group(), m.start(), m.end())
        return self.figures

    # -- one numeric run -------------------------------------------------------------
    def _handle(self, run: str, start: int, end: int) -> int:
        text = self.text
        line_start = text.rfind("\n", 0, start) + 1
        if run in self.rules.fixed_phrases or not self._starts_a_number(start, line_start):
            return end
        name = self.rules.in_one.match(text, start)
        if name:
            return name.end()  # "Tổ liên gia 3 trong 1": a name
        if self.rules.one_of.match(text, start):
            return end  # "là 1 trong 10 gương điển hình": the count is the second number
        if start == line_start and _is_outline_number(text, start):
            return end  # "1.1. Mục tiêu chung": a heading's number
        if _PHONE_TAIL_RE.match(text, end):
            return end  # "(024) 3512 1806": a phone number's groups
        date_end = self._date_range_end(end)
        if date_end is not None:
            return date_end  # "từ 14 - 16.11": days of a date
        if _NUM_FULL.match(run):
            spaced = _SPACED_RANGE_RE.match(text, end)
            if spaced is None:
                # "từ 10 đến 15 triệu đồng", "tăng 30 đến 40%": a range written out in words.
                spaced = self.rules.range_word.match(text, end)
            if spaced:
                return self._range(
                    run, start, end, spaced.group(1), spaced.start(1), spaced.end(1), line_start
                )
            return self._single(run, start, end, line_start)
        ratio = _RATIO_RE.match(run)
        if ratio:
            self._ratio(ratio.group(1), ratio.group(2), start, end, line_start)
            return end
        rng = _RANGE_RE.match(run)
        if rng:
            a, b = rng.group(1), rng.group(2)
            b_start = start + run.index(b, len(a))
            return self._range(a, start, start + len(a), b, b_start, end, line_start)
        return end  # dates, times, codes

    def _starts_a_number(self, start: int, line_start: int) -> bool:
        """Whether what stands right before a digit run lets it be a number of its own.

        A letter glued to it makes a code (``H5N1``, ``ST25``) unless the letters are a
        function word missing its space (``với1.200 thành viên``); a slash after a noun starts
        a second count (``12 chi hội/1.350 hội viên``) but not a rate's base (``/10.000 dân``);
        a colon after a label is a label (``là:52,3%``).
        """
        text = self.text
        if start == 0:
            return True
        prev = text[start - 1]
        if prev.isalpha():
            word = re.search(r"[^\W\d_]+$", text[line_start:start])
            return word is not None and word.group().lower() in self.rules.glue_words
        if prev in "/:":
            if start < 2 or not text[start - 2].isalpha():
                return False
            if prev == "/":
                number = _RUN_RE.match(text, start)
                value = parse_number(number.group()) if number else None
                return value is not None and not math.log10(max(value, 1)).is_integer()
        return True

    def _zero_padded_count(self, number: str, end: int) -> bool:
        """``08 đảng viên``, ``03 hộ``: a short zero-padded number before the word it counts
        is a count, as official prose writes small counts."""
        return (
            number.isdigit()
            and len(number) <= 3
            and _counted_noun(self.view, self.rules, end) is not None
        )

    def _date_range_end(self, end: int) -> int | None:
        """End of a range of days whose upper end is a date (``14 - 16.11``), else ``None``."""
        m = _DATE_RANGE_END_RE.match(self.text, end)
        if m is None or not _is_day_month(m.group(1)):
            return None
        after = _read_unit(self.view, self.rules, m.end(1))
        return None if after.measured else m.end(1)

    def _rejected(
        self, number: str, start: int, end: int, line_start: int, measured: bool = False
    ) -> bool:
        """Whether the number is a code, an identifier or part of a name. ``measured`` (a %,
        a currency or a measure right after it) overrides an identifier cue before it:
        ``vượt kế hoạch 15%``, ``tuyến đường 12,5 km``."""
        text = self.text
        if start >= 2 and text[start - 1] in "-+" and text[start - 2].isalpha():
            return True  # Covid-19, M-2, GMT+7
        if start >= 2 and text[start - 1] == "+" and text[start - 2].isdigit():
            return True  # a road chainage: Km15+200
        if re.search(r"[0-9][ \t]+$", text[max(line_start, start - 3) : start]):
            return True  # a later group of a spaced digit string: 0233 3852 123
        leading_zero = len(number) > 1 and number[0] == "0" and number[1].isdigit()
        if leading_zero and not self._zero_padded_count(number, end):
            return True  # 05, 0233…: codes and phone numbers
        if end < len(text) and text[end].isalpha() and not self.rules.glued_unit.match(text, end):
            return True  # 4K, 5G, H5N1
        if re.match(r"[\-/][^\W\d_]", text[end : end + 2]):
            return True  # 26-CV/HU, 417/KH-UBND
        quote = self.view.quote_around(start, end)
        if quote and self._is_quoted_name(*quote):
            return True  # inside a name or slogan
        if measured:
            return False
        cue = _identifier_cue(self.view, self.rules, start, line_start)
        if cue is None:
            return False
        # A document's name is written with a capital ("Kết luận 12", "Chỉ thị 05"); the
        # same word in lower case before a counted noun is a verb or a plain noun counting
        # things: "kết luận 12 vụ việc", "quy định 3 loại phí".
        document = cue.group(1)[:1].islower() and cue.group(1).lower() in self.rules.document_cues
        return not (document and _counted_noun(self.view, self.rules, end) is not None)

    def _is_quoted_name(self, q_start: int, q_end: int) -> bool:
        """A short quote is a name or slogan (``“5 không, 3 sạch”``, ``“10 chung 1”``) unless
        it is speech: it ends with sentence punctuation, follows a colon, or the sentence goes
        on with a verb of saying (``“Năm nay xã có 45 hộ thoát nghèo”, ông … cho biết``)."""
        text = self.text
        inner = text[q_start:q_end].strip()
        if len(inner.split()) > self.rules.data["max_quoted_name_syllables"]:
            return False
        if inner and inner[-1] in ".!?…":
            return False
        before = text[text.rfind("\n", 0, q_start) + 1 : q_start - 1].rstrip()
        if before.endswith(":"):
            return False
        # Quoted speech opens its sentence and hands over to the speaker: "“…”, ông A cho biết".
        if before and before[-1] not in ".!?…":
            return True
        after = _AFTER_QUOTE_RE.match(text, q_end + 1)
        return after is None or self.rules.speech_verb.search(after.group()) is None

    def _is_year(self, number: str, start: int, end: int, line_start: int) -> bool:
        if not _YEAR_RE.match(number):
            return False
        if self.rules.year_tail.search(self.text, line_start, start):
            return True
        return _counted_noun(self.view, self.rules, end) is None

    def _emit(
        self, start: int, end: int, value: float, of: float | None, unit: str | None, qualifier: str
    ) -> None:
        self.figures.append(
            Figure(
                text=self.text[start:end],
                value=value,
                of=of,
                unit=unit,
                qualifier=qualifier,
                start=start,
                end=end,
                sentence=self.view.sentence_text(start),
            )
        )

    def _continues_identifier(self, start: int) -> bool:
        """``mức độ 3, 4``, ``tổ 2 và 3``: a number joined to an identifier is one too."""
        return self._joined_to(self._identifier_end, start)

    def _continues_date(self, start: int) -> bool:
        """``Ngày 30/4 và 1/5``, ``chiều 5-8 và 6-8``: a number joined to a date is a date
        too when nothing is counted or measured after it (callers check)."""
        return self._joined_to(self._date_end, start)

    def _joined_to(self, prev_end: int, start: int) -> bool:
        if prev_end < 0 or start - prev_end > 6:
            return False
        return bool(_JOINER_RE.fullmatch(self.text, prev_end, start))

    def _after_date_cue(self, start: int, line_start: int) -> bool:
        """A date cue right before ``start``, also before a bracket: ``Sáng nay (5/8)``."""
        text = self.text
        end = start
        while end > line_start and text[end - 1] in " \t(":
            end -= 1
        return bool(self.rules.date_tail.search(text, line_start, end))

    def _month_follows(self, unit: _Unit) -> bool:
        """``5 tháng 9``, ``29 tháng Chạp``, ``6 tháng Giêng``: a day before a month."""
        if unit.unit is None:
            return False
        words = unit.unit.split()
        if words[0].lower() != "tháng":
            return False
        if len(words) > 1:
            return self._is_month_word(" ".join(words[1:]))
        text = self.text
        m = _MONTH_NUMBER_RE.match(text, unit.end)
        if m:
            if not 1 <= int(m.group(1)) <= 12:
                return False
            after = _counted_noun(self.view, self.rules, m.end(1))
            # "sau 6 tháng 12 hộ thoát nghèo": a duration, then a count.
            return after is None or after[0].lower().startswith("năm")
        m = self.rules.month_word.match(text, unit.end)
        return m is not None and self._is_month_word(m.group(1))

    def _is_month_word(self, word: str) -> bool:
        lowered = word.lower()
        if lowered in self.rules.data["month_names"]:
            return True
        # "tháng Ba" is March; "3 tháng một lần" is a rate.
        return lowered in self.rules.data["month_numerals"] and word[0].isupper()

    def _is_day(self, number: str, start: int, line_start: int, unit: _Unit) -> bool:
        """A day of a month or of Tết written as one number: ``Sáng 5 tháng 9``, ``mùng 8
        tháng 1``, ``Tối 30 Tết``, ``chiều 5``."""
        if unit.measured or not number.isdigit() or not 1 <= int(number) <= 31:
            return False
        if self._month_follows(unit):
            return True
        if unit.unit is not None and unit.unit.lower() in self.rules.data["date_nouns"]:
            return True
        return unit.unit is None and self._after_date_cue(start, line_start)

    def _is_kinship_pronoun(self, value: float, end: int) -> bool:
        """``2 vợ chồng``, ``3 mẹ con``, ``2 đứa``: a small number before a kinship word names
        the people themselves, like a pronoun; ``2 đứa trẻ`` still counts children."""
        m = self.rules.kinship.match(self.text, end)
        if m is None or value > self.rules.data["max_kinship_count"]:
            return False
        if " " in m.group(1):
            return True
        nxt = self.view.word_after(m.end(1))
        return (
            nxt is None
            or bool(self.text[m.end(1) : nxt.start].strip())
            or nxt.tag not in self.rules.noun_tags
        )

    def _is_slogan_word(self, end: int) -> bool:
        """``5 không, 3 sạch``, ``3 sạch trong …``: a slogan word that ends its phrase; a verb,
        adjective or noun after it makes it a clause (``3 không đạt``: a count)."""
        view = self.view
        word = view.word_after(end)
        if word is None or self.text[end : word.start].strip():
            return False
        first = word.text.split()[0].lower()
        if first not in self.rules.data["slogan_words"]:
            return False
        if " " in word.text:
            return False  # glued into a longer word by the tagger: "không khí"
        nxt = view.word_after(word.end)
        if nxt is None or self.text[word.end : nxt.start].strip() or not nxt.text[0].isalpha():
            return True
        return nxt.tag not in self.rules.noun_tags and nxt.tag not in ("V", "A")

    def _is_figure(self, unit: _Unit, start: int, end: int, line_start: int) -> bool:
        if unit.measured:
            return True
        if unit.street:
            return False  # "68 Lý Thường Kiệt": an address
        words = _WORDS_RE.match(self.text, end)
        if words and not self.rules.fixed_phrase_units.isdisjoint(
            {words.group(1).lower(), f"{words.group(1)} {words.group(2)}".lower()}
        ):
            return False  # "thông tin 2 chiều", "OCOP 4 sao"
        if self._is_slogan_word(end):
            return False  # "5 không, 3 sạch"
        if unit.unit is None and _SLOGAN_RE.match(self.text, end):
            return False  # "3 giảm: …", "5 không là: …": the name of a list of slogans
        if (
            unit.unit is not None
            and unit.unit.lower() in self.rules.clock_units
            and self.rules.clock.match(self.text, unit.end)
        ):
            return False  # a clock time: "7 giờ sáng", "14 giờ 30"
        # A noun then a bare number is an identifier ("tổ 2", "mức độ 3", "công nghiệp 4.0");
        # with a counted noun after it, it is a count even when the tagger calls the word
        # before a noun ("thuyên chuyển 13 công chức").
        if unit.unit is None and self._after_name(start):
            return False  # "ấp Phú Hòa 2", "giống lúa OM 18": part of a name
        if not _after_noun(self.view, self.rules, start, line_start):
            return True
        return unit.noun

    def _after_name(self, start: int) -> bool:
        """Whether a capitalised word inside a sentence stands right before ``start``."""
        view = self.view
        prev = view.word_before(start)
        if prev is None or self.text[prev.end : start].strip() or not prev.text[0].isupper():
            return False
        if prev.text.lower() in self.rules.data["qualifiers"]:
            return False  # "Hơn 200 …" opening a sentence
        before = self.text[max(0, prev.start - 8) : prev.start].rstrip()
        if not before or before[-1] in ".!?:;…":
            return False  # a capital that opens a sentence says nothing
        return view.sentence_span(prev.start)[0] != prev.start

    def _preposition(self, q_start: int, start: int, number: str, unit: _Unit) -> bool:
        """Whether ``trên`` before the number is a preposition ("per", "on"), not "more than":
        right after a figure, before ``1`` and a unit (``trên 1 ha``), or before a length or
        area after a verb of placing and its counted object (``lắp 900 bóng đèn trên 40 km
        đường``)."""
        text = self.text
        if text[q_start:start].strip().lower() not in self.rules.data["preposition_qualifiers"]:
            return False
        if self.figures and 0 <= q_start - self.figures[-1].end <= 1:
            return True  # "5 người trên 1.000 dân"
        if unit.unit is None or unit.scale != 1.0 or unit.add:
            return False
        if number == "1":
            return self._per_one(unit.unit, q_start)
        return unit.unit in self.rules.data["surface_units"] and self._placed_object(q_start)

    def _per_one(self, unit: str, q_start: int) -> bool:
        """``trên 1 ha``, ``trên 1 người``: per one; ``trên 1%``, ``trên 1 năm`` and, after a
        verb of having or a word of size, ``có trên 1 ha``, ``dài trên 1 km`` are bounds."""
        if unit == "%" or unit in self.rules.data["currencies"].values():
            return False
        if unit.lower() in self.rules.data["per_one_excluded_units"]:
            return False
        line_start = self.text.rfind("\n", 0, q_start) + 1
        return not self.rules.per_one_bound_tail.search(self.text, line_start, q_start)

    def _placed_object(self, q_start: int) -> bool:
        """A verb of placing, then a figure (its object) before ``q_start`` in one clause."""
        if not self.figures:
            return False
        obj = self.figures[-1]
        clause = max(
            self.view.sentence_span(q_start)[0],
            *(self.text.rfind(p, 0, q_start) + 1 for p in ",;:"),
        )
        if obj.start < clause:
            return False
        i = self.view.word_index_at(obj.start)
        i = len(self.view.words) if i is None else i
        # The verb stands right before its object, at most two words ("mới", "được thêm") apart.
        for word in self.view.words[max(0, i - 3) : i]:
            if word.start >= clause and word.text.lower() in self.rules.placing_verbs:
                return True
        return False

    def _suffix_qualifier(self, end: int, qualifier: str) -> tuple[str, int]:
        m = self.rules.suffix_qualifier.match(self.text, end)
        if m:
            return self.rules.lookup("qualifier_suffixes", m.group(1)), m.end(1)
        return qualifier, end

    def _single(self, number: str, start: int, end: int, line_start: int) -> int:
        """Read one number; returns where reading goes on (past a range or a money chain)."""
        value = parse_number(number)
        if value is None or (start == line_start and _LIST_MARKER_RE.match(self.text, start)):
            return end  # "1." or "2)" opening a line numbers a list
        unit = _read_unit(self.view, self.rules, end)
        bare = unit.unit is None and not unit.measured
        if (
            self._rejected(number, start, end, line_start, unit.measured)
            or self._continues_identifier(start)
            or (bare and self._continues_date(start))
        ):
            self._identifier_end = end
            return end
        if self._is_year(number, start, end, line_start):
            return end
        if self._is_day(number, start, line_start, unit):
            self._date_end = unit.end  # "mùng 8 và 9": dates joined by "và"
            return end
        if not self._is_figure(unit, start, end, line_start):
            self._identifier_end = end
            return end
        if bare and "." in number and _is_day_month(number):
            return end  # "vào dịp 2.9": a day and month written with a dot
        if self._is_kinship_pronoun(value, end):
            return end
        upper = self.rules.range_word.match(self.text, unit.end) if unit.unit else None
        if upper:
            # "từ 500.000 đồng đến 1 triệu đồng": a range with the unit on both sides.
            b_start, b_end = upper.start(1), upper.end(1)
            b_unit = _read_unit(self.view, self.rules, b_end)
            if b_unit.unit == unit.unit and parse_number(upper.group(1)) is not None:
                return self._range(
                    number, start, unit.end, upper.group(1), b_start, b_end, line_start, unit
                )
        qualifier, q_start = _figure_qualifier(self.view, self.rules, start, line_start, unit)
        if self._preposition(q_start, start, number, unit):
            qualifier, q_start = "=", start  # "1.600 cây trên 1 ha": a preposition, "per"
        qualifier, f_end = self._suffix_qualifier(unit.end, qualifier)
        self._emit(q_start, f_end, value * unit.scale + unit.add, None, unit.unit, qualifier)
        return f_end if unit.add else end

    def _ratio(self, a: str, b: str, start: int, end: int, line_start: int) -> None:
        va, vb = parse_number(a), parse_number(b)
        if va is None or vb is None or vb == 0:
            return
        text = self.text
        if self._after_date_cue(start, line_start):
            self._date_end = end  # "Ngày 30/4 và 1/5": the second date too
            return
        if va <= 31 and vb <= 12 and re.match(r"\s*(,\s*|năm\s+)(19|20)\d\d", text[end : end + 12]):
            return  # 25/1, năm 2016
        unit = _read_unit(self.view, self.rules, end)
        bare = unit.unit is None and not unit.measured
        if (
            self._rejected(a, start, end, line_start, unit.measured)
            or self._continues_identifier(start)
            or (bare and self._continues_date(start))
        ):
            return  # also "ngày 7 và 8/12"
        if not self._is_figure(unit, start, end, line_start):
            return
        if not unit.measured:
            if va == 1 and vb >= self.rules.data["map_scale_min_denominator"]:
                return  # "quy hoạch tỷ lệ 1/2000": a map scale
            if unit.unit is None and va > vb and _is_day_month(f"{a}/{b}"):
                return  # "(21/8)": a date (a fraction is at most 1: "chiếm 2/3")
            if 1 <= va <= 12 and _YEAR_RE.match(b):
                return  # "Đến 10/2024": a month of a year
        qualifier, q_start = _figure_qualifier(self.view, self.rules, start, line_start, unit)
        scale = unit.scale
        self._emit(q_start, unit.end, va * scale, vb * scale, unit.unit, qualifier)

    def _is_date_pair(self, a: str, b: str, a_start: int, line_start: int, unit: _Unit) -> bool:
        """``chiều 5-8``, ``Quốc khánh 2-9``, ``thắng 3-1``, ``Từ 17-19.12``: a day and a
        month, a match score or days of a date, not a range. A range goes up, so ``8-3`` or
        ``20-10`` with nothing measured after it is a date or a score."""
        if unit.measured:
            return False
        va, vb = parse_number(a), parse_number(b)
        if va is None or vb is None or va >= vb:
            return True
        text = self.text
        if self.rules.score_tail.search(text, line_start, a_start):
            return True
        if "." in b and _is_day_month(b):
            return True  # "Từ 17-19.12": days 17 to 19 of December
        if not (a.isdigit() and b.isdigit() and _is_day_month(f"{a}-{b}")):
            return False
        opener = self.rules.range_opener_tail.search(text, line_start, a_start)
        if self._after_date_cue(opener.start(1) if opener else a_start, line_start):
            return True
        # A name before it ("Quốc khánh 2-9", "Hội trường 30-4"), which the tagger may have
        # glued to the numbers as one word.
        i = self.view.word_index_at(a_start)
        prev = self.view.words[i] if i is not None and self.view.words[i].start < a_start else None
        if prev is None:
            prev = self.view.word_before(a_start)
        return (
            unit.unit is None
            and prev is not None
            and (prev.end > a_start or not text[prev.end : a_start].strip())
            and prev.text[0].isupper()
        )

    def _range(
        self,
        a: str,
        a_start: int,
        a_end: int,
        b: str,
        b_start: int,
        b_end: int,
        line_start: int,
        a_unit: _Unit | None = None,
    ) -> int:
        """Two figures for a range ``a``–``b``; ``a_unit`` when ``a`` carries its own unit
        (``từ 500.000 đồng đến 1 triệu đồng``), else both take the unit after ``b``."""
        va, vb = parse_number(a), parse_number(b)
        if va is None or vb is None:
            return b_end
        if _YEAR_RE.match(a) and _YEAR_RE.match(b):
            return b_end  # a period: 2015-2020
        unit = _read_unit(self.view, self.rules, b_end)
        a_measured = unit.measured if a_unit is None else a_unit.measured
        if self._rejected(a, a_start, a_end, line_start, a_measured) or self._rejected(
            b, b_start, b_end, line_start, unit.measured
        ):
            return b_end
        if a_unit is None and (
            self._is_date_pair(a, b, a_start, line_start, unit)
            or (not unit.measured and unit.unit is None and self._continues_date(a_start))
        ):
            self._date_end = b_end
            return b_end
        low = a_unit or unit
        qualifier, q_start = _qualifier(self.view, self.rules, a_start, line_start)
        if q_start == a_start:
            opener = self.rules.range_opener_tail.search(self.text, line_start, a_start)
            if opener:
                # "khoảng từ 30 đến 40%": a qualifier before the opener governs the range.
                qualifier, q_start = _qualifier(self.view, self.rules, opener.start(1), line_start)
        low_q, high_q = (qualifier, qualifier) if qualifier != "=" else (">=", "<=")
        self._emit(q_start, a_end, va * low.scale + low.add, None, low.unit, low_q)
        self._emit(b_start, unit.end, vb * unit.scale + unit.add, None, unit.unit, high_q)
        return max(b_end, unit.end) if unit.add else b_end


def extract_figures(view: DocView, rules: FigureRules | None = None) -> list[Figure]:
    """All key figures of the document, in text order."""
    figures = _Extractor(view, rules or FigureRules.default()).run()
    seen: set[tuple[int, int]] = set()
    out = []
    for f in sorted(figures, key=lambda f: (f.start, f.end)):
        if (f.start, f.end) not in seen:
            seen.add((f.start, f.end))
            out.append(f)
    return out
