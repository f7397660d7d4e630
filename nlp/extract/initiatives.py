"""Numbered initiatives: ordinal headings (``Thứ nhất:``, ``Một là``, ``1.``, ``a)``) and
counted lists (``4 đề án lớn, đó là A; B; C; D``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..rules import load_rules
from ..types import Initiative
from .common import DocView, phrase_regex

__all__ = ["InitiativeRules", "extract_initiatives"]

_EDGE = " \t\n,.;:!?…-–—"
_ELLIPSIS_RE = re.compile(r"\.{3,}|…")
_DATE_AHEAD_RE = re.compile(r"\s*(?:ngày\s+)?\d{1,2}\s*[/\-.]\s*\d{1,2}", re.IGNORECASE)


@dataclass(frozen=True)
class InitiativeRules:
    """Compiled initiative rules (from ``rules/initiatives.json`` unless given)."""

    data: dict

    @classmethod
    def default(cls) -> InitiativeRules:
        return cls(load_rules("initiatives"))

    @cached_property
    def thu_marker(self) -> re.Pattern[str]:
        words = phrase_regex(self.data["ordinal_words"])
        return re.compile(rf"(thứ)\s+({words})(?!\w)\s*(?:[:,.]|là(?!\w))\s*", re.IGNORECASE)

    @cached_property
    def la_marker(self) -> re.Pattern[str]:
        words = phrase_regex(self.data["la_words"])
        return re.compile(rf"({words})\s+là(?!\w)\s*[:,]?\s*", re.IGNORECASE)

    @cached_property
    def line_marker(self) -> re.Pattern[str]:
        return re.compile(r"(?:\((\d{1,2}|[a-h])\)|(\d{1,2}|[a-h])\s*[.)])\s+")

    @cached_property
    def counted(self) -> re.Pattern[str]:
        words = phrase_regex(self.data["count_words"])
        intro = phrase_regex(self.data["count_introducers"])
        return re.compile(
            rf"(?<![\w/.,])(?P<count>[0-9]{{1,2}}|{words})\s+"
            rf"(?P<group>[^\W\d][^.,;:!?\n“”\"]*?)\s*,?\s*"
            rf"(?:(?P<intro>{intro})(?!\w)[ \t]*:?|:)[ \t]*",
            re.IGNORECASE,
        )


@dataclass(frozen=True, slots=True)
class _Marker:
    kind: str
    value: int
    start: int  # where the marker begins
    body: int  # where the item's own text begins


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _EDGE:
        a += 1
    while b > a and text[b - 1] in _EDGE:
        b -= 1
    return a, b


def _markers(view: DocView, rules: InitiativeRules) -> list[_Marker]:
    text = view.text
    found: list[_Marker] = []
    line_starts = {0} | {i + 1 for i, ch in enumerate(text) if ch == "\n"}
    # Markers also follow a colon: "3 nhóm giải pháp: Một là, …; Hai là, …".
    after_colon = {m.end() for m in re.finditer(r":[ \t]*", text)}
    starts = sorted(line_starts | after_colon | {s for s, _ in view.sentences})
    ordinal_words = rules.data["ordinal_words"]
    la_words = rules.data["la_words"]
    for pos in starts:
        if pos >= len(text):
            continue
        m = rules.thu_marker.match(text, pos)
        if m:
            if _DATE_AHEAD_RE.match(text, m.end()):
                continue  # a weekday: "Thứ tư, 09/05/2018"
            found.append(_Marker("thu", ordinal_words[m.group(2).lower()], pos, m.end()))
            continue
        m = rules.la_marker.match(text, pos)
        if m:
            found.append(_Marker("la", la_words[m.group(1).lower()], pos, m.end()))
            continue
        if pos in line_starts:
            m = rules.line_marker.match(text, pos)
            if m:
                label = m.group(1) or m.group(2)
                if label.isdigit():
                    found.append(_Marker("num", int(label), pos, m.end()))
                else:
                    found.append(_Marker("alpha", ord(label) - ord("a") + 1, pos, m.end()))
    return found


def _groups(markers: list[_Marker], min_items: int) -> list[list[_Marker]]:
    """Runs of markers of one kind counting 1, 2, 3…"""
    groups: list[list[_Marker]] = []
    open_runs: dict[str, list[_Marker]] = {}
    for marker in markers:
        run = open_runs.get(marker.kind)
        if run and marker.value == run[-1].value + 1:
            run.append(marker)
        elif marker.value == 1:
            open_runs[marker.kind] = run = [marker]
            groups.append(run)
    return [g for g in groups if len(g) >= min_items]


def _ordinal_items(view: DocView, rules: InitiativeRules) -> list[Initiative]:
    text = view.text
    items: list[Initiative] = []
    for group in _groups(_markers(view, rules), rules.data["min_items"]):
        for n, marker in enumerate(group):
            if n + 1 < len(group):
                end = group[n + 1].start
            else:
                line_end = text.find("\n", marker.body)
                end = len(text) if line_end < 0 else line_end
            s_end = view.sentence_span(marker.body)[1]
            colon = text.find(":", marker.body, min(s_end, end))
            title_end = colon if colon >= 0 else min(s_end, end)
            t_a, t_b = _strip(text, marker.body, title_end)
            x_a, x_b = _strip(text, marker.body, end)
            if t_a >= t_b:
                continue
            items.append(
                Initiative(
                    group=None,
                    ordinal=n + 1,
                    title=text[t_a:t_b],
                    text=text[x_a:x_b],
                    start=marker.start,
                    end=x_b,
                )
            )
    return items


def _split(text: str, a: int, b: int) -> list[tuple[int, int]]:
    sep = ";" if ";" in text[a:b] else ","
    parts = []
    start = a
    for i in range(a, b):
        if text[i] == sep:
            parts.append((start, i))
            start = i + 1
    parts.append((start, b))
    return [p for p in (_strip(text, x, y) for x, y in parts) if p[0] < p[1]]


_BULLET_LINE_RE = re.compile(r"[ \t]*[-+•*–][ \t]+([^\n]+)")


def _bullet_lines(text: str, pos: int, limit: int) -> list[tuple[int, int]]:
    """Spans of the bullet lines right after ``pos`` (blank lines between are fine)."""
    out: list[tuple[int, int]] = []
    cursor = text.find("\n", pos)
    while cursor >= 0 and len(out) < limit:
        while cursor < len(text) and text[cursor] == "\n":
            cursor += 1
        m = _BULLET_LINE_RE.match(text, cursor)
        if m is None:
            break
        a, b = _strip(text, m.start(1), m.end(1))
        if a < b:
            out.append((a, b))
        cursor = text.find("\n", m.end())
    return out


def _counted_items(view: DocView, rules: InitiativeRules) -> list[Initiative]:
    text = view.text
    items: list[Initiative] = []
    count_words = rules.data["count_words"]
    for m in rules.counted.finditer(text):
        raw = m.group("count").lower()
        count = int(raw) if raw.isdigit() else count_words[raw]
        group = " ".join(m.group("group").split())
        if not 2 <= count <= rules.data["max_count"]:
            continue
        if len(group.split()) > rules.data["max_group_syllables"]:
            continue
        s_end = view.sentence_span(m.end())[1]
        ell = _ELLIPSIS_RE.search(text, m.end(), s_end)
        end = ell.start() if ell else s_end
        if text[m.end() : end].strip():
            parts = _split(text, m.end(), end)
        else:
            # "3 giải pháp:" ending its line: the items are the bullet lines that follow.
            parts = _bullet_lines(text, m.end(), count)
        if len(parts) == count - 1 and ";" not in text[m.end() : end]:
            a, b = parts[-1]
            last_va = text.rfind(" và ", a, b)
            if last_va > a:
                parts[-1:] = [_strip(text, a, last_va), _strip(text, last_va + 4, b)]
        if len(parts) != count:
            continue
        for n, (a, b) in enumerate(parts, start=1):
            items.append(
                Initiative(group=group, ordinal=n, title=text[a:b], text=text[a:b], start=a, end=b)
            )
    return items


def extract_initiatives(view: DocView, rules: InitiativeRules | None = None) -> list[Initiative]:
    """Items of ordinal-heading lists and of counted lists, in text order."""
    rules = rules or InitiativeRules.default()
    items = _ordinal_items(view, rules) + _counted_items(view, rules)
    return sorted(items, key=lambda i: (i.start, i.ordinal))
