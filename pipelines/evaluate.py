"""Scoring extractions against gold, exactly as ``docs/extraction.md`` ("Scoring") defines.

Per article, each kind's predictions are matched one-to-one to gold entries
(a maximum-weight assignment that prefers required gold over optional);
counts are summed over the corpus (micro P/R/F1). A prediction matched to an
optional gold entry counts neither way; unmatched optional gold is no miss.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nlp.extract.common import norm_key, sentence_around

from .records import Qualifier, Record

__all__ = [
    "Counts",
    "ErrorRow",
    "EvalReport",
    "GoldArticle",
    "GoldFigure",
    "GoldInitiative",
    "GoldModel",
    "evaluate",
    "load_gold",
    "load_predictions",
    "measure_equal",
    "score_article",
    "validation_reason",
]

logger = logging.getLogger(__name__)

KINDS = ("initiatives", "models", "figures")


def _syl(text: str | None) -> list[str]:
    return norm_key(text or "").split()


def _is_prefix(a: list[str], b: list[str]) -> bool:
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return long_[: len(short)] == short


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1e-12)


def initiative_match(gold: dict, pred: dict) -> bool:
    if gold.get("ordinal") != pred.get("ordinal"):
        return False
    g_group, p_group = gold.get("group"), pred.get("group")
    if (g_group is None) != (p_group is None):
        return False
    if g_group is not None:
        g, p = _syl(g_group), _syl(p_group)
        if not g or not p or not _is_prefix(g, p):
            return False
    return _syl(gold.get("title"))[:5] == _syl(pred.get("title"))[:5]


def model_match(gold: dict, pred: dict) -> bool:
    p = _syl(pred.get("name"))
    if not p:
        return False
    for name in [gold.get("name"), *(gold.get("alt") or [])]:
        g = _syl(name)
        if not g:
            continue
        if g == p:
            return True
        short, long_ = sorted((g, p), key=len)
        if _is_prefix(g, p) and len(short) >= 0.6 * len(long_):
            return True
    return False


def figure_match(gold: dict, pred: dict) -> bool:
    try:
        return _close(float(gold["value"]), float(pred["value"])) and _close(
            None if gold.get("of") is None else float(gold["of"]),
            None if pred.get("of") is None else float(pred["of"]),
        )
    except (KeyError, TypeError, ValueError):
        return False


def unit_equal(gold: dict, pred: dict) -> bool:
    g, p = gold.get("unit"), pred.get("unit")
    if g is None or p is None:
        return g is None and p is None
    gs, ps = _syl(g), _syl(p)
    return (bool(gs) and bool(ps) and _is_prefix(gs, ps)) or gs == ps


def measure_equal(gold: dict, pred: dict) -> bool:
    """Both null, or a syllable F1 of at least 0.5 between the two phrases."""
    g, p = _syl(gold.get("measure")), _syl(pred.get("measure"))
    if not g or not p:
        return not g and not p
    common = sum(min(g.count(w), p.count(w)) for w in set(g))
    if not common:
        return False
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall) >= 0.5


_MATCHERS: dict[str, Callable[[dict, dict], bool]] = {
    "initiatives": initiative_match,
    "models": model_match,
    "figures": figure_match,
}


@dataclass
class Counts:
    """True positives, false positives and false negatives of one kind."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": round(self.value, 4)}


#: Attributes of matched figure pairs scored as accuracies, and how each is judged.
_FIGURE_ATTRIBUTES: dict[str, Callable[[dict, dict], bool]] = {
    "unit": unit_equal,
    "qualifier": lambda g, p: g.get("qualifier", "=") == p.get("qualifier"),
    "measure": measure_equal,
    "target": lambda g, p: bool(g.get("target")) == bool(p.get("target")),
}


@dataclass(frozen=True, slots=True)
class ErrorRow:
    """One scoring error of an article, with the sentence it stands in.

    ``error`` is ``missed`` (gold not found), ``spurious`` (found, not in gold) or the
    name of a figure attribute that differs on a matched pair (``unit``, ``qualifier``,
    ``measure``, ``target``).
    """

    kind: str
    error: str
    item: str
    sentence: str
    gold: dict | None
    pred: dict | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "error": self.error,
            "item": self.item,
            "sentence": self.sentence,
            "gold": self.gold,
            "pred": self.pred,
        }


@dataclass
class ArticleScore:
    """One article's counts, attribute accuracies and error rows."""

    counts: dict[str, Counts]
    unit: Accuracy
    qualifier: Accuracy
    measure: Accuracy
    target: Accuracy
    rows: list[ErrorRow]


def _assign(gold: list[dict], pred: list[dict], kind: str) -> list[tuple[int, int]]:
    """Maximum-weight one-to-one matching of gold and predictions."""
    if not gold or not pred:
        return []
    from scipy.optimize import linear_sum_assignment

    match = _MATCHERS[kind]
    weight = np.zeros((len(gold), len(pred)))
    for i, g in enumerate(gold):
        base = 1.0 if g.get("optional") else 2.0
        for j, p in enumerate(pred):
            if match(g, p):
                bonus = 0.0
                if kind == "figures":
                    bonus = 0.01 * unit_equal(g, p) + 0.01 * (
                        g.get("qualifier") == p.get("qualifier")
                    )
                weight[i, j] = base + bonus
    rows, cols = linear_sum_assignment(-weight)
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True) if weight[i, j] > 0]


def _label(kind: str, item: dict) -> str:
    if kind == "figures":
        return str(item.get("text") or item.get("value"))
    if kind == "models":
        return str(item.get("name") or "")
    return f"{item.get('ordinal')}. {item.get('title') or ''}"


def _sentence_of(text: str, kind: str, item: dict) -> str:
    """The sentence of ``text`` that holds ``item`` (a prediction's own sentence first)."""
    if item.get("sentence"):
        return str(item["sentence"])
    start = item.get("start")
    if not isinstance(start, int):
        needle = item.get("text") if kind == "figures" else item.get("name") or item.get("title")
        start = text.casefold().find(str(needle or "").casefold()) if needle else -1
    if not text or start is None or start < 0 or start >= len(text):
        return ""
    return sentence_around(text, start)


def score_article(gold: dict, pred: dict | None) -> ArticleScore:
    """Score one article's predictions (``None`` when the article has no prediction)."""
    counts: dict[str, Counts] = {}
    acc = {name: Accuracy() for name in _FIGURE_ATTRIBUTES}
    rows: list[ErrorRow] = []
    text = str((pred or {}).get("text") or "")
    for kind in KINDS:
        g_items = list(gold.get(kind) or [])
        p_items = list((pred or {}).get(kind) or [])
        pairs = _assign(g_items, p_items, kind)
        matched_g = {i for i, _ in pairs}
        matched_p = {j for _, j in pairs}
        c = Counts()
        c.tp = sum(1 for i, _ in pairs if not g_items[i].get("optional"))
        c.fp = len(p_items) - len(matched_p)
        missed = [g for i, g in enumerate(g_items) if i not in matched_g and not g.get("optional")]
        spurious = [p for j, p in enumerate(p_items) if j not in matched_p]
        c.fn = len(missed)
        counts[kind] = c
        for g in missed:
            rows.append(
                ErrorRow(kind, "missed", _label(kind, g), _sentence_of(text, kind, g), g, None)
            )
        for p in spurious:
            rows.append(
                ErrorRow(kind, "spurious", _label(kind, p), _sentence_of(text, kind, p), None, p)
            )
        if kind != "figures":
            continue
        for i, j in pairs:
            g, p = g_items[i], p_items[j]
            for name, right in _FIGURE_ATTRIBUTES.items():
                if name in ("measure", "target") and name not in g:
                    continue  # gold written before the contract had these fields
                ok = right(g, p)
                acc[name].total += 1
                acc[name].correct += ok
                if not ok:
                    label = f"{_label(kind, p)}: {name} {g.get(name)!r} ≠ {p.get(name)!r}"
                    rows.append(ErrorRow(kind, name, label, _sentence_of(text, kind, p), g, p))
    return ArticleScore(counts, acc["unit"], acc["qualifier"], acc["measure"], acc["target"], rows)


@dataclass
class EvalReport:
    """Corpus-level scores, with each article's errors for inspection."""

    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    unit: Accuracy = field(default_factory=Accuracy)
    qualifier: Accuracy = field(default_factory=Accuracy)
    measure: Accuracy = field(default_factory=Accuracy)
    target: Accuracy = field(default_factory=Accuracy)
    articles: dict[str, ArticleScore] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {k: self.counts[k].to_dict() for k in KINDS}
        out["unit_accuracy"] = self.unit.to_dict()
        out["qualifier_accuracy"] = self.qualifier.to_dict()
        out["measure_accuracy"] = self.measure.to_dict()
        out["target_accuracy"] = self.target.to_dict()
        out["articles"] = len(self.articles)
        out["missing_predictions"] = self.missing
        if details:
            out["errors"] = {
                aid: [row.to_dict() for row in a.rows] for aid, a in self.articles.items() if a.rows
            }
        return out

    def table(self) -> str:
        lines = [f"{'kind':<12} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}"]
        for k in KINDS:
            c = self.counts[k]
            lines.append(
                f"{k:<12} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}"
                f" {c.tp:5d} {c.fp:5d} {c.fn:5d}"
            )
        lines.append(
            f"unit accuracy      {self.unit.value:.3f} ({self.unit.correct}/{self.unit.total})"
        )
        for name in ("qualifier", "measure", "target"):
            a: Accuracy = getattr(self, name)
            lines.append(f"{name + ' accuracy':<18} {a.value:.3f} ({a.correct}/{a.total})")
        lines.append(f"articles scored    {len(self.articles)}")
        if self.missing:
            lines.append(f"missing predictions: {', '.join(self.missing)}")
        return "\n".join(lines)

    def details_table(self, width: int = 160) -> str:
        """Every missed, spurious and mis-attributed item, per article, with its sentence."""
        out: list[str] = []
        item_w = 44
        for aid, score in self.articles.items():
            if not score.rows:
                continue
            summary = ", ".join(
                f"{k} +{score.counts[k].fp}/-{score.counts[k].fn}"
                for k in KINDS
                if score.counts[k].fp or score.counts[k].fn
            )
            out.append(f"\n== {aid}  ({summary or 'attributes only'})")
            out.append(f"  {'kind':<11} {'error':<9} {'item':<{item_w}} sentence")
            order = {"missed": 0, "spurious": 1}
            for row in sorted(
                score.rows, key=lambda r: (KINDS.index(r.kind), order.get(r.error, 2))
            ):
                item = _shorten(row.item, item_w)
                needle = _label(row.kind, row.pred or row.gold or {})
                sentence = _excerpt(row.sentence, needle, max(width - item_w - 26, 40))
                out.append(f"  {row.kind:<11} {row.error:<9} {item:<{item_w}} {sentence}")
        return "\n".join(out)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _excerpt(sentence: str, needle: str, width: int) -> str:
    """``sentence`` cut to ``width`` characters, keeping ``needle`` in sight."""
    sentence = " ".join(sentence.split())
    if len(sentence) <= width:
        return sentence
    at = sentence.casefold().find(needle.split(". ", 1)[-1][:20].casefold())
    if at < width // 2:
        return _shorten(sentence, width)
    start = at - width // 3
    return "…" + _shorten(sentence[start:], width - 1)


class _GoldItem(BaseModel):
    # Strict: a number written as a string ("16") or a misspelt key ("optinal") would
    # otherwise be scored silently as something else.
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)

    optional: bool = False


class GoldInitiative(_GoldItem):
    """A gold initiative (docs/extraction.md, "Gold file format")."""

    group: str | None = None
    ordinal: int = Field(ge=1)
    title: str


class GoldModel(_GoldItem):
    """A gold named model, with the other names that also match it."""

    name: str = Field(min_length=1)
    alt: list[str] = Field(default_factory=list)


class GoldFigure(_GoldItem):
    """A gold figure; ``measure`` and ``target`` may be absent in gold written before them."""

    text: str | None = None
    value: float
    of: float | None = None
    unit: str | None = None
    qualifier: Qualifier = "="
    measure: str | None = None
    target: bool = False


class GoldArticle(BaseModel):
    """One gold file: an article's initiatives, models and figures."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str | None = Field(default=None, min_length=1)
    initiatives: list[GoldInitiative] = Field(default_factory=list)
    models: list[GoldModel] = Field(default_factory=list)
    figures: list[GoldFigure] = Field(default_factory=list)


def _shown(value: object, width: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def validation_reason(exc: ValidationError) -> str:
    """The first problem pydantic found, on one line: where, what, and the value given."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    where = "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in first["loc"]
    ).lstrip(".")
    reason = first["msg"]
    if first["type"] not in ("missing", "extra_forbidden"):
        reason += f", got {_shown(first.get('input'))}"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where or 'the object'}: {reason}{more}"


def _reject_constant(name: str) -> float:
    # NaN and Infinity are not JSON; Python's json module reads them unless told not to.
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400: valid JSON, but no number a float can hold
        raise ValueError(f"{text} overflows a number")
    return value


def _strict_loads(text: str) -> Any:
    """JSON as the record writer emits it: NaN, Infinity and overflowing numbers refused,
    so that nothing eval prints (``--json --details`` echoes items) can hold them."""
    return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)


def load_gold(gold_dir: str | Path) -> dict[str, dict]:
    """Gold files ``<dir>/*.json`` (or one gold file) keyed by id.

    Each file is checked against the gold format (:class:`GoldArticle`) before any
    scoring: a file that is not JSON, has a field of the wrong type (a number written as a
    string, ``figures`` given as a string), misses a required key or has an unknown one
    raises ``ValueError`` naming the file, the field and the reason; so does an id that two
    files give.
    """
    root = Path(gold_dir)
    if root.is_file():
        paths = [root]
    elif root.is_dir():
        paths = sorted(p for p in root.glob("*.json") if not p.is_dir())
        if not paths:
            raise ValueError(f"{gold_dir}: no gold .json files in the directory")
    else:
        raise ValueError(f"{gold_dir}: no such gold directory or file")
    gold: dict[str, dict] = {}
    origin: dict[str, Path] = {}
    for path in paths:
        try:
            data = _strict_loads(path.read_bytes().decode("utf-8"))
        except OSError as exc:
            raise ValueError(f"{path}: unreadable gold file ({exc.strerror or exc})") from None
        except UnicodeDecodeError as exc:
            raise ValueError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
        except ValueError as exc:
            raise ValueError(f"{path}: not valid JSON ({exc})") from None
        if not isinstance(data, dict):
            raise ValueError(f"{path}: gold must be a JSON object, not {type(data).__name__}")
        try:
            GoldArticle.model_validate(data)
        except ValidationError as exc:
            raise ValueError(f"{path}: {validation_reason(exc)}") from None
        aid = str(data.get("id") or path.stem)
        if aid in origin:
            raise ValueError(f"{path}: id {aid!r} is also the id of {origin[aid]}")
        origin[aid] = path
        gold[aid] = data
    return gold


def load_predictions(path: str | Path) -> dict[str, dict]:
    """Records of a JSONL file keyed by id, each checked against the record schema.

    Eval refuses a file holding a line that is not a valid record (not JSON, or failing
    :class:`pipelines.records.Record`): ``ValueError`` naming the first such line, the
    reason and how many lines fail; scoring a file with records silently left out would
    give wrong scores. A repeated id is logged and the later record ignored. ``OSError``
    when the file cannot be read.
    """
    preds: dict[str, dict] = {}
    first_bad: str | None = None
    bad = total = 0
    with Path(path).open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            total += 1
            try:
                obj = _strict_loads(raw.decode("utf-8"))
                if not isinstance(obj, dict):
                    raise ValueError(f"a record is a JSON object, not {type(obj).__name__}")
                Record.model_validate(obj)
            except ValidationError as exc:
                reason = validation_reason(exc)
            except UnicodeDecodeError as exc:
                reason = f"not UTF-8 ({exc.reason} at byte {exc.start})"
            except ValueError as exc:  # json.JSONDecodeError and NaN/Infinity included
                reason = f"not valid JSON ({exc})"
            else:
                aid = str(obj["id"])
                if aid in preds:
                    logger.warning("%s:%d: id %r repeated; the first is scored", path, lineno, aid)
                else:
                    preds[aid] = obj
                continue
            bad += 1
            if first_bad is None:
                first_bad = f"{path}:{lineno}: not a record: {reason}"
    if first_bad is not None:
        raise ValueError(
            f"{first_bad} ({bad} of {total} lines fail the record schema; "
            "eval scores only files of valid records from 'vnminer extract')"
        )
    return preds


def evaluate(
    gold: dict[str, dict], preds: dict[str, dict], ids: Iterable[str] | None = None
) -> EvalReport:
    """Score ``preds`` against ``gold`` over ``ids`` (default: every gold article)."""
    report = EvalReport()
    for aid in sorted(ids if ids is not None else gold):
        pred = preds.get(aid)
        if pred is None:
            report.missing.append(aid)
        score = score_article(gold[aid], pred)
        report.articles[aid] = score
        for k in KINDS:
            report.counts[k].add(score.counts[k])
        report.unit.correct += score.unit.correct
        report.unit.total += score.unit.total
        for name in ("qualifier", "measure", "target"):
            mine: Accuracy = getattr(report, name)
            theirs: Accuracy = getattr(score, name)
            mine.correct += theirs.correct
            mine.total += theirs.total
    return report
