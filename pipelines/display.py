"""An article's text with its extractions highlighted, as HTML for notebooks."""

from __future__ import annotations

import html

from .records import Record

__all__ = ["COLOURS", "highlight_html"]

#: Background colour per kind of extraction.
COLOURS = {"initiative": "#fde68a", "model": "#bbf7d0", "figure": "#bfdbfe"}


def _title_span(record: Record, item) -> tuple[int, int, str, str]:
    # An item runs over whole paragraphs; its title is what deserves the mark.
    at = record.text.find(item.title, item.start, item.end)
    start, end = (at, at + len(item.title)) if at >= 0 else (item.start, item.end)
    return start, end, "initiative", f"initiative {item.ordinal} ({item.group or 'heading'})"


def highlight_html(record: Record, max_chars: int | None = None) -> str:
    """HTML of ``record.text`` with initiatives, models and figures marked.

    Overlapping spans are resolved by keeping the earlier (then longer) one.
    """
    spans = sorted(
        [_title_span(record, i) for i in record.initiatives]
        + [(m.start, m.end, "model", "model") for m in record.models]
        + [
            (f.start, f.end, "figure", f"{f.qualifier} {f.value:g} {f.unit or ''}")
            for f in record.figures
        ],
        key=lambda s: (s[0], -s[1]),
    )
    text = record.text if max_chars is None else record.text[:max_chars]
    parts: list[str] = []
    cursor = 0
    for start, end, kind, title in spans:
        if start < cursor or end > len(text):
            continue
        parts.append(html.escape(text[cursor:start]))
        parts.append(
            f'<mark style="background:{COLOURS[kind]}" title="{html.escape(title)}">'
            f"{html.escape(text[start:end])}</mark>"
        )
        cursor = end
    parts.append(html.escape(text[cursor:]))
    legend = " ".join(f'<mark style="background:{c}">{k}</mark>' for k, c in COLOURS.items())
    body = "".join(parts).replace("\n", "<br>")
    return (
        f"<div><p>{legend}</p><h4>{html.escape(record.title or record.id)}</h4><p>{body}</p></div>"
    )
