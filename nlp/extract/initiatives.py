"""Numbered initiatives: ordinal headings (``Thứ nhất:``, ``Một là``, ``1.``, ``a)``, ``(1)``) and
counted lists (``4 đề án lớn, đó là A; B; C; D``).

Ordinal headings: a marker may *open* a list at a line start, a sentence start, after a colon or
in parentheses anywhere; later markers of the same style may also stand after ``;`` (or ``,``
for word ordinals and ``1)``), so lists written inline in one paragraph are found. A run must
count 1, 2, 3… in one marker style (line-start ``1.`` and ``1)`` are one style when the count
goes on: ``3.`` then ``4)``), and hold two items unless the page is cut off inside it; a
run that opens after a comma or ``;`` needs three.

Counted lists: a count and a group noun, an introducer, then the items. The separator is chosen
so that the number of items equals the count (``;``, then ``,`` inside the first ``;`` clause,
with ``và`` before the last item; then short sentences; then bullet or ``;``-ended lines); a
comma list closed by ``và`` ends at the next comma when the main clause resumes there
(``gồm A, B và C, nhằm …``). Fewer
items are kept only when the text is cut off inside the list, or one fewer when ``;`` or bullets
leave no doubt (a miscount). The group's head noun must name tasks, solutions, programmes…;
another noun needs items that are actions (verb phrases) and a priority modifier (``công trình
trọng điểm``) or a colon after a verb of doing (``làm tốt 3 việc: …``) or after a document
that has N contents (``Kế hoạch có 3 nội dung: …``); a slogan word the items
repeat (``5 không``) is a group too. Lists of places, people, target groups, built works,
numeric breakdowns and numbered stages are dropped, and so is a counted subject that points back
(``2 giải pháp này là …``) or takes a copula and an adjective (``2 giải pháp là cần thiết``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..rules import load_rules
from ..types import Initiative
from .common import (
    ELLIPSIS_RE,
    QUOTE_PAIRS,
    SYLLABLE_RE,
    DocView,
    Word,
    phrase_regex,
    strip_span,
    syllables,
)

__all__ = ["InitiativeRules", "extract_initiatives"]

_TERMINAL = '.!?…"”’)»'
# Where a line's own text begins: after indentation and an optional bullet ("- Một là, …").
_LINE_LEAD_RE = re.compile(r"[ \t]*(?:[-–+•*][ \t]+)?")
_SENT_END_RE = re.compile(r"[.!?…][\"”’)]*\s+")
_COLON_RE = re.compile(r":[ \t]*")
_NUM_RE = re.compile(r"(\d{1,2})[ \t]*([.)/-])(?![\d/])[ \t]*")
_PAREN_RE = re.compile(r"(?<![\w(])\((\d{1,2}|[a-h]|[ivx]{1,4}|[IVX]{1,4})\)[ \t]*")
_ROMAN = {r: n for n, r in enumerate("i ii iii iv v vi vii viii ix x".split(), start=1)}
_ALPHA_RE = re.compile(r"([a-h])[ \t]*([.)])[ \t]+")
_BULLET_LINE_RE = re.compile(r"[ \t]*[-+•*–][ \t]+([^\n]+)")
_IDENT_RE = re.compile(r"\d{1,3}|[IVX]{1,5}")


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
        return re.compile(
            rf"(thứ)\s+({words})(?!\w)[ \t]*(?:[:,.\-–]|là(?!\w)[ \t]*[:,]?)[ \t]*", re.IGNORECASE
        )

    @cached_property
    def la_marker(self) -> re.Pattern[str]:
        words = phrase_regex(self.data["la_words"])
        return re.compile(rf"({words})\s+là(?!\w)[ \t]*[:,]?[ \t]*", re.IGNORECASE)

    @cached_property
    def date_ahead(self) -> re.Pattern[str]:
        """A weekday, not an ordinal, ahead: "Thứ tư, 09/05/2018", "Thứ năm, ngày 14 tháng 3",
        "Thứ Sáu - 15/3"."""
        words = phrase_regex(self.data["weekday_date_words"])
        return re.compile(rf"\s*(?:(?:{words})(?!\w)|\d{{1,2}}\s*[/\-.]\s*\d{{1,2}})", re.I)

    def _weak_position(self, mark: str) -> re.Pattern[str]:
        # Weak positions may continue a run but never open one: "A; và thứ hai là B", "A, hai
        # là B".
        words = phrase_regex(self.data["run_continuers"])
        return re.compile(rf"{mark}[ \t]*(?:(?:{words})[ \t]+)?", re.IGNORECASE)

    @cached_property
    def semicolon_position(self) -> re.Pattern[str]:
        return self._weak_position(";")

    @cached_property
    def comma_position(self) -> re.Pattern[str]:
        return self._weak_position(",")

    @cached_property
    def last_item_joiner(self) -> re.Pattern[str]:
        return re.compile(rf"(?<=\s){re.escape(self.data['last_item_joiner'])}(?=\s)")

    @cached_property
    def counted(self) -> re.Pattern[str]:
        words = phrase_regex(self.data["count_words"])
        intro = phrase_regex(self.data["count_introducers"])
        colon_intro = phrase_regex(self.data["colon_introducers"])
        return re.compile(
            rf"[“\"]?(?P<count>[0-9]{{1,2}}|{words})\s+"
            rf"(?P<group>[^\W\d][^.,;:!?\n“”\"()]*?)[ \t]*[”\"]?[ \t]*,?[ \t]*"
            rf"(?:(?P<intro>{intro})(?!\w)[ \t]*:?|(?:{colon_intro})[ \t]*:|(?P<colon>:)"
            rf"|(?P<paren>\())[ \t]*",
            re.IGNORECASE,
        )

    @cached_property
    def count_start(self) -> re.Pattern[str]:
        words = phrase_regex(self.data["count_words"])
        return re.compile(rf"(?<![\w/.,\-])[“\"]?(?:[0-9]{{1,2}}|{words})(?!\w)", re.IGNORECASE)

    @cached_property
    def conjunction(self) -> re.Pattern[str]:
        return re.compile(
            rf"^(?:{phrase_regex(self.data['conjunctions'])})(?!\w)[ \t,]*", re.IGNORECASE
        )

    def _phrases(self, key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(p.split()) for p in self.data[key])

    @cached_property
    def group_trim(self) -> tuple[tuple[str, ...], ...]:
        return self._phrases("group_trim_words")

    @cached_property
    def group_stop_heads(self) -> tuple[tuple[str, ...], ...]:
        return self._phrases("group_stop_heads")

    @cached_property
    def bad_group_heads(self) -> tuple[tuple[str, ...], ...]:
        return self._phrases("non_initiative_group_heads")

    @cached_property
    def place_prefixes(self) -> tuple[tuple[str, ...], ...]:
        return self._phrases("item_place_prefixes")

    @cached_property
    def initiative_heads(self) -> tuple[tuple[str, ...], ...]:
        return self._phrases("initiative_group_heads")

    @cached_property
    def group_modifiers(self) -> tuple[tuple[str, ...], ...]:
        return self._phrases("initiative_group_modifiers")

    @cached_property
    def breakthrough_modifiers(self) -> tuple[tuple[str, ...], ...]:
        return self._phrases("breakthrough_modifiers")

    @cached_property
    def task_verbs(self) -> tuple[tuple[str, ...], ...]:
        return self._phrases("task_verbs")

    @cached_property
    def content_verbs(self) -> tuple[tuple[str, ...], ...]:
        return self._phrases("content_verbs")

    @cached_property
    def document_subjects(self) -> tuple[tuple[str, ...], ...]:
        return self._phrases("document_subjects")

    @cached_property
    def content_heads(self) -> tuple[tuple[str, ...], ...]:
        return self._phrases("content_group_heads")

    @cached_property
    def list_end_openers(self) -> tuple[tuple[str, ...], ...]:
        return self._phrases("list_end_openers")

    @cached_property
    def classifiers(self) -> tuple[tuple[str, ...], ...]:
        return self._phrases("group_classifiers")

    @cached_property
    def demonstratives(self) -> tuple[tuple[str, ...], ...]:
        return self._phrases("group_demonstratives")

    @cached_property
    def people_heads(self) -> tuple[tuple[str, ...], ...]:
        return self._phrases("item_people_heads")

    @cached_property
    def clause_openers(self) -> tuple[tuple[str, ...], ...]:
        return self._phrases("clause_openers")

    @cached_property
    def name_exempt(self) -> tuple[tuple[str, ...], ...]:
        return self._phrases("name_exempt_heads")


@dataclass(frozen=True, slots=True)
class _Marker:
    kind: str  # the marker style: a run never mixes "Thứ nhất" with "Một là" (see _runs)
    value: int
    start: int  # where the marker begins
    body: int  # where the item's own text begins
    strong: bool  # may open a run (line or sentence start, after a colon, in parentheses)
    line: bool = False  # stands at a line start


def _starts_with(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> int:
    """Length of the longest phrase that opens ``words`` (lower-cased), 0 when none does."""
    low = [w.lower() for w in words]
    best = 0
    for p in phrases:
        if len(p) > best and tuple(low[: len(p)]) == p:
            best = len(p)
    return best


def _is_cut_off(text: str, end: int) -> bool:
    """True when ``end`` reaches the end of a text that stops mid-sentence (a truncated page)."""
    tail = text.rstrip()
    return end >= len(tail) and bool(tail) and tail[-1] not in _TERMINAL


# --- ordinal headings -------------------------------------------------------------------------


_NEWLINE_RE = re.compile("\n")


def _positions(
    view: DocView, rules: InitiativeRules
) -> tuple[set[int], set[int], set[int], set[int]]:
    """Line starts, other strong starts (sentences, after a colon), and weak starts."""
    text = view.text
    lines = set()
    for i in [0] + [m.end() for m in _NEWLINE_RE.finditer(text)]:  # every line start
        lines.add(_LINE_LEAD_RE.match(text, i).end())
    strong = {s for s, _ in view.sentences}
    strong |= {m.end() for m in _SENT_END_RE.finditer(text)}
    strong |= {m.end() for m in _COLON_RE.finditer(text)}
    semi = {m.end() for m in rules.semicolon_position.finditer(text)}
    comma = {m.end() for m in rules.comma_position.finditer(text)}
    return lines, strong, semi, comma


def _followed_by_word(text: str, pos: int) -> bool:
    return pos < len(text) and (text[pos].isalpha() or text[pos] in "“\"'‘")


def _markers(view: DocView, rules: InitiativeRules) -> list[_Marker]:
    text = view.text
    lines, strong, semi, comma = _positions(view, rules)
    ordinal_words = rules.data["ordinal_words"]
    la_words = rules.data["la_words"]
    found: dict[int, _Marker] = {}
    for pos in sorted(lines | strong | semi | comma):
        if pos >= len(text):
            continue
        is_line = pos in lines
        is_strong = is_line or pos in strong
        m = rules.thu_marker.match(text, pos)
        if m and not rules.date_ahead.match(text, m.end()):  # not a weekday: "Thứ tư, 09/05/2018"
            value = ordinal_words[m.group(2).lower()]
            found[pos] = _Marker("thu", value, pos, m.end(), is_strong)
            continue
        m = rules.la_marker.match(text, pos)
        if m:
            found[pos] = _Marker("la", la_words[m.group(1).lower()], pos, m.end(), is_strong)
            continue
        after_comma = not (is_strong or pos in semi)
        m = _NUM_RE.match(text, pos)
        if m and _followed_by_word(text, m.end()):
            style = m.group(2)
            # "1/" and "1-" are list markers only at a line start ("1/2" is a date or a ratio);
            # after a bare comma only the closing-parenthesis style continues a list ("1) A, 2) B").
            if (style in ".)" or is_line) and (style == ")" or not after_comma):
                found[pos] = _Marker(
                    "num" + style, int(m.group(1)), pos, m.end(), is_strong, is_line
                )
                continue
        m = _ALPHA_RE.match(text, pos)
        if m and _followed_by_word(text, m.end()) and (m.group(2) == ")" or is_line):
            value = ord(m.group(1)) - ord("a") + 1
            found[pos] = _Marker("alpha" + m.group(2), value, pos, m.end(), is_strong)
    # Parenthesised markers are explicit wherever they stand: "gồm (1) …; (2) …".
    for m in _PAREN_RE.finditer(text):
        if m.start() in found or not _followed_by_word(text, m.end()):
            continue
        label = m.group(1)
        if label.isdigit():
            kind, value = "(num)", int(label)
        elif label.lower() in _ROMAN:  # a stray "(v)" or "(x)" never opens a run: not 1
            kind, value = "(roman)", _ROMAN[label.lower()]
        elif label in "abcdefgh":
            kind, value = "(alpha)", ord(label) - 96
        else:
            continue
        found[m.start()] = _Marker(kind, value, m.start(), m.end(), True)
    return [found[k] for k in sorted(found)]


_LINE_NUM_STYLES = {"num.": "num)", "num)": "num."}


def _line_style_switch(
    open_runs: dict[tuple[str, bool], list[_Marker]], marker: _Marker
) -> list[_Marker] | None:
    """The run of line-start "1." "2." "3." that a line-start "4)" goes on counting: writers switch
    between the dot and the parenthesis mid-list. A "1)" inside a "1." item restarts at 1, so it
    opens a nested list instead; a marker inside a line never switches."""
    other = _LINE_NUM_STYLES.get(marker.kind)
    if not other or not marker.line:
        return None
    run = open_runs.get((other, True))
    if run and all(m.line for m in run) and marker.value == run[-1].value + 1:
        return run
    return None


def _runs(markers: list[_Marker], min_weak_run: int) -> list[list[_Marker]]:
    """Runs of markers of one style counting 1, 2, 3…; a run opens at a strong position, or at
    a weak one (after a comma or ``;``) when it goes on to hold ``min_weak_run`` markers:
    "…, thứ nhất là A; thứ hai là B; thứ ba là C"."""
    runs: list[list[_Marker]] = []
    open_runs: dict[tuple[str, bool], list[_Marker]] = {}
    for marker in markers:
        # A run opened at a weak position is tried first: it is the one most recently opened.
        for strong in (False, True):
            run = open_runs.get((marker.kind, strong))
            if run and marker.value == run[-1].value + 1:
                run.append(marker)
                break
        else:
            run = _line_style_switch(open_runs, marker)
            if run:
                run.append(marker)
                open_runs[(marker.kind, True)] = run
            elif marker.value == 1:
                open_runs[(marker.kind, marker.strong)] = run = [marker]
                runs.append(run)
    return [run for run in runs if run[0].strong or len(run) >= min_weak_run]


def _trim_conjunction(text: str, a: int, b: int, rules: InitiativeRules) -> tuple[int, int]:
    """Drop a dangling conjunction at either edge ("…; và", "và …"), or a word that joins
    the next marker to this item ("A; còn thứ hai là B")."""
    a, b = strip_span(text, a, b)
    m = rules.conjunction.match(text[a:b])
    if m and m.end() < b - a:
        a, b = strip_span(text, a + m.end(), b)
    words = text[a:b].split()
    dangling = {*rules.data["conjunctions"], *rules.data["run_continuers"]}
    if len(words) > 1 and words[-1].lower() in dangling:
        b = text.rfind(words[-1], a, b)
        a, b = strip_span(text, a, b)
    return a, b


def _ordinal_items(
    view: DocView, rules: InitiativeRules, runs: list[list[_Marker]]
) -> list[Initiative]:
    text = view.text
    all_starts = sorted(m.start for run in runs for m in run)
    first_of = {id(run): run[0].start for run in runs}
    items: list[Initiative] = []
    for run in runs:
        last = run[-1]
        line_end = text.find("\n", last.body)
        run_end = len(text) if line_end < 0 else line_end
        # An inner list inside an outer item's paragraph ends where the outer list goes on.
        for other in runs:
            if first_of[id(other)] < run[0].start:
                for m in other:
                    if last.body < m.start < run_end:
                        run_end = m.start
        if len(run) < rules.data["min_items"] and not _is_cut_off(text, run_end):
            continue
        spans = []
        for n, marker in enumerate(run):
            end = run[n + 1].start if n + 1 < len(run) else run_end
            s_end = view.sentence_span(marker.body)[1]
            next_any = next((s for s in all_starts if s > marker.body), len(text))
            limit = max(marker.body, min(s_end, end, next_any))
            colon = text.find(":", marker.body, limit)
            t_a, t_b = _trim_conjunction(text, marker.body, colon if colon >= 0 else limit, rules)
            x_a, x_b = _trim_conjunction(text, marker.body, end, rules)
            spans.append((marker, t_a, t_b, x_a, x_b))
        if sum(t_a < t_b for _, t_a, t_b, _, _ in spans) < min(len(run), 2):
            continue
        if _mostly_names(text, [(t_a, t_b) for _, t_a, t_b, _, _ in spans], rules):
            continue  # a numbered roll of people or places
        for n, (marker, t_a, t_b, x_a, x_b) in enumerate(spans, start=1):
            if t_a >= t_b:
                continue
            items.append(
                Initiative(
                    group=None,
                    ordinal=n,
                    title=text[t_a:t_b],
                    text=text[x_a:x_b],
                    start=marker.start,
                    end=x_b,
                )
            )
    return items


# --- counted lists ----------------------------------------------------------------------------


def _is_titlecase(word: str) -> bool:
    """ "Khe", "Táu" (a capital, then lower case); not "OCOP" nor "nhà"."""
    return word[:1].isupper() and word[1:] == word[1:].lower()


def _place_name(words: list[str], rules: InitiativeRules) -> bool:
    """A place, person or built-work noun, then a name or a number: "thôn Khe Mây", "ông Trần Văn
    Bình", "cầu Bến Thủy", "Quốc lộ 14"."""
    n = 0
    while k := _starts_with(words[n:], rules.place_prefixes):
        n += k  # prefixes chain: "đội xã Tân An", "Trạm y tế xã Đông Sơn"
    return bool(n) and len(words) > n and (_is_titlecase(words[n]) or words[n][:1].isdigit())


def _names_something(
    text: str, a: int, b: int, rules: InitiativeRules, group: str | None = None
) -> bool:
    """An item that names a place or a person, or a number of a breakdown, not an initiative."""
    item = text[a:b]
    if a > 0 and text[a - 1] in QUOTE_PAIRS:
        return False  # a quoted name is a campaign or a programme
    if item[:1].isdigit():
        return True  # "65 dự án gồm: 29 dự án …; 13 dự án …"
    words = syllables(item.split(",")[0])
    if not words:
        return False
    short = len(words) <= rules.data["max_group_syllables"]
    if group is not None and short and _starts_with(words, rules.people_heads):
        return True  # a target group: "hộ nghèo", "người cao tuổi"
    head = group.lower().split()[:2] if group else []
    for n in (1, 2):
        # "3 đợt: đợt 1 …; đợt 2 …": numbered instances of the group noun, not initiatives
        same_head = n <= len(head) and [w.lower() for w in words[:n]] == head[:n]
        if same_head and len(words) > n and _IDENT_RE.fullmatch(words[n]):
            return True
    if _place_name(words, rules):
        return True
    if _starts_with(words, rules.name_exempt):
        return False  # "Đề án Phát triển …" is a programme, capitalised or not
    # Proper names only, perhaps followed by a number: "Khe Mây", "Lò Văn Páo 95%".
    n = next((i for i, w in enumerate(words) if not _is_titlecase(w)), len(words))
    return 2 <= n <= 5 and (n == len(words) or words[n][:1].isdigit())


def _mostly_names(
    text: str, spans: list[tuple[int, int]], rules: InitiativeRules, group: str | None = None
) -> bool:
    spans = [s for s in spans if s[0] < s[1]]
    named = sum(_names_something(text, a, b, rules, group) for a, b in spans)
    return bool(spans) and 2 * named > len(spans)


def _clean_group(view: DocView, start: int, raw: str, rules: InitiativeRules) -> str | None:
    """The group noun phrase, cut before a modifier clause ("đột phá trong phát triển …")."""
    spans = [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", raw)]
    words = [view.text[a:b] for a, b in spans]
    if not words or len(words) > rules.data["max_group_span_syllables"]:
        return None
    if any(w.isdigit() and len(w) <= 2 for w in words):
        return None  # "4 nhiệm vụ và 3 giải pháp là: …": the later count owns the list
    low = [w.lower() for w in words]
    for i in range(1, len(low)):
        # "nhiệm vụ trọng tâm năm 2024", "đột phá của tỉnh": the group ends before its modifiers
        if _starts_with(low[i:], rules.group_trim) or any(ch.isdigit() for ch in low[i]):
            words = words[:i]
            break
    while len(words) > 1 and words[-1].lower() in rules.data["conjunctions"]:
        words = words[:-1]
    if len(words) > rules.data["max_group_syllables"]:
        # "3 giải pháp thực hiện tiêu chí môi trường, gồm: …": the group is the head noun
        # phrase; a verb after the head opens a clause that says what the items are for.
        cut = next((i for i in range(1, len(words)) if _opens_verb(view, spans[i][0], rules)), 0)
        words = words[:cut]
    if not words or len(words) > rules.data["max_group_syllables"]:
        return None
    if _starts_with(words, rules.group_stop_heads):
        return None
    bad = _starts_with(words, rules.bad_group_heads)
    if bad and bad >= _starts_with(words, rules.initiative_heads):
        return None  # "3 phần: …" goes, "3 phần việc: …" stays
    group = " ".join(words)
    if any(w in group.lower() for w in rules.data["non_initiative_group_words"]):
        return None
    return group


def _opens_verb(view: DocView, pos: int, rules: InitiativeRules) -> bool:
    """A verb word (by its tag) starts at ``pos``."""
    i = view.word_index_at(pos)
    if i is None or view.words[i].start != pos:
        return False
    return view.words[i].tag in rules.data["verb_tags"]


def _contains(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    low = [w.lower() for w in words]
    return any(_starts_with(low[i:], phrases) for i in range(len(low)))


def _echoes(text: str, parts: list[tuple[int, int]], group: str) -> bool:
    """Most items open or end with the group word: "3 sạch: sạch nhà, sạch bếp, sạch ngõ"."""
    g = group.lower().split()
    hits = 0
    for a, b in parts:
        words = [w.lower() for w in syllables(text[a:b])]
        hits += words[: len(g)] == g or g == words[-len(g) :] or _contains(words, (tuple(g),))
    return 2 * hits > len(parts)


def _head_words(group: str, rules: InitiativeRules) -> list[str]:
    """The group from its head noun on: a leading classifier goes ("nhóm giải pháp")."""
    words = group.split()
    n = _starts_with(words, rules.classifiers)
    return words[n:] if 0 < n < len(words) else words


def _item_head(view: DocView, a: int, b: int, rules: InitiativeRules) -> Word | None:
    """The item's first word, past leading adverbs ("không để …", "chưa có …")."""
    word = view.word_after(a)
    i = view.word_index_at(word.start) if word is not None else None
    while i is not None and i < len(view.words) and view.words[i].start < b:
        if view.words[i].tag not in rules.data["adverb_tags"]:
            return view.words[i]
        i += 1
    return None


def _is_verb(view: DocView, word: Word | None, rules: InitiativeRules) -> bool:
    """A verb by its tag, or an adjective made a verb ("đơn giản hóa", "hiện đại hóa")."""
    if word is None:
        return False
    if word.tag in rules.data["verb_tags"]:
        return True
    after = view.word_after(word.end)
    return after is not None and after.text.lower() in rules.data["verbalizers"]


def _actions(view: DocView, parts: list[tuple[int, int]], rules: InitiativeRules) -> bool:
    """Most items are verb phrases: actions, not things ("nâng cấp chợ", not "chợ Đông Ba")."""
    verbs = sum(_is_verb(view, _item_head(view, a, b, rules), rules) for a, b in parts)
    return 2 * verbs > len(parts)


def _word_phrase_at(
    view: DocView,
    spans: list[tuple[int, int]],
    low: list[str],
    i: int,
    phrases: tuple[tuple[str, ...], ...],
) -> bool:
    """A phrase opens at syllable ``i`` and spans whole words ("giao", not "giao lưu");
    ``low`` holds the syllables of ``spans`` in lower case."""
    for p in phrases:
        if tuple(low[i : i + len(p)]) != p:
            continue
        a, b = spans[i][0], spans[i + len(p) - 1][1]
        first, last = view.word_index_at(a), view.word_index_at(b - 1)
        if first is None or last is None:
            return True  # no tokenisation to contradict the syllables
        if view.words[first].start == a and view.words[last].end == b:
            return True
    return False


def _after_task_verb(view: DocView, at: int, rules: InitiativeRules, group: str = "") -> bool:
    """A verb of planning or doing stands just before the count, in the same clause; or a
    document "có" a count of contents ("Kế hoạch của xã có 3 nội dung: …")."""
    window = rules.data["task_verb_window"]
    text = view.text
    lo = max(0, at - 120)
    cut = max((m.end() for m in re.finditer(r"[.,;:!?\n(]", text[lo:at])), default=0)
    # finditer with a start position reports positions in the whole text
    spans = [(m.start(), m.end()) for m in SYLLABLE_RE.finditer(text, lo + cut, at)]
    spans = spans[:-1]  # the count itself goes
    low = [text[a:b].lower() for a, b in spans]
    near = range(max(0, len(spans) - window), len(spans))
    if any(_word_phrase_at(view, spans, low, i, rules.task_verbs) for i in near):
        return True
    # "Kế hoạch của xã có 3 nội dung: …": a document that has N parts lists what it sets.
    if not _starts_with(group.lower().split(), rules.content_heads):
        return False
    for i in near:
        if _word_phrase_at(view, spans, low, i, rules.content_verbs) and any(
            _word_phrase_at(view, spans, low, j, rules.document_subjects) for j in range(i)
        ):
            return True
    return False


def _is_initiative_group(
    view: DocView,
    group: str,
    at: int,
    parts: list[tuple[int, int]],
    rules: InitiativeRules,
    colon: bool,
    named: bool = False,
) -> bool:
    """The group names tasks, solutions, programmes…, or is a slogan word the items repeat.

    The head decides ("nhóm giải pháp", "khâu đột phá"); a group of other things is a list of
    initiatives only when its items are actions and either a priority modifier marks it
    ("công trình trọng điểm") or a colon introduces the list of what a verb of planning or
    doing sets ("làm tốt 3 việc: …", "phát động 3 công trình thanh niên: …"; not "triệt phá
    3 đường dây: …"), or when every item is a quoted name such a verb sets (``named``).
    """
    head = _head_words(group, rules)
    if _starts_with(head, rules.initiative_heads):
        return True
    if _contains(head[1:], rules.breakthrough_modifiers):
        return True  # "3 hướng đột phá là hạ tầng, nhân lực và thể chế": breakthroughs
    if _actions(view, parts, rules):
        if _contains(head[1:], rules.group_modifiers):
            return True
        if colon and _after_task_verb(view, at, rules, group):
            return True
    elif named and colon and _after_task_verb(view, at, rules, group):
        # Every item a quoted name, set by a verb of planning or doing: named campaigns ("phát
        # động 5 công trình thanh niên gồm: “Thắp sáng đường quê”; …"); not built works named
        # after a place or building noun (“Cầu Suối Cạn”, “Nhà văn hóa thôn Tân Lập”).
        places = sum(_place_name(syllables(view.text[a:b]), rules) for a, b in parts)
        return 2 * places <= len(parts)
    first = view.word_after(at)
    if first is None or first.tag in rules.data["noun_tags"]:
        return False
    return _echoes(view.text, parts, group)


def _predicate(
    view: DocView,
    m: re.Match[str],
    parts: list[tuple[int, int]],
    group: str,
    rules: InitiativeRules,
) -> bool:
    """``là`` is a copula: what follows describes the group instead of listing it.

    A group ending in a demonstrative points back to a list already given ("2 giải pháp này là
    cần thiết"; with ``gồm`` or a colon it is restated: "3 nhiệm vụ này gồm: …"). A counted
    subject before an adjective is described ("Theo ông, 2 giải pháp là cần thiết"). A list is
    the object of a verb or a preposition ("xác định 3 khâu đột phá là …", "dựa vào 3 trụ cột
    đó là …"); a subject opens its clause, after punctuation or a conjunction ("cho rằng 2 …").
    Slogans like "3 sạch là sạch nhà" repeat their word and stay lists."""
    intro = " ".join((m.group("intro") or "").lower().split())
    if ":" in m.group(0) or intro not in rules.data["copula_introducers"]:
        return False
    low = [w.lower() for w in m.group("group").split()]
    if any(tuple(low[-len(d) :]) == d for d in rules.demonstratives if len(d) < len(low)):
        return True
    before = view.word_before(m.start())
    if before is not None and before.tag not in rules.data["clause_boundary_tags"]:
        return False
    first = _item_head(view, *parts[0], rules)
    if first is None or first.tag not in rules.data["adjective_tags"]:
        return False
    return not _is_verb(view, first, rules) and not _echoes(view.text, parts, group)


def _split(text: str, a: int, b: int, sep: str) -> list[tuple[int, int]]:
    parts = []
    start = a
    depth = 0
    for i in range(a, b):
        ch = text[i]
        if ch in "(“":
            depth += 1
        elif ch in ")”" and depth:
            depth -= 1
        elif ch == sep and not depth:
            parts.append((start, i))
            start = i + 1
    parts.append((start, b))
    return [p for p in (strip_span(text, x, y) for x, y in parts) if p[0] < p[1]]


def _split_last_va(
    view: DocView, parts: list[tuple[int, int]], rules: InitiativeRules, min_score: int = 0
) -> list[tuple[int, int]] | None:
    """Split the last part at the ``và`` that starts the last item, if there is one.

    When the last part holds more than one ``và``, prefer the one after which the item opens
    like the others (the same first word, or the same part of speech); ``min_score`` 1 asks
    that it does.
    """
    text = view.text
    a, b = parts[-1]
    joiner = rules.last_item_joiner
    cands = [m.start() for m in joiner.finditer(text[a:b])]
    cands = [a + c for c in cands if c > 0]
    width = len(rules.data["last_item_joiner"])
    if not cands:
        return None
    heads = [view.word_after(x) for x, _ in parts]
    head_texts = {w.text.lower() for w in heads if w}
    head_tags = [w.tag for w in heads if w]

    def score(pos: int) -> int:
        nxt = view.word_after(pos + width + 1)
        if nxt is None:
            return 0
        if nxt.text.lower() in head_texts:
            return 2
        return 1 if head_tags and nxt.tag == head_tags[0] else 0

    best = max(cands, key=lambda c: (score(c), -c))
    if score(best) < min_score:
        return None
    left = strip_span(text, a, best)
    right = strip_span(text, best + width + 1, b)
    if left[0] >= left[1] or right[0] >= right[1]:
        return None
    return [*parts[:-1], left, right]


def _fit(
    view: DocView, parts: list[tuple[int, int]], count: int, rules: InitiativeRules, cut: bool
) -> list[tuple[int, int]] | None:
    """``parts`` made to hold ``count`` items, or None when they cannot."""
    if len(parts) == count - 1:
        split = _split_last_va(view, parts, rules)
        if split:
            parts = split
    if len(parts) == count or (cut and 0 < len(parts) < count):
        return parts
    return None


def _va_closed(
    view: DocView, parts: list[tuple[int, int]], count: int, rules: InitiativeRules, colon: bool
) -> list[tuple[int, int]] | None:
    """A comma list whose ``và`` closes it before the sentence goes on: "gồm A, B và C, nhằm …".

    The part that holds the ``và`` is the last: the item after ``và`` ends at the next comma,
    where the main clause resumes. It is taken when the ``và`` splits the list into ``count``
    items that open alike, and what follows reads as a clause, not one more item: a purpose or
    a consequence opens it ("nhằm", "qua đó"), or it is longer than every item. A list after a
    colon runs to its sentence end, so there it needs the commas to leave too many parts.
    """
    k = count - 2
    if k < 0 or len(parts) <= k + 1 or (colon and len(parts) == count):
        return None
    split = _split_last_va(view, parts[: k + 1], rules, min_score=1)
    if split is None:
        return None
    text = view.text
    rest = syllables(text[parts[k + 1][0] : parts[-1][1]])
    longest = max(len(syllables(text[a:b])) for a, b in split)
    if len(rest) > longest or _starts_with(rest, rules.list_end_openers):
        return split
    return None


def _sentences_in(text: str, a: int, b: int) -> list[tuple[int, int]]:
    parts = []
    start = a
    for m in _SENT_END_RE.finditer(text, a, b):
        if m.end() < len(text) and text[m.end()].isupper():
            parts.append((start, m.start() + 1))
            start = m.end()
    parts.append((start, b))
    return [p for p in (strip_span(text, x, y) for x, y in parts) if p[0] < p[1]]


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
        a, b = strip_span(text, m.start(1), m.end(1))
        if a < b:
            out.append((a, b))
        cursor = text.find("\n", m.end())
    return out


def _unquote(text: str, a: int, b: int) -> tuple[int, int]:
    """An item that is one quoted name loses its quotes."""
    quoted = b - a > 2 and text[a] in QUOTE_PAIRS and text[b - 1] in QUOTE_PAIRS[text[a]]
    if quoted and not any(ch in QUOTE_PAIRS for ch in text[a + 1 : b - 1]):
        return strip_span(text, a + 1, b - 1)
    return a, b


def _plain_lines(text: str, pos: int, count: int) -> list[tuple[int, int]]:
    """The ``count`` lines after ``pos`` when they read as list items: every line but the last
    ends with ``;`` or ``,`` ("gồm:⏎Nâng cao A;⏎Đẩy mạnh B;⏎Giữ vững C.")."""
    out: list[tuple[int, int]] = []
    cursor = text.find("\n", pos)
    while cursor >= 0 and len(out) < count:
        while cursor < len(text) and text[cursor] == "\n":
            cursor += 1
        line_end = text.find("\n", cursor)
        line_end = len(text) if line_end < 0 else line_end
        line = text[cursor:line_end].rstrip()
        if not line:
            break
        if len(out) < count - 1 and line[-1] not in ";,":
            return []
        out.append(strip_span(text, cursor, line_end))
        cursor = line_end if line_end < len(text) else -1
    return out if len(out) == count else []


def _echo_trim(text: str, parts: list[tuple[int, int]], group: str) -> list[tuple[int, int]]:
    """When every item ends with the group word ("chỉ huy tại chỗ; … hậu cần tại chỗ"), the last
    item ends there too, not with the clause that goes on after the list."""
    g = group.lower()
    if len(parts) < 2 or not all(text[a:b].lower().endswith(g) for a, b in parts[:-1]):
        return parts
    a, b = parts[-1]
    hit = re.search(rf"(?<!\w){re.escape(g)}(?!\w)", text[a:b].lower())
    if hit is None:
        return parts
    return [*parts[:-1], (a, a + hit.end())]


def _clause_end(text: str, a: int, b: int, rules: InitiativeRules) -> int:
    """Where the list ends when a ``;`` opens a new clause ("…; đồng thời …")."""
    for m in re.finditer(";", text[a:b]):
        after = syllables(text[a + m.end() : b][:40])
        if _starts_with(after, rules.clause_openers):
            return a + m.start()
    return b


def _whole_word(view: DocView, a: int, b: int) -> bool:
    """``text[a:b]`` is one word of the tokenisation."""
    i = view.word_index_at(a)
    return i is None or (view.words[i].start == a and view.words[i].end == b)


def _counted_items(
    view: DocView, rules: InitiativeRules, marker_starts: list[int]
) -> list[Initiative]:
    text = view.text
    items: list[Initiative] = []
    count_words = rules.data["count_words"]
    cues = set(rules.data["identifier_cues"])
    matches = []
    for c in rules.count_start.finditer(text):
        m = rules.counted.match(text, c.start())
        if m:
            matches.append(m)
    intro_starts = [m.start() for m in matches]
    taken: list[tuple[int, int]] = []  # count phrases of the lists found so far
    for m in matches:
        if any(a < m.start() < b for a, b in taken):
            continue  # "4 nhiệm vụ của năm học mới, gồm: …": a word inside another list's group
        raw = m.group("count").lower()
        count = int(raw) if raw.isdigit() else count_words[raw]
        if not 2 <= count <= rules.data["max_count"]:
            continue
        if not raw.isdigit() and not _whole_word(view, m.start("count"), m.end("count")):
            continue  # "năm học", "ba con": a syllable of another word, not a word numeral
        before = view.word_before(m.start())
        if before and before.text.lower() in cues and text[before.end : m.start()].isspace():
            continue  # "lần 2", "khóa 12": an identifier, not a count
        group = _clean_group(view, m.start("group"), m.group("group"), rules)
        if group is None:
            continue
        pos = m.end()
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        if m.group("paren"):
            close = text.find(")", pos, line_end)
            end = close if close >= 0 else line_end
        else:
            s_a, s_b = view.sentence_span(pos)
            end = min(line_end, max(s_b, pos)) if s_a <= pos else line_end
            ell = ELLIPSIS_RE.search(text, pos, end)
            end = ell.start() if ell else end
            later = next((s for s in intro_starts if pos <= s < end), None)
            end = later if later is not None else end
            end = _clause_end(text, pos, end, rules)
        if any(pos <= s < end for s in marker_starts):
            continue  # the items are ordinal headings: they are reported as such
        cut = _is_cut_off(text, end)
        parts = None
        if text[pos:end].strip():
            semi = _split(text, pos, end, ";")
            if len(semi) > 1:
                parts = _fit(view, semi, count, rules, cut)
            if parts is None:
                first = semi[0] if semi else (pos, end)
                commas = _split(text, first[0], first[1], ",")
                parts = _va_closed(view, commas, count, rules, ":" in m.group(0))
                parts = parts or _fit(view, commas, count, rules, cut)
            if parts is None and end < line_end and ":" in m.group(0):
                # Items written as short sentences: "3 giải pháp: Tăng cường A. Đẩy mạnh B. Giữ C."
                sents = _sentences_in(text, pos, line_end)
                limit = rules.data["max_sentence_item_syllables"]
                if len(sents) == count and all(len(text[a:b].split()) <= limit for a, b in sents):
                    parts = sents
            if parts is None and len(semi) == count - 1 >= rules.data["min_miscounted_items"]:
                # "4 nhiệm vụ: A; B; C": the writer miscounted; ";" leaves no doubt about the items
                parts = semi
        else:
            # "3 giải pháp:" ending its line: the items are the bullet lines that follow.
            lines = _bullet_lines(text, pos, count) or _plain_lines(text, pos, count)
            if lines and any(pos <= s <= lines[-1][1] for s in marker_starts):
                lines = []  # numbered lines are reported as ordinal headings
            miscount = len(lines) == count - 1 >= rules.data["min_miscounted_items"]
            parts = lines if len(lines) == count or miscount else None
        if not parts:
            continue
        trimmed = [_trim_conjunction(text, a, b, rules) for a, b in parts]
        parts = [_unquote(text, a, b) for a, b in trimmed]
        named = all(p != t for p, t in zip(parts, trimmed, strict=True))
        parts = _echo_trim(text, parts, group)
        if any(a >= b for a, b in parts) or _mostly_names(text, parts, rules, group):
            continue
        colon = ":" in m.group(0)
        if not _is_initiative_group(view, group, m.start("group"), parts, rules, colon, named):
            continue
        if _predicate(view, m, parts, group, rules):
            continue
        taken.append((m.start(), m.end()))
        for n, (a, b) in enumerate(parts, start=1):
            items.append(
                Initiative(group=group, ordinal=n, title=text[a:b], text=text[a:b], start=a, end=b)
            )
    return items


def extract_initiatives(view: DocView, rules: InitiativeRules | None = None) -> list[Initiative]:
    """Items of ordinal-heading lists and of counted lists, in text order."""
    rules = rules or InitiativeRules.default()
    runs = _runs(_markers(view, rules), rules.data["min_comma_run"])
    ordinal = _ordinal_items(view, rules, runs)
    used = sorted(i.start for i in ordinal)
    items = ordinal + _counted_items(view, rules, used)
    return sorted(items, key=lambda i: (i.start, i.ordinal))
