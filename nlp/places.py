"""Places: which administrative units an article is about, mapped to the July 2025 units.

Vietnam's reorganisation of 1 July 2025 merged 63 provinces into 34 and abolished
the district level. An article names units as they were when it was written
("huyện Bắc Hà, tỉnh Lào Cai"); :func:`find_places` finds those names in the
cleaned text (administrative prefixes, underthesea's LOC entities, a few
geographic shapes), in the title and from the site's province, resolves each to a
pre-2025 unit of the gazetteer and maps it to its post-2025 province and, for
communes, its post-2025 commune.

The gazetteer comes from the ``vietnamadminunits`` package (63-province and
34-province data sets and the old→new mapping, shipped inside the wheel; nothing is
downloaded). Build it once with :meth:`Gazetteer.default` and pass it down.

Precision first: a name counts when an administrative prefix introduces it
("xã Tân Hiệp"), when it is a province name that NER tags LOC or that stands in a
geographic shape ("Hà Giang: …", "(Kiên Giang)"), or, for a bare district or
commune name, when it is unambiguous within the article's province.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib.util import find_spec
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from .extract.common import (
    DASHES,
    ETH_AS_D,
    fold_text,
    phrase_before_regex,
    phrase_regex,
)
from .rules import load_rules
from .types import Entity

__all__ = [
    "Gazetteer",
    "Place",
    "distinct_places",
    "find_places",
    "main_province",
    "province_from_site",
]

LIBRARY = "vietnamadminunits"
_INSTALL_HINT = (
    "nlp.places needs the 'vietnamadminunits' package (Vietnamese administrative units "
    "before and after 2025, data shipped in the wheel): pip install 'vietnamadminunits>=1.0.4,<2'"
)


@dataclass(frozen=True, slots=True)
class Place:
    """One mention of an administrative unit, with its unit after the 2025 reorganisation.

    ``name`` is the name as written (without its prefix); ``start``/``end`` are its
    offsets in the cleaned text (``None`` when it comes from the site or the title).
    ``province`` is the post-2025 province, ``province_as_written`` the pre-2025
    province the article (or site) implies, ``commune`` the post-2025 commune when
    the mention is a commune that the mapping resolves.
    """

    name: str
    level: str  # "province" | "district" | "commune"
    start: int | None
    end: int | None
    province: str
    province_as_written: str
    commune: str | None
    source: str  # "site" | "title" | "text"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- names

_DASHES_RE = re.compile(rf"\s*[{re.escape(DASHES)}]\s*")
_SPACE_RE = re.compile(r"\s+")
_NOT_ASCII_KEY_RE = re.compile(r"[^0-9a-z]")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.translate(ETH_AS_D))


def name_key(text: str) -> str:
    """Comparison key of a unit name: NFC, case-folded, tone placement unified, dashes as spaces."""
    out = _DASHES_RE.sub(" ", fold_text(text)).replace("’", "'")
    return _SPACE_RE.sub(" ", out).strip()


def ascii_key(text: str) -> str:
    """Key without diacritics, spaces or punctuation: ``Đắk Lắk`` → ``daklak``."""
    decomposed = unicodedata.normalize(
        "NFD", text.translate(ETH_AS_D).replace("Đ", "D").replace("đ", "d")
    )
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_ASCII_KEY_RE.sub("", stripped.casefold())


# --------------------------------------------------------------------------- gazetteer


class Unit(NamedTuple):
    """A unit of the gazetteer. Legacy units have a pre-2025 province key ``pkey``."""

    level: str  # province | district | commune
    pkey: str  # legacy province key (for a post-2025 commune: the new province key)
    dkey: str | None
    wkey: str | None
    short: str  # name without type
    type: str | None  # "Huyện", "Xã", ...
    new: bool = False  # a post-2025 commune


@dataclass(frozen=True, slots=True)
class _Data:
    """Read-only tables loaded from the library."""

    legacy_provinces: dict[str, tuple[str, str]]  # pkey → (short, type)
    new_provinces: dict[str, str]  # new pkey → short
    legacy_to_new: dict[str, str]  # legacy pkey → new pkey
    units: tuple[Unit, ...]
    ward_to_new: dict[tuple[str, str, str], str]  # (pkey, dkey, wkey) → new commune full name
    new_ward_origins: dict[tuple[str, str], frozenset[str]]  # new (pkey, wkey) → old pkeys
    district_aliases: dict[str, list[tuple[str, str]]]  # ascii alias → [(pkey, dkey)]
    ward_aliases: dict[str, list[tuple[str, str, str]]]  # ascii alias → [(pkey, dkey, wkey)]


def _library_dir() -> Path:
    spec = find_spec(LIBRARY)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(_INSTALL_HINT)
    # Read the shipped data files directly: importing the package would pull in its
    # geocoding helpers (shapely, geopy), which places never needs.
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _json_list(raw: str | None) -> list[str]:
    return list(json.loads(raw)) if raw else []


def _type_short(full: str, typ: str | None) -> str:
    if typ and full.casefold().startswith(typ.casefold() + " "):
        return full[len(typ) + 1 :]
    return full


@cache
def _load_data() -> _Data:
    """Load the library's tables once (read-only data, so caching is safe)."""
    data_dir = _library_dir()
    db = data_dir / "dataset.db"
    conv_path = data_dir / "converter_2025.json"
    if not db.exists() or not conv_path.exists():
        raise ImportError(f"{_INSTALL_HINT} (data files missing under {data_dir})")
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        legacy_rows = conn.execute(
            "SELECT provinceKey, provinceShort, province, districtKey, district, districtType, "
            "districtAlias, wardKey, ward, wardType, wardAlias FROM admin_units_legacy"
        ).fetchall()
        new_rows = conn.execute(
            "SELECT provinceKey, provinceShort, wardKey, ward, wardType FROM admin_units"
        ).fetchall()
    finally:
        conn.close()
    conv = json.loads(conv_path.read_text(encoding="utf-8"))

    legacy_provinces: dict[str, tuple[str, str]] = {}
    units: dict[tuple, Unit] = {}
    district_aliases: dict[str, list[tuple[str, str]]] = defaultdict(list)
    ward_aliases: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for pkey, pshort, pfull, dkey, dfull, dtype, dalias, wkey, wfull, wtype, walias in legacy_rows:
        ptype = pfull[: -len(pshort)].strip() if pfull.endswith(pshort) else pfull
        legacy_provinces[pkey] = (pshort, ptype)
        units.setdefault(("p", pkey), Unit("province", pkey, None, None, pshort, ptype))
        if dkey and ("d", pkey, dkey) not in units:
            units[("d", pkey, dkey)] = Unit(
                "district", pkey, dkey, None, _type_short(dfull, dtype), dtype
            )
            for alias in _json_list(dalias):
                district_aliases[alias].append((pkey, dkey))
        if wkey and wfull:
            units[("w", pkey, dkey, wkey)] = Unit(
                "commune", pkey, dkey, wkey, _type_short(wfull, wtype), wtype
            )
            for alias in _json_list(walias):
                ward_aliases[alias].append((pkey, dkey, wkey))

    new_provinces: dict[str, str] = {}
    new_ward_names: dict[tuple[str, str], str] = {}
    for npkey, npshort, nwkey, nwfull, nwtype in new_rows:
        new_provinces[npkey] = npshort
        if nwkey and nwfull:
            new_ward_names[(npkey, nwkey)] = nwfull
            units[("n", npkey, nwkey)] = Unit(
                "commune", npkey, None, nwkey, _type_short(nwfull, nwtype), nwtype, True
            )

    legacy_to_new = {old: new for new, olds in conv["DICT_PROVINCE"].items() for old in olds}
    ward_to_new: dict[tuple[str, str, str], str] = {}
    origins: dict[tuple[str, str], set[str]] = defaultdict(set)
    for npkey, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for nwkey, olds in wards.items():
            for old in olds:
                p, d, w = [*old.split("_"), "", ""][:3]
                origins[(npkey, nwkey)].add(p)
                if w and (npkey, nwkey) in new_ward_names:
                    ward_to_new[(p, d, w)] = new_ward_names[(npkey, nwkey)]
    for npkey, divided in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, options in divided.items():
            p, d, w = [*old.split("_"), "", ""][:3]
            # A commune split between several new ones: the library's default successor.
            default = next((o["newWardKey"] for o in options if o.get("isDefaultNewWard")), None)
            for o in options:
                origins[(npkey, o["newWardKey"])].add(p)
            if w and default and (npkey, default) in new_ward_names:
                ward_to_new.setdefault((p, d, w), new_ward_names[(npkey, default)])
    return _Data(
        legacy_provinces=legacy_provinces,
        new_provinces=new_provinces,
        legacy_to_new=legacy_to_new,
        units=tuple(units.values()),
        ward_to_new=ward_to_new,
        new_ward_origins={k: frozenset(v) for k, v in origins.items()},
        district_aliases=dict(district_aliases),
        ward_aliases=dict(ward_aliases),
    )


@dataclass(frozen=True, slots=True)
class _Prefix:
    text: str
    levels: tuple[str, ...]
    district_types: tuple[str, ...] = ()
    commune_types: tuple[str, ...] = ()
    # the types case-folded, as units' types are compared
    district_type_keys: frozenset[str] = frozenset()
    commune_type_keys: frozenset[str] = frozenset()


@dataclass(frozen=True, eq=False)
class Gazetteer:
    """Name indexes over the library's units and the place rules. Build once, pass down.

    Immutable after construction: lookups only read the indexes (and memoise keys).
    Everything derived from the rules (word sets, patterns, the prefix table) is computed
    here once, not per article.
    """

    data: _Data = field(repr=False)
    rules: dict[str, Any] = field(repr=False)
    by_name: dict[str, tuple[Unit, ...]] = field(repr=False)
    by_ascii: dict[str, tuple[Unit, ...]] = field(repr=False)
    provinces_by_short: dict[str, str] = field(repr=False)  # legacy short name key → pkey
    prefixes: tuple[_Prefix, ...] = field(repr=False)
    prefix_re: re.Pattern[str] = field(repr=False)
    prefixed_only: frozenset[str] = field(repr=False)
    # -- derived once from the data and the rules
    prefix_by_text: dict[str, _Prefix] = field(repr=False)  # prefix text → its rule
    city_pkeys: frozenset[str] = field(repr=False)  # centrally governed cities
    old_pkeys: dict[str, tuple[str, ...]] = field(repr=False)  # new pkey → legacy pkeys
    stop_after_prefix: frozenset[str] = field(repr=False)  # name keys
    not_unit_after_re: re.Pattern[str] = field(repr=False)  # search with endpos
    list_join_re: re.Pattern[str] = field(repr=False)  # between names listed after one prefix
    standalone: frozenset[str] = field(repr=False)  # name keys
    surnames: frozenset[str] = field(repr=False)  # name keys
    dateline_after: tuple[str, ...] = field(repr=False)
    chain_separators: frozenset[str] = field(repr=False)
    chain_max_gap: int = field(repr=False)
    # A window of words can name a province only if its first word's name key is the first
    # syllable of a province name or alias, or its accent-free key begins one's (``Ha Noi``).
    province_first_syllables: frozenset[str] = field(repr=False)
    province_ascii_prefixes: frozenset[str] = field(repr=False)
    site_province_keys: dict[str, str] = field(repr=False)  # domain label core → legacy pkey
    site_ignore: frozenset[str] = field(repr=False)
    site_prefixes: tuple[str, ...] = field(repr=False)  # longest first
    site_suffixes: tuple[str, ...] = field(repr=False)  # longest first
    site_unit_prefixes: tuple[tuple[str, str], ...] = field(repr=False)  # longest first
    # Memo of the name keys and accent-free keys of the words and names looked up (pure
    # functions of the string), kept across articles: the same proper names recur, and
    # computing their keys was most of the place scan. Not part of the gazetteer's meaning;
    # a copy (dataclasses.replace) gets its own.
    word_memo: _WordKeys = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "word_memo", _WordKeys(self))

    @classmethod
    def default(cls) -> Gazetteer:
        """A gazetteer built from the library with the shipped ``rules/places.json``.

        Builds a new one on each call (≈0.15 s; the library's tables are loaded once):
        build it once and pass it down.
        """
        return cls.build()

    @classmethod
    def build(cls, rules: dict[str, Any] | None = None) -> Gazetteer:
        """Build the indexes (≈0.3 s); ``rules`` defaults to ``rules/places.json``."""
        rules = rules if rules is not None else load_rules("places")
        data = _load_data()
        by_name: dict[str, list[Unit]] = defaultdict(list)
        by_ascii: dict[str, list[Unit]] = defaultdict(list)
        for unit in data.units:
            by_name[name_key(unit.short)].append(unit)
            by_ascii[ascii_key(unit.short)].append(unit)
        lookup = {(u.level, u.pkey, u.dkey, u.wkey): u for u in data.units if not u.new}
        for alias, refs in data.district_aliases.items():
            for pkey, dkey in refs:
                unit = lookup.get(("district", pkey, dkey, None))
                short = _alias_short(alias, unit.type if unit else None)
                if unit and short:
                    by_ascii[short].append(unit)
        for alias, wrefs in data.ward_aliases.items():
            for pkey, dkey, wkey in wrefs:
                unit = lookup.get(("commune", pkey, dkey, wkey))
                short = _alias_short(alias, unit.type if unit else None)
                if unit and short:
                    by_ascii[short].append(unit)
        provinces_by_short = {name_key(s): k for k, (s, _t) in data.legacy_provinces.items()}
        for alias, target in rules.get("province_aliases", {}).items():
            pkey = provinces_by_short.get(name_key(target))
            if pkey is None:
                raise ValueError(f"province alias {alias!r} → unknown province {target!r}")
            by_name[name_key(alias)].append(lookup[("province", pkey, None, None)])
            by_ascii[ascii_key(alias)].append(lookup[("province", pkey, None, None)])
        prefixes = tuple(
            _Prefix(
                p["text"],
                tuple(p["levels"]),
                tuple(p.get("district_types", ())),
                tuple(p.get("commune_types", ())),
                frozenset(t.casefold() for t in p.get("district_types", ())),
                frozenset(t.casefold() for t in p.get("commune_types", ())),
            )
            for p in rules["prefixes"]
        )
        abbrevs = {name_key(a) for a in rules.get("abbreviated_prefixes", ())}
        alternation = phrase_regex(
            (p.text for p in prefixes),
            # An abbreviation may end in a dot ("TP.HCM"); a word prefix may not ("cấp xã.").
            end=lambda text: r"(?:\.|(?![\w]))" if text in abbrevs else r"(?![\w])",
        )
        prefix_re = re.compile(rf"(?<![\w.])(?:{alternation})", re.IGNORECASE)
        prefix_by_text: dict[str, _Prefix] = {}
        for p in prefixes:
            prefix_by_text.setdefault(p.text, p)
        old_pkeys: dict[str, list[str]] = defaultdict(list)
        for old, new in data.legacy_to_new.items():
            old_pkeys[new].append(old)
        names = {k: tuple(_dedupe(v)) for k, v in by_name.items()}
        ascii_names = {k: tuple(_dedupe(v)) for k, v in by_ascii.items()}
        shapes = rules.get("shapes", {})
        return cls(
            data=data,
            rules=rules,
            by_name=names,
            by_ascii=ascii_names,
            provinces_by_short=provinces_by_short,
            prefixes=prefixes,
            prefix_re=prefix_re,
            prefixed_only=frozenset(name_key(n) for n in rules.get("prefixed_only", ())),
            prefix_by_text=prefix_by_text,
            city_pkeys=frozenset(
                k
                for k, (_s, t) in data.legacy_provinces.items()
                if t.casefold().startswith("thành phố")
            ),
            old_pkeys={k: tuple(v) for k, v in old_pkeys.items()},
            stop_after_prefix=frozenset(name_key(w) for w in rules.get("stop_after_prefix", ())),
            not_unit_after_re=phrase_before_regex(rules.get("not_unit_after", ()), r"\s+"),
            list_join_re=_list_join_re(rules.get("list_joiners", ())),
            standalone=frozenset(name_key(n) for n in rules.get("standalone_names", ())),
            surnames=frozenset(name_key(n) for n in rules.get("person_surnames", ())),
            dateline_after=tuple(shapes.get("dateline_after", (":",))),
            chain_separators=frozenset(shapes.get("chain_separators", (",",))),
            chain_max_gap=int(shapes.get("chain_max_gap", 3)),
            province_first_syllables=frozenset(
                k.split(" ", 1)[0] for k, units in names.items() if _has_province(units)
            ),
            province_ascii_prefixes=frozenset(
                k[:n]
                for k, units in ascii_names.items()
                if _has_province(units)
                for n in range(len(k) + 1)
            ),
            site_province_keys=_site_province_keys(data, rules, provinces_by_short),
            site_ignore=frozenset(rules.get("site_ignore_labels", ())),
            site_prefixes=tuple(
                sorted(rules.get("site_label_prefixes", ()), key=len, reverse=True)
            ),
            site_suffixes=tuple(
                sorted(rules.get("site_label_suffixes", ()), key=len, reverse=True)
            ),
            site_unit_prefixes=tuple(
                sorted(rules.get("site_unit_prefixes", {}).items(), key=lambda kv: -len(kv[0]))
            ),
        )

    # -- lookups ---------------------------------------------------------------

    def lookup(self, name: str, *, use_ascii: bool = False) -> tuple[Unit, ...]:
        """Units named ``name`` (accents respected; with ``use_ascii`` also accent-free keys)."""
        found = self.by_name.get(self.word_memo.key(name), ())
        if found or not use_ascii:
            return found
        return self.lookup_ascii(name)

    def lookup_ascii(self, name: str) -> tuple[Unit, ...]:
        """Units whose accent-free key (or a former name's) is ``name``'s.

        Only for a name written without accents or of several syllables: one accent-free
        syllable ("chu") matches too many names ("Chũ", "Chủ").
        """
        if not name.isascii() and len(name.split()) < 2:
            return ()
        return self.by_ascii.get(self.word_memo.ascii(name), ())

    def province_unit(self, name: str) -> Unit | None:
        """The pre-2025 province named ``name`` (any known spelling, with or without prefix)."""
        name = name.strip()
        m = self.prefix_re.match(name)
        for candidate in (name, name[m.end() :].strip() if m else ""):
            for unit in self.lookup(candidate, use_ascii=True) if candidate else ():
                if unit.level == "province":
                    return unit
        return None

    def new_province(self, unit: Unit) -> str:
        """Post-2025 province (short name) of a unit."""
        npkey = unit.pkey if unit.new else self.data.legacy_to_new.get(unit.pkey, "")
        return self.data.new_provinces.get(npkey, "")

    def legacy_short(self, pkey: str) -> str:
        """Short name of a pre-2025 province key."""
        return self.data.legacy_provinces[pkey][0]

    def is_city_province(self, pkey: str) -> bool:
        """True for a centrally governed city (thành phố trực thuộc trung ương)."""
        return pkey in self.city_pkeys


def _alias_short(alias: str, typ: str | None) -> str | None:
    """The name part of a library alias key ("huyenkyson" → "kyson"); None if too short."""
    if typ:
        t = ascii_key(typ)
        if alias.startswith(t) and len(alias) > len(t):
            alias = alias[len(t) :]
    # Short aliases ("p13", "f13") are address shorthands, not names.
    if len(alias) < 4 or alias.isdigit():
        return None
    return alias


def _dedupe(units: Iterable[Unit]) -> list[Unit]:
    seen: dict[Unit, None] = {}
    for u in units:
        seen.setdefault(u, None)
    return list(seen)


def _has_province(units: Iterable[Unit]) -> bool:
    return any(u.level == "province" for u in units)


def _site_province_keys(
    data: _Data, rules: dict[str, Any], provinces_by_short: dict[str, str]
) -> dict[str, str]:
    """Accent-free province keys a domain label may hold (``quangtri``), aliases included."""
    keys = {ascii_key(short): pkey for pkey, (short, _t) in data.legacy_provinces.items()}
    for alias, target in rules.get("province_aliases", {}).items():
        # build() has checked that every alias names a known province
        if len(ascii_key(alias)) >= 5:
            keys[ascii_key(alias)] = provinces_by_short[name_key(target)]
    return keys


def _list_join_re(joiners: Iterable[str]) -> re.Pattern[str]:
    """What stands between two names listed after one prefix: a comma (perhaps with a
    joiner after it), a semicolon, or a joiner alone."""
    words = phrase_regex(joiners)
    if not words:
        return re.compile(r"\s*(?:,\s*|;\s*)")
    return re.compile(rf"\s*(?:,\s*(?:(?:{words})\s+)?|;\s*|\s+(?:{words})\s+)")


# --------------------------------------------------------------------------- scanning

# A syllable; highland names keep an inner apostrophe ("Cư M'gar", "M’Đrắk").
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# What joins a name's syllables: one space or a dash ("Bà Rịa-Vũng Tàu").
_JOINER_RE = re.compile(r" |\s?[-–]\s?")


@cache
def _cap_word_re() -> re.Pattern[str]:
    """The :data:`_WORD_RE` words whose first character is upper case, found without
    visiting the others (most words of a text are lower case). A word starts where no word
    character, nor a word character and an apostrophe (``_WORD_RE`` joins those), stands
    just before. Built on first use: the upper-case class takes ~60 ms to collect."""
    ranges: list[list[int]] = []
    word_char = re.compile(r"[^\W_]").match
    for c in range(sys.maxunicode + 1):
        if chr(c).isupper() and word_char(chr(c)):  # ("Ⓐ" is upper case, not a letter)
            if ranges and ranges[-1][1] == c - 1:
                ranges[-1][1] = c
            else:
                ranges.append([c, c])
    # As ranges: a class of ~2000 single characters makes the search several times slower.
    upper = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(rf"(?<![^\W_])(?<![^\W_]['’])[{upper}][^\W_]*(?:['’][^\W_]+)*")


_GAP_RE = re.compile(r"(?: |\s?[-–]\s?)(?=[^\W_])")
_MAX_NAME_WORDS = 6


@dataclass
class _Mention:
    """A candidate mention before resolution."""

    name: str
    start: int
    end: int
    level: str | None  # level the prefix implies; None for a bare name
    candidates: list[Unit]
    prefixed: bool
    source: str
    src_text: str  # the string the offsets point into (the text or the title)
    primary: list[Unit] = field(default_factory=list)  # candidates spelled as written
    resolved: list[Unit] = field(default_factory=list)


def _is_cap(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _name_words(text: str, pos: int) -> list[re.Match[str]]:
    """Words from ``pos`` joined by single spaces or a dash, as a name's syllables are."""
    words: list[re.Match[str]] = []
    while len(words) < _MAX_NAME_WORDS:
        m = _WORD_RE.match(text, pos)
        if m is None:
            break
        words.append(m)
        gap = _GAP_RE.match(text[m.end() : m.end() + 4])
        if gap is None:
            break
        pos = m.end() + gap.end()
    return words


def _prefix_for(gaz: Gazetteer, surface: str) -> _Prefix:
    # KeyError cannot happen: the regex only matches listed prefixes.
    return gaz.prefix_by_text[" ".join(surface.casefold().rstrip(".").split())]


def _fits_prefix(gaz: Gazetteer, unit: Unit, prefix: _Prefix, strict: bool) -> bool:
    if unit.level not in prefix.levels:
        return False
    if unit.level == "province":
        # "thành phố X" is a province only for a centrally governed city.
        return "district" not in prefix.levels or gaz.is_city_province(unit.pkey)
    if not strict:
        return True
    types = prefix.district_type_keys if unit.level == "district" else prefix.commune_type_keys
    return not types or (unit.type or "").casefold() in types


def _prefixed_mentions(gaz: Gazetteer, text: str, source: str) -> list[_Mention]:
    stops = gaz.stop_after_prefix
    found: list[_Mention] = []
    for pm in gaz.prefix_re.finditer(text):
        prefix = _prefix_for(gaz, pm.group(0))
        pos = pm.end()
        while pos < len(text) and text[pos] == " ":
            pos += 1
        if pos == pm.end() and not pm.group(0).endswith("."):
            continue  # "xã" glued to something else
        words = _name_words(text, pos)
        if not words or not _is_cap(words[0].group(0)) or name_key(words[0].group(0)) in stops:
            continue
        mention = _longest_prefixed(gaz, text, words, prefix, source, pm.start())
        if mention is None:
            continue
        found.append(mention)
        found.extend(_listed_after(gaz, text, mention, prefix, source))
    return found


def _longest_prefixed(
    gaz: Gazetteer,
    text: str,
    words: list[re.Match[str]],
    prefix: _Prefix,
    source: str,
    prefix_start: int,
) -> _Mention | None:
    for n in range(len(words), 0, -1):
        start, end = words[0].start(), words[n - 1].end()
        surface = text[start:end]
        lookup_name = surface
        if (
            n == 1
            and len(words) > 1
            and words[1].group(0)[:1].isupper()
            and text[words[0].end() : words[1].start()] == " "
        ):
            # A one-syllable name ("Hồ", "Thanh") that a capitalised word follows is the
            # surname or first syllable of a longer name ("xã Hồ Văn Tám" is no commune).
            continue
        if surface.isdigit():
            # A numbered unit ("Quận 3", "Phường 12") is named with its prefix.
            start, surface = prefix_start, text[prefix_start:end]
            lookup_name = text[words[0].start() : end]
        # The spelling as written first; accent-free keys (other spellings, and the former
        # names the library keeps for merged units) only as further candidates.
        fitted = [_fit(gaz, gaz.lookup(lookup_name), prefix)]
        # A merged unit's type may have changed (huyện Kỳ Sơn is now part of a city).
        fitted.append(_fit(gaz, gaz.lookup_ascii(lookup_name), prefix, strict=False))
        primary = fitted[0] or fitted[1]
        if primary:
            cands = _dedupe(primary + fitted[1])
            if any(u.level == "province" for u in cands):
                # "thành phố Cần Thơ": the city province outranks a same-named district.
                cands = primary = [u for u in cands if u.level == "province"]
            level = cands[0].level if len({u.level for u in cands}) == 1 else None
            return _Mention(
                surface, start, end, level or cands[0].level, cands, True, source, text, primary
            )
    return None


def _fit(gaz: Gazetteer, units: Iterable[Unit], prefix: _Prefix, strict: bool = True) -> list[Unit]:
    """Units a prefix can introduce, of its exact type if any (else any type of its level)."""
    units = list(units)
    exact = [u for u in units if _fits_prefix(gaz, u, prefix, True)] if strict else []
    if exact:
        return exact
    return [u for u in units if _fits_prefix(gaz, u, prefix, False)]


def _listed_after(
    gaz: Gazetteer, text: str, first: _Mention, prefix: _Prefix, source: str
) -> list[_Mention]:
    """Further names of the same level in a list after one prefix ("phường A, B và C")."""
    if first.level not in ("district", "commune"):
        return []
    out: list[_Mention] = []
    pos = first.end
    while True:
        join = gaz.list_join_re.match(text, pos)
        if join is None or join.end() == pos:
            break
        words = _name_words(text, join.end())
        if not words or not _is_cap(words[0].group(0)):
            break
        if gaz.prefix_re.match(text, join.end()):
            break  # a new prefix starts its own mention
        nxt = _longest_prefixed(gaz, text, words, prefix, source, join.end())
        if nxt is None or nxt.level != first.level:
            break
        nxt.prefixed = False  # a listed name is only as sure as a bare one within the province
        nxt.level = first.level
        out.append(nxt)
        pos = nxt.end
    return out


def _province_units(gaz: Gazetteer, surface: str, key: str | None = None) -> list[Unit]:
    """Provinces ``surface`` names; ``key`` is its :func:`name_key` when already known."""
    key = name_key(surface) if key is None else key
    if key in gaz.prefixed_only:
        return []
    # gaz.lookup(surface, use_ascii=True) with the key computed once
    units = gaz.by_name.get(key, ()) or gaz.lookup_ascii(surface)
    return [u for u in units if u.level == "province"]


_WORD_MEMO_MAX = 200_000


@dataclass
class _WordKeys:
    """Keys of capitalised words, each computed once (pure functions of the word).

    A window of words joined by spaces or dashes has the name key of its words' keys joined
    by spaces (dashes become spaces), and an accent-free key that starts with its first
    word's: so a window can name a province only if its first word opens a province name.
    """

    gaz: Gazetteer
    keys: dict[str, str] = field(default_factory=dict)
    ascii_keys: dict[str, str] = field(default_factory=dict)
    opens: dict[str, bool] = field(default_factory=dict)

    def key(self, word: str) -> str:
        key = self.keys.get(word)
        if key is None:
            if len(self.keys) > _WORD_MEMO_MAX:  # a long-lived gazetteer: bound the memo
                self.keys.clear()
                self.opens.clear()
            key = self.keys[word] = name_key(word)
        return key

    def ascii(self, word: str) -> str:
        key = self.ascii_keys.get(word)
        if key is None:
            if len(self.ascii_keys) > _WORD_MEMO_MAX:
                self.ascii_keys.clear()
            key = self.ascii_keys[word] = ascii_key(word)
        return key

    def opens_province(self, word: str) -> bool:
        """Whether a window of words starting with ``word`` may name a province."""
        ok = self.opens.get(word)
        if ok is None:
            ok = self.opens[word] = (
                self.key(word) in self.gaz.province_first_syllables
                or self.ascii(word) in self.gaz.province_ascii_prefixes
            )
        return ok


def _cap_runs(text: str, start: int, end: int) -> list[list[re.Match[str]]]:
    """Runs of capitalised words (a proper name's syllables) within ``text[start:end]``."""
    if start == 0 and end == len(text):
        return _text_cap_runs(text)
    runs: list[list[re.Match[str]]] = []
    run: list[re.Match[str]] = []
    joiner = _JOINER_RE.fullmatch
    for m in _WORD_RE.finditer(text, start, end):
        # (an upper-case character is never a digit; the joiner only matters inside a run)
        if m.group(0)[:1].isupper():
            if run and not joiner(text, run[-1].end(), m.start()):
                runs.append(run)
                run = []
            run.append(m)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return runs


def _text_cap_runs(text: str) -> list[list[re.Match[str]]]:
    """:func:`_cap_runs` over the whole text, visiting its capitalised words only: a word
    between two of them (lower case, or opening with a digit) leaves word characters in the
    gap, which then is no joiner, so the runs break where the word-by-word scan breaks them."""
    runs: list[list[re.Match[str]]] = []
    run: list[re.Match[str]] = []
    joiner = _JOINER_RE.fullmatch
    for m in _cap_word_re().finditer(text):
        if run and not joiner(text, run[-1].end(), m.start()):
            runs.append(run)
            run = []
        run.append(m)
    if run:
        runs.append(run)
    return runs


def _provinces_in_run(
    gaz: Gazetteer, text: str, run: list[re.Match[str]], words: _WordKeys
) -> list[tuple[int, int, list[Unit]]]:
    """Province names inside a run of capitalised words, longest first, left to right."""
    out = []
    i = 0
    while i < len(run):
        found: tuple[int, list[Unit]] | None = None
        if words.opens_province(run[i].group(0)):
            keys = [words.key(w.group(0)) for w in run[i : i + 5]]
            for j in range(min(len(run), i + 5), i, -1):
                surface = text[run[i].start() : run[j - 1].end()]
                units = _province_units(gaz, surface, " ".join(keys[: j - i]))
                if units:
                    found = (j, units)
                    break
        if found is None:
            i += 1
            continue
        j, units = found
        out.append((run[i].start(), run[j - 1].end(), units))
        i = j
    return out


def _bare_mentions(
    gaz: Gazetteer,
    text: str,
    entities: Sequence[Entity],
    taken: list[tuple[int, int]],
    source: str,
) -> list[_Mention]:
    after = gaz.dateline_after
    seps = gaz.chain_separators
    max_gap = gaz.chain_max_gap
    taken_ends = {e for _s, e in taken}

    def free(s: int, e: int) -> bool:
        return all(e <= ts or s >= te for ts, te in taken)

    sub_re = gaz.not_unit_after_re
    standalone = gaz.standalone
    surnames = gaz.surnames

    out: list[_Mention] = []
    seen: set[tuple[int, int]] = set()
    words = gaz.word_memo

    def add(s: int, e: int, units: list[Unit], level: str | None) -> None:
        if (s, e) in seen or not free(s, e) or sub_re.search(text, max(0, s - 16), s):
            return
        seen.add((s, e))
        out.append(_Mention(text[s:e], s, e, level, units, False, source, text))

    # 1. LOC entities: province names inside them; a whole entity naming a lower unit.
    for ent in entities:
        if ent.label != "LOC":
            continue
        for run in _cap_runs(text, ent.start, ent.end):
            for s, e, units in _provinces_in_run(gaz, text, run, words):
                add(s, e, units, "province")
        surface = text[ent.start : ent.end]
        # Post-2025 communes are left to prefixed mentions: many took the name of an event,
        # a person or a former district, which a bare name in older prose means instead.
        lower = [u for u in gaz.lookup(surface) if u.level in ("district", "commune") and not u.new]
        person_like = name_key(surface).split(" ", 1)[0] in surnames
        if lower and not person_like and not _province_units(gaz, surface) and _is_cap(surface):
            add(ent.start, ent.end, lower, None)

    # 2. Geographic shapes around a bare province name, without NER.
    for run in _cap_runs(text, 0, len(text)):
        for s, e, units in _provinces_in_run(gaz, text, run, words):
            line_start = text.rfind("\n", 0, s) + 1
            before = text[line_start:s].strip()
            rest = text[e : e + 3].lstrip(" ")
            dateline = before == "" and rest[:1] in after
            paren = text[s - 1 : s] == "(" and text[e : e + 1] == ")"
            chain = any(0 < s - te <= max_gap and text[te:s].strip() in seps for te in taken_ends)
            standing = name_key(text[s:e]) in standalone
            if dateline or paren or chain or standing:
                add(s, e, units, "province")
    return out


# --------------------------------------------------------------------------- resolution


def _chain_parent(gaz: Gazetteer, ordered: list[_Mention], i: int) -> _Mention | None:
    """The unit named right after ``ordered[i]`` ("xã A, huyện B", "huyện B (tỉnh C)"), if any.

    ``ordered`` is sorted by source block and start, so the next mention of the same source
    is the first one after ``i`` that starts at or after its end (earlier ones cannot).
    """
    m = ordered[i]
    later = islice(ordered, i + 1, None)
    nxt = next((o for o in later if o.source == m.source and o.start >= m.end), None)
    if nxt is None:
        return None
    # Only separators and at most one administrative prefix may stand between them.
    between = m.src_text[m.end : nxt.start].strip(" ,(-–")
    if between == "" or gaz.prefix_re.fullmatch(between):
        return nxt
    return None


_RANK = {"commune": 0, "district": 1, "province": 2}


def _contains(parent: Unit, child: Unit) -> bool:
    if child.new or parent.new:
        return False
    if parent.level == "province":
        return child.pkey == parent.pkey
    if parent.level == "district":
        return child.pkey == parent.pkey and child.dkey == parent.dkey
    return False


def _resolve(gaz: Gazetteer, mentions: list[_Mention], site: Unit | None) -> None:
    """Narrow each mention's candidates using chains, the article's districts and provinces."""
    ordered = sorted(mentions, key=lambda m: (m.source != "title", m.start))
    # Offsets never change while resolving: each mention's chain parent is found once.
    parents = [_chain_parent(gaz, ordered, i) for i in range(len(ordered))]
    for _round in range(3):
        scores: Counter[str] = Counter()
        if site is not None:
            scores[site.pkey] += 1
        districts: set[tuple[str, str | None]] = set()
        for m in ordered:
            units = m.resolved or m.candidates
            pkeys = {u.pkey for u in units if not u.new}
            # An unresolved commune is no anchor: its name may be an old, merged one.
            sure = m.prefixed and units[0].level != "commune"
            if len(pkeys) == 1 and (m.resolved or sure or m.level == "province"):
                scores[next(iter(pkeys))] += 1
            if m.resolved and m.resolved[0].level == "district" and len(m.resolved) == 1:
                districts.add((m.resolved[0].pkey, m.resolved[0].dkey))
        for m, parent in zip(ordered, parents, strict=True):
            if m.resolved and len({u.pkey for u in m.resolved}) == 1:
                continue
            cands = list(m.candidates)
            if parent is not None and _RANK[parent.candidates[0].level] > _RANK[cands[0].level]:
                within = [c for c in cands if any(_contains(p, c) for p in parent.candidates)]
                if within:
                    cands = within
            if len({c.pkey for c in cands}) > 1 and districts:
                within = [c for c in cands if (c.pkey, c.dkey) in districts]
                if within:
                    cands = within
            top = max((_score(gaz, c, scores) for c in cands), default=0)
            if cands and cands[0].level == "commune" and scores and top == 0:
                # Communes merge often: a commune of another province that happens to share
                # an old, since-merged name of the article's commune is no evidence.
                cands = []
            if len({_province_id(c) for c in cands}) > 1 or not m.prefixed:
                if top > 0:
                    cands = [c for c in cands if _score(gaz, c, scores) == top]
                elif not m.prefixed and m.level != "province":
                    cands = []  # a bare lower unit counts only within the article's province
                elif m.primary:
                    # No context to choose: trust the spelling as written.
                    cands = [c for c in cands if c in m.primary]
            if cands and _one_province(cands):
                m.resolved = _prefer_legacy(cands)


def _old_keys(gaz: Gazetteer, unit: Unit) -> list[str]:
    """Pre-2025 province keys a unit may have belonged to."""
    if not unit.new:
        return [unit.pkey]
    return list(gaz.old_pkeys.get(unit.pkey, ()))


def _prefer_legacy(cands: list[Unit]) -> list[Unit]:
    # A pre-2025 unit before a post-2025 one of the same name; a district before a commune
    # (a bare name is the district's far more often than its capital town's).
    legacy = [c for c in cands if not c.new] or cands
    return sorted(legacy, key=lambda u: -_RANK[u.level])


def _province_id(unit: Unit) -> tuple[bool, str]:
    return (unit.new, unit.pkey)


def _score(gaz: Gazetteer, unit: Unit, scores: Counter[str]) -> int:
    """How strongly the article points at the unit's province (pre-2025 keys are scored)."""
    return max((scores[k] for k in _old_keys(gaz, unit)), default=0)


def _one_province(cands: list[Unit]) -> bool:
    """All candidates in one province: one pre-2025 province, or (post-2025 only) one new one."""
    legacy = {c.pkey for c in cands if not c.new}
    return len(legacy) == 1 if legacy else len({c.pkey for c in cands}) == 1


def _to_place(gaz: Gazetteer, m: _Mention, article_pkeys: Counter[str]) -> Place | None:
    units = m.resolved
    if not units:
        return None
    unit = units[0]
    if unit.new:
        new_prov = gaz.data.new_provinces.get(unit.pkey, "")
        # The pre-2025 province a post-2025 commune implies: the one its old communes all
        # came from, else the article's own if it merged into this province.
        olds = gaz.data.new_ward_origins.get((unit.pkey, unit.wkey or ""), frozenset())
        if len(olds) == 1 and len(units) == 1:
            written = gaz.legacy_short(next(iter(olds)))
        else:
            written = next(
                (
                    gaz.legacy_short(k)
                    for k, _n in article_pkeys.most_common()
                    if gaz.data.legacy_to_new.get(k) == unit.pkey
                ),
                new_prov,
            )
        commune = None
        if len(units) == 1:
            commune = f"{unit.type} {unit.short}" if unit.type else unit.short
        return Place(m.name, "commune", m.start, m.end, new_prov, written, commune, m.source)
    commune = None
    if unit.level == "commune" and len(units) == 1 and unit.dkey and unit.wkey:
        commune = gaz.data.ward_to_new.get((unit.pkey, unit.dkey, unit.wkey))
    level = unit.level if len({u.level for u in units}) == 1 else (m.level or unit.level)
    return Place(
        m.name,
        level,
        m.start,
        m.end,
        gaz.new_province(unit),
        gaz.legacy_short(unit.pkey),
        commune,
        m.source,
    )


def _scan(gaz: Gazetteer, text: str, entities: Sequence[Entity], source: str) -> list[_Mention]:
    prefixed = _prefixed_mentions(gaz, text, source)
    taken = [(m.start, m.end) for m in prefixed]
    bare = _bare_mentions(gaz, text, entities, taken, source)
    return sorted(prefixed + bare, key=lambda m: m.start)


def find_places(
    text: str,
    entities: Sequence[Entity] = (),
    title: str | None = None,
    site_province: str | None = None,
    rules: Gazetteer | None = None,
) -> list[Place]:
    """Administrative units the article names, in order: site, title, then text.

    ``text`` is the cleaned article text and ``entities`` its NER entities (offsets into
    ``text``); ``title`` is scanned for prefixed names and datelines; ``site_province``
    is the province the site belongs to (any spelling, pre- or post-2025), e.g. from
    :func:`province_from_site`. ``rules`` is the :class:`Gazetteer` to use (built once
    by the caller; when omitted, one is built for this call, ≈0.15 s). Every mention is returned;
    see :func:`distinct_places` and :func:`main_province`.
    """
    gaz = rules if rules is not None else Gazetteer.default()
    site_unit = gaz.province_unit(site_province) if site_province else None
    mentions: list[_Mention] = []
    if title:
        mentions.extend(_scan(gaz, _nfc(title), (), "title"))
    mentions.extend(_scan(gaz, text, entities, "text"))
    _resolve(gaz, mentions, site_unit)

    article: Counter[str] = Counter()
    if site_unit is not None:
        article[site_unit.pkey] += 1
    for m in mentions:
        for u in m.resolved[:1]:
            if not u.new:
                article[u.pkey] += 1

    places: list[Place] = []
    if site_unit is not None and site_province:
        places.append(
            Place(
                site_province,
                "province",
                None,
                None,
                gaz.new_province(site_unit),
                gaz.legacy_short(site_unit.pkey),
                None,
                "site",
            )
        )
    for m in mentions:
        place = _to_place(gaz, m, article)
        if place is None:
            continue
        if m.source == "title":
            place = Place(
                place.name,
                place.level,
                None,
                None,
                place.province,
                place.province_as_written,
                place.commune,
                "title",
            )
        places.append(place)
    return places


def main_province(places: Sequence[Place]) -> Place | None:
    """The article's province: the post-2025 province mentioned most, ties to the first.

    Every mention counts for its province, whatever its level (a district names its
    province too). Returns the first place of that province, preferring a province-level one.
    """
    if not places:
        return None
    counts: Counter[str] = Counter(p.province for p in places if p.province)
    if not counts:
        return None
    first: dict[str, int] = {}
    for i, p in enumerate(places):
        first.setdefault(p.province, i)
    best = min(counts, key=lambda k: (-counts[k], first[k]))
    same = [p for p in places if p.province == best]
    return next((p for p in same if p.level == "province"), same[0])


def distinct_places(places: Sequence[Place]) -> list[Place]:
    """One place per unit (first mention kept), for storing with the record."""
    seen: set[tuple[str, str, str, str | None, str]] = set()
    out: list[Place] = []
    for p in places:
        key = (p.level, name_key(p.name), p.province_as_written, p.commune, p.province)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


# --------------------------------------------------------------------------- sites


def province_from_site(site: str, rules: Gazetteer | None = None) -> str | None:
    """The pre-2025 province a site's domain names, or None.

    General domain shapes of Vietnamese provincial sites: a label that is a province key
    (``quangtri.gov.vn``, ``x.daklak.gov.vn``), a province key behind a generic
    organisation prefix or before a generic suffix (``baoquangbinh.vn``,
    ``tinhuybinhphuoc.vn``, ``backancity.gov.vn``), or a district key that only one
    province has, on a ``.gov.vn`` portal (``trieuson.gov.vn``) or behind an organisation
    prefix (``baodienbienphu.info.vn``). ``site`` is a host or a URL.
    """
    gaz = rules if rules is not None else Gazetteer.default()
    host = urlsplit(site).hostname if "//" in site else site.split("/")[0]
    if not host:
        return None
    labels = [lab for lab in host.casefold().split(".") if lab]
    ignore = gaz.site_ignore
    prefixes = gaz.site_prefixes
    suffixes = gaz.site_suffixes
    province_keys = gaz.site_province_keys
    # Right to left: the registrable label first, subdomains after.
    for label in reversed(labels):
        if label in ignore:
            continue
        for core in _label_cores(label, prefixes, suffixes):
            if core in province_keys:
                return gaz.legacy_short(province_keys[core])
    # A portal named after its district ("trieuson.gov.vn", "huyenX.gov.vn") or an
    # organisation's site with a district's name ("baoX.vn"): the district's province when
    # only one province has that district.
    gov = host.endswith(".gov.vn")
    unit_prefixes = gaz.site_unit_prefixes
    for label in reversed(labels):
        if label in ignore:
            continue
        cores = [(c, "district", True) for c in _label_cores(label, prefixes, [])[1:]]
        if gov:
            cores += [(c, lvl, c != label) for c, lvl in _unit_cores(label, unit_prefixes)]
        for core, level, stripped in cores:
            # A label must be long enough not to be a word by chance; off government
            # portals, only a name behind an organisation prefix counts.
            min_len = (3 if stripped else 5) if gov else 6
            if level != "district" or len(core) < min_len:
                continue
            pkeys = {
                u.pkey for u in gaz.by_ascii.get(core, ()) if u.level == "district" and not u.new
            }
            if len(pkeys) == 1:
                return gaz.legacy_short(next(iter(pkeys)))
    return None


def _label_cores(label: str, prefixes: Sequence[str], suffixes: Sequence[str]) -> list[str]:
    cores = [label]
    for p in prefixes:
        if label.startswith(p) and len(label) > len(p):
            cores.append(label[len(p) :])
    for core in list(cores):
        for s in suffixes:
            if core.endswith(s) and len(core) > len(s):
                cores.append(core[: -len(s)])
    return cores


def _unit_cores(label: str, unit_prefixes: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    out = [(label, "district")]
    for p, level in unit_prefixes:  # longest first
        if label.startswith(p) and len(label) > len(p):
            out.append((label[len(p) :], level))
    return out
