"""Shared text helpers of nlp/extract/common.py."""

from __future__ import annotations

import re
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.extract.common import (
    CLOSE_QUOTES,
    ELLIPSIS_RE,
    QUOTE_PAIRS,
    DocView,
    phrase_before_regex,
    phrase_regex,
    sentence_around,
    strip_span,
    syllable_count,
    syllables,
)


@pytest.mark.parametrize(
    ("text", "chars", "expected"),
    [
        ("  – giải pháp một; ", None, "giải pháp một"),
        ("(mô hình mới)", None, "(mô hình mới)"),  # brackets are not edge punctuation
        ("(mô hình mới)", " ()", "mô hình mới"),
        ("…", None, ""),
    ],
)
def test_strip_span(text: str, chars: str | None, expected: str) -> None:
    a, b = (
        strip_span(text, 0, len(text)) if chars is None else strip_span(text, 0, len(text), chars)
    )
    assert text[a:b] == expected


def test_syllables_and_syllable_count_differ_on_joined_words() -> None:
    # a hyphen joins one run but separates two words of the comparison key
    assert syllables("nuôi tôm-lúa, “sạch”") == ["nuôi", "tôm-lúa", "sạch"]
    assert syllable_count("nuôi tôm-lúa, “sạch”") == 4


def test_phrase_regex_orders_longest_first_and_keeps_ties_in_order() -> None:
    assert phrase_regex(["và", "hoặc", " cùng ", "và"]) == "hoặc|cùng|và"
    assert phrase_regex(["khu dân cư"]) == r"khu\s+dân\s+cư"
    assert phrase_regex(["tp", "xã"], end=lambda p: r"\.?" if p == "tp" else "") == r"tp\.?|xã"


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("nằm trên đường ", "đường"),
        ("nằm trên  khu phố ", "khu phố"),
        ("phố", None),  # the gap is required
        ("tuyến đường", None),
        ("ngoại ô phố ", None),  # a word ending in a phrase is not the phrase
    ],
)
def test_phrase_before_regex(text: str, hit: str | None) -> None:
    pattern = phrase_before_regex(["đường", "khu phố", "ô"], r"\s+", capture=True)
    m = pattern.search(text)
    assert (m.group(1) if m else None) == hit


def test_phrase_before_regex_without_phrases_never_matches() -> None:
    assert phrase_before_regex([]).search("bất kỳ") is None
    assert phrase_before_regex([], r"\s*").search("") is None


def test_phrase_before_regex_label_colon() -> None:
    pattern = phrase_before_regex(["tổng số"], r"\s*:?\s*", capture=True)
    assert pattern.search("Tổng số: ").group(1) == "Tổng số"
    assert pattern.search("Tổng số lượt ") is None


@pytest.mark.parametrize(
    ("text", "at", "expected"),
    [
        ("Xã có 3 thôn. Huyện có 12 xã đạt chuẩn. Hết.", 20, "Huyện có 12 xã đạt chuẩn."),
        ("Tiêu đề\nDòng hai có 5 hộ\nDòng ba", 12, "Dòng hai có 5 hộ"),
        ("Giá 1.500 đồng/kg tăng", 6, "Giá 1.500 đồng/kg tăng"),  # no space after the dot
    ],
)
def test_sentence_around(text: str, at: int, expected: str) -> None:
    assert sentence_around(text, at) == expected


def test_quote_and_ellipsis_sets() -> None:
    assert "”" in CLOSE_QUOTES and "»" in CLOSE_QUOTES and "«" not in CLOSE_QUOTES
    assert len(set(CLOSE_QUOTES)) == len(CLOSE_QUOTES)
    assert [m.group() for m in ELLIPSIS_RE.finditer("a... b… c..")] == ["...", "…"]
    assert re.fullmatch(phrase_regex(["mô hình"]), "mô  hình")


# --- DocView: the fast constructions equal the plain ones ----------------------------------

_QUOTE_TEXT = st.text(alphabet="ab \n“”\"„‘’'«»‹›″x.", max_size=40)


def _quoted_spans_by_character(text: str) -> tuple[tuple[int, int], ...]:
    """The reference: every opening quote, then the first of its closers on its line."""
    spans = []
    i = 0
    while i < len(text):
        closers = QUOTE_PAIRS.get(text[i])
        if closers is None or (text[i] == "'" and i > 0 and text[i - 1].isalpha()):
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


@settings(max_examples=500, deadline=None)
@given(_QUOTE_TEXT)
def test_quoted_spans_equal_the_character_scan(text: str) -> None:
    assert DocView(text, (), ()).quoted_spans == _quoted_spans_by_character(text)


_TOKENS = st.lists(
    st.tuples(
        st.sampled_from(["a", "Bc", ".", "\n\n", " ", "“", "x y"]),
        st.booleans(),
        st.booleans(),
    ),
    max_size=12,
)


@cache
def _vocab():
    import spacy

    return spacy.blank("xx").vocab


@settings(max_examples=300, deadline=None)
@given(_TOKENS)
def test_view_from_the_tokenizer_lists_equals_the_view_of_the_doc(tokens) -> None:
    from spacy.tokens import Doc

    words = [w for w, _, _ in tokens]
    spaces = [s and not w.isspace() for w, s, _ in tokens]
    starts = [bool(i == 0 or start) for i, (_, _, start) in enumerate(tokens)]
    tags = ["N"] * len(words)
    # A language's vocab: its lexemes know which are white space (Token.is_space).
    doc = Doc(_vocab(), words=words, spaces=spaces, tags=tags, sent_starts=starts or None)
    built = DocView.from_tokens(doc.text, words, tags, spaces, starts)
    assert built == DocView.from_doc(doc)
