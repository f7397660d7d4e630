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
  (:meth:`StageFeatures.ids`);
- where several groups read one column, a memo of the stage (:class:`_ColumnMemo`)
  gives a token seen before its rows for all the one-token groups from one lookup, and
  a window of two or three tokens its rows from its tokens' codes packed into one
  integer; only values new to the memo are computed.

Two flavours of the functions exist, because underthesea uses two featurizers:
its Python one (POS, chunk, NER) and the Rust one of ``underthesea_core`` (word
segmentation). They differ on ``istitle`` (Rust calls a token title-case when its
first character is upper case *or not a letter*) and ``isdigit`` (Rust: ASCII
digits only).
"""

from __future__ import annotations

import re
import threading
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


#: Up to this many tokens, attribute ids are gathered with fresh arrays (fewer numpy calls);
#: past it, into reused buffers (less allocation).
_SMALL_BATCH = 512

#: Windows are packed only while a memo's codes stay below this, so a window of up to
#: three codes fits one int64 key.
_CODE_SPAN = 1 << 20
_WIDE_FUNCTIONS = (None, "lower", "is_in_dict")


class _MemoState:
    """What one generation of a :class:`_ColumnMemo` holds (replaced whole when cleared,
    so a reader holding it never mixes codes of two generations)."""

    __slots__ = ("codes", "table", "wide_codes", "wide_tables")

    def __init__(self, n_columns: int, widths) -> None:
        self.codes: dict[str, int] = {}
        # One row per value: its row in each one-token group, then its istitle flag
        # (rows past len(codes) are spare capacity).
        self.table = np.empty((1024, n_columns), dtype=np.intp)
        # Per window width: packed codes of a window → its row in wide_tables[width].
        self.wide_codes: dict[int, dict[int, int]] = {w: {} for w in widths}
        self.wide_tables: dict[int, np.ndarray] = {
            w: np.empty((1024, len(keys)), dtype=np.intp) for w, keys in widths.items()
        }


def _grow(table: np.ndarray, used: int, rows: np.ndarray) -> np.ndarray:
    """``table`` with ``rows`` written after its first ``used`` rows (a larger copy when
    they do not fit: readers keep the array they hold, whose rows never change)."""
    m = len(rows)
    if used + m > len(table):
        bigger = np.empty((2 * (used + m), table.shape[1]), dtype=np.intp)
        bigger[:used] = table[:used]
        table = bigger
    table[used : used + m] = rows
    return table


class _ColumnMemo:
    """Each value of one column → its row in the stage's groups over that column.

    Most tokens of a batch are words seen before (in the batch or an earlier one), so a
    token's one-token rows (value, lower case, title, digit and dictionary tests) are
    looked up once for all those groups instead of once per group, and a window of two or
    three tokens is looked up by its tokens' codes packed into one integer, without
    joining its strings. Values never seen are computed with the same functions as
    :meth:`FeatureBatch.values`, all of a batch at once: the rows are the ones
    :meth:`FeatureBatch.rows` gives. Bounded (a new generation past :attr:`LIMIT`
    values) and guarded by a lock for threads sharing a tagger.
    """

    LIMIT = 100_000  # per table: a few tens of MiB at most for a stage's memos

    def __init__(
        self,
        column: str,
        keys: tuple[GroupKey, ...],
        wide: Mapping[int, tuple[GroupKey, ...]],
        indexes: Mapping[GroupKey, dict],
        flavour: str,
    ) -> None:
        self.column = column
        self.keys = keys
        self.wide = dict(wide)
        self.indexes = indexes
        self.flavour = flavour
        self.dictionary: frozenset[str] | None = None  # the first batch's, then fixed
        self.state = _MemoState(len(keys) + 1, self.wide)
        self.lock = threading.Lock()

    def fill(self, batch: FeatureBatch) -> None:
        """Give ``batch`` the rows of every group of the memo it has not got yet."""
        if all(k in batch._rows for k in self.keys) and all(
            k in batch._rows for keys in self.wide.values() for k in keys
        ):
            return
        if self.dictionary is None:
            self.dictionary = batch.dictionary
        if batch.flavour != self.flavour or batch.dictionary is not self.dictionary:
            return  # values computed otherwise: FeatureBatch.rows does it the long way
        col = batch.columns[self.column]
        n = len(col)
        state = self.state
        codes = np.fromiter(map(state.codes.get, col, repeat(-1)), dtype=np.intp, count=n)
        if n and codes.min() < 0:
            with self.lock:
                if len(self.state.codes) > self.LIMIT:
                    self.state = _MemoState(len(self.keys) + 1, self.wide)
                state = self.state
                codes = self._add(batch, state, col)
        table = state.table
        flags = None
        for j, key in enumerate(self.keys):
            if key not in batch._rows:
                batch._place(key, table[codes, j])
            if key[1] == "istitle":
                flags = table[codes, -1].astype(bool)
        if flags is not None and (self.column, "istitle", 1) not in batch._values:
            batch._values[(self.column, "istitle", 1)] = flags  # wider windows read it
        for width, keys in self.wide.items():
            if not all(k in batch._rows for k in keys):
                self._fill_wide(batch, state, col, codes, width, keys)

    def _add(self, batch: FeatureBatch, state: _MemoState, col: Sequence[str]) -> np.ndarray:
        known = state.codes
        new = [v for v in dict.fromkeys(col) if v not in known]
        m = len(new)
        rows = np.empty((m, len(self.keys) + 1), dtype=np.intp)
        lowered = list(map(str.lower, new))
        flags = title_flags(new, batch.flavour).astype(np.intp)
        rows[:, -1] = flags
        for j, key in enumerate(self.keys):
            index = self.indexes[key]
            function = key[1]
            if function is None or function == "lower":
                vals = new if function is None else lowered
                rows[:, j] = np.fromiter(map(index.get, vals, repeat(MISS)), np.intp, count=m)
                continue
            if function == "istitle":
                test = flags.astype(bool)
            elif function == "isdigit":
                test = np.fromiter(map(str.isdigit, new), dtype=bool, count=m)
                if batch.flavour == "rust":  # ASCII digits only
                    test &= np.fromiter(map(str.isascii, new), dtype=bool, count=m)
            else:  # is_in_dict
                test = np.fromiter(
                    map(batch.dictionary.__contains__, lowered), dtype=bool, count=m
                )
            rows[:, j] = np.where(test, index.get("True", MISS), index.get("False", MISS))
        start = len(known)
        # The table first, then the codes: a reader that sees a code finds its row.
        state.table = _grow(state.table, start, rows)
        known.update(zip(new, range(start, start + m), strict=True))
        return np.fromiter(map(known.__getitem__, col), dtype=np.intp, count=len(col))

    def _fill_wide(
        self,
        batch: FeatureBatch,
        state: _MemoState,
        col: Sequence[str],
        codes: np.ndarray,
        width: int,
        keys: tuple[GroupKey, ...],
    ) -> None:
        count = max(len(col) - width + 1, 0)
        packed = codes[:count].astype(np.int64)
        for d in range(1, width):
            packed = packed * _CODE_SPAN + codes[d : d + count]
        packed_list = packed.tolist()
        known = state.wide_codes[width]
        if len(state.codes) >= _CODE_SPAN:
            return  # codes too large to pack (never with LIMIT): the long way
        where = np.fromiter(map(known.get, packed_list, repeat(-1)), np.intp, count=count)
        if count and where.min() < 0:
            with self.lock:
                if self.state is not state:
                    return  # a new generation began: FeatureBatch.rows does it the long way
                if len(known) > self.LIMIT:
                    self.state = _MemoState(len(self.keys) + 1, self.wide)
                    return  # full: the next batch starts a new generation
                # The first window of each new key; its values as FeatureBatch.values
                # computes them (the lower case of the joined window, not of each token).
                first: dict[int, int] = {}
                for i in np.flatnonzero(where < 0).tolist():
                    if packed_list[i] not in known:
                        first.setdefault(packed_list[i], i)
                joined = [" ".join(col[i : i + width]) for i in first.values()]
                m = len(joined)
                lowered = list(map(str.lower, joined))
                rows = np.empty((m, len(keys)), dtype=np.intp)
                for j, key in enumerate(keys):
                    index = self.indexes[key]
                    if key[1] == "is_in_dict":
                        test = np.fromiter(
                            map(batch.dictionary.__contains__, lowered), dtype=bool, count=m
                        )
                        rows[:, j] = np.where(
                            test, index.get("True", MISS), index.get("False", MISS)
                        )
                    else:
                        vals = joined if key[1] is None else lowered
                        rows[:, j] = np.fromiter(
                            map(index.get, vals, repeat(MISS)), np.intp, count=m
                        )
                start = len(known)
                state.wide_tables[width] = _grow(state.wide_tables[width], start, rows)
                known.update(zip(first, range(start, start + m), strict=True))
                where = np.fromiter(map(known.__getitem__, packed_list), np.intp, count=count)
        table = state.wide_tables[width]
        for j, key in enumerate(keys):
            if key not in batch._rows:
                batch._place(key, table[where, j])


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
        by_column: dict[str, list[GroupKey]] = {}
        wide: dict[str, dict[int, list[GroupKey]]] = {}
        for g in groups:
            column, function, width = g.key
            if width == 1:
                by_column.setdefault(column, []).append(g.key)
            elif width * 20 <= 60 and function in _WIDE_FUNCTIONS:  # packed codes fit int64
                wide.setdefault(column, {}).setdefault(width, []).append(g.key)
        # A memo pays where several groups read one column (one lookup for all of them).
        self.memos = tuple(
            _ColumnMemo(
                column,
                tuple(keys),
                {w: tuple(k) for w, k in wide.get(column, {}).items() if len(k) > 1},
                indexes,
                flavour,
            )
            for column, keys in by_column.items()
            if len(keys) > 1
        )

    def ids(self, batch: FeatureBatch) -> np.ndarray:
        """Attribute ids ``(n_templates, n_tokens)`` of every token of ``batch``, in
        template order; :attr:`miss` where the model does not know the feature."""
        if batch.pad < self.pad:
            raise ValueError(f"these templates need a batch padded by {self.pad}")
        out = np.empty((len(self.templates), batch.n), dtype=np.intp)
        positions = batch.positions
        for memo in self.memos:
            memo.fill(batch)
        if batch.n <= _SMALL_BATCH:  # a sentence or two: fewer numpy calls beat buffers
            for g in self.groups:
                rows = batch.rows(g.key, self.indexes[g.key])
                out[g.slots] = g.table[rows[positions + g.offsets], g.columns]
            return out
        # Two reused buffers instead of three fresh (templates, tokens) arrays per group.
        widest = max((len(g.slots) for g in self.groups), default=0)
        where = np.empty((widest, batch.n), dtype=np.intp)
        cells = np.empty((widest, batch.n), dtype=np.intp)
        for g in self.groups:
            m = len(g.slots)
            rows = batch.rows(g.key, self.indexes[g.key])
            value_rows = rows.take(np.add(positions, g.offsets, out=where[:m]), out=cells[:m])
            # g.table[value_rows, g.columns], as one take from the (C-ordered) table.
            flat = np.multiply(value_rows, m, out=value_rows)
            flat += g.columns
            out[g.slots] = g.table.take(flat)
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
        return self._place(key, value_rows)

    def _place(self, key: GroupKey, value_rows: np.ndarray) -> np.ndarray:
        """Lay the value rows of every window start out at the padded positions, with the
        marker rows around each sentence; cached as the group's rows."""
        flat, padded, markers = self._windows(key[2])
        rows = markers.copy()
        if len(self.lengths) == 1:  # flat is 0, 1, …; padded the same past the markers
            rows[self.pad : self.pad + len(flat)] = value_rows[: len(flat)]
        else:
            rows[padded] = value_rows[flat]
        self._rows[key] = rows
        return rows
