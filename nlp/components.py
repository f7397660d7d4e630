"""spaCy components around the pure extractors.

Each component is *match + set_annotations*: the match step is a pure
function of a :class:`~nlp.extract.common.DocView`, the annotation step puts
one span per result into ``doc.spans[<kind>]`` with the result dataclass in
``span._.<kind singular>``. Factories are registered under versioned names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import tokenizer as _tokenizer  # noqa: F401 - registers the tokenizer
from .extract.common import DocView
from .extract.figures import FigureRules, extract_figures
from .extract.initiatives import InitiativeRules, extract_initiatives
from .extract.measures import MeasureRules, attach_measures
from .extract.models import ModelRules, extract_models
from .types import Figure, Initiative, NamedModel

__all__ = ["ExtractorComponent"]

_RESULT_TYPES: dict[str, type] = {"figure": Figure, "model": NamedModel, "initiative": Initiative}


def _user_data_key(attribute: str) -> str:
    return f"vnminer:{attribute}s"


def _getter(attribute: str) -> Callable[[Span], Any]:
    cls = _RESULT_TYPES[attribute]

    def get(span: Span) -> Any:
        # Results live in doc.user_data as plain dicts (they survive Doc.to_bytes); a span
        # finds its own through its span id, since several results may share one token span.
        stored = span.doc.user_data.get(_user_data_key(attribute))
        if not stored or not span.id_.isdigit() or int(span.id_) >= len(stored):
            return None
        return cls(**stored[int(span.id_)])

    return get


for _name in _RESULT_TYPES:
    if not Span.has_extension(_name):
        Span.set_extension(_name, getter=_getter(_name))


class ExtractorComponent:
    """Runs one extractor and stores its results as spans of ``doc.spans[spans_key]``."""

    def __init__(
        self,
        name: str,
        extractor: Callable[[DocView], Sequence[Any]],
        spans_key: str,
        attribute: str,
        label: str,
    ) -> None:
        self.name = name
        self.extractor = extractor
        self.spans_key = spans_key
        self.attribute = attribute
        self.label = label

    def match(self, doc: Doc) -> list[Any]:
        return list(self.extractor(DocView.from_doc(doc)))

    def set_annotations(self, doc: Doc, results: Sequence[Any]) -> None:
        spans = []
        stored = []
        for item in results:
            aligned = doc.char_span(item.start, item.end, alignment_mode="expand")
            if aligned is None:  # pragma: no cover - expand always finds tokens inside the text
                continue
            spans.append(
                Span(doc, aligned.start, aligned.end, label=self.label, span_id=str(len(stored)))
            )
            stored.append(item.to_dict())
        doc.user_data[_user_data_key(self.attribute)] = stored
        doc.spans[self.spans_key] = spans

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc


@Language.factory("vnminer_figures_v1", default_config={})
def make_figures(nlp: Language, name: str) -> ExtractorComponent:
    rules = FigureRules.default()
    # Built once per pipeline: the measure rules read their units from these figure rules.
    measure_rules = MeasureRules.default(rules)

    def extract(view: DocView) -> list[Figure]:
        # What each number measures needs the whole sentence, so it is filled in after the
        # figures are found rather than by the figure extractor itself.
        return attach_measures(view, extract_figures(view, rules), measure_rules)

    return ExtractorComponent(name, extract, "figures", "figure", "FIGURE")


@Language.factory("vnminer_models_v1", default_config={})
def make_models(nlp: Language, name: str) -> ExtractorComponent:
    rules = ModelRules.default()
    return ExtractorComponent(
        name, lambda view: extract_models(view, rules), "models", "model", "MODEL"
    )


@Language.factory("vnminer_initiatives_v1", default_config={})
def make_initiatives(nlp: Language, name: str) -> ExtractorComponent:
    rules = InitiativeRules.default()
    return ExtractorComponent(
        name,
        lambda view: extract_initiatives(view, rules),
        "initiatives",
        "initiative",
        "INITIATIVE",
    )


def results(doc: Doc, key: str, attribute: str) -> list[Any]:
    """The result dataclasses stored on ``doc.spans[key]``, in text order."""
    if key not in doc.spans:
        return []
    return [span._.get(attribute) for span in doc.spans[key]]


def figures(doc: Doc) -> list[Figure]:
    """Figures found in ``doc``."""
    return results(doc, "figures", "figure")


def models(doc: Doc) -> list[NamedModel]:
    """Named models found in ``doc``."""
    return results(doc, "models", "model")


def initiatives(doc: Doc) -> list[Initiative]:
    """Initiatives found in ``doc``."""
    return results(doc, "initiatives", "initiative")
