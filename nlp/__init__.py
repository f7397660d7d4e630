"""Vietnamese NLP for vn-news-miner: cleaning, underthesea inside spaCy, extractors.

>>> from nlp import load_pipeline
>>> pipe = load_pipeline()
>>> doc = pipe(text)
>>> [s._.figure.value for s in doc.spans["figures"]]
"""

from __future__ import annotations

from .clean import CleanOptions, clean_text
from .components import figures, initiatives, models
from .langid import LanguageVerdict, check_vietnamese
from .numbers import parse_amount, parse_number
from .pipeline import Extractions, PipelineOptions, extractions, load_pipeline
from .types import Entity, Figure, Initiative, NamedModel

__all__ = [
    "CleanOptions",
    "Entity",
    "Extractions",
    "Figure",
    "Initiative",
    "LanguageVerdict",
    "NamedModel",
    "PipelineOptions",
    "check_vietnamese",
    "clean_text",
    "extractions",
    "figures",
    "initiatives",
    "load_pipeline",
    "models",
    "parse_amount",
    "parse_number",
]
