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
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from spacy.attrs import ENT_IOB, ENT_TYPE, POS, SENT_START, TAG
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Token
from spacy.util import registry

from .clean import CleanOptions, clean_text, normalize_unicode
from .extract.common import DocView
from .rules import load_rules
from .tagging import Tagged, Tagger, UndertheseaTagger, default_tagger, tag_texts

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


class _Entry(NamedTuple):
    """What :func:`_clean_entities` reads of a tagged word (a tuple: cheap to build)."""

    text: str
    pos: str
    ner: str
    start: int
    end: int


def _glued_to_code(words: Sequence[_Entry], a: int, b: int) -> bool:
    before = words[a - 1] if a > 0 else None
    after = words[b] if b < len(words) else None
    return bool(
        (before and before.end == words[a].start and before.text in "-/")
        or (after and after.start == words[b - 1].end and after.text in "-/")
    )


@cache
def _entity_rules() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    rules = load_rules("entities")
    return (
        frozenset(rules["titles"]),
        frozenset(rules["org_heads"]),
        frozenset(rules["proper_tags"]),
    )


def _clean_entities(words: Sequence[_Entry]) -> list[str]:
    """BIO labels per word after cutting titles off the CRF's entities."""
    titles, org_heads, proper = _entity_rules()
    labels = ["O"] * len(words)
    i = 0
    while i < len(words):
        tag = words[i].ner
        if not tag.startswith(("B-", "I-")):
            i += 1
            continue
        label = tag[2:]
        j = i + 1
        while j < len(words) and words[j].ner == f"I-{label}":
            j += 1
        if any(c.isdigit() for w in words[i:j] for c in w.text):
            i = j  # "26-CV/HU", "Chỉ thị 05": document numbers, not names
            continue
        # Split at punctuation: the CRF runs entities across commas.
        k = i
        while k < j:
            while k < j and not words[k].text[:1].isalpha():
                k += 1
            m = k
            while m < j and words[m].text[:1].isalpha():
                m += 1
            a, b = k, m
            while a < b and (words[a].text.lower() in titles or not words[a].text[0].isupper()):
                a += 1
            while b > a and not words[b - 1].text[0].isupper():
                b -= 1
            keep = a < b and any(w.pos in proper for w in words[a:b])
            if keep and _glued_to_code(words, a, b):
                keep = False  # "CV", "HU" of "26-CV/HU"
            if keep and a == 0 and b == 1 and " " not in words[0].text:
                keep = False  # one capitalised syllable opening a sentence: "Nêu", "Năm"
            if keep and b - a == 1 and _ROMAN_RE.match(words[a].text):
                keep = False  # "khóa XII", "lần thứ XV"
            if keep:
                this = "ORG" if words[a].text.lower() in org_heads else label
                labels[a] = f"B-{this}"
                for n in range(a + 1, b):
                    labels[n] = f"I-{this}"
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
            if all(t[3] == "O" for t in tagged):
                labels: list[str] | None = None  # nothing for _clean_entities to cut
            else:
                labels = _clean_entities(
                    [
                        _Entry(sentence[a:b], p, e, s_start + a, s_start + b)
                        for (_, p, _, e), (a, b) in zip(tagged, spans, strict=True)
                    ]
                )
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
                words += [text[s_start + a : s_start + b] for a, b in spans]
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
