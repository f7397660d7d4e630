"""Column-wise CRF feature extraction with underthesea's template language.

A template such as ``T[-1,0].lower`` names a window of rows relative to the
current token, a column and a function; its feature at token *i* is
``"T[-1,0].lower=" + value`` or the ``BOS``/``EOS`` marker at the edges.
underthesea evaluates every template at every token from scratch (its Python
predictors even rebuild all columns of the sentence each time). Here each
template becomes one list comprehension over values computed once per
sentence and per window width, which gives the same strings for a fraction of
the work.

Two flavours of the functions exist, because underthesea uses two
featurizers: its Python one (POS, chunk, NER) and the Rust one of
``underthesea_core`` (word segmentation). They differ on ``istitle`` (Rust
calls a token title-case when its first character is upper case *or not a
letter*) and ``isdigit`` (Rust: ASCII digits only).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["SentenceCache", "Template", "parse_templates", "rows"]

_TEMPLATE_RE = re.compile(r"^T\[(-?\d+)(?:,(-?\d+))?\](?:\[(\d+)\])?(?:\.(\w+))?$")


@dataclass(frozen=True, slots=True)
class Template:
    """One parsed feature template, with its edge features precomputed."""

    first: int
    last: int
    column: int
    function: str | None
    prefix: str
    width: int
    bos: str
    eos: str


def _template(first: int, last: int, column: int, function: str | None, text: str) -> Template:
    prefix = f"{text}="
    return Template(
        first, last, column, function, prefix, last - first + 1, prefix + "BOS", prefix + "EOS"
    )


def parse_templates(templates: Sequence[str]) -> tuple[Template, ...]:
    """Parse ``T[i]``, ``T[i,j]``, ``T[i][c]``, ``T[i].fn`` templates."""
    out = []
    for t in templates:
        m = _TEMPLATE_RE.match(t)
        if m is None:
            raise ValueError(f"not a feature template: {t!r}")
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) is not None else first
        out.append(_template(first, last, int(m.group(3) or 0), m.group(4), t))
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


class SentenceCache:
    """Values and feature columns of one sentence, shared by the stages that tag it.

    Keys use the identity of a data column (the list object), so a stage that passes
    the same word or POS list as an earlier one reuses its work; the lists are kept
    alive here so identities stay unique.
    """

    __slots__ = ("columns", "dictionary", "flavour", "keep", "n", "values_")

    def __init__(self, n: int, flavour: str = "python", dictionary: frozenset[str] = frozenset()):
        self.n = n
        self.flavour = flavour
        self.dictionary = dictionary
        self.values_: dict[tuple[int, str | None, int], list] = {}
        self.columns: dict[tuple[str, int], list[str]] = {}
        self.keep: list[Sequence[str]] = []

    def values(self, col: Sequence[str], function: str | None, width: int) -> list[str]:
        key = (id(col), function, width)
        got = self.values_.get(key)
        if got is not None:
            return got
        n = self.n
        if function is None:
            vals = (
                list(col)
                if width == 1
                else [" ".join(col[a : a + width]) for a in range(n - width + 1)]
            )
        elif function == "lower":
            vals = [v.lower() for v in self.values(col, None, width)]
        elif function == "istitle":
            flags = self._title_flags(col)
            if width == 1:
                vals = [str(f) for f in flags]
            else:
                # A window is title-case when every token in it is (the test splits on spaces).
                vals = [str(all(flags[a : a + width])) for a in range(n - width + 1)]
        elif function == "isdigit":
            if self.flavour == "python":
                vals = [str(v.isdigit()) for v in col]
            else:
                vals = [str(v.isascii() and v.isdigit()) for v in col]
            if width != 1:
                raise ValueError("isdigit over a window is not supported")
        elif function == "is_in_dict":
            d = self.dictionary
            vals = [str(v in d) for v in self.values(col, "lower", width)]
        else:
            raise ValueError(f"unknown template function {function!r}")
        self.values_[key] = vals
        return vals

    def _title_flags(self, col: Sequence[str]) -> list[bool]:
        key = (id(col), "title-flags", 1)
        flags = self.values_.get(key)
        if flags is None:
            title = _py_title if self.flavour == "python" else _rust_title
            flags = [title(v) for v in col]
            self.values_[key] = flags
        return flags


def rows(
    templates: Sequence[Template],
    data: Sequence[Sequence[str]],
    cache: SentenceCache | None = None,
    *,
    flavour: str = "python",
    dictionary: frozenset[str] = frozenset(),
) -> list[tuple[str, ...]]:
    """Feature rows (one tuple of strings per token) for column-major ``data``.

    ``flavour`` selects the function semantics ("python" or "rust", see the module
    doc). Pass one :class:`SentenceCache` to every stage of a sentence to reuse
    what earlier stages computed.
    """
    n = len(data[0]) if data else 0
    if cache is None:
        cache = SentenceCache(n, flavour, dictionary)
    cache.keep.append(data)
    built = cache.columns
    out_columns: list[list[str]] = []
    for t in templates:
        source = data[t.column]
        key = (t.prefix, id(source))
        col = built.get(key)
        if col is None:
            # Rows before -first see BOS; rows whose window passes the end see EOS.
            n_bos = -t.first if t.first < 0 else 0
            if n_bos > n:
                n_bos = n
            valid = n - n_bos - (t.last if t.last > 0 else 0)
            if valid < 0:
                valid = 0
            start = n_bos + t.first
            prefix = t.prefix
            col = [t.bos] * n_bos if n_bos else []
            col += [
                prefix + v for v in cache.values(source, t.function, t.width)[start : start + valid]
            ]
            if n - n_bos - valid:
                col += [t.eos] * (n - n_bos - valid)
            built[key] = col
        out_columns.append(col)
    if not out_columns:
        return [() for _ in range(n)]
    # The CRF tagger takes any sequence of sequences: the zip's tuples need no copying.
    return list(zip(*out_columns, strict=True))
