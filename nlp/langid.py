"""A cheap, offline check that a text is Vietnamese prose.

underthesea's ``lang_detect`` downloads a model, so it cannot be used here.
Vietnamese is written in Latin letters with a dense layer of diacritics and a
small set of very frequent function syllables; both are cheap to count and
separate Vietnamese from English, French or binary junk well at article
length.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["LanguageVerdict", "check_vietnamese"]

_VI_SPECIFIC = set("ăâđêôơưĂÂĐÊÔƠƯ")
_COMMON_SYLLABLES = frozenset(
    (
        "và của là có được các những trong cho với đã này không người một để đến về từ theo"
        " tại năm công tác xã huyện tỉnh nhân dân đảng cán bộ thực hiện"
    ).split()
)
_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
# Letters no other Latin-script language writes: ơ, ư, đ and the hook-above and dot-below
# tones (ả, ạ, ể, ộ…). French and Portuguese share â, ê, ô and the acute and grave accents.
_VI_ONLY = frozenset(
    ch
    for ch in map(chr, range(0xC0, 0x1F00))
    if ch.isalpha()
    and (ch in "đĐ" or any(m in unicodedata.normalize("NFD", ch) for m in "\u0309\u0323\u031b"))
)


@dataclass(frozen=True, slots=True)
class LanguageVerdict:
    """Whether a text reads as Vietnamese, with the measurements behind the verdict."""

    is_vietnamese: bool
    reason: str
    letters: int
    diacritic_share: float
    common_share: float


def _has_vietnamese_mark(ch: str) -> bool:
    if ch in _VI_SPECIFIC:
        return True
    decomposed = unicodedata.normalize("NFD", ch)
    return len(decomposed) > 1 and decomposed[0].isascii()


# Latin letters with diacritics (Latin-1 to Latin Extended Additional), computed once.
_MARKED = frozenset(
    ch for ch in map(chr, range(0xC0, 0x1F00)) if ch.isalpha() and _has_vietnamese_mark(ch)
)

# The same sets as character classes: one C-level scan of the text instead of a Python
# test per letter. Both sets hold letters only.
_MARKED_RE = re.compile("[" + "".join(sorted(_MARKED)) + "]")
_VI_ONLY_RE = re.compile("[" + "".join(sorted(_VI_ONLY)) + "]")


def check_vietnamese(
    text: str,
    *,
    min_letters: int = 40,
    min_diacritic_share: float = 0.04,
    min_common_share: float = 0.05,
    sure_diacritic_share: float = 0.2,
) -> LanguageVerdict:
    """Judge ``text`` (its NFC form); the verdict's ``reason`` is meant for a rejection
    message.

    Vietnamese prose needs both enough diacritics and enough of the most common
    function syllables; a text whose letters are at least ``sure_diacritic_share``
    marked, with letters only Vietnamese uses (ơ, ư, đ, ả, ạ…), is Vietnamese whatever its
    syllables: short reports dense with numbers and nouns use few function words, and
    no other Latin-script language marks that many letters.
    """
    head = text[:20000]
    if not unicodedata.is_normalized("NFC", head):
        # Tone marks written combining (Windows-1258, NFD) split words and hide marked
        # letters: judge the text as it reads.
        head = unicodedata.normalize("NFC", head)
    words = _WORD_RE.findall(head)
    letters = sum(len(w) for w in words)
    if letters < min_letters:
        return LanguageVerdict(False, f"too little text ({letters} letters)", letters, 0.0, 0.0)
    # Every marked letter lies in one of the words (they are all the letter runs), so
    # counting them in the text counts them in the words.
    marked = len(_MARKED_RE.findall(head))
    diacritic_share = marked / letters
    common = sum(1 for w in words if w.lower() in _COMMON_SYLLABLES)
    common_share = common / len(words)
    sure = diacritic_share >= sure_diacritic_share and _VI_ONLY_RE.search(head) is not None
    ok = sure or (diacritic_share >= min_diacritic_share and common_share >= min_common_share)
    reason = (
        "Vietnamese"
        if ok
        else f"not Vietnamese prose (diacritics {diacritic_share:.1%}, "
        f"common Vietnamese syllables {common_share:.1%})"
    )
    return LanguageVerdict(ok, reason, letters, diacritic_share, common_share)
