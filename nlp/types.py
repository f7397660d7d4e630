"""Plain-data results of the extractors: one frozen, slotted dataclass per kind.

Offsets are character offsets into the cleaned article text (``doc.text``);
``end`` is exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

__all__ = ["Entity", "Figure", "Initiative", "NamedModel"]


def _as_dict(result: Any) -> dict[str, Any]:
    # dataclasses.asdict deep-copies every value; these hold only str, int, float, bool
    # and None, so reading the fields gives the same dict several times faster.
    names = _FIELDS.get(type(result))
    if names is None:
        names = _FIELDS[type(result)] = tuple(f.name for f in fields(result))
    return {name: getattr(result, name) for name in names}


_FIELDS: dict[type, tuple[str, ...]] = {}


@dataclass(frozen=True, slots=True)
class Initiative:
    """One item of a numbered or counted list of initiatives."""

    group: str | None
    ordinal: int
    title: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


@dataclass(frozen=True, slots=True)
class NamedModel:
    """A named *mô hình*: its name, where the name stands, and its sentence."""

    name: str
    start: int
    end: int
    sentence: str
    key: str = ""  # the name normalised, shared by the same model across articles

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


@dataclass(frozen=True, slots=True)
class Figure:
    """A key figure: ``value`` (VND for money) ``qualifier`` ``unit`` [of ``of``]."""

    text: str
    value: float
    of: float | None
    unit: str | None
    qualifier: str
    start: int
    end: int
    sentence: str
    measure: str | None = None  # what the number measures, as written
    measure_start: int | None = None
    measure_end: int | None = None
    target: bool = False  # a goal, plan, quota or forecast rather than a result

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity (PER, LOC, ORG, MISC) from underthesea's CRF NER, cleaned of titles."""

    text: str
    label: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)
