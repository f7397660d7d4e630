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
    "FastTagger",
    "TaggedWord",
    "Tagger",
    "UndertheseaTagger",
    "align_words",
    "default_tagger",
    "ner",
    "segment",
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


# The feature templates of underthesea's CRF predictors (pipeline/{pos_tag,chunking,ner}/
# model_crf.py), copied as data; tests/nlp/test_tagging.py checks that tags stay identical.
_POS_TEMPLATE = (
    "T[-2].lower", "T[-1].lower", "T[0].lower", "T[1].lower", "T[2].lower",
    "T[0].istitle", "T[-1].istitle", "T[1].istitle",
    "T[-2]", "T[-1]", "T[0]", "T[1]", "T[2]",
    "T[-2,-1]", "T[-1,0]", "T[0,1]", "T[1,2]",
    "T[-3][1]", "T[-2][1]", "T[-1][1]",
    "T[-3,-2][1]", "T[-2,-1][1]",
)  # fmt: skip
_CHUNK_TEMPLATE = (
    "T[-2].lower", "T[-1].lower", "T[0].lower", "T[1].lower", "T[2].lower",
    "T[0].istitle", "T[-1].istitle", "T[1].istitle",
    "T[-2]", "T[-1]", "T[0]", "T[1]", "T[2]",
    "T[-2,-1]", "T[-1,0]", "T[0,1]", "T[1,2]",
    "T[-2][1]", "T[-1][1]", "T[0][1]", "T[1][1]", "T[2][1]",
    "T[-2,-1][1]", "T[-1,0][1]", "T[0,1][1]", "T[1,2][1]",
    "T[-3][2]", "T[-2][2]", "T[-1][2]",
)  # fmt: skip
_NER_TEMPLATE = (
    "T[-2].lower", "T[-1].lower", "T[0].lower", "T[1].lower", "T[2].lower",
    "T[0].istitle", "T[-1].istitle", "T[1].istitle", "T[-2].istitle", "T[2].istitle",
    "T[-2]", "T[-1]", "T[0]", "T[1]", "T[2]",
    "T[-2,-1]", "T[-1,0]", "T[0,1]", "T[1,2]",
    "T[-2][1]", "T[-1][1]", "T[0][1]", "T[1][1]", "T[2][1]",
    "T[-2,-1][1]", "T[-1,0][1]", "T[0,1][1]", "T[1,2][1]",
    "T[-3][3]", "T[-2][3]", "T[-1][3]",
)  # fmt: skip
# Characters on which the Python "rust" flavour of crf_features is verified to equal
# underthesea_core's Rust featurizer (tests/nlp/test_tagging.py checks every one of them):
# Latin, Vietnamese, combining marks, general punctuation, currency signs.
# U+019B is out: newer Unicode (in Rust) gives it an upper case that Python 3.11 lacks.
_VERIFIED_RE = re.compile(
    "[^\u0000-\u024f\u0300-\u036f\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf]|\u019b"
)


class FastTagger:
    """The tags of ``underthesea.ner(sentence)``, computed many times faster.

    Loads underthesea's shipped CRF models (word segmentation, POS, chunk, NER)
    and feeds each stage's output to the next once. underthesea's Python
    predictors rebuild every column of the sentence for every template at every
    token; here each template is one pass over values cached per sentence
    (:mod:`nlp.crf_features`), the word columns are shared by the three tagging
    stages, and only the CRF decoding is left to ``underthesea_core``.
    """

    def __init__(self) -> None:
        try:
            import joblib
            import underthesea.pipeline.chunking as chunking
            import underthesea.pipeline.ner as ner_pkg
            import underthesea.pipeline.pos_tag as pos_pkg
            import underthesea.pipeline.word_tokenize as ws_pkg
            from underthesea.pipeline.text_normalize.character_normalize import (
                normalize_characters_in_text,
            )
            from underthesea.pipeline.text_normalize.token_normalize import token_normalize
            from underthesea.pipeline.word_tokenize import regex_tokenize
            from underthesea_core import CRFFeaturizer, CRFTagger
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise _underthesea_import_error(exc) from exc
        from functools import lru_cache
        from pathlib import Path

        from .crf_features import parse_templates

        self._regex = regex_tokenize
        self._normalize_text = normalize_characters_in_text
        # token_normalize is a pure function of one token; most tokens repeat.
        self._normalize_token = lru_cache(maxsize=200_000)(token_normalize)

        ws_dir = Path(ws_pkg.__file__).parent / "models" / "ws_crf_vlsp2013_20230727"
        ws_templates = joblib.load(ws_dir / "features.bin")
        self._ws_dictionary = frozenset(joblib.load(ws_dir / "dictionary.bin"))
        self._ws_templates = parse_templates(ws_templates)
        self._ws_rust = CRFFeaturizer(ws_templates, set(self._ws_dictionary))
        self._ws_tagger = CRFTagger()
        self._ws_tagger.load(str(ws_dir / "models.bin"))

        def load(path: Path) -> CRFTagger:
            tagger = CRFTagger()
            tagger.load(str(path))
            return tagger

        self._pos_tagger = load(Path(pos_pkg.__file__).parent / "pos_crf_2017_10_11.bin")
        self._chunk_tagger = load(Path(chunking.__file__).parent / "chunk_crf_2017_10_12.bin")
        self._ner_tagger = load(Path(ner_pkg.__file__).parent / "ner_crf_2017_10_12.bin")
        self._pos_templates = parse_templates(_POS_TEMPLATE)
        self._chunk_templates = parse_templates(_CHUNK_TEMPLATE)
        self._ner_templates = parse_templates(_NER_TEMPLATE)

    def _tokens(self, sentence: str) -> tuple[list[str], list[tuple[int, int]] | None]:
        text = self._normalize_text(sentence)
        normalize = self._normalize_token
        matches = list(self._regex.patterns.finditer(text))
        # Each alternative of underthesea's pattern is one named group, so the group that
        # matched (what underthesea extracts) is the whole match.
        tokens = [normalize(m.group()) for m in matches]
        # NFC input keeps its length through the character normalisation, so the match
        # spans are spans of the sentence as given.
        spans = [m.span() for m in matches] if len(text) == len(sentence) else None
        return tokens, spans

    def tokens(self, sentence: str) -> list[str]:
        """underthesea's regex tokenization with its token normalisation."""
        return self._tokens(sentence)[0]

    def words(self, sentence: str) -> list[str]:
        """underthesea's ``word_tokenize(sentence)``."""
        return self._words(self.tokens(sentence), sentence)

    def _words(self, tokens: list[str], sentence: str) -> list[str]:
        from .crf_features import rows

        if not tokens:
            return []
        if _VERIFIED_RE.search(sentence) is None:
            features = rows(
                self._ws_templates, [tokens], flavour="rust", dictionary=self._ws_dictionary
            )
        else:  # characters whose Rust semantics we have not verified: ask Rust
            features = self._ws_rust.process([[[t] for t in tokens]])[0]
        words: list[str] = []
        for n, (tag, token) in enumerate(zip(self._ws_tagger.tag(features), tokens, strict=True)):
            if tag == "I-W" and n > 0:
                words[-1] = words[-1] + " " + token
            else:
                words.append(token)
        return words

    def __call__(self, sentence: str) -> list[Tuple4]:
        return self._tag(self.words(sentence))

    def tag_with_spans(self, sentence: str) -> tuple[list[Tuple4], list[tuple[int, int]]]:
        """The tags of :meth:`__call__` and each word's character span in ``sentence``."""
        tokens, token_spans = self._tokens(sentence)
        tagged = self._tag(self._words(tokens, sentence))
        if token_spans is None:
            return tagged, align_words(sentence, [t[0] for t in tagged])
        spans = []
        i = 0
        for word, *_ in tagged:
            n = word.count(" ") + 1
            spans.append((token_spans[i][0], token_spans[i + n - 1][1]))
            i += n
        return tagged, spans

    def _tag(self, words: list[str]) -> list[Tuple4]:
        from .crf_features import SentenceCache, rows

        if not words:
            return []
        # Each stage sees the tags of the one before and "X" where underthesea's predictors
        # put their placeholder; the shared cache reuses every column seen before.
        xs = ["X"] * len(words)
        cache = SentenceCache(len(words))
        pos = self._pos_tagger.tag(rows(self._pos_templates, [words, xs], cache))
        chunk = self._chunk_tagger.tag(rows(self._chunk_templates, [words, pos, xs], cache))
        ner_tags = self._ner_tagger.tag(rows(self._ner_templates, [words, pos, chunk, xs], cache))
        return list(zip(words, pos, chunk, ner_tags, strict=True))


_DEFAULT: list[FastTagger] = []


def default_tagger() -> FastTagger:
    """A process-wide :class:`FastTagger`, built on first use (its models are read-only)."""
    if not _DEFAULT:
        _DEFAULT.append(FastTagger())
    return _DEFAULT[0]


def ner(sentence: str) -> list[Tuple4]:
    """Same result as ``underthesea.ner(sentence)``: (word, pos, chunk, ner) per word."""
    return default_tagger()(sentence)


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
        with_spans = getattr(tagger, "tag_with_spans", None)
        if with_spans is not None:
            tagged, spans = with_spans(sentence)
        else:
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


def segment(text: str, tagger: FastTagger | None = None) -> list[str]:
    """underthesea's word segmentation of ``text``, sentence by sentence (multi-syllable
    words keep their inner spaces: ``"phương thức"``)."""
    tagger = tagger or default_tagger()
    return [w for a, b in sentence_spans(text) for w in tagger.words(text[a:b])]
