"""Vietnamese number parsing.

Vietnamese prose writes ``.`` between thousands groups and ``,`` as the decimal
mark (``285.197`` is 285197, ``12,6`` is 12.6), but informal writing also uses
``.`` as a decimal mark before one or two digits (``8.5 điểm``), and copy from
English sources uses ``,`` between thousands groups (``1,500,000``). Scale
words (``nghìn``, ``triệu``, ``tỷ``) multiply.

Every function here is total: it returns ``None`` for a string it cannot read
rather than raising, so extractors can call it on anything.
"""

from __future__ import annotations

import re

__all__ = ["NUMBER_PATTERN", "SCALE_WORDS", "parse_amount", "parse_number", "parse_scale"]

#: Scale words and their multipliers (lower case, NFC).
SCALE_WORDS: dict[str, float] = {
    "trăm": 1e2,
    "nghìn": 1e3,
    "ngàn": 1e3,
    "vạn": 1e4,
    "triệu": 1e6,
    "tỷ": 1e9,
    "tỉ": 1e9,
}

#: A run of digits with ``.``/``,`` separators between digit groups.
NUMBER_PATTERN = r"[0-9]+(?:[.,][0-9]+)*"
_NUMBER_RE = re.compile(rf"^{NUMBER_PATTERN}$")


def _all_groups_of_three(groups: list[str]) -> bool:
    return all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3


def parse_number(text: str) -> float | None:
    """Parse one Vietnamese-written number; ``None`` when it is not one.

    >>> parse_number("285.197"), parse_number("12,6"), parse_number("8.5")
    (285197.0, 12.6, 8.5)
    """
    if not isinstance(text, str):
        return None
    s = text.strip()
    if not s or not _NUMBER_RE.match(s) or not s.isascii():
        return None
    dots, commas = s.count("."), s.count(",")
    try:
        if dots == 0 and commas == 0:
            return float(int(s))
        if dots and commas:
            # Whichever mark comes last is the decimal mark; the other groups thousands.
            if s.rfind(",") > s.rfind("."):
                int_part, frac = s.rsplit(",", 1)
                groups = int_part.split(".")
                if "," in int_part or not _all_groups_of_three(groups):
                    return None
                return float("".join(groups) + "." + frac)
            int_part, frac = s.rsplit(".", 1)
            groups = int_part.split(",")
            if "." in int_part or not _all_groups_of_three(groups):
                return None
            return float("".join(groups) + "." + frac)
        mark = "." if dots else ","
        groups = s.split(mark)
        if len(groups) > 2:
            # Several marks of one kind can only be thousands separators.
            return float("".join(groups)) if _all_groups_of_three(groups) else None
        int_part, frac = groups
        if mark == ",":
            return float(f"{int_part}.{frac}")
        # A single dot: three digits after it group thousands, otherwise a decimal mark.
        if len(frac) == 3 and 1 <= len(int_part) <= 3:
            return float(int_part + frac)
        if len(int_part) >= 4 and len(frac) >= 3:
            # Neither a thousands group (at most three digits before it) nor an informal
            # decimal: a hotline or code ("1900.1234", "1800.588").
            return None
        return float(f"{int_part}.{frac}")
    except (ValueError, OverflowError):
        return None


def parse_scale(words: str) -> float | None:
    """Multiplier of scale words (``"nghìn tỷ"`` → 1e12); ``None`` if a word is not one."""
    if not isinstance(words, str):
        return None
    parts = words.lower().split()
    if not parts:
        return None
    factor = 1.0
    for part in parts:
        mult = SCALE_WORDS.get(part)
        if mult is None:
            return None
        factor *= mult
    return factor


def parse_amount(number: str, scale: str | None = None) -> float | None:
    """Parse a number followed by optional scale words: ``("285.197", "triệu")`` → 285197e6."""
    value = parse_number(number)
    if value is None:
        return None
    if scale:
        factor = parse_scale(scale)
        if factor is None:
            return None
        value *= factor
    return value
