"""underthesea tagging with character offsets into the surface text.

underthesea returns *normalised* words (``hoà`` → ``hòa``, syllables joined by
single spaces), never offsets. Its regex tokenizer produces one token per
syllable, and its normalisation maps each token to exactly one token, so a word
of *n* space-separated syllables covers the next *n* regex matches of the
sentence. That gives exact surface offsets without fuzzy matching.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

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
    "tag_sentences",
    "tag_text",
    "tag_texts",
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

# underthesea's token pattern never matches whitespace, with one exception: the
# abbreviations "Th.S" and "Th.s" are written with an unescaped dot, which matches a space.
# So a sentence's tokens are the tokens of its whitespace-separated chunks, and a chunk's
# tokens depend on nothing but the chunk and whether it ends the text (``$`` in
# ``[A-ZĐ]+\.(?!$)``): lookarounds at a chunk's edges see whitespace or the text's edge,
# which no alternative tells apart. Sentences with the exception take the long way.
_CHUNK_RE = re.compile(r"\S+")
_CROSSING_RE = re.compile(r"Th[^\S\n][Ss]")

#: Characters of sentences :class:`FastTagger` tags in one batch, at most (about 30 news
#: articles; measured on the seeds and dev set, twice this gains no speed, only memory).
BATCH_CHARS = 128_000


class FastTagger:
    """The tags of ``underthesea.ner(sentence)``, computed many times faster.

    Reads underthesea's shipped CRF models (word segmentation, POS, chunk, NER) into
    arrays once (:class:`nlp.crf.CRFModel`) and tags a batch of sentences stage by
    stage: every feature template becomes one vectorised lookup of attribute ids over
    the whole batch (:mod:`nlp.crf_features`, no feature strings), the scores are sums
    of weight rows, and Viterbi runs over all the sentences at once. The arithmetic is
    ``underthesea_core``'s, so the tags are identical, ties included.
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
            from underthesea_core import CRFFeaturizer
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise _underthesea_import_error(exc) from exc
        from functools import lru_cache
        from pathlib import Path

        from .crf import CRFModel
        from .crf_features import StageSpec, compile_stages, parse_templates

        self._regex = regex_tokenize
        self._normalize_text = normalize_characters_in_text
        # token_normalize is a pure function of one token; most tokens repeat.
        self._normalize_token = lru_cache(maxsize=200_000)(token_normalize)
        # Chunks repeat even more than tokens do (see _CHUNK_RE).
        self._chunk_tokens = lru_cache(maxsize=200_000)(self._tokenize_chunk)

        ws_dir = Path(ws_pkg.__file__).parent / "models" / "ws_crf_vlsp2013_20230727"
        ws_templates = joblib.load(ws_dir / "features.bin")
        self._ws_dictionary = frozenset(joblib.load(ws_dir / "dictionary.bin"))
        # Sentences with characters whose Rust semantics we have not verified get their
        # word-segmentation features from underthesea_core's own featurizer.
        self._ws_rust = CRFFeaturizer(ws_templates, set(self._ws_dictionary))
        self._ws_attribute_ids: dict[str, int] | None = None
        self.ws_model = CRFModel.load(ws_dir / "models.bin")
        self.pos_model = CRFModel.load(Path(pos_pkg.__file__).parent / "pos_crf_2017_10_11.bin")
        self.chunk_model = CRFModel.load(
            Path(chunking.__file__).parent / "chunk_crf_2017_10_12.bin"
        )
        self.ner_model = CRFModel.load(Path(ner_pkg.__file__).parent / "ner_crf_2017_10_12.bin")

        def spec(templates, columns, model: CRFModel) -> StageSpec:
            return StageSpec(parse_templates(templates), columns, model.attributes, model.miss)

        (self._ws_features,) = compile_stages(
            [spec(ws_templates, ("token",), self.ws_model)], flavour="rust"
        )
        self._pos_features, self._chunk_features, self._ner_features = compile_stages(
            [
                spec(_POS_TEMPLATE, ("word", "x"), self.pos_model),
                spec(_CHUNK_TEMPLATE, ("word", "pos", "x"), self.chunk_model),
                spec(_NER_TEMPLATE, ("word", "pos", "chunk", "x"), self.ner_model),
            ]
        )
        self._word_pad = max(
            f.pad for f in (self._pos_features, self._chunk_features, self._ner_features)
        )
        self._inside_word = self.ws_model.labels.index("I-W")

    def _tokenize_chunk(self, chunk: str, at_end: bool) -> tuple[tuple[str, int, int], ...]:
        """The normalised tokens of one whitespace-free chunk, with their spans in it."""
        # A space after the chunk stands for whatever whitespace follows it in the text.
        text = chunk if at_end else chunk + " "
        normalize = self._normalize_token
        matches = self._regex.patterns.finditer(text)
        return tuple((normalize(m.group()), *m.span()) for m in matches)

    def _tokens(self, sentence: str) -> tuple[list[str], list[tuple[int, int]] | None]:
        text = self._normalize_text(sentence)
        # NFC input keeps its length through the character normalisation, so the match
        # spans are spans of the sentence as given.
        same_length = len(text) == len(sentence)
        if _CROSSING_RE.search(text) is not None:
            matches = list(self._regex.patterns.finditer(text))
            # Each alternative of underthesea's pattern is one named group, so the group
            # that matched (what underthesea extracts) is the whole match.
            tokens = list(map(self._normalize_token, map(re.Match.group, matches)))
            return tokens, list(map(re.Match.span, matches)) if same_length else None
        n = len(text)
        last = n - 1 if text.endswith("\n") else n  # where ``$`` also matches
        tokens = []
        spans = []
        chunk_tokens = self._chunk_tokens
        for m in _CHUNK_RE.finditer(text):
            start, end = m.span()
            parts = chunk_tokens(m.group(), end >= last)
            if len(parts) == 1:  # the chunk is one token (tokens cover every non-space)
                tokens.append(parts[0][0])
                spans.append((start, end))
            else:
                for token, a, b in parts:
                    tokens.append(token)
                    spans.append((start + a, start + b))
        return tokens, spans if same_length else None

    def tokens(self, sentence: str) -> list[str]:
        """underthesea's regex tokenization with its token normalisation."""
        return self._tokens(sentence)[0]

    def words(self, sentence: str) -> list[str]:
        """underthesea's ``word_tokenize(sentence)``."""
        return self._segment([self.tokens(sentence)], [sentence])[0][0]

    def segment_many(self, sentences: Sequence[str]) -> list[list[str]]:
        """:meth:`words` of several sentences, decoded together."""
        return self._segment([self.tokens(s) for s in sentences], sentences)[0]

    def _rust_ws_ids(self, tokens: list[str]) -> np.ndarray:
        """Word-segmentation attribute ids from underthesea_core's featurizer."""
        import numpy as np

        if self._ws_attribute_ids is None:
            self._ws_attribute_ids = self.ws_model.attribute_ids()
        known = self._ws_attribute_ids
        miss = self.ws_model.miss
        rows = self._ws_rust.process([[[t] for t in tokens]])[0]
        ids = np.full((len(self._ws_features.templates), len(tokens)), miss, dtype=np.intp)
        for i, row in enumerate(rows):
            # Feature order is the order of the sums: keep it, unknown features add 0.
            ids[: len(row), i] = [known.get(f, miss) for f in row]
        return ids

    def _segment(
        self, tokens: list[list[str]], sentences: Sequence[str]
    ) -> tuple[list[list[str]], np.ndarray, np.ndarray]:
        """underthesea's word segmentation of several tokenized sentences at once.

        Also gives the index of each word's first and last token, counted over the tokens
        of all the sentences one after the other.
        """
        import numpy as np

        from .crf_features import FeatureBatch

        present = [i for i, t in enumerate(tokens) if t]
        out: list[list[str]] = [[] for _ in tokens]
        if not present:
            return out, np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
        lengths = [len(tokens[i]) for i in present]
        flat = [t for i in present for t in tokens[i]]
        features = self._ws_features
        batch = FeatureBatch(
            lengths,
            {"token": flat},
            pad=features.pad,
            flavour="rust",
            dictionary=self._ws_dictionary,
        )
        ids = features.ids(batch)
        start = 0
        for i, n in zip(present, lengths, strict=True):
            if _VERIFIED_RE.search(sentences[i]) is not None:
                ids[:, start : start + n] = self._rust_ws_ids(tokens[i])
            start += n
        model = self.ws_model
        labels = model.decode(model.emissions(ids), lengths)
        # A token opens a word unless it is tagged I-W (the first token of a sentence
        # always opens one, whatever its tag).
        opens = labels != self._inside_word
        opens[batch.starts] = True
        first = np.flatnonzero(opens)
        last = np.empty_like(first)
        last[:-1] = first[1:] - 1
        last[-1] = len(flat) - 1
        starts = first.tolist()
        ends = [*starts[1:], len(flat)]
        words = [
            flat[a] if b - a == 1 else " ".join(flat[a:b])
            for a, b in zip(starts, ends, strict=True)
        ]
        counts = np.add.reduceat(opens.astype(np.intp), batch.starts).tolist()
        w = 0
        for i, count in zip(present, counts, strict=True):
            out[i] = words[w : w + count]
            w += count
        return out, first, last

    def _tag_words(self, words: list[list[str]]) -> list[list[Tuple4]]:
        """POS, chunk and NER tags of several segmented sentences at once."""
        from .crf_features import FeatureBatch

        present = [i for i, w in enumerate(words) if w]
        out: list[list[Tuple4]] = [[] for _ in words]
        if not present:
            return out
        lengths = [len(words[i]) for i in present]
        flat = [w for i in present for w in words[i]]
        # Each stage sees the tags of the one before and "X" where underthesea's predictors
        # put their placeholder.
        batch = FeatureBatch(lengths, {"word": flat, "x": ["X"] * len(flat)}, pad=self._word_pad)
        columns = []
        for name, features, model in (
            ("pos", self._pos_features, self.pos_model),
            ("chunk", self._chunk_features, self.chunk_model),
            ("ner", self._ner_features, self.ner_model),
        ):
            labels = model.labels
            decoded = model.decode(model.emissions(features.ids(batch)), lengths)
            column = [labels[k] for k in decoded.tolist()]
            batch.add_column(name, column)
            columns.append(column)
        tagged = list(zip(flat, *columns, strict=True))
        start = 0
        for i, n in zip(present, lengths, strict=True):
            out[i] = tagged[start : start + n]
            start += n
        return out

    def __call__(self, sentence: str) -> list[Tuple4]:
        return self._tag_words(self._segment([self.tokens(sentence)], [sentence])[0])[0]

    def tag_many(self, sentences: Sequence[str]) -> list[list[Tuple4]]:
        """``[self(s) for s in sentences]``, decoded together (much faster)."""
        return [tagged for tagged, _ in self.tag_many_with_spans(sentences)]

    def tag_with_spans(self, sentence: str) -> tuple[list[Tuple4], list[tuple[int, int]]]:
        """The tags of :meth:`__call__` and each word's character span in ``sentence``."""
        return self.tag_many_with_spans([sentence])[0]

    def tag_many_with_spans(
        self, sentences: Sequence[str]
    ) -> list[tuple[list[Tuple4], list[tuple[int, int]]]]:
        """:meth:`tag_with_spans` of several sentences, decoded together (in batches of
        about :data:`BATCH_CHARS` characters, which bounds the memory a call takes)."""
        out: list[tuple[list[Tuple4], list[tuple[int, int]]]] = []
        start = size = 0
        for end, sentence in enumerate(sentences):
            size += len(sentence)
            if size >= BATCH_CHARS:
                out += self._tag_batch(sentences[start : end + 1])
                start, size = end + 1, 0
        if start < len(sentences) or not out:
            out += self._tag_batch(sentences[start:])
        return out

    def _tag_batch(
        self, sentences: Sequence[str]
    ) -> list[tuple[list[Tuple4], list[tuple[int, int]]]]:
        import numpy as np

        tokenized = [self._tokens(s) for s in sentences]
        words, first, last = self._segment([t for t, _ in tokenized], sentences)
        # A word spans its first token's start to its last token's end; the token spans of
        # all the sentences, one after the other, give every word's at once.
        # (np.array of flat ints: three times faster than of a list of pairs.)
        token_spans = np.array(
            list(
                chain.from_iterable(
                    chain.from_iterable(
                        spans if spans is not None else [(0, 0)] * len(tokens)
                        for tokens, spans in tokenized
                    )
                )
            ),
            dtype=np.intp,
        ).reshape(-1, 2)
        word_spans = list(
            zip(token_spans[first, 0].tolist(), token_spans[last, 1].tolist(), strict=True)
        )
        out = []
        w = 0
        for sentence, tagged, (_, spans) in zip(
            sentences, self._tag_words(words), tokenized, strict=True
        ):
            n = len(tagged)
            if spans is None:
                out.append((tagged, align_words(sentence, [t[0] for t in tagged])))
            else:
                out.append((tagged, word_spans[w : w + n]))
            w += n
        return out


_DEFAULT: list[FastTagger] = []


def default_tagger() -> FastTagger:
    """A process-wide :class:`FastTagger`, built on first use (its models are read-only)."""
    if not _DEFAULT:
        _DEFAULT.append(FastTagger())
    return _DEFAULT[0]


def ner(sentence: str) -> list[Tuple4]:
    """Same result as ``underthesea.ner(sentence)``: (word, pos, chunk, ner) per word.

    For many sentences, ``default_tagger().tag_many(sentences)`` gives the same tags
    several times faster than one call each (they are decoded together)."""
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


Tagged = tuple[int, str, list[Tuple4], list[tuple[int, int]]]


def tag_texts(texts: Sequence[str], tagger: Tagger) -> list[list[Tagged]]:
    """For each text, every sentence (:func:`sentence_spans`) with its tags and its words'
    spans in the sentence: ``(start offset, sentence, tagged, spans)``.

    A tagger with ``tag_many_with_spans`` (:class:`FastTagger`) tags the sentences of all
    the texts in one batch (the tags are the same as one sentence at a time; a batch only
    shares the work); any other is called once per sentence.
    """
    bounds = [sentence_spans(text) for text in texts]
    sentences = [text[a:b] for text, spans in zip(texts, bounds, strict=True) for a, b in spans]
    batch = getattr(tagger, "tag_many_with_spans", None)
    if batch is not None:
        results = batch(sentences)
    else:
        results = []
        for sentence in sentences:
            tagged = tagger(sentence)
            results.append((tagged, align_words(sentence, [t[0] for t in tagged])))
    out = []
    n = 0
    for spans in bounds:
        out.append(
            [(s_start, sentences[n + k], *results[n + k]) for k, (s_start, _) in enumerate(spans)]
        )
        n += len(spans)
    return out


def tag_sentences(text: str, tagger: Tagger) -> list[Tagged]:
    """:func:`tag_texts` of one text."""
    return tag_texts([text], tagger)[0]


def tag_text(text: str, tagger: Tagger) -> Iterator[list[TaggedWord]]:
    """Tag ``text`` sentence by sentence, yielding words with absolute offsets."""
    for s_start, sentence, tagged, spans in tag_sentences(text, tagger):
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
    sentences = [text[a:b] for a, b in sentence_spans(text)]
    return [w for words in tagger.segment_many(sentences) for w in words]
