"""underthesea tagging with character offsets into the surface text.

underthesea returns *normalised* words (``hoà`` → ``hòa``, syllables joined by
single spaces), never offsets. Its regex tokenizer produces one token per
syllable, and its normalisation maps each token to exactly one token, so a word
of *n* space-separated syllables covers the next *n* regex matches of the
sentence. That gives exact surface offsets without fuzzy matching.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

__all__ = [
    "TaggedWord",
    "Tagger",
    "UndertheseaTagger",
    "align_words",
    "sentence_spans",
    "tag_text",
]

#: One tagged word as underthesea returns it: (word, pos, chunk, ner).
Tuple4 = tuple[str, str, str, str]
Tagger = Callable[[str], list[Tuple4]]


@dataclass(frozen=True, slots=True)
class TaggedWord:
    """A word of the surface text with underthesea's tags and absolute character offsets."""

    text: str
    norm: str
    pos: str
    chunk: str
    ner: str
    start: int
    end: int


def _underthesea_import_error(exc: ImportError) -> ImportError:
    return ImportError(
        "vn-news-miner needs underthesea for Vietnamese segmentation and tagging: "
        "pip install 'underthesea>=9.5,<10'"
    ).with_traceback(exc.__traceback__)


class UndertheseaTagger:
    """``underthesea.ner`` as a tagger: segmentation, POS, chunk and CRF NER in one call.

    Only the offline CRF models shipped in the wheel are used (``deep=False``).
    """

    def __init__(self) -> None:
        try:
            from underthesea import ner
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise _underthesea_import_error(exc) from exc
        self._ner = ner

    def __call__(self, sentence: str) -> list[Tuple4]:
        if not sentence.strip():
            return []
        return [tuple(t) for t in self._ner(sentence)]  # type: ignore[misc]


def _syllable_spans(sentence: str) -> list[tuple[int, int]]:
    from underthesea.pipeline.text_normalize.character_normalize import (
        normalize_characters_in_text,
    )
    from underthesea.pipeline.word_tokenize import regex_tokenize

    # The character normalisation (NFC, ð→đ) keeps lengths on NFC input, so spans found
    # on the normalised string are spans of the original.
    normalised = normalize_characters_in_text(sentence)
    if len(normalised) != len(sentence):
        return []
    return [(m.start(), m.end()) for m in regex_tokenize.patterns.finditer(normalised)]


def _greedy_align(sentence: str, words: list[str]) -> list[tuple[int, int]]:
    """Fallback alignment: find each syllable in order, tolerating changed characters."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    lowered = sentence.lower()
    for word in words:
        start = end = None
        for syllable in word.split(" "):
            pos = lowered.find(syllable.lower(), cursor)
            if pos < 0:
                # A normalised syllable that differs from the surface: skip its length.
                while cursor < len(sentence) and sentence[cursor].isspace():
                    cursor += 1
                pos, length = cursor, len(syllable)
            else:
                length = len(syllable)
            start = pos if start is None else start
            end = min(pos + length, len(sentence))
            cursor = end
        spans.append((start or 0, end or 0))
    return spans


def align_words(sentence: str, words: list[str]) -> list[tuple[int, int]]:
    """Character spans in ``sentence`` of underthesea's (normalised) ``words``."""
    syllables = _syllable_spans(sentence)
    counts = [w.count(" ") + 1 for w in words]
    if sum(counts) != len(syllables):
        return _greedy_align(sentence, words)
    spans = []
    i = 0
    for n in counts:
        spans.append((syllables[i][0], syllables[i + n - 1][1]))
        i += n
    return spans


_PARAGRAPH_RE = re.compile(r"[^\n]+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text``: underthesea's ``sent_tokenize`` within each line.

    Sentences never cross a line break: in cleaned text a line is a paragraph,
    a heading or a caption.
    """
    from underthesea import sent_tokenize

    spans: list[tuple[int, int]] = []
    for para in _PARAGRAPH_RE.finditer(text):
        base = para.start()
        body = para.group()
        cursor = 0
        for sent in sent_tokenize(body):
            pos = body.find(sent, cursor)
            if pos < 0:  # pragma: no cover - sent_tokenize returns stripped substrings
                continue
            spans.append((base + pos, base + pos + len(sent)))
            cursor = pos + len(sent)
        if not spans or spans[-1][1] <= base:
            stripped = body.strip()
            if stripped:
                pos = body.find(stripped)
                spans.append((base + pos, base + pos + len(stripped)))
    return spans


def tag_text(text: str, tagger: Tagger) -> Iterator[list[TaggedWord]]:
    """Tag ``text`` sentence by sentence, yielding words with absolute offsets."""
    for s_start, s_end in sentence_spans(text):
        sentence = text[s_start:s_end]
        tagged = tagger(sentence)
        spans = align_words(sentence, [t[0] for t in tagged])
        yield [
            TaggedWord(
                text=sentence[a:b],
                norm=w,
                pos=pos,
                chunk=chunk,
                ner=ner,
                start=s_start + a,
                end=s_start + b,
            )
            for (w, pos, chunk, ner), (a, b) in zip(tagged, spans, strict=True)
        ]
