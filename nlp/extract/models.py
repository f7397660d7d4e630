"""Named models: ``mô hình “X”``, unquoted ``mô hình X`` and lists introduced as models."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..rules import load_rules
from ..types import NamedModel
from .common import OPEN_QUOTES, QUOTE_PAIRS, DocView, norm_key, phrase_regex

__all__ = ["ModelRules", "extract_models"]

_ELLIPSIS_RE = re.compile(r"\.{3,}|…")
_EDGE_PUNCT = " \t\n,.;:!?…-–—()[]"


@dataclass(frozen=True)
class ModelRules:
    """Compiled model rules (from ``rules/models.json`` unless given)."""

    data: dict

    @classmethod
    def default(cls) -> ModelRules:
        return cls(load_rules("models"))

    @cached_property
    def trigger(self) -> re.Pattern[str]:
        return re.compile(rf"(?<!\w)({phrase_regex(self.data['triggers'])})(?!\w)", re.I)

    @cached_property
    def leading_trigger(self) -> re.Pattern[str]:
        return re.compile(rf"\s*({phrase_regex(self.data['triggers'])})(?!\w)\s*", re.I)

    @cached_property
    def plural_tail(self) -> re.Pattern[str]:
        words = phrase_regex(self.data["plural_determiners"])
        return re.compile(rf"(?<!\w)(?:{words}|[0-9][0-9.,]*)\s*$", re.IGNORECASE)

    @cached_property
    def introducer(self) -> re.Pattern[str]:
        words = phrase_regex(self.data["list_introducers"])
        bare = phrase_regex(self.data["list_introducers_bare"])
        # "như:" / "gồm:" / "là:"; or "như" straight before a quote or another "mô hình".
        return re.compile(
            rf"(?<!\w)(?:(?:{words})\s*:|(?:{bare})\s+(?=[{re.escape(OPEN_QUOTES)}]|mô hình))\s*",
            re.IGNORECASE,
        )

    @cached_property
    def generic_heads(self) -> frozenset[str]:
        return frozenset(self.data["generic_heads"])

    @cached_property
    def determiner_heads(self) -> frozenset[str]:
        return frozenset(self.data["determiner_heads"])

    @cached_property
    def stop_words(self) -> frozenset[str]:
        return frozenset(self.data["stop_words"])


def _strip_span(text: str, a: int, b: int, chars: str = _EDGE_PUNCT) -> tuple[int, int]:
    while a < b and text[a] in chars:
        a += 1
    while b > a and text[b - 1] in chars:
        b -= 1
    return a, b


def _quoted(text: str, a: int, b: int) -> tuple[int, int] | None:
    """If ``text[a:b]`` opens with a quote, the span inside it (stray spaces removed)."""
    while a < b and text[a].isspace():
        a += 1
    if a >= b or text[a] not in QUOTE_PAIRS:
        return None
    closers = QUOTE_PAIRS[text[a]]
    j = a + 1
    while j < b and text[j] not in closers:
        j += 1
    if j >= b and (b >= len(text) or text[b] not in closers):
        return None
    return _strip_span(text, a + 1, j, " \t")


def _split_items(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Split ``text[a:b]`` at ``;`` or, when it has none, at commas outside quotes."""
    region = text[a:b]
    sep = ";" if ";" in region else ","
    items: list[tuple[int, int]] = []
    depth_closer: str | None = None
    start = a
    for i in range(a, b):
        ch = text[i]
        if depth_closer is not None:
            if ch in depth_closer:
                depth_closer = None
            continue
        if ch in QUOTE_PAIRS and (ch != "'" or i == a or not text[i - 1].isalpha()):
            depth_closer = QUOTE_PAIRS[ch]
            continue
        if ch == sep:
            items.append((start, i))
            start = i + 1
    items.append((start, b))
    return items


class _Extractor:
    def __init__(self, view: DocView, rules: ModelRules) -> None:
        self.view = view
        self.rules = rules
        self.text = view.text
        self.found: list[NamedModel] = []
        self.consumed: list[tuple[int, int]] = []

    def _add(self, a: int, b: int) -> None:
        a, b = _strip_span(self.text, a, b)
        if a >= b:
            return
        name = self.text[a:b]
        n = len(name.split())
        if n > self.rules.data["max_name_syllables"] or not any(c.isalpha() for c in name):
            return
        self.found.append(NamedModel(name, a, b, self.view.sentence_text(a)))

    def _is_consumed(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.consumed)

    # -- lists: "các mô hình ... như: A; B; C" -------------------------------------------
    def lists(self) -> None:
        text = self.text
        for s_start, s_end in self.view.sentences:
            for intro in self.rules.introducer.finditer(text, s_start, s_end):
                if self._is_consumed(intro.start()):
                    continue
                region_start = intro.end()
                ell = _ELLIPSIS_RE.search(text, region_start, s_end)
                region_end = ell.start() if ell else s_end
                if region_end <= region_start:
                    continue
                items = _split_items(text, region_start, region_end)
                first = text[items[0][0] : items[0][1]]
                clause = text[s_start : intro.start()]
                triggers_in_clause = [
                    m for m in self.rules.trigger.finditer(text, s_start, intro.start())
                ]
                if not triggers_in_clause and not self.rules.leading_trigger.match(first):
                    continue
                if triggers_in_clause and ";" in clause[triggers_in_clause[-1].end() - s_start :]:
                    continue  # the clause with "mô hình" ended before the list began
                self._list_items(items)
                self.consumed.append((intro.start(), region_end))
                for m in triggers_in_clause:
                    self.consumed.append((m.start(), m.end()))

    def _list_items(self, items: list[tuple[int, int]]) -> None:
        text = self.text
        # "A, B và “C”": the last comma item may hold two.
        if items and ";" not in text[items[0][0] : items[-1][1]]:
            a, b = items[-1]
            m = re.search(rf"\svà\s+(?=[{re.escape(OPEN_QUOTES)}]|mô hình)", text[a:b], re.I)
            if m:
                items = [*items[:-1], (a, a + m.start()), (a + m.end(), b)]
        for a, b in items:
            a, b = _strip_span(text, a, b)
            lead = re.match(r"(?:và|cùng)\s+", text[a:b], re.IGNORECASE)
            if lead:
                a += lead.end()
            trig = self.rules.leading_trigger.match(text, a, b)
            if trig:
                a = trig.end()
            inside = _quoted(text, a, b)
            if inside:
                a, b = inside
            elif self._generic(a, b):
                continue
            self._add(a, b)

    def _generic(self, a: int, b: int) -> bool:
        """A phrase naming a kind of model: a determiner first, or generic words only."""
        words = [w for w in self.view.words if a <= w.start < b]
        if not words:
            return False
        if words[0].text.lower() in self.rules.determiner_heads:
            return True
        # Judge the head segment: "tăng trưởng và đổi mới …" is as generic as "tăng trưởng".
        head = []
        for w in words:
            if w.text.lower() in ("và", "hoặc", "cùng"):
                break
            head.append(w)
        return all(w.text.lower() in self.rules.generic_heads for w in head)

    # -- single mentions ---------------------------------------------------------------
    def mentions(self) -> None:
        text = self.text
        for m in self.rules.trigger.finditer(text):
            if self._is_consumed(m.start()):
                continue
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            inside = _quoted(text, self._quote_start(m.end(), line_end), line_end)
            if inside:
                self._add(*inside)
                continue
            self._unquoted(m.start(), m.end(), line_end)

    def _quote_start(self, pos: int, line_end: int) -> int:
        """Where a quoted name may open: right after "mô hình", after a colon, or after
        generic modifiers ("mô hình điểm “…”", "mô hình tiêu biểu “…”")."""
        text = self.text
        m = re.match(r"\s*:\s*", text[pos:line_end])
        if m:
            return pos + m.end()
        cursor = pos
        for _ in range(3):
            word = self.view.word_after(cursor)
            if word is None or word.start >= line_end or text[cursor : word.start].strip():
                break
            if word.text.lower() not in self.rules.generic_heads:
                break
            cursor = word.end
            if text[cursor:line_end].lstrip()[:1] in QUOTE_PAIRS:
                return cursor
        return pos

    def _unquoted(self, t_start: int, t_end: int, line_end: int) -> None:
        text = self.text
        line_start = text.rfind("\n", 0, t_start) + 1
        if self.rules.plural_tail.search(text, line_start, t_start):
            return  # "các mô hình sản xuất": a kind of model, not one named model
        first = self.view.word_after(t_end)
        if first is None or first.start >= line_end or text[t_end : first.start].strip():
            return
        if first.text.lower() in self.rules.determiner_heads:
            return
        idx = self.view.words.index(first)
        last = None
        count = 0
        for word in self.view.words[idx:]:
            lowered = word.text.lower()
            if word.start >= line_end or not word.text[0].isalnum():
                break
            if lowered in self.rules.stop_words or text[(last or first).end : word.start].strip():
                break
            if self.rules.trigger.fullmatch(word.text):
                break  # the next mention starts here
            last = word
            count += len(word.text.split())
        if last is None or count > self.rules.data["max_unquoted_syllables"]:
            return
        if self._generic(first.start, last.end):
            return  # "mô hình tăng trưởng", "mô hình tổ chức bộ máy": a kind, not a name
        self._add(first.start, last.end)

    def run(self) -> list[NamedModel]:
        self.lists()
        self.mentions()
        seen: set[str] = set()
        out = []
        for model in sorted(self.found, key=lambda m: m.start):
            key = norm_key(model.name)
            if key and key not in seen:
                seen.add(key)
                out.append(model)
        return out


def extract_models(view: DocView, rules: ModelRules | None = None) -> list[NamedModel]:
    """Distinct named models of the document (case-insensitive), in text order."""
    return _Extractor(view, rules or ModelRules.default()).run()
