"""Reading dates as Vietnamese news pages print and declare them.

Two entry points: :func:`parse_date` reads one string that is meant to be a
date (a ``datetime`` attribute, a JSON-LD ``datePublished``, the text of a
profile's date selector); :func:`find_date` finds the first date written in a
line of running text (``Thứ bảy, 7/3/2026, 00:05 (GMT+7)``, ``Cập nhật thứ
hai, ngày 24/12/12 11:05 tối``). Both return ISO 8601 local time without the
offset (``2026-03-07T00:05``), or the date alone when no time is printed, or
None: a string that cannot be read as a real calendar date gives None, never a
guess.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

__all__ = ["VIETNAM", "find_date", "parse_date"]

VIETNAM = timezone(timedelta(hours=7))

# ISO forms, including the non-standard ones CMSs emit ("2026-03-07T08:52:11.000 +07:00",
# "2026-03-07 08:07", "2012-12-23T14:02+07:00").
_ISO_RE = re.compile(
    r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ]+(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:\s*(Z|[+-]\d{2}:?\d{2}))?)?(?!\d)"
)
# Day first, as Vietnamese pages print: 7/3/2026, 07-03-2026, 26.12.2012, 24/12/12.
_DMY = r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/])"
_TIME = r"(\d{1,2})\s*(?::|h|g|giờ)\s*(\d{2})?(?:\s*(?::\d{2}))?\s*(am|pm|sáng|trưa|chiều|tối|đêm)?"
_DMY_RE = re.compile(_DMY, re.IGNORECASE)
# The time after the date (at most a few separators between) or before it.
_TIME_AFTER_RE = re.compile(r"^[\s,|\-–—(]{0,6}(?:lúc\s*)?" + _TIME + r"(?![\d/])", re.IGNORECASE)
_TIME_BEFORE_RE = re.compile(r"(?<![\d/])" + _TIME + r"[\s,|\-–—]{0,6}(?:ngày\s*)?$", re.IGNORECASE)
# "ngày 7 tháng 3 năm 2026", and "Thứ ba, 12 Tháng 3 2024" as Joomla/Liferay print it in
# Vietnamese.
_WORDS_RE = re.compile(
    r"(?<![\d/])(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:,\s*|năm\s*|\s)(\d{4})(?!\d)", re.IGNORECASE
)
# Year first with slashes (ASP.NET portals): 2024/03/12.
_YMD_SLASH_RE = re.compile(r"(?<![\d/])(\d{4})/(\d{1,2})/(\d{1,2})(?![\d/])")
# English month names (sites left in an English locale): "March 12, 2024", "12 Mar 2024".
_MONTH_NAMES = (
    "jan january|feb february|mar march|apr april|may|jun june|jul july|aug august|"
    "sep sept september|oct october|nov november|dec december"
)
_MONTHS = {m: i for i, names in enumerate(_MONTH_NAMES.split("|"), 1) for m in names.split()}
_MONTH = r"(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_EN_MDY_RE = re.compile(
    r"(?<![a-z])" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)", re.IGNORECASE
)
_EN_DMY_RE = re.compile(
    r"(?<![\d/])(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(\d{4})(?!\d)", re.IGNORECASE
)
_PM = {"pm", "chiều", "tối"}


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:  # two-digit years on news pages are this century
        y += 2000
    return y


def _hour(hh: str, mm: str | None, marker: str | None) -> tuple[int, int] | None:
    h, m = int(hh), int(mm or 0)
    marker = (marker or "").lower()
    # "1 giờ trưa" is 13:00; "11 giờ đêm" is 23:00 but "2 giờ đêm" is 02:00.
    if (
        (marker in _PM and h < 12)
        or (marker == "trưa" and h < 5)
        or (marker == "đêm" and 6 <= h < 12)
    ):
        h += 12
    elif marker in ("am", "sáng") and h == 12:
        h = 0
    if not (0 <= h < 24 and 0 <= m < 60):
        return None
    return h, m


def _iso(y: int, mo: int, d: int, hm: tuple[int, int] | None) -> str | None:
    if not 1990 <= y <= 2100:  # a document number ("số 12/2/3456"), not a news date
        return None
    try:
        if hm is not None:
            return datetime(y, mo, d, *hm).isoformat(timespec="minutes")
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def _time_near(text: str, start: int, end: int) -> tuple[int, int] | None:
    m = _TIME_AFTER_RE.match(text[end : end + 30])
    if m is None:
        m = _TIME_BEFORE_RE.search(text[max(0, start - 30) : start])
    if m is None or (m.group(2) is None and m.group(3) is None):
        return None  # a bare number is not a time
    return _hour(m.group(1), m.group(2), m.group(3))


def find_date(text: str | None) -> str | None:
    """The first date printed in ``text`` (with its time when one is beside it), or None."""
    if not text:
        return None
    best: tuple[int, str] | None = None
    m = _ISO_RE.search(text)
    if m:
        y, mo, d, hh, mm, offset = m.groups()
        hm = _hour(hh, mm, None) if hh is not None else None
        iso = _iso(int(y), int(mo), int(d), hm)
        if iso and offset and hm is not None:
            iso = parse_date(iso + ("+00:00" if offset == "Z" else offset)) or iso
        if iso:
            best = (m.start(), iso)
    for m in _DMY_RE.finditer(text):
        if best is not None and best[0] < m.start():
            break
        d, _, mo, y = m.groups()
        iso = _iso(_year(y), int(mo), int(d), _time_near(text, m.start(), m.end()))
        if iso:
            best = (m.start(), iso)
            break
    others = []
    m = _WORDS_RE.search(text)
    if m:
        others.append((m, int(m.group(3)), int(m.group(2)), int(m.group(1))))
    m = _YMD_SLASH_RE.search(text)
    if m:
        others.append((m, int(m.group(1)), int(m.group(2)), int(m.group(3))))
    m = _EN_MDY_RE.search(text)
    if m:
        others.append((m, int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2))))
    m = _EN_DMY_RE.search(text)
    if m:
        others.append((m, int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1))))
    for m, y, mo, d in others:
        if best is None or m.start() < best[0]:
            iso = _iso(y, mo, d, _time_near(text, m.start(), m.end()))
            if iso:
                best = (m.start(), iso)
    return best[1] if best else None


def parse_date(text: str | None) -> str | None:
    """ISO date-time (or date) from one date string, as sites declare or print it."""
    if not text:
        return None
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    else:
        if parsed.tzinfo is not None:
            # Vietnam time, as the pages print it (WordPress declares UTC).
            parsed = parsed.astimezone(VIETNAM)
        return parsed.replace(tzinfo=None).isoformat(timespec="minutes")
    return find_date(text)
