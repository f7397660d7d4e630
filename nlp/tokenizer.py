"""The spaCy tokenizer: cleaning and underthesea tagging, a batch of texts at a time.

Registered as ``vnminer.UndertheseaTokenizer.v1``. The Doc it builds has
``doc.text`` equal to the cleaned text, underthesea's POS tags in
``token.tag_`` (Universal POS in ``token.pos_``), chunk tags in
``token._.chunk``, sentence starts, and CRF entities cleaned of leading
titles in ``doc.ents``. :meth:`UndertheseaTokenizer.docs` (and ``pipe``) tag the
sentences of several texts in one batch; the extractors' :class:`DocView` is
attached to each Doc as it is built.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from itertools import islice, pairwise, repeat
from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import ENT_IOB, ENT_TYPE, POS, SENT_START, TAG
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Token
from spacy.util import registry

from .clean import CleanOptions, clean_text, normalize_unicode
from .extract.common import DocView
from .rules import load_rules
from .tagging import Tagged, Tagger, Tuple4, UndertheseaTagger, default_tagger, tag_texts

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.vocab import Vocab

__all__ = ["UPOS", "UndertheseaTokenizer", "create_tokenizer"]

#: underthesea (VLSP) POS tags → Universal POS.
UPOS: dict[str, str] = {
    "N": "NOUN",
    "Nc": "NOUN",
    "Nu": "NOUN",
    "Ny": "NOUN",
    "Nb": "NOUN",
    "Np": "PROPN",
    "V": "VERB",
    "Vb": "VERB",
    "Vy": "VERB",
    "A": "ADJ",
    "Ab": "ADJ",
    "M": "NUM",
    "E": "ADP",
    "C": "CCONJ",
    "Cc": "CCONJ",
    "CH": "PUNCT",
    "P": "PRON",
    "R": "ADV",
    "L": "DET",
    "T": "PART",
    "I": "INTJ",
    "X": "X",
    "Z": "X",
    "S": "X",
    "B": "X",
    "Y": "NOUN",
}

_ROMAN_RE = re.compile(r"^[IVXLC]+$")

_CHUNKS_KEY = "vnminer:chunks"


def _chunk_of(token: Token) -> str | None:
    # One list per Doc instead of one user_data entry per token.
    chunks = token.doc.user_data.get(_CHUNKS_KEY)
    return chunks[token.i] if chunks is not None and token.i < len(chunks) else None


if not Token.has_extension("chunk"):
    Token.set_extension("chunk", getter=_chunk_of)


@cache
def _entity_rules() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    rules = load_rules("entities")
    return (
        frozenset(rules["titles"]),
        frozenset(rules["org_heads"]),
        frozenset(rules["proper_tags"]),
    )


def _glued_to_code(texts: Sequence[str], spans: Sequence[tuple[int, int]], a: int, b: int) -> bool:
    """Is the word run ``a:b`` written against a "-" or "/" ("CV", "HU" of "26-CV/HU")?"""
    return (a > 0 and spans[a - 1][1] == spans[a][0] and texts[a - 1] in "-/") or (
        b < len(texts) and spans[b][0] == spans[b - 1][1] and texts[b] in "-/"
    )


def _clean_entities(
    texts: Sequence[str], tagged: Sequence[Tuple4], spans: Sequence[tuple[int, int]]
) -> list[str]:
    """BIO labels per word after cutting titles off the CRF's entities.

    ``texts`` are the words as written, ``tagged`` underthesea's ``(word, pos, chunk,
    ner)`` of each, ``spans`` where each word stands in the sentence.
    """
    titles, org_heads, proper = _entity_rules()
    n_words = len(texts)
    labels = ["O"] * n_words
    i = 0
    while i < n_words:
        tag = tagged[i][3]
        if not tag.startswith(("B-", "I-")):
            i += 1
            continue
        label = tag[2:]
        inside = f"I-{label}"
        j = i + 1
        while j < n_words and tagged[j][3] == inside:
            j += 1
        if any(c.isdigit() for w in texts[i:j] for c in w):
            i = j  # "26-CV/HU", "Chỉ thị 05": document numbers, not names
            continue
        # Split at punctuation: the CRF runs entities across commas.
        k = i
        while k < j:
            while k < j and not texts[k][:1].isalpha():
                k += 1
            m = k
            while m < j and texts[m][:1].isalpha():
                m += 1
            a, b = k, m
            while a < b and (texts[a].lower() in titles or not texts[a][0].isupper()):
                a += 1
            while b > a and not texts[b - 1][0].isupper():
                b -= 1
            keep = a < b and any(tagged[w][1] in proper for w in range(a, b))
            if keep and _glued_to_code(texts, spans, a, b):
                keep = False  # "CV", "HU" of "26-CV/HU"
            if keep and a == 0 and b == 1 and " " not in texts[0]:
                keep = False  # one capitalised syllable opening a sentence: "Nêu", "Năm"
            if keep and b - a == 1 and _ROMAN_RE.match(texts[a]):
                keep = False  # "khóa XII", "lần thứ XV"
            if keep:
                this = "ORG" if texts[a].lower() in org_heads else label
                labels[a] = f"B-{this}"
                for w in range(a + 1, b):
                    labels[w] = f"I-{this}"
            k = m
        i = j
    return labels


def _plain_gaps(sentence: str, spans: Sequence[tuple[int, int]]) -> bool:
    """Are the word spans non-empty, in order, and apart by nothing or one plain space?"""
    prev = -1
    for a, b in spans:
        if b <= a or (prev >= 0 and a != prev and (a != prev + 1 or sentence[prev] != " ")):
            return False
        prev = b
    return True


_IOB = {"B": 3, "I": 1, "O": 2}  # spaCy's ENT_IOB codes
_NOT_START = np.uint64(2**64 - 1)  # SENT_START -1, as from_array reads it


def _make_doc(
    vocab: Vocab,
    words: list[str],
    spaces: list[bool],
    tags: list[str],
    pos: list[str],
    sent_starts: list[bool],
    ents: list[str],
) -> Doc:
    """``Doc(vocab, words=…, spaces=…, tags=…, pos=…, sent_starts=…, ents=…)``, the same
    Doc byte for byte, built three times faster: the annotations go in as one array
    (``Doc.from_array``) instead of token by token through the string setters."""
    if not words:
        return Doc(vocab, words=words, spaces=spaces)
    doc = Doc(vocab, words=words, spaces=spaces)
    add = vocab.strings.add
    ids: dict[str, int] = {}
    for label in (*set(tags), *{e[2:] for e in ents if e != "O"}):
        ids[label] = add(label)
    values = np.empty((len(words), 5), dtype=np.uint64)
    values[:, 0] = [ids[t] for t in tags]
    values[:, 1] = [POS_IDS[p] for p in pos]
    values[:, 2] = np.where(sent_starts, np.uint64(1), _NOT_START)
    values[:, 3] = [_IOB[e[0]] for e in ents]
    values[:, 4] = [0 if e == "O" else ids[e[2:]] for e in ents]
    doc.from_array([TAG, POS, SENT_START, ENT_IOB, ENT_TYPE], values)
    return doc


class UndertheseaTokenizer:
    """Text → Doc: clean (optional), split sentences, tag each with underthesea."""

    def __init__(
        self,
        vocab: Vocab,
        *,
        clean: bool = True,
        clean_options: CleanOptions | None = None,
        tagger: Tagger | None = None,
    ) -> None:
        self.vocab = vocab
        self.clean = clean
        self.clean_options = clean_options or CleanOptions()
        self.tagger: Tagger = tagger if tagger is not None else default_tagger()

    def __call__(self, text: str) -> Doc:
        return self.docs([text])[0]

    def docs(self, texts: Sequence[str]) -> list[Doc]:
        """The Docs of ``texts``, all their sentences tagged in one batch (the tags do not
        depend on the batch: the same Docs as one text at a time)."""
        texts = [
            clean_text(text, self.clean_options) if self.clean else normalize_unicode(text)
            for text in texts
        ]
        return [
            self._build(text, sentences)
            for text, sentences in zip(texts, tag_texts(texts, self.tagger), strict=True)
        ]

    def _build(self, text: str, tagged_sentences: list[Tagged]) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        tags: list[str] = []
        pos: list[str] = []
        chunks: list[str | None] = []
        ents: list[str] = []
        sent_starts: list[bool] = []
        cursor = 0

        def add_gap(gap: str) -> None:
            # spaCy keeps one trailing space per token; any other gap becomes a space token.
            if gap == " " and words and not spaces[-1]:
                spaces[-1] = True
                return
            words.append(gap)
            spaces.append(False)
            tags.append("_SP")
            pos.append("SPACE")
            chunks.append(None)
            ents.append("O")
            sent_starts.append(False)

        for s_start, sentence, tagged, spans in tagged_sentences:
            # The words as written (the sentence is a slice of the text).
            sent_words = [sentence[a:b] for a, b in spans]
            if all(t[3] == "O" for t in tagged):
                labels: list[str] | None = None  # nothing for _clean_entities to cut
            else:
                labels = _clean_entities(sent_words, tagged, spans)
            if (
                len(tagged) > 1
                and len(spans) == len(tagged)
                and s_start + spans[0][0] >= cursor
                and _plain_gaps(sentence, spans)
            ):
                # Words in order with nothing but "" or " " between them (nearly every
                # sentence): the same lists as the general loop below, filled a column at
                # a time instead of a word at a time.
                a0 = s_start + spans[0][0]
                if a0 != cursor:
                    gap = text[cursor:a0]
                    if gap == " " and words and not spaces[-1]:
                        spaces[-1] = True
                    else:
                        add_gap(gap)
                words += sent_words
                spaces += [b != a for (_, b), (a, _) in pairwise(spans)]
                spaces.append(False)
                sent_tags = [t[1] for t in tagged]
                tags += sent_tags
                pos += map(UPOS.get, sent_tags, repeat("X"))
                chunks += [t[2] for t in tagged]
                ents += labels if labels is not None else repeat("O", len(tagged))
                sent_starts.append(True)
                sent_starts += repeat(False, len(tagged) - 1)
                cursor = s_start + spans[-1][1]
                continue
            for n, ((_, tag, chunk, _), (a, b)) in enumerate(zip(tagged, spans, strict=True)):
                start = s_start + a
                end = s_start + b
                if start < cursor or end <= start:
                    continue  # only after a fallback alignment; never seen on NFC text
                if start != cursor:
                    gap = text[cursor:start]
                    if gap == " " and words and not spaces[-1]:
                        spaces[-1] = True
                    else:
                        add_gap(gap)
                words.append(text[start:end])
                spaces.append(False)
                tags.append(tag)
                pos.append(UPOS.get(tag, "X"))
                chunks.append(chunk)
                ents.append("O" if labels is None else labels[n])
                sent_starts.append(n == 0)
                cursor = end
        if cursor < len(text):
            add_gap(text[cursor:])
        for n, label in enumerate(ents):
            if label.startswith("I-") and (n == 0 or ents[n - 1][2:] != label[2:]):
                ents[n] = "B-" + label[2:]
        if sent_starts and not any(sent_starts):
            sent_starts[0] = True
        doc = _make_doc(self.vocab, words, spaces, tags, pos, sent_starts, ents)
        # The extractors' view of the Doc, from these lists rather than from spaCy's tokens.
        DocView.from_tokens(text, words, tags, spaces, sent_starts).attach(doc)
        doc.user_data[_CHUNKS_KEY] = chunks
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
        """Docs of ``texts`` in order, tagged ``batch_size`` texts at a time."""
        source = iter(texts)
        while chunk := list(islice(source, batch_size)):
            yield from self.docs(chunk)

    # spaCy serialises tokenizers with the pipeline; this one has no state to save.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> UndertheseaTokenizer:
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> UndertheseaTokenizer:
        return self


TAGGERS = ("fast", "underthesea")


@registry.tokenizers("vnminer.UndertheseaTokenizer.v1")
def create_tokenizer(
    clean: bool = True, tagger: str = "fast"
) -> Callable[[Language], UndertheseaTokenizer]:
    """spaCy factory for :class:`UndertheseaTokenizer`.

    ``tagger``: "fast" (:class:`nlp.tagging.FastTagger`, the same tags as
    ``underthesea.ner`` tens of times faster, a batch of texts at a time) or
    "underthesea" (``underthesea.ner`` itself, one sentence at a time).
    """
    if tagger not in TAGGERS:
        raise ValueError(f"unknown tagger {tagger!r}; choose from {TAGGERS}")

    def make(nlp: Language) -> UndertheseaTokenizer:
        chosen = default_tagger() if tagger == "fast" else UndertheseaTagger()
        return UndertheseaTokenizer(nlp.vocab, clean=clean, tagger=chosen)

    return make
