"""The JSONL record: one object per article, defined once here.

The JSON Schema in ``docs/record.schema.json`` is generated from these models
(``vnminer schema``); a test keeps the two in step. Bump
:data:`SCHEMA_VERSION` on any change a reader could notice: minor for added
optional fields, major for renamed, removed or retyped ones.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from nlp.pipeline import Extractions
from nlp.places import Place, distinct_places, main_province

from .article import Article
from .sites import site_for_url

__all__ = [
    "SCHEMA_VERSION",
    "EntityOut",
    "FigureOut",
    "InitiativeOut",
    "ModelOut",
    "PlaceOut",
    "Record",
    "build_record",
    "record_json_schema",
]

logger = logging.getLogger(__name__)

SCHEMA_VERSION = "1.1"

Qualifier = Literal["=", "~", ">", ">=", "<", "<="]


class _Out(BaseModel):
    # Numbers must be finite: JSON has no Infinity or NaN, so a record holding one could
    # not be written as valid JSON, and a file holding one is not a valid record.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class InitiativeOut(_Out):
    """One item of a numbered or counted list."""

    group: str | None = Field(
        description="Group noun of a counted list ('đề án lớn'); null for ordinal headings"
    )
    ordinal: int = Field(ge=1, description="1-based position in its list")
    title: str = Field(description="The item's heading")
    text: str = Field(description="The whole item")
    start: int = Field(ge=0, description="Character offset in `text` of the record")
    end: int = Field(ge=0, description="Exclusive end offset")


class ModelOut(_Out):
    """A named model (mô hình)."""

    name: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    sentence: str = Field(description="The sentence holding the name")
    key: str = Field(
        default="",
        description="The name normalised (case, quotes, spacing, a leading 'mô hình'): "
        "the same model in different articles shares one key (since 1.1)",
    )


class FigureOut(_Out):
    """A key figure."""

    text: str = Field(description="Surface text, qualifier and unit included")
    value: float = Field(description="The number; money in its currency's base unit (VND for đồng)")
    of: float | None = Field(description="Denominator of a ratio (16/19 → 19), else null")
    unit: str | None = Field(
        description="'%', 'VND', 'USD', 'ha', … or the counted noun; null when nothing is counted"
    )
    qualifier: Qualifier = Field(
        description="= exact, ~ about, > more than, >= at least, < less than, <= at most"
    )
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    sentence: str
    measure: str | None = Field(
        default=None,
        description="The noun phrase, as written, naming what the number measures "
        "('tỷ lệ hộ nghèo'); null when the sentence does not say (since 1.1)",
    )
    measure_start: int | None = Field(
        default=None, ge=0, description="Offset of `measure` in `text`, when not null (since 1.1)"
    )
    measure_end: int | None = Field(
        default=None, ge=0, description="Exclusive end of `measure`, when not null (since 1.1)"
    )
    target: bool = Field(
        default=False,
        description="True for a goal, plan, quota or forecast; false for a result (since 1.1)",
    )


class EntityOut(_Out):
    """A named entity from underthesea's CRF NER (PER, LOC, ORG, MISC)."""

    text: str
    label: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class PlaceOut(_Out):
    """An administrative unit the article names, with its unit after the 2025 reorganisation."""

    name: str = Field(description="The name as written, without its prefix ('Bắc Hà')")
    level: Literal["province", "district", "commune"] = Field(
        description="The unit's level as written (districts were abolished in 2025)"
    )
    start: int | None = Field(
        ge=0, description="Offset of the name in `text`; null when from the site or the title"
    )
    end: int | None = Field(ge=0, description="Exclusive end offset, or null")
    province: str = Field(description="The province after the July 2025 reorganisation")
    province_as_written: str = Field(
        description="The province before the reorganisation, as the article implies it"
    )
    commune: str | None = Field(
        description="The commune after the reorganisation, for a commune the mapping resolves"
    )
    source: Literal["site", "title", "text"] = Field(description="Where the place was found")


class Record(_Out):
    """One analysed article. Offsets in every list index into ``text``."""

    # Readers accept every 1.x record: minor versions only add optional fields.
    schema_version: Literal["1.0", "1.1"] = SCHEMA_VERSION
    id: str = Field(
        min_length=1,
        description="File stem for .txt input, else the input's id, else a hash of the URL",
    )
    title: str | None = None
    url: str | None = None
    published: str | None = Field(
        default=None, description="Publication date (ISO 8601) where known"
    )
    site: str | None = Field(default=None, description="Site profile name where known")
    author: str | None = None
    text: str = Field(description="The cleaned article text")
    initiatives: list[InitiativeOut]
    models: list[ModelOut]
    figures: list[FigureOut]
    entities: list[EntityOut]
    places: list[PlaceOut] = Field(
        default_factory=list,
        description="Administrative units the article names, one per unit (since 1.1)",
    )
    province: str | None = Field(
        default=None,
        description="The article's province after the 2025 reorganisation: the one its "
        "places name most, the site's first (since 1.1)",
    )
    province_as_written: str | None = Field(
        default=None, description="The same province as the article names it (since 1.1)"
    )

    def to_json(self) -> str:
        """One JSON line: UTF-8 characters as they are, no \\u escapes, strict JSON."""
        return json.dumps(
            self.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":"), allow_nan=False
        )


def _guess_title(text: str) -> str | None:
    first = text.split("\n", 1)[0].strip()
    if first and len(first.split()) <= 30 and not first.endswith((".", "!", "?", ":")):
        return first
    return None


def _finite_figures(article: Article, figures: Sequence[Any]) -> list[dict[str, Any]]:
    """The figures as dicts, without those whose number is not finite (a run of digits
    too long for a float reads as infinity: "doanh thu đạt 999…9 tỷ đồng"), each
    dropped with a warning naming the article and the figure."""
    out = []
    for figure in figures:
        d = figure.to_dict()
        numbers = (d.get("value"), d.get("of"))
        if all(n is None or math.isfinite(n) for n in numbers):
            out.append(d)
            continue
        shown = d["text"] if len(d["text"]) <= 40 else d["text"][:37] + "..."
        logger.warning(
            "%s: figure %r at offset %s dropped: its number is too large to represent",
            article.source,
            shown,
            d.get("start"),
        )
    return out


def build_record(
    article: Article, text: str, found: Extractions, places: Sequence[Place] = ()
) -> Record:
    """Combine an article's metadata, its cleaned text, what the extractors found and
    the places it names (every mention, as :func:`nlp.places.find_places` gives them).
    A figure whose number is not finite is dropped with a warning (JSON has no infinity)."""
    main = main_province(places)
    # One validation of the whole nested dict (a single call into pydantic-core) rather
    # than one model per figure and entity: the same checks and coercions, a third the time.
    return Record.model_validate(
        {
            "id": article.id,
            "title": article.title or _guess_title(text),
            "url": article.url,
            "published": article.published,
            "site": article.site or site_for_url(article.url),
            "author": article.author,
            "text": text,
            "initiatives": [i.to_dict() for i in found.initiatives],
            "models": [m.to_dict() for m in found.models],
            "figures": _finite_figures(article, found.figures),
            "entities": [e.to_dict() for e in found.entities],
            "places": [p.to_dict() for p in distinct_places(places)],
            "province": main.province if main else None,
            "province_as_written": main.province_as_written if main else None,
        }
    )


def record_json_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`Record`, as shipped in ``docs/record.schema.json``."""
    schema = Record.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"urn:vn-news-miner:record:{SCHEMA_VERSION}"
    return schema
