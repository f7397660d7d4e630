"""Building the spaCy pipeline and reading its results."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from . import components
from .extract.common import DocView
from .types import Entity, Figure, Initiative, NamedModel

__all__ = [
    "COMPONENTS",
    "Extractions",
    "PipelineOptions",
    "analysed_text",
    "extractions",
    "load_pipeline",
]

#: Component name → registered factory.
COMPONENTS: dict[str, str] = {
    "initiatives": "vnminer_initiatives_v1",
    "models": "vnminer_models_v1",
    "figures": "vnminer_figures_v1",
}


@dataclass(frozen=True, slots=True)
class PipelineOptions:
    """Options of :func:`load_pipeline`, validated on construction.

    ``clean``: run the boilerplate cleaner in the tokenizer (``doc.text`` is then
    the cleaned text). ``components``: which extractors to add, in order.
    ``tagger``: "fast" (same tags as ``underthesea.ner``, tens of times faster) or
    "underthesea".
    """

    clean: bool = True
    components: tuple[str, ...] = ("initiatives", "models", "figures")
    tagger: str = "fast"

    def __post_init__(self) -> None:
        if self.tagger not in ("fast", "underthesea"):
            raise ValueError(f"unknown tagger {self.tagger!r}; use 'fast' or 'underthesea'")
        unknown = [c for c in self.components if c not in COMPONENTS]
        if unknown:
            raise ValueError(f"unknown components {unknown}; choose from {sorted(COMPONENTS)}")
        if len(set(self.components)) != len(self.components):
            raise ValueError(f"components repeat: {self.components}")


def load_pipeline(options: PipelineOptions | None = None) -> Language:
    """A spaCy ``Language`` for Vietnamese news: ``doc = load_pipeline()(text)``.

    The Doc carries ``doc.spans["initiatives"|"models"|"figures"]`` whose spans
    give their results as ``span._.initiative``, ``span._.model`` and
    ``span._.figure``.
    """
    import spacy

    options = options or PipelineOptions()
    nlp = spacy.blank(
        "vi",
        config={
            "nlp": {
                "tokenizer": {
                    "@tokenizers": "vnminer.UndertheseaTokenizer.v1",
                    "clean": options.clean,
                    "tagger": options.tagger,
                }
            }
        },
    )
    for name in options.components:
        nlp.add_pipe(COMPONENTS[name], name=name)
    return nlp


@dataclass(frozen=True, slots=True)
class Extractions:
    """Everything the extractors found in one document."""

    initiatives: tuple[Initiative, ...]
    models: tuple[NamedModel, ...]
    figures: tuple[Figure, ...]
    entities: tuple[Entity, ...]


def extractions(doc: Doc) -> Extractions:
    """Collect the results stored on an analysed ``doc``."""
    return Extractions(
        initiatives=tuple(components.initiatives(doc)),
        models=tuple(components.models(doc)),
        figures=tuple(components.figures(doc)),
        entities=tuple(Entity(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents),
    )


def analysed_text(doc: Doc) -> str:
    """``doc.text``, read from the extractors' view of ``doc``: spaCy rebuilds ``doc.text``
    from its tokens on every access, the view holds it once."""
    return DocView.from_doc(doc).text
