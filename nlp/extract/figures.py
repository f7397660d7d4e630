"""Key figures: counts, percentages, money, measures and ratios in Vietnamese prose.

Numbers are found on the surface text (underthesea tags digits as N or M at
random and glues some to the next word, ``8.5 điểm``); the tagged words are
used for context: the word before a number tells a count (``cử 45 đảng
viên``) from an identifier (``tổ 2``, ``Chỉ thị 05``, ``lần 1``), because a
Vietnamese cardinal stands before its noun and an identifier after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..numbers import NUMBER_PATTERN, SCALE_WORDS, parse_number
from ..rules import load_rules
from ..types import Figure
from .common import DocView, Word, phrase_regex

__all__ = ["FigureRules", "extract_figures"]

_NUM_FULL = re.compile(rf"^{NUMBER_PATTERN}$")
# A run of digits and the marks that join them without spaces: 12,6 · 16/19 · 2015-2020 · 09:14.
_RUN_RE = re.compile(r"(?<![\w.,/:])[0-9][0-9.,/:\-–]*(?<![.,/:\-–])")
_RATIO_RE = re.compile(rf"^({NUMBER_PATTERN})/({NUMBER_PATTERN})$")
_RANGE_RE = re.compile(rf"^({NUMBER_PATTERN})[\-–]({NUMBER_PATTERN})$")
_SPACED_RANGE_RE = re.compile(rf"\s*[\-–—]\s*({NUMBER_PATTERN})(?![\w.,/:])")
_YEAR_RE = re.compile(r"^(19|20|21)\d\d$")
_LIST_MARKER_RE = re.compile(r"[0-9]{1,2}[.)]\s")
_JOINER_RE = re.compile(r"\s*(?:,|và|hoặc|-|–)\s*", re.IGNORECASE)
_PER_RE = re.compile(r"\s*/\s*[^\W\d_]+(?:\s[^\W\d_]+)?", re.UNICODE)


@dataclass(frozen=True)
class FigureRules:
    """Compiled figure rules (from ``rules/figures.json`` unless given)."""

    data: dict

    @classmethod
    def default(cls) -> FigureRules:
        return cls(load_rules("figures"))

    def _tail(self, key: str) -> re.Pattern[str]:
        return re.compile(rf"(?<!\w)({phrase_regex(self.data[key])})\s*$", re.IGNORECASE)

    @cached_property
    def qualifier_tail(self) -> re.Pattern[str]:
        return self._tail("qualifiers")

    @cached_property
    def identifier_tail(self) -> re.Pattern[str]:
        return self._tail("identifier_cues")

    @cached_property
    def date_tail(self) -> re.Pattern[str]:
        return self._tail("date_cues")

    @cached_property
    def year_tail(self) -> re.Pattern[str]:
        return self._tail("year_cues")

    @cached_property
    def measure_noun_tail(self) -> re.Pattern[str]:
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
        units = [*self.data["measures"], *self.data["percent"]]
        return re.compile(rf"({phrase_regex(units)})(?![\w])", re.IGNORECASE)

    @cached_property
    def noun_tags(self) -> frozenset[str]:
        return frozenset(self.data["noun_tags"])

    @cached_property
    def range_opener_tail(self) -> re.Pattern[str]:
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
    def fixed_phrases(self) -> frozenset[str]:
        return frozenset(self.data["fixed_phrases"])

    @cached_property
    def fixed_phrase_units(self) -> frozenset[str]:
        return frozenset(self.data["fixed_phrase_units"])

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


def _read_unit(view: DocView, rules: FigureRules, pos: int) -> _Unit:
    """Scale words, then %, currency, measure or the counted noun after ``pos``."""
    text = view.text
    scale = 1.0
    m = rules.scale.match(text, pos)
    if m:
        for word in m.group(1).split():
            scale *= SCALE_WORDS[word.lower()]
        pos = m.start(1) + len(m.group(1).rstrip())
    for pattern, kind in (
        (rules.percent, "%"),
        (rules.currency, "currencies"),
        (rules.measure, "measures"),
    ):
        m = pattern.match(text, pos)
        if m and (kind == "%" or _ends_a_word(view, m.end(1))):
            unit = "%" if kind == "%" else rules.lookup(kind, m.group(1))
            end = m.end(1)
            per = _PER_RE.match(text, end)
            if per:
                end = per.end()
            return _Unit(unit, scale, end, True)
    noun = _counted_noun(view, rules, pos)
    if noun is None:
        return _Unit(None, scale, pos, scale != 1.0)
    unit, end, is_noun = noun
    return _Unit(unit, scale, end, scale != 1.0, is_noun)


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
    lowered = word.text.lower()
    if not word.text[0].isalpha() or lowered in rules.unit_stop_words:
        return None
    if lowered in SCALE_WORDS or (word.tag not in rules.noun_tags and word.tag != "V"):
        return None
    return word.text, word.end, word.tag in rules.noun_tags


def _qualifier(view: DocView, rules: FigureRules, start: int, line_start: int) -> tuple[str, int]:
    m = rules.qualifier_tail.search(view.text, line_start, start)
    if m:
        return rules.lookup("qualifiers", m.group(1)), m.start(1)
    return "=", start


def _after_identifier_cue(view: DocView, rules: FigureRules, start: int, line_start: int) -> bool:
    """``số 2``, ``lần thứ 3``, ``Chỉ thị 05``: a cue word right before the number."""
    text = view.text
    if rules.measure_noun_tail.search(text, line_start, start):
        return False
    return bool(rules.identifier_tail.search(text, line_start, start))


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
        if run in self.rules.fixed_phrases:
            return end
        if _NUM_FULL.match(run):
            spaced = _SPACED_RANGE_RE.match(text, end)
            if spaced is None and self.rules.range_opener_tail.search(text, line_start, start):
                # "từ 10 đến 15 triệu đồng": a range written out in words.
                spaced = self.rules.range_word.match(text, end)
            if spaced:
                return self._range(
                    run, start, end, spaced.group(1), spaced.start(1), spaced.end(1), line_start
                )
            self._single(run, start, end, line_start)
            return end
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

    def _rejected(self, number: str, start: int, end: int, line_start: int) -> bool:
        text = self.text
        if start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha():
            return True  # Covid-19, M-2
        if re.search(r"[0-9][ \t]+$", text[max(line_start, start - 3) : start]):
            return True  # a later group of a spaced digit string: 0233 3852 123
        if len(number) > 1 and number[0] == "0" and number[1].isdigit():
            return True  # 05, 0233…: codes and phone numbers
        if end < len(text) and text[end].isalpha() and not self.rules.glued_unit.match(text, end):
            return True  # 4K, 5G, H5N1
        if re.match(r"[\-/][^\W\d_]", text[end : end + 2]):
            return True  # 26-CV/HU, 417/KH-UBND
        quote = self.view.quote_around(start, end)
        if (
            quote
            and len(text[quote[0] : quote[1]].split())
            <= self.rules.data["max_quoted_name_syllables"]
        ):
            return True  # inside a name or slogan
        return _after_identifier_cue(self.view, self.rules, start, line_start)

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
        if self._identifier_end < 0 or start - self._identifier_end > 6:
            return False
        return bool(_JOINER_RE.fullmatch(self.text, self._identifier_end, start))

    def _is_figure(self, unit: _Unit, start: int, line_start: int) -> bool:
        if unit.measured:
            return True
        if unit.unit is not None and unit.unit.lower() in self.rules.fixed_phrase_units:
            return False  # "thông tin 2 chiều"
        if (
            unit.unit is not None
            and unit.unit.lower() in self.rules.clock_units
            and self.rules.clock.match(self.text, unit.end)
        ):
            return False  # a clock time: "7 giờ sáng", "14 giờ 30"
        # A noun then a bare number is an identifier ("tổ 2", "mức độ 3", "công nghiệp 4.0");
        # with a counted noun after it, it is a count even when the tagger calls the word
        # before a noun ("thuyên chuyển 13 công chức").
        if not _after_noun(self.view, self.rules, start, line_start):
            return True
        return unit.noun

    def _suffix_qualifier(self, end: int, qualifier: str) -> tuple[str, int]:
        m = self.rules.suffix_qualifier.match(self.text, end)
        if m:
            return self.rules.lookup("qualifier_suffixes", m.group(1)), m.end(1)
        return qualifier, end

    def _single(self, number: str, start: int, end: int, line_start: int) -> None:
        value = parse_number(number)
        if value is None or (start == line_start and _LIST_MARKER_RE.match(self.text, start)):
            return  # "1." or "2)" opening a line numbers a list
        if self._rejected(number, start, end, line_start) or self._continues_identifier(start):
            self._identifier_end = end
            return
        if self._is_year(number, start, end, line_start):
            return
        unit = _read_unit(self.view, self.rules, end)
        if not self._is_figure(unit, start, line_start):
            self._identifier_end = end
            return
        qualifier, q_start = _qualifier(self.view, self.rules, start, line_start)
        qualifier, f_end = self._suffix_qualifier(unit.end, qualifier)
        self._emit(q_start, f_end, value * unit.scale, None, unit.unit, qualifier)

    def _ratio(self, a: str, b: str, start: int, end: int, line_start: int) -> None:
        va, vb = parse_number(a), parse_number(b)
        if va is None or vb is None or vb == 0:
            return
        text = self.text
        if self.rules.date_tail.search(text, line_start, start):
            return
        if va <= 31 and vb <= 12 and re.match(r"\s*(,\s*|năm\s+)(19|20)\d\d", text[end : end + 12]):
            return  # 25/1, năm 2016
        if self._rejected(a, start, end, line_start):
            return
        unit = _read_unit(self.view, self.rules, end)
        if not self._is_figure(unit, start, line_start):
            return
        qualifier, q_start = _qualifier(self.view, self.rules, start, line_start)
        scale = unit.scale
        self._emit(q_start, unit.end, va * scale, vb * scale, unit.unit, qualifier)

    def _range(
        self, a: str, a_start: int, a_end: int, b: str, b_start: int, b_end: int, line_start: int
    ) -> int:
        va, vb = parse_number(a), parse_number(b)
        if va is None or vb is None:
            return b_end
        if _YEAR_RE.match(a) and _YEAR_RE.match(b):
            return b_end  # a period: 2015-2020
        if self._rejected(a, a_start, a_end, line_start) or self._rejected(
            b, b_start, b_end, line_start
        ):
            return b_end
        unit = _read_unit(self.view, self.rules, b_end)
        qualifier, q_start = _qualifier(self.view, self.rules, a_start, line_start)
        low_q, high_q = (qualifier, qualifier) if qualifier != "=" else (">=", "<=")
        if q_start == a_start:
            m = self.rules.range_opener_tail.search(self.text, line_start, a_start)
            if m:
                q_start = m.start(1)
        self._emit(q_start, a_end, va * unit.scale, None, unit.unit, low_q)
        self._emit(b_start, unit.end, vb * unit.scale, None, unit.unit, high_q)
        return b_end


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
