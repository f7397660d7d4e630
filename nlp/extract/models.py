"""Named models: ``mô hình “X”``, unquoted ``mô hình X`` and lists introduced as models."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from ..rules import load_rules
from ..types import NamedModel
from .common import (
    CLOSE_QUOTES,
    DASHES,
    EDGE_PUNCT,
    ELLIPSIS_RE,
    OPEN_QUOTES,
    QUOTE_PAIRS,
    DocView,
    Word,
    fold_text,
    norm_key,
    phrase_regex,
    strip_span,
    syllable_count,
)

__all__ = ["ModelRules", "extract_models", "model_key"]

_QUOTE_CHARS = "".join(sorted(set(OPEN_QUOTES + CLOSE_QUOTES)))
# A model's name never opens or closes with a bracket either.
_EDGE_PUNCT = EDGE_PUNCT + "()[]"
_ITEM_EDGE = _EDGE_PUNCT + _QUOTE_CHARS
_DASH_WORDS = frozenset(DASHES)  # a word that is one dash
_OPEN_QUOTE_RE = re.compile(rf"\s*[{re.escape(OPEN_QUOTES)}]")
_DIGITS_RE = re.compile(r"[0-9][0-9.,]*")
_ABBREV_RE = re.compile(r"[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ0-9]{1,9}")
_COLON_RE = re.compile(r":\s*")
_COUNT_RE = re.compile(r"(?<![\w.,])[0-9][0-9.]*\s*$")
# A number standing straight before a quote: "18 “Vườn hộ”" (the counted noun left out).
_COUNTED_QUOTE_RE = re.compile(rf"(?<![\w.,/])[0-9][0-9.]*\s+(?=[{re.escape(OPEN_QUOTES)}])")


def model_key(name: str, triggers: Sequence[str] = ("mô hình",)) -> str:
    """The key shared by one model across articles and provinces.

    :func:`~nlp.extract.common.fold_text` (case, ``hoà``/``hòa``), quotes and punctuation
    dropped, white space collapsed and a leading trigger (``mô hình``) removed:
    ``Mô hình “Dân vận khéo”`` and ``dân vận  khéo`` give ``dân vận khéo``;
    ``tôm-lúa`` and ``tôm – lúa`` give ``tôm lúa``.
    """
    words = norm_key(fold_text(name)).split()
    heads = [norm_key(fold_text(t)).split() for t in triggers]
    stripped = True
    while stripped:
        stripped = False
        for head in heads:
            if head and words[: len(head)] == head and len(words) > len(head):
                words = words[len(head) :]
                stripped = True
    return " ".join(words)


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
    def joined_quote(self) -> re.Pattern[str]:
        """After a quoted name, another joined to it: "“A” và “B”", "“A” (xã X), “B”",
        "“A”; “B”"."""
        joiners = phrase_regex(self.data["item_joiners"])
        return re.compile(rf"\s*(?:\([^()\n]{{0,80}}\)\s*)?(?:[,;]|{joiners})\s*", re.I)

    @cached_property
    def joiner_at_quote(self) -> re.Pattern[str]:
        """ "và" before an opening or after a closing quote joins two list items."""
        joiners = phrase_regex(self.data["item_joiners"])
        return re.compile(
            rf"\s(?:{joiners})\s+(?=[{re.escape(OPEN_QUOTES)}])"
            rf"|(?<=[{re.escape(CLOSE_QUOTES)}])\s*(?:{joiners})\s+",
            re.IGNORECASE,
        )

    @cached_property
    def item_lead(self) -> re.Pattern[str]:
        return re.compile(rf"(?:{phrase_regex(self.data['item_leads'])})\s+", re.IGNORECASE)

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
    def introducer_hint(self) -> re.Pattern[str]:
        """What every match of :attr:`introducer` holds: a colon, an opening quote or ``mô
        hình`` (in any case; no other characters fold to these letters). A sentence without
        one has no introducer, and is not scanned for one."""
        return re.compile(rf"[:{re.escape(OPEN_QUOTES)}]|[mM][ôÔ] [hH][ìÌ][nN][hH]")

    @cached_property
    def plural_colon(self) -> re.Pattern[str]:
        """``các mô hình:`` / ``12 mô hình:``: a plural ``mô hình`` that a bare colon ends."""
        plural = phrase_regex(self.data["plural_determiners"])
        triggers = phrase_regex(self.data["triggers"])
        return re.compile(
            rf"(?<!\w)(?:{plural}|[0-9][0-9.]*)\s+(?:{triggers})[ \t]*(?P<colon>:)\s*",
            re.IGNORECASE,
        )

    @cached_property
    def plural_word(self) -> re.Pattern[str]:
        words = phrase_regex(self.data["plural_determiners"])
        return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)

    @cached_property
    def strong_introducer(self) -> re.Pattern[str]:
        words = phrase_regex(self.data["list_introducers_strong"])
        return re.compile(rf"(?<!\w)(?:{words})(?:\s*:)?\s+", re.IGNORECASE)

    @cached_property
    def bare_introducer(self) -> re.Pattern[str]:
        bare = phrase_regex(self.data["list_introducers_bare"])
        return re.compile(rf"(?<!\w)(?:{bare})\s+", re.IGNORECASE)

    @cached_property
    def inner_trigger(self) -> re.Pattern[str]:
        """Where a new item starts inside a list part: ``…, mô hình B`` / ``… và mô hình B``
        / ``… lúa mô hình B`` (a plural determiner before it ends the list instead)."""
        triggers = phrase_regex(self.data["triggers"])
        plural = phrase_regex(self.data["plural_determiners"])
        joiners = phrase_regex(self.data["item_joiners"])
        return re.compile(
            rf"(?:\s*,\s*|\s+(?:{joiners})\s+|\s+)(?P<plural>(?:{plural}|[0-9][0-9.]*)\s+)?"
            rf"(?=(?:{triggers})(?!\w))",
            re.IGNORECASE,
        )

    def _phrases(self, key: str) -> re.Pattern[str]:
        return re.compile(rf"(?:{phrase_regex(self.data[key])})(?!\w)", re.IGNORECASE)

    @cached_property
    def name_end(self) -> re.Pattern[str]:
        return self._phrases("name_end")

    @cached_property
    def mention_end(self) -> re.Pattern[str]:
        return self._phrases("mention_end")

    @cached_property
    def continuers(self) -> re.Pattern[str]:
        return self._phrases("name_continuers")

    @cached_property
    def generic_words(self) -> re.Pattern[str]:
        words = phrase_regex([*self.data["generic_heads"], *self.data["function_words"]])
        return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)

    @cached_property
    def head_break(self) -> re.Pattern[str]:
        return re.compile(
            rf"(?<!\w)(?:{phrase_regex(self.data['function_words'])})(?!\w)", re.IGNORECASE
        )

    @cached_property
    def title_before(self) -> re.Pattern[str]:
        nouns = phrase_regex(self.data["title_nouns"])
        number = phrase_regex(self.data["title_number_words"])
        # "Đề án “…”", "Nghị quyết số 12-NQ/TU “…”": a document or event title follows.
        return re.compile(
            rf"(?<!\w)(?:{nouns})(?:\s+(?:(?:{number})\s+)?\S*\d\S*)?\s*$", re.IGNORECASE
        )

    @cached_property
    def coordinated_heads(self) -> re.Pattern[str]:
        return self._phrases("coordinated_heads")

    @cached_property
    def holder_heads(self) -> frozenset[str]:
        return frozenset(self.data["holder_heads"])

    @cached_property
    def clause_tags(self) -> frozenset[str]:
        return frozenset(self.data["clause_tags"])

    @cached_property
    def determiner_heads(self) -> frozenset[str]:
        return frozenset(self.data["determiner_heads"])

    @cached_property
    def name_adverbs(self) -> frozenset[str]:
        return frozenset(self.data["name_adverbs"])

    @cached_property
    def negations(self) -> frozenset[str]:
        return frozenset(self.data["negations"])

    @cached_property
    def scope_prepositions(self) -> frozenset[str]:
        return frozenset(self.data["scope_prepositions"])

    @cached_property
    def scope_tags(self) -> frozenset[str]:
        return frozenset(self.data["scope_tags"])

    @cached_property
    def scope_nouns(self) -> re.Pattern[str]:
        return self._phrases("scope_nouns")

    @cached_property
    def direction_words(self) -> frozenset[str]:
        return frozenset(self.data["direction_words"])

    @cached_property
    def quantifiers(self) -> re.Pattern[str]:
        return self._phrases("quantifiers")

    @cached_property
    def institution_heads(self) -> re.Pattern[str]:
        return self._phrases("institution_heads")

    @cached_property
    def kind_verbs(self) -> re.Pattern[str]:
        # The verb governs "mô hình" at the end of the searched span, perhaps across a
        # plural determiner or a count: "sắp xếp lại các mô hình", "tổ chức theo mô hình".
        plural = phrase_regex(self.data["plural_determiners"])
        words = phrase_regex(self.data["kind_verbs"])
        return re.compile(
            rf"(?<!\w)(?:{words})\s+(?:(?:{plural}|[0-9][0-9.]*)\s+)?$", re.IGNORECASE
        )

    @cached_property
    def physical_cues(self) -> re.Pattern[str]:
        plural = phrase_regex(self.data["plural_determiners"])
        words = phrase_regex(self.data["physical_cues"])
        return re.compile(
            rf"(?<!\w)(?:{words})\s*,?\s+(?:(?:{plural}|[0-9][0-9.]*)\s+)?$", re.IGNORECASE
        )

    @cached_property
    def model_forms(self) -> re.Pattern[str]:
        return self._phrases("model_forms")

    @cached_property
    def named_forms(self) -> re.Pattern[str]:
        return self._phrases("named_forms")

    @cached_property
    def amount_units(self) -> re.Pattern[str]:
        return self._phrases("amount_units")

    @cached_property
    def quota_words(self) -> re.Pattern[str]:
        return re.compile(rf"(?<!\w)(?:{phrase_regex(self.data['quota_words'])})(?!\w)", re.I)

    @cached_property
    def list_end_openers(self) -> re.Pattern[str]:
        return self._phrases("list_end_openers")

    @cached_property
    def evaluations(self) -> re.Pattern[str]:
        return self._phrases("evaluations")


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
    return strip_span(text, a + 1, j, " \t")


def _split_outside_quotes(text: str, a: int, b: int, sep: str) -> list[tuple[int, int]]:
    """Split ``text[a:b]`` at ``sep`` outside quotes (an unclosed quote runs to ``b``)."""
    pieces: list[tuple[int, int]] = []
    closer: str | None = None
    start = a
    for i in range(a, b):
        ch = text[i]
        if closer is not None:
            if ch in closer:
                closer = None
            continue
        if ch in QUOTE_PAIRS and (ch != "'" or i == a or not text[i - 1].isalpha()):
            closer = QUOTE_PAIRS[ch]
            continue
        if ch == sep:
            pieces.append((start, i))
            start = i + 1
    pieces.append((start, b))
    return pieces


def _drop_stray_quote(text: str, a: int, b: int) -> tuple[int, int]:
    """Drop a quote at an edge of ``text[a:b]`` whose partner the source lost; a quote pair
    inside a name stays (``nuôi gà “thả vườn”``)."""
    while a < b and sum(text[k] in _QUOTE_CHARS for k in range(a, b)) % 2:
        if text[a] in _QUOTE_CHARS:
            a += 1
        elif text[b - 1] in _QUOTE_CHARS:
            b -= 1
        else:
            break
        a, b = strip_span(text, a, b, _EDGE_PUNCT)
    return a, b


def _is_digits(text: str) -> bool:
    """A number written in digits (``02``, ``1.200``), whatever tag the tagger gave it."""
    return bool(_DIGITS_RE.fullmatch(text))


class _Extractor:
    def __init__(self, view: DocView, rules: ModelRules) -> None:
        self.view = view
        self.rules = rules
        self.text = view.text
        # No "mô hình" in the whole text (half the articles): then none in any sentence, and
        # the list introducers that need one before them are not looked for at all.
        self.has_trigger = rules.trigger.search(self.text) is not None
        self.found: list[NamedModel] = []
        self.consumed: list[tuple[int, int]] = []

    # -- helpers -----------------------------------------------------------------------
    def _add(self, a: int, b: int, *, quoted: bool = False) -> None:
        a, b = strip_span(self.text, a, b, _EDGE_PUNCT)
        if not quoted:
            a, b = _drop_stray_quote(self.text, a, b)
        if a >= b:
            return
        name = self.text[a:b]
        if syllable_count(name) > self.rules.data["max_name_syllables"]:
            return
        if not any(c.isalpha() for c in name):
            return
        sentence = self.view.sentence_text(a)
        self.found.append(
            NamedModel(name, a, b, sentence, model_key(name, self.rules.data["triggers"]))
        )

    def _cut_off_at(self, b: int) -> bool:
        """Whether ``b`` is the end of a text cut off mid-sentence (no closing punctuation),
        so a list item running there may have lost its words."""
        rest = self.text[b:].strip()
        return not rest and self.text.rstrip()[-1:] not in '.!?…”"»)'

    def _is_consumed(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.consumed)

    def _word_index_after(self, pos: int) -> int | None:
        word = self.view.word_after(pos)
        return None if word is None else self.view.word_index_at(word.start)

    def _matches_at(self, pattern: re.Pattern[str], word_idx: int) -> int | None:
        """End of ``pattern`` matched at word ``word_idx`` when it ends on a word end."""
        words = self.view.words
        m = pattern.match(self.text, words[word_idx].start)
        if not m:
            return None
        for w in words[word_idx:]:
            if w.end == m.end():
                return m.end()
            if w.end > m.end():
                break
        return None

    def _opens_clause(self, idx: int, *, free: bool) -> bool:
        """Whether the phrase opening at word ``idx`` is a clause or a determiner, no name:
        "còn có …", "không chỉ …", "mang lại hiệu quả …", "mới", "này"."""
        word = self.view.words[idx]
        if word.tag in self.rules.clause_tags or word.text.lower() in self.rules.determiner_heads:
            return True
        if self._matches_at(self.rules.name_end, idx) is not None:
            return self._matches_at(self.rules.continuers, idx) is None
        return free and self._matches_at(self.rules.mention_end, idx) is not None

    def _scan_name(self, idx: int, limit: int, *, free: bool) -> tuple[int, int] | None:
        """The name phrase opening at word ``idx``, ended by an end phrase, sentence
        punctuation, the next ``mô hình`` or ``limit``; a free mention also ends at a comma.
        A dash between one-syllable words (``tôm - lúa``) and an abbreviation in brackets
        (``(MHLKSX)``) are part of the name."""
        words, text = self.view.words, self.text
        rules = self.rules
        start = words[idx].start
        end: int | None = None
        i = idx
        # "Câu lạc bộ phụ nữ không sinh con thứ ba": a capitalised club or campaign is a
        # proper name, so a negation inside it belongs to it.
        proper = words[idx].text[0].isupper() and self._matches_at(rules.named_forms, idx)
        while i < len(words):
            w = words[i]
            if w.start >= limit or (end is not None and "\n" in text[end : w.start]):
                break
            if not w.text[0].isalnum():
                if end is not None and self._joining_dash(i, limit):
                    i += 1
                    continue
                if end is not None and self._bracketed_abbrev(i):
                    end = words[i + 2].end
                    i += 3
                    continue
                if w.text == "," and not free:
                    i += 1
                    continue
                after_quote = self._scare_quote(i) if end is not None else None
                if after_quote is not None:
                    end = words[after_quote - 1].end
                    i = after_quote
                    continue
                break
            cont = self._matches_at(rules.continuers, i)
            if cont is not None and end is not None:
                end = cont
                while i < len(words) and words[i].end <= cont:
                    i += 1
                continue
            if end is not None and (
                rules.trigger.match(text, w.start)
                or self._matches_at(rules.name_end, i) is not None
                or (free and self._matches_at(rules.mention_end, i) is not None)
                or self._ends_at_adjunct(i, proper=bool(proper))
            ):
                break
            end = w.end
            i += 1
        if end is None:
            return None
        return start, self._cut_predicate(idx, end)

    def _ends_at_adjunct(self, i: int, *, proper: bool = False) -> bool:
        """Whether word ``i`` opens an adjunct after the name: an adverb (``từng bước``,
        ``ngày càng``), ``trong``/``trên`` before a place, time, field, determiner or
        quantifier (``trong toàn tỉnh``, ``trên địa bàn``, ``trong những năm qua``; not
        ``trong nhà màng``), or a direction word before one (``đến tất cả các trường``).
        In a ``proper`` name (a capitalised club or campaign) a negation is the name's."""
        words, rules = self.view.words, self.rules
        w = words[i]
        low = w.text.lower()
        nxt = words[i + 1] if i + 1 < len(words) else None
        if low in rules.negations and proper and self._negated_object(i + 1):
            return False  # "Câu lạc bộ … không sinh con thứ ba", not "Tổ … không hoạt động"
        if low in rules.negations:
            # "nuôi lươn không bùn", "thôn không có ma túy": a negated noun is a name's
            # part; a negated verb is the predicate ("… không mang lại hiệu quả").
            return nxt is None or not (
                nxt.tag.startswith("N") or nxt.text.lower() in rules.data["negated_name_verbs"]
            )
        if w.tag == "R" and low not in rules.name_adverbs:
            return True
        if nxt is None or not nxt.text[0].isalnum():
            return False
        if low in rules.scope_prepositions:
            return (
                nxt.tag in rules.scope_tags
                or _is_digits(nxt.text)
                or self._matches_at(rules.scope_nouns, i + 1) is not None
            )
        if low in rules.direction_words:
            return nxt.tag in ("L", "P") or self._matches_at(rules.quantifiers, i + 1) is not None
        return False

    def _negated_object(self, k: int) -> bool:
        """Whether word ``k`` (after a negation) is a verb with a noun object, no end phrase:
        "không sinh con", "không dùng thức ăn"; not "không hoạt động," nor "không mang lại"."""
        words = self.view.words
        if k + 1 >= len(words) or words[k].tag != "V":
            return False
        if self._matches_at(self.rules.name_end, k) is not None:
            return False
        if self._matches_at(self.rules.mention_end, k) is not None:
            return False
        return words[k + 1].tag.startswith("N")

    def _cut_predicate(self, idx: int, end: int) -> int:
        """End of a name scanned up to ``end`` once a predicate after it is cut: a verb that
        follows a verb and its object (V N … V) is the predicate when an evaluation or an
        amount follows it (``nuôi gà thả vườn phát triển mạnh``, ``tổ vay vốn hoạt động hiệu
        quả``, ``nuôi cua thu lãi hơn 300 triệu``); ``nuôi ong lấy mật`` keeps its verbs."""
        words = self.view.words
        last = idx
        while last + 1 < len(words) and words[last + 1].end <= end:
            last += 1
        seen_verb = seen_object = False
        for j in range(idx, last + 1):
            w = words[j]
            if w.tag == "V" and not _is_digits(w.text):
                if seen_object and j > idx and self._predicate_follows(j + 1, last):
                    return words[j - 1].end
                seen_verb = True
            elif seen_verb and w.tag.startswith("N"):
                seen_object = True
        return end

    def _predicate_follows(self, k: int, last: int) -> bool:
        """Whether the words from ``k`` to ``last`` complete a predicate: an evaluation
        (an adjective or ``hiệu quả``), an object and then an amount, or, past the name's
        end, a direction particle (``đem về``, ``thu về``)."""
        words, rules = self.view.words, self.rules
        if k > last:
            # A verb with its direction particle: "… nhốt chuồng đem về thu nhập".
            return k < len(words) and words[k].text.lower() in rules.direction_words
        if words[k].tag == "A" or self._matches_at(rules.evaluations, k) is not None:
            return True
        for j in range(k, min(last, k + 3) + 1):
            w = words[j]
            if _is_digits(w.text):
                return True
            if w.tag == "M":
                # "nuôi tôm công nghệ cao hai giai đoạn": a number word before a noun is a
                # modifier of the name; before a scale or unit it is an amount.
                return j + 1 <= last and self._matches_at(rules.amount_units, j + 1) is not None
            if not (w.tag.startswith("N") or w.tag == "A"):
                return False
        return False

    def _joining_dash(self, i: int, limit: int) -> bool:
        """A hyphen between one-syllable words joins them (``tôm - lúa``, ``cung- cầu``); an
        en dash does only unspaced, since a spaced one sets off a headline's comment."""
        words, text = self.view.words, self.text
        dash = words[i]
        if dash.text not in _DASH_WORDS or i + 1 >= len(words) or i == 0:
            return False
        before, after = words[i - 1], words[i + 1]
        if dash.text != "-" and (before.end != dash.start or dash.end != after.start):
            return False
        return (
            after.start < limit
            and "\n" not in text[before.end : after.start]
            and before.text[0].isalpha()
            and after.text[0].isalpha()
            and " " not in before.text
            and " " not in after.text
            and after.tag not in self.rules.clause_tags
        )

    def _scare_quote(self, i: int) -> int | None:
        """Past a short lower-case quote inside a name (``nuôi gà “thả vườn” …``): the
        index of the word after its closing quote."""
        words, text = self.view.words, self.text
        if words[i].text not in QUOTE_PAIRS:
            return None
        closers = QUOTE_PAIRS[words[i].text]
        for j in range(i + 1, min(i + 5, len(words))):
            if words[j].text in closers:
                inner = text[words[i].end : words[j].start].strip()
                if j > i + 1 and inner[:1].islower() and "\n" not in inner:
                    return j + 1
                return None
            if not words[j].text[0].isalnum():
                return None
        return None

    def _bracketed_abbrev(self, i: int) -> bool:
        words = self.view.words
        return (
            words[i].text == "("
            and i + 2 < len(words)
            and words[i + 2].text == ")"
            and _ABBREV_RE.fullmatch(words[i + 1].text) is not None
        )

    def _content_syllables(self, a: int, b: int) -> int:
        """Syllables of ``text[a:b]`` outside generic vocabulary, function words and
        numbers (``hai cấp``, ``4 nhà``)."""
        generic = [m.span() for m in self.rules.generic_words.finditer(self.text, a, b)]
        count = 0
        first = self._word_index_after(a)
        for w in itertools.islice(self.view.words, first, None) if first is not None else ():
            if w.end > b:
                break
            if w.tag == "M" or _is_digits(w.text) or not w.text[0].isalnum():
                continue
            if any(s <= w.start and w.end <= e for s, e in generic):
                continue
            count += len(w.text.split())
        return count

    def _generic(self, a: int, b: int, *, plural: bool = False) -> bool:
        """A phrase naming a kind of model: its head (the words before a complement opened
        by a function word) is generic words only (``sản xuất nông nghiệp hiệu quả``,
        ``tăng trưởng theo hướng xanh``); after a plural or a count, too little else is
        left (``hoạt động yếu``)."""
        first = self._word_index_after(a)
        if first is not None and self._matches_at(self.rules.institution_heads, first):
            return True  # "chính quyền thân thiện", "Trung tâm phục vụ hành chính công"
        brk = self.rules.head_break.search(self.text, a + 1, b)
        if brk:
            b = brk.start()
        need = self.rules.data["min_plural_content_syllables"] if plural else 1
        return self._content_syllables(a, b) < need

    def _names_holder(self, a: int, b: int) -> bool:
        """Whether an unquoted phrase names a place or a person (``Tân An``, ``xã Tân
        Thành``, ``anh Nguyễn Văn Tư``): who runs or hosts a model, not the model."""
        first = self._word_index_after(a)
        if first is None:
            return False
        words = list(
            itertools.takewhile(
                lambda w: w.end <= b, itertools.islice(self.view.words, first, None)
            )
        )
        words = [w for w in words if w.text[0].isalnum()]
        if not words:
            return False
        if all(w.tag == "Np" and not w.text.isupper() for w in words):
            return True  # proper names; an abbreviation may name a practice ("VAC")
        return (
            len(words) > 1
            and words[0].text.lower() in self.rules.holder_heads
            and words[1].text[0].isupper()
        )

    def _in_title(self, pos: int) -> bool:
        """Whether ``pos`` lies in the quoted title of a document or event."""
        span = self.view.quote_around(pos, pos + 1)
        if span is None:
            return False
        open_at = span[0] - 1
        return bool(self.rules.title_before.search(self.text, max(0, open_at - 60), open_at))

    # -- lists: "các mô hình ... như: A; B; C" -------------------------------------------
    def lists(self) -> None:
        text = self.text
        for s_start, s_end in self.view.sentences:
            for intro in self._introducers(s_start, s_end):
                if self._is_consumed(intro.start()) or self._in_title(intro.start()):
                    continue
                region_start = intro.end()
                ell = ELLIPSIS_RE.search(text, region_start, s_end)
                region_end = ell.start() if ell else s_end
                if region_end <= region_start:
                    continue
                first_part = _split_outside_quotes(text, region_start, region_end, ";")[0]
                triggers_in_clause = list(self.rules.trigger.finditer(text, s_start, intro.start()))
                if not triggers_in_clause and not self.rules.leading_trigger.match(
                    text[first_part[0] : first_part[1]]
                ):
                    continue
                if triggers_in_clause and ";" in text[triggers_in_clause[-1].end() : intro.start()]:
                    continue  # the clause with "mô hình" ended before the list began
                list_end = self._list_items(region_start, region_end)
                self.consumed.append((intro.start(), list_end))
                for m in triggers_in_clause:
                    if self._names_the_list(m.end(), intro.start()):
                        self.consumed.append((m.start(), m.end()))

    def _names_the_list(self, a: int, b: int) -> bool:
        """Whether the ``mô hình`` ending at ``a`` only names the class of the list that opens
        at ``b`` (``các mô hình kinh tế hiệu quả, tiêu biểu như …``): a name phrase runs
        straight to the introducer. A quote of its own or a clause between (``85 mô hình
        “Dân vận khéo”, tiêu biểu như …``, ``mô hình dân vận khéo được nhân rộng, điển hình
        là …``) makes it a mention in its own right."""
        first = self._word_index_after(a)
        if first is None:
            return True
        for i in range(first, len(self.view.words)):
            if self.view.words[i].start >= b:
                break
            if not self._class_word(i):
                return False
        return True

    def _class_word(self, i: int) -> bool:
        """A word of a phrase describing a class of models: a comma or a name word (no
        quote, clause word, end phrase or other ``mô hình``)."""
        w, rules = self.view.words[i], self.rules
        if w.text == "," or w.text.lower() in rules.determiner_heads:
            return True  # "nhiều mô hình hay, cách làm …": "hay" is tagged a conjunction
        return (
            w.text[0].isalnum()
            and w.tag not in rules.clause_tags
            and rules.trigger.match(self.text, w.start) is None
            and self._matches_at(rules.name_end, i) is None
            and self._matches_at(rules.mention_end, i) is None
        )

    def _introducers(self, s_start: int, s_end: int) -> list[re.Match[str]]:
        """List introducers of a sentence: ``như:``, ``gồm:``; ``như`` before a quote or
        ``mô hình``; and ``như`` before a verb when it closes a short phrase opened by ``mô
        hình`` (``các mô hình kinh tế hiệu quả như nuôi bò, trồng cỏ``)."""
        text, rules = self.text, self.rules
        if rules.introducer_hint.search(text, s_start, s_end) is None:
            found = []
        else:
            found = list(rules.introducer.finditer(text, s_start, s_end))
        if not self.has_trigger:
            return found  # the three scans below each need a "mô hình" before them
        # "tiêu biểu như", "điển hình là": a list of models follows whatever stands between
        # them and "mô hình", unless another plural group stands between, which the list
        # then exemplifies ("…, thu hút nhiều hộ tham gia, tiêu biểu như hộ ông A").
        for m in rules.strong_introducer.finditer(text, s_start, s_end):
            trig_ends = [t.end() for t in rules.trigger.finditer(text, s_start, m.start())]
            if not trig_ends or any(f.start() <= m.start() < f.end() for f in found):
                continue
            if not rules.plural_word.search(text, trig_ends[-1], m.start()):
                found.append(m)
        taken = {m.start() for m in found}
        # "nhân rộng các mô hình: chăn nuôi bò, trồng quế": a bare colon after a plural
        # "mô hình" lists models when the first item is an action (a verb), not a clause, or a
        # quoted name ("các mô hình: “A”, B, “C”").
        colons = text.find(":", s_start, s_end) >= 0  # plural_colon ends with one
        for p in rules.plural_colon.finditer(text, s_start, s_end) if colons else ():
            if p.end() < s_end and text[p.end()] in QUOTE_PAIRS:
                colon = _COLON_RE.match(text, p.start("colon"))
                if colon and colon.start() not in taken:
                    found.append(colon)
                continue
            nxt = self.view.word_after(p.end())
            if nxt is None or nxt.start != p.end() or nxt.tag != "V" or nxt.start >= s_end:
                continue
            if self._opens_clause(self.view.word_index_at(nxt.start), free=False):
                continue
            if rules.bare_introducer.match(text, nxt.start) or rules.introducer.match(
                text, nxt.start
            ):
                continue  # "120 mô hình: gồm 50 mô hình …": the introducer follows
            colon = _COLON_RE.match(text, p.start("colon"))
            if colon and colon.start() not in taken:
                found.append(colon)
        for m in rules.bare_introducer.finditer(text, s_start, s_end):
            nxt = self.view.word_after(m.end())
            if m.start() in taken or nxt is None or nxt.tag != "V" or nxt.start >= s_end:
                continue
            trig = None
            for t in rules.trigger.finditer(text, s_start, m.start()):
                trig = t
            if trig is None:
                continue
            first = self._word_index_after(trig.end())
            last = self._word_index_after(m.start())
            if first is None or last is None:
                continue
            # The words between must be a name phrase, perhaps with coordinated heads: "các
            # mô hình kinh tế hiệu quả như …", "nhiều mô hình hay, cách làm sáng tạo như …";
            # not a clause ("mô hình được nhân rộng như mong muốn").
            gap = [i for i in range(first, last) if self.view.words[i].text != ","]
            if len(gap) <= rules.data["max_words_before_bare_introducer"] and all(
                self._class_word(i) for i in gap
            ):
                found.append(m)
        return sorted(found, key=lambda m: m.start())

    def _list_items(self, a: int, b: int) -> int:
        """Report the items of the list in ``text[a:b]``; return where the list ends."""
        text = self.text
        semicolons = ";" in text[a:b]
        parts = _split_outside_quotes(text, a, b, ";") if semicolons else [(a, b)]
        for n, (p_start, _) in enumerate(parts[1:], start=1):
            idx = self._word_index_after(p_start)
            if idx is not None and self._opens_clause(idx, free=False):
                # "…: A, B, C; đồng thời …": the ";" ends the list, it does not split items
                parts = parts[:n]
                semicolons = n > 1
                break
        for p_start, p_end in parts:
            pieces, stop = self._split_at_triggers(p_start, p_end)
            for i_start, i_end in pieces:
                for c_start, c_end in self._comma_items(i_start, i_end, semicolons):
                    if self._ends_list(c_start):
                        return c_start  # "…: “A”, B, “C”, qua đó giúp …": a new clause
                    self._list_item(c_start, c_end)
            if stop is not None:
                return stop  # "…, nhiều mô hình khác …": a new clause, not an item
        return b

    def _ends_list(self, a: int) -> bool:
        """Whether the comma item at ``a`` opens a clause that ends the list: an unquoted item
        opening with a list-end opener (``qua đó``, ``nhờ đó``, ``góp phần``) or a clause word."""
        a = strip_span(self.text, a, len(self.text), " \t\n")[0]
        if a >= len(self.text) or self.text[a] in QUOTE_PAIRS:
            return False
        if self.rules.list_end_openers.match(self.text, a):
            return True
        idx = self._word_index_after(a)
        return idx is not None and self._opens_clause(idx, free=False)

    def _split_at_triggers(self, a: int, b: int) -> tuple[list[tuple[int, int]], int | None]:
        """Pieces of a list part that each hold one ``mô hình``, and where the list stops
        when a plural determiner opens a piece. Text before a ``mô hình`` that only a verb
        ends (``hỗ trợ xây dựng mô hình …``) governs that mention and is no item."""
        text = self.text
        pieces: list[tuple[int, int]] = []
        start = a
        for m in self.rules.inner_trigger.finditer(text, a, b):
            if m.start() <= start or not text[start : m.start()].strip():
                continue
            trig_end = self.rules.leading_trigger.match(text, m.end()).end()
            followed_by_quote = trig_end < len(text) and text[trig_end] in QUOTE_PAIRS
            if self.view.quote_around(m.start(), m.start() + 1) and not followed_by_quote:
                continue  # "mô hình" inside a quoted name
            if m.group("plural"):
                pieces.append((start, m.start()))
                return pieces, m.start()
            before = self.view.word_before(m.start())
            bare = not text[m.start() : m.end()].strip()
            governed = before is not None and before.tag in ("V", "A") and before.start >= start
            if not (bare and governed):
                pieces.append((start, m.start()))
            start = m.end()
        pieces.append((start, b))
        return pieces, None

    def _comma_items(self, a: int, b: int, semicolons: bool) -> list[tuple[int, int]]:
        """Items of a comma-separated piece. A comma ends an item after or before a quote, and
        before a repeated head (``nuôi lợn nái, nuôi tôm``); in a list without ``;`` it also
        ends one before anything but a bare noun added to a verb's objects (``nuôi ba ba,
        rắn, lươn``)."""
        text = self.text
        pieces = _split_outside_quotes(text, a, b, ",")
        items: list[list[int]] = []
        for p_start, p_end in pieces:
            s, e = strip_span(text, p_start, p_end, " \t\n")
            if s >= e:
                continue
            if not items:
                items.append([s, e])
                continue
            prev_s, prev_e = items[-1]
            new = (
                text[prev_e - 1] in _QUOTE_CHARS
                or text[s] in QUOTE_PAIRS
                or self._same_head(prev_s, s)
            )
            if not new and not semicolons:
                new = not self._adds_object(prev_s, s)
            if new:
                items.append([s, e])
            else:
                items[-1][1] = e
        # "A, B và “C”", "“B” và C": the last item may hold two.
        out: list[tuple[int, int]] = []
        for s, e in items:
            m = self.rules.joiner_at_quote.search(text[s:e])
            if m and m.start() > 0:
                out += [(s, s + m.start()), (s + m.end(), e)]
            else:
                out.append((s, e))
        return out

    def _head_word(self, pos: int) -> Word | None:
        """The first word of an item, after its quote or its ``mô hình``."""
        while pos < len(self.text) and self.text[pos] in " \t" + _QUOTE_CHARS:
            pos += 1
        trig = self.rules.leading_trigger.match(self.text, pos)
        if trig:
            pos = trig.end()
        return self.view.word_after(pos)

    def _same_head(self, prev: int, cur: int) -> bool:
        a, b = self._head_word(prev), self._head_word(cur)
        return a is not None and b is not None and a.text.lower() == b.text.lower()

    def _adds_object(self, prev: int, cur: int) -> bool:
        a, b = self._head_word(prev), self._head_word(cur)
        return a is not None and b is not None and a.tag == "V" and b.tag == "N"

    def _list_item(self, a: int, b: int) -> None:
        text = self.text
        a, b = strip_span(text, a, b, _EDGE_PUNCT)
        lead = self.rules.item_lead.match(text[a:b])
        if lead:
            a += lead.end()
        trig = self.rules.leading_trigger.match(text, a, b)
        if trig:
            a = trig.end()
        inside = _quoted(text, a, b)
        if inside:
            self._add(*inside, quoted=True)
            return
        a, b = strip_span(text, a, b, _ITEM_EDGE)
        if self._cut_off_at(b):
            return  # the last item of a list the excerpt cuts off: "…; MHLKSX the"
        idx = self._word_index_after(a)
        if idx is None or a >= b or self._opens_clause(idx, free=False):
            return
        span = self._scan_name(idx, b, free=False)
        if span and not self._generic(*span) and not self._names_holder(*span):
            self._add(*span)

    # -- single mentions ---------------------------------------------------------------
    def mentions(self) -> None:
        text = self.text
        for m in self.rules.trigger.finditer(text):
            if self._is_consumed(m.start()) or self._in_title(m.start()):
                continue
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            line_start = text.rfind("\n", 0, m.start()) + 1
            plural = self.rules.plural_tail.search(text, line_start, m.start())
            if self._physical(line_start, m.start()):
                continue  # "trưng bày mô hình nhà ở …": a scale model, not a practice
            quote_at = self._quote_start(m.end(), line_end)
            inside = _quoted(text, quote_at, line_end)
            if inside:
                self._family(m.end(), quote_at)
                self._add(*inside, quoted=True)
                counted = plural is not None and _COUNT_RE.search(text, line_start, m.start())
                self._more_quoted(inside[1], line_end, counted=bool(counted))
                if counted:
                    self._parallel_counts(counted.start(), inside[1])
                continue
            if self.rules.kind_verbs.search(text, line_start, m.start()):
                continue  # "sắp xếp theo mô hình …": a form of organisation, not a practice
            if self._quota(line_start, m.start()):
                continue  # "xây dựng ít nhất 1 mô hình bảo vệ môi trường": a kind asked for
            self._unquoted(m.end(), line_end, plural=plural is not None)

    def _quota(self, line_start: int, pos: int) -> bool:
        """Whether the ``mô hình`` at ``pos`` is counted as a quota (``ít nhất 1 mô hình``,
        ``mỗi xã 1 mô hình``) in the few words before it, within its clause."""
        before = re.split(r"[,;:]", self.text[line_start:pos])[-1].split()
        window = " ".join(before[-self.rules.data["quota_window_words"] :])
        return self.rules.quota_words.search(window) is not None

    def _physical(self, line_start: int, pos: int) -> bool:
        """Whether ``mô hình`` at ``pos`` is an object on show (``trưng bày các mô hình``,
        ``sa bàn, mô hình``), not a practice."""
        return bool(self.rules.physical_cues.search(self.text, line_start, pos))

    def _family(self, a: int, b: int) -> None:
        """``mô hình dân vận khéo “Xây dựng đường giao thông”``: words of a practice between
        ``mô hình`` and the quoted name name the family the model belongs to."""
        if re.search(r"[,:;]", self.text[a:b]):
            return  # coordinated heads or a colon: "mô hình, cách làm “…”"
        a, b = strip_span(self.text, a, b, _ITEM_EDGE)
        idx = self._word_index_after(a)
        if idx is None or a >= b:
            return
        if syllable_count(self.text[a:b]) < self.rules.data["min_family_syllables"]:
            return  # "mô hình xây dựng “Khu dân cư văn hóa”": a verb acting on the name
        # Stop at the end of the phrase: a filter over the rest of the document is O(n) per
        # mention.
        words = itertools.takewhile(
            lambda w: w.end <= b, itertools.islice(self.view.words, idx, None)
        )
        verbal = any(w.tag in ("V", "A") for w in words)
        if verbal and not self._generic(a, b, plural=True) and not self._names_holder(a, b):
            self._add(a, b)

    def _more_quoted(self, close_at: int, line_end: int, *, counted: bool = False) -> None:
        """``mô hình “A” và “B”``, ``mô hình “A”, “B”``: each quote joined to a name is one;
        so is an unquoted form of model after ``và`` (``mô hình “A” và câu lạc bộ …``) and,
        after a counted ``4 mô hình “A”``, a counted quote joined to it (``, 18 “B” và 10
        “C”``; not ``…, trao tặng 5 “B”``, where a verb stands between)."""
        text = self.text
        pos = close_at + 1
        while True:
            m = self.rules.joined_quote.match(text, pos, line_end)
            if not m or m.end() >= line_end:
                return
            quote_at = m.end()
            if counted:
                count = _COUNTED_QUOTE_RE.match(text, quote_at, line_end)
                quote_at = count.end() if count else quote_at
            if text[quote_at] not in QUOTE_PAIRS:
                self._joined_form(m, line_end)
                return
            inside = _quoted(text, quote_at, line_end)
            if inside is None:
                return
            self._add(*inside, quoted=True)
            pos = inside[1] + 1

    def _joined_form(self, joint: re.Match[str], line_end: int) -> None:
        """``“A” và câu lạc bộ nông dân làm giàu``: after ``và``, a phrase opening with a
        form of model (a club, a team, a group) is a second model."""
        if not joint.group(0).strip().lower().startswith(tuple(self.rules.data["item_joiners"])):
            return
        idx = self._word_index_after(joint.end())
        if idx is None or self._matches_at(self.rules.model_forms, idx) is None:
            return
        span = self._scan_name(idx, line_end, free=True)
        if span and not self._generic(*span) and not self._names_holder(*span):
            self._add(*span)

    def _parallel_counts(self, count_at: int, after: int) -> None:
        """``ba chi hội thực hiện 4 mô hình “A”, bảy chi hội thực hiện 18 “B”``: a clause that
        repeats the verb of a counted mention leaves out its noun, so its counted quote is a
        model too (``…, trao tặng 5 “B”`` with another verb is not)."""
        verb = self.view.word_before(count_at)
        if verb is None or verb.tag != "V":
            return
        s_end = self.view.sentence_span(after)[1]
        for m in _COUNTED_QUOTE_RE.finditer(self.text, after, s_end):
            before = self.view.word_before(m.start())
            if before is None or before.text.lower() != verb.text.lower():
                continue
            inside = _quoted(self.text, m.end(), s_end)
            if inside:
                self._add(*inside, quoted=True)

    def _quote_start(self, pos: int, line_end: int) -> int:
        """Where a quoted name may open: right after "mô hình", after a colon, after a few
        words describing it (``mô hình điểm “…”``, ``mô hình câu lạc bộ “…”``) or after
        coordinated heads (``mô hình, điển hình “…”``)."""
        text, words, rules = self.text, self.view.words, self.rules
        m = re.match(r"\s*:\s*", text[pos:line_end])
        if m:
            return pos + m.end()
        idx = self._word_index_after(pos)
        if idx is None:
            return pos
        cursor, seen, described, verbal = pos, 0, False, False
        while idx < len(words) and seen < rules.data["max_quote_descriptor_words"]:
            w = words[idx]
            if w.start >= line_end or text[cursor : w.start].strip():
                break
            if w.text == "," and idx + 1 < len(words):
                head_end = self._matches_at(rules.coordinated_heads, idx + 1)
                if head_end is None:
                    break
                while words[idx].end < head_end:
                    idx += 1
                w = words[idx]
            elif not w.text[0].isalnum():
                break
            elif rules.generic_words.fullmatch(w.text):
                pass  # "mô hình điểm “…”", "mô hình mới “…”"
            elif rules.trigger.match(text, w.start) or self._opens_clause(idx, free=True):
                break
            else:
                described = True
                verbal = verbal or not w.tag.startswith("N")
            cursor = w.end
            seen += 1
            idx += 1
            if _OPEN_QUOTE_RE.match(text, cursor):
                inside = _quoted(text, cursor, line_end)
                if inside and (not described or self._names_quote(*inside, verbal=verbal)):
                    return cursor
                break
        return pos

    def _names_quote(self, a: int, b: int, *, verbal: bool) -> bool:
        """Whether a quote after words describing a model is its name (``mô hình câu lạc bộ
        “5 không”``), not a qualifier in scare quotes (``mô hình nuôi gà “thả vườn”``): long
        enough, and after nouns only or written as a name (capital or digit first)."""
        if syllable_count(self.text[a:b]) < self.rules.data["min_described_quote_syllables"]:
            return False
        return not verbal or self.text[a].isupper() or self.text[a].isdigit()

    def _unquoted(self, t_end: int, line_end: int, *, plural: bool) -> None:
        text = self.text
        first = self.view.word_after(t_end)
        if first is None or first.start >= line_end or text[t_end : first.start].strip():
            return
        idx = self.view.word_index_at(first.start)
        if self._opens_clause(idx, free=True):
            return
        span = self._scan_name(idx, line_end, free=True)
        if (
            span is None
            or syllable_count(text[span[0] : span[1]]) > self.rules.data["max_unquoted_syllables"]
        ):
            return
        if self._generic(*span, plural=plural):
            return  # "mô hình tăng trưởng", "các mô hình sản xuất": a kind, not a name
        if self._names_holder(*span):
            return  # "mô hình anh Trần Văn Tư": whose model, not its name
        self._add(*span)

    def run(self) -> list[NamedModel]:
        self.lists()
        self.mentions()
        seen: set[str] = set()
        out = []
        for model in sorted(self.found, key=lambda m: m.start):
            key = model.key
            if key and key not in seen:
                seen.add(key)
                out.append(model)
        return out


def extract_models(view: DocView, rules: ModelRules | None = None) -> list[NamedModel]:
    """Distinct named models of the document (case-insensitive), in text order."""
    return _Extractor(view, rules or ModelRules.default()).run()
