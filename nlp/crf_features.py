"""CRF feature templates turned into attribute ids, a whole batch of sentences at a time.

A template such as ``T[-1,0].lower`` names a window of rows relative to the
current token, a column and a function; underthesea's featurizers produce, for
every token, the string ``"T[-1,0].lower=" + value`` (or the ``BOS``/``EOS``
marker at the edges) and the CRF tagger hashes each string back to the id of a
model attribute. Here the strings are never built:

- at load, :func:`compile_stages` splits every attribute of a model into its
  template and value and files it under the template's *group* (column, function,
  window width): one dictionary per group maps a value to a row, and one table per
  stage and group maps that row to the attribute id of each template of the group
  (rows 0, 1, 2: unknown value, ``BOS``, ``EOS``). Stages that read the same
  column (POS, chunk and NER all read the words) share the dictionaries;
- at run time a :class:`FeatureBatch` lays the sentences of one call end to end,
  each with ``pad`` marker slots on both sides, computes each group's values
  once over the whole batch (one C-level dictionary lookup per token and group),
  and every template is then one numpy gather at its offset
  (:meth:`StageFeatures.ids`).

Two flavours of the functions exist, because underthesea uses two featurizers:
its Python one (POS, chunk, NER) and the Rust one of ``underthesea_core`` (word
segmentation). They differ on ``istitle`` (Rust calls a token title-case when its
first character is upper case *or not a letter*) and ``isdigit`` (Rust: ASCII
digits only).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np

__all__ = [
    "FeatureBatch",
    "StageFeatures",
    "StageSpec",
    "Template",
    "compile_stages",
    "parse_templates",
    "title_flags",
]

_TEMPLATE_RE = re.compile(r"^T\[(-?\d+)(?:,(-?\d+))?\](?:\[(\d+)\])?(?:\.(\w+))?$")
_FUNCTIONS = (None, "lower", "istitle", "isdigit", "is_in_dict")
_BOOLEAN = frozenset({"istitle", "isdigit", "is_in_dict"})
#: Rows every group table starts with.
MISS, BOS, EOS = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Template:
    """One parsed feature template: rows ``first..last`` of ``column``, then ``function``."""

    text: str
    first: int
    last: int
    column: int
    function: str | None

    @property
    def width(self) -> int:
        return self.last - self.first + 1


def parse_templates(templates: Sequence[str]) -> tuple[Template, ...]:
    """Parse ``T[i]``, ``T[i,j]``, ``T[i][c]``, ``T[i].fn`` templates."""
    out = []
    for t in templates:
        m = _TEMPLATE_RE.match(t)
        if m is None or m.group(4) not in _FUNCTIONS:
            raise ValueError(f"not a feature template: {t!r}")
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) is not None else first
        if last < first:
            raise ValueError(f"window ends before it starts: {t!r}")
        out.append(Template(t, first, last, int(m.group(3) or 0), m.group(4)))
    return tuple(out)


def _py_title(word: str) -> bool:
    # underthesea.pipeline.*.tagged_feature.text_istitle, without its string round trip.
    if not word:
        return False
    try:
        return all(part[0].istitle() for part in word.split(" "))
    except IndexError:
        return False


def _rust_title(word: str) -> bool:
    # underthesea_core: a syllable is title-case when upper-casing its first character
    # changes nothing ("1", "(", "Ⅻ" and "ĸ" are; "ß" → "SS" and "ǅ" → "Ǆ" are not).
    return all(part[:1].upper() == part[:1] for part in word.split(" "))


class _FirstCharTitle(dict):
    """First character (or "") → is its syllable title-case; filled on first sight.

    Both title tests look only at the first character of each space-separated part
    (an empty part is never title-case for Python, always for Rust), so a word's flag
    is the AND of its parts' entries here.
    """

    def __init__(self, flavour: str) -> None:
        super().__init__()
        self.flavour = flavour

    def __missing__(self, char: str) -> bool:
        flag = char.istitle() if self.flavour == "python" else char.upper() == char
        self[char] = flag
        return flag


_TITLE = {"python": _FirstCharTitle("python"), "rust": _FirstCharTitle("rust")}
_FIRST = slice(0, 1)


def title_flags(words: Sequence[str], flavour: str) -> np.ndarray:
    """``istitle`` of every word, as :func:`_py_title` or :func:`_rust_title` gives it,
    without a Python call per word."""
    n = len(words)
    if n == 0:
        return np.zeros(0, dtype=bool)
    parts = " ".join(words).split(" ")
    first = np.fromiter(
        map(_TITLE[flavour].__getitem__, map(str.__getitem__, parts, repeat(_FIRST))),
        dtype=bool,
        count=len(parts),
    )
    if len(parts) == n:
        flags = first
    else:
        extra = np.fromiter(map(str.count, words, repeat(" ")), dtype=np.intp, count=n)
        flags = np.logical_and.reduceat(first, np.cumsum(extra + 1) - extra - 1)
    if flavour == "python" and not all(words):
        flags[[i for i, w in enumerate(words) if not w]] = False  # "" is not title-case
    return flags


#: (column name, function, width): what one dictionary of values is keyed by.
GroupKey = tuple[str, "str | None", int]


@dataclass(frozen=True, slots=True)
class StageSpec:
    """What :func:`compile_stages` needs to know about one CRF stage.

    ``columns`` names the data column of each template column index (``T[0][1]``
    reads ``columns[1]``); stages that name a column alike read the same data.
    ``attributes`` are the model's attribute strings in id order, ``miss`` the id
    that scores nothing.
    """

    templates: tuple[Template, ...]
    columns: tuple[str, ...]
    attributes: Sequence[str]
    miss: int


@dataclass(frozen=True, slots=True)
class _Group:
    key: GroupKey
    slots: np.ndarray  # the position of each of the group's templates in the stage's order
    offsets: np.ndarray  # each template's first row, relative to the token (shape (m, 1))
    table: np.ndarray  # (rows, m): attribute id of each template for each value row
    columns: np.ndarray  # arange(m) as (m, 1), to index the table


class StageFeatures:
    """The templates of one stage, compiled against its model's attributes."""

    def __init__(
        self,
        templates: tuple[Template, ...],
        groups: tuple[_Group, ...],
        indexes: Mapping[GroupKey, dict],
        miss: int,
        flavour: str,
    ) -> None:
        self.templates = templates
        self.groups = groups
        self.indexes = indexes
        self.miss = miss
        self.flavour = flavour
        self.pad = max([1, *(max(-t.first, t.last) for t in templates)])

    def ids(self, batch: FeatureBatch) -> np.ndarray:
        """Attribute ids ``(n_templates, n_tokens)`` of every token of ``batch``, in
        template order; :attr:`miss` where the model does not know the feature."""
        if batch.pad < self.pad:
            raise ValueError(f"these templates need a batch padded by {self.pad}")
        out = np.empty((len(self.templates), batch.n), dtype=np.intp)
        positions = batch.positions
        for g in self.groups:
            rows = batch.rows(g.key, self.indexes[g.key])
            out[g.slots] = g.table[rows[positions + g.offsets], g.columns]
        return out


def compile_stages(
    specs: Sequence[StageSpec],
    *,
    flavour: str = "python",
) -> list[StageFeatures]:
    """Compile the templates of several stages; groups over the same column, function
    and width share one dictionary of values."""
    if flavour not in ("python", "rust"):
        raise ValueError(f"unknown featurizer flavour {flavour!r}")
    indexes: dict[GroupKey, dict] = {}
    # (stage, template position) → {value: attribute id}
    per_template: list[list[dict[str, int]]] = []
    for spec in specs:
        by_text = {t.text: n for n, t in enumerate(spec.templates)}
        found: list[dict[str, int]] = [{} for _ in spec.templates]
        for attr_id, attr in enumerate(spec.attributes):
            text, sep, value = attr.partition("=")
            n = by_text.get(text)
            if n is None or not sep:
                continue  # a feature no template of ours produces: it can never fire
            found[n][value] = attr_id
        per_template.append(found)
        for t, values in zip(spec.templates, found, strict=True):
            if t.column >= len(spec.columns):
                raise ValueError(f"template {t.text} reads column {t.column}: no such column")
            key = (spec.columns[t.column], t.function, t.width)
            # Row 0 is for unknown values. "BOS"/"EOS" own the marker rows: a real token
            # "BOS" gives the very same feature string as the marker.
            index = indexes.setdefault(key, {"BOS": BOS, "EOS": EOS})
            for value in values:
                if value not in index:
                    index[value] = len(index) + 1

    compiled = []
    for spec, found in zip(specs, per_template, strict=True):
        members: dict[GroupKey, list[int]] = {}
        for n, t in enumerate(spec.templates):
            members.setdefault((spec.columns[t.column], t.function, t.width), []).append(n)
        groups = []
        for key, slots in members.items():
            index = indexes[key]
            table = np.full((len(index) + 1, len(slots)), spec.miss, dtype=np.intp)
            for j, n in enumerate(slots):
                for value, attr_id in found[n].items():
                    table[index[value], j] = attr_id
                    if value in ("BOS", "EOS"):
                        table[BOS if value == "BOS" else EOS, j] = attr_id
            table.flags.writeable = False
            groups.append(
                _Group(
                    key,
                    np.array(slots, dtype=np.intp),
                    np.array([spec.templates[n].first for n in slots], dtype=np.intp)[:, None],
                    table,
                    np.arange(len(slots), dtype=np.intp)[:, None],
                )
            )
        compiled.append(StageFeatures(spec.templates, tuple(groups), indexes, spec.miss, flavour))
    return compiled


class FeatureBatch:
    """Sentences laid end to end, each with ``pad`` marker slots on both sides.

    ``columns`` maps a column name to its values for every token of every sentence,
    one sentence after the other (``lengths`` tokens each, none empty). Values and
    value rows are computed once per (column, function, width) and shared by every
    stage that reads them; add a column with :meth:`add_column` when an earlier
    stage has produced it.
    """

    __slots__ = (
        "_layout",
        "_rows",
        "_values",
        "_windows_",
        "columns",
        "dictionary",
        "flavour",
        "lengths",
        "n",
        "pad",
        "positions",
        "size",
        "starts",
    )

    def __init__(
        self,
        lengths: Sequence[int],
        columns: Mapping[str, Sequence[str]],
        *,
        pad: int = 3,
        flavour: str = "python",
        dictionary: frozenset[str] = frozenset(),
    ) -> None:
        lengths_arr = np.asarray(lengths, dtype=np.intp)
        if len(lengths_arr) and lengths_arr.min() <= 0:
            raise ValueError("a FeatureBatch holds non-empty sentences only")
        self.lengths = lengths_arr
        self.n = int(lengths_arr.sum())
        self.pad = pad
        self.flavour = flavour
        self.dictionary = dictionary
        self.columns: dict[str, Sequence[str]] = {}
        for name, values in columns.items():
            self.add_column(name, values)
        if len(lengths_arr) == 1:  # one sentence: the same arrays, fewer numpy calls
            self.starts = self._layout = np.zeros(1, dtype=np.intp)
            self.size = self.n + 2 * pad
            self.positions = np.arange(pad, pad + self.n)
        else:
            self.starts = np.cumsum(lengths_arr) - lengths_arr
            blocks = lengths_arr + 2 * pad
            self._layout = np.cumsum(blocks) - blocks  # where each sentence's block starts
            self.size = int(blocks.sum())
            self.positions = np.repeat(
                self._layout + pad - self.starts, lengths_arr
            ) + np.arange(self.n)
        self._values: dict[tuple[str, str | None, int], object] = {}
        self._rows: dict[GroupKey, np.ndarray] = {}
        self._windows_: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def add_column(self, name: str, values: Sequence[str]) -> None:
        if len(values) != self.n:
            raise ValueError(f"column {name!r} has {len(values)} values for {self.n} tokens")
        self.columns[name] = values

    def values(self, column: str, function: str | None, width: int):
        """Values of every window of ``width`` tokens, one per start token across the
        whole batch (windows that cross a sentence end are computed and never read): a
        list of strings, or a boolean array for ``istitle``/``isdigit``/``is_in_dict``."""
        key = (column, function, width)
        got = self._values.get(key)
        if got is not None:
            return got
        col = self.columns[column]
        count = max(self.n - width + 1, 0)
        rust = self.flavour == "rust"
        vals: object
        if function is None:
            if width == 1:
                vals = col
            else:
                vals = list(map(" ".join, zip(*(col[k:] for k in range(width)), strict=False)))
        elif function == "lower":
            vals = list(map(str.lower, self.values(column, None, width)))
        elif function == "istitle":
            if width == 1:
                vals = title_flags(col, self.flavour)
            else:
                # A window is title-case when every token in it is (the test splits on spaces).
                flags = self.values(column, "istitle", 1)
                vals = flags[:count].copy()
                for k in range(1, width):
                    vals &= flags[k : k + count]
        elif function == "isdigit":
            if width != 1:
                raise ValueError("isdigit over a window is not supported")
            vals = np.fromiter(map(str.isdigit, col), dtype=bool, count=count)
            if rust:  # ASCII digits only
                vals &= np.fromiter(map(str.isascii, col), dtype=bool, count=count)
        elif function == "is_in_dict":
            lowered = self.values(column, "lower", width)
            vals = np.fromiter(map(self.dictionary.__contains__, lowered), dtype=bool, count=count)
        else:  # pragma: no cover - parse_templates rejects other names
            raise ValueError(f"unknown template function {function!r}")
        self._values[key] = vals
        return vals

    def _windows(self, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For windows of ``width``: the flat index and padded position of each window
        that fits in its sentence, and the rows of a column with only BOS/EOS markers."""
        got = self._windows_.get(width)
        if got is not None:
            return got
        if len(self.lengths) == 1:
            # One sentence (a one-sentence call): the same arrays, with fewer numpy calls.
            flat = np.arange(max(self.n - width + 1, 0))
            markers = np.full(self.size, EOS, dtype=np.intp)
            markers[: self.pad] = BOS
            got = self._windows_[width] = (flat, flat + self.pad, markers)
            return got
        fits = np.maximum(self.lengths - width + 1, 0)
        offsets = np.arange(int(fits.sum())) - np.repeat(np.cumsum(fits) - fits, fits)
        flat = np.repeat(self.starts, fits) + offsets
        padded = np.repeat(self._layout + self.pad, fits) + offsets
        markers = np.full(self.size, EOS, dtype=np.intp)
        before = np.repeat(self._layout, self.pad) + np.tile(np.arange(self.pad), len(self.lengths))
        markers[before] = BOS
        got = (flat, padded, markers)
        self._windows_[width] = got
        return got

    def rows(self, key: GroupKey, index: Mapping[str, int]) -> np.ndarray:
        """The value row of every padded position for one group (see the module doc)."""
        got = self._rows.get(key)
        if got is not None:
            return got
        column, function, width = key
        flat, padded, markers = self._windows(width)
        vals = self.values(column, function, width)
        if function in _BOOLEAN:
            true, false = index.get("True", MISS), index.get("False", MISS)
            value_rows = np.where(vals, true, false)  # type: ignore[call-overload]
        else:
            value_rows = np.fromiter(
                map(index.get, vals, repeat(MISS)),  # type: ignore[call-overload]
                dtype=np.intp,
                count=len(vals),  # type: ignore[arg-type]
            )
        rows = markers.copy()
        if len(self.lengths) == 1:  # flat is 0, 1, …; padded the same past the markers
            rows[self.pad : self.pad + len(flat)] = value_rows[: len(flat)]
        else:
            rows[padded] = value_rows[flat]
        self._rows[key] = rows
        return rows
