"""The spaCy tokenizer: cleaning and underthesea tagging, once per sentence.

Registered as ``vnminer.UndertheseaTokenizer.v1``. The Doc it builds has
``doc.text`` equal to the cleaned text, underthesea's POS tags in
``token.tag_`` (Universal POS in ``token.pos_``), chunk tags in
``token._.chunk``, sentence starts, and CRF entities cleaned of leading
titles in ``doc.ents``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token
from spacy.util import registry

from .clean import CleanOptions, clean_text, normalize_unicode
from .rules import load_rules
from .tagging import TaggedWord, Tagger, UndertheseaTagger, default_tagger, tag_text

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


def _glued_to_code(words: list[TaggedWord], a: int, b: int) -> bool:
    before = words[a - 1] if a > 0 else None
    after = words[b] if b < len(words) else None
    return bool(
        (before and before.end == words[a].start and before.text in "-/")
        or (after and after.start == words[b - 1].end and after.text in "-/")
    )


def _clean_entities(words: list[TaggedWord]) -> list[str]:
    """BIO labels per word after cutting titles off the CRF's entities."""
    rules = load_rules("entities")
    titles = frozenset(rules["titles"])
    org_heads = frozenset(rules["org_heads"])
    proper = frozenset(rules["proper_tags"])
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
        text = clean_text(text, self.clean_options) if self.clean else normalize_unicode(text)
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

        for sentence in tag_text(text, self.tagger):
            labels = _clean_entities(sentence)
            for n, (word, label) in enumerate(zip(sentence, labels, strict=True)):
                if word.start < cursor or word.end <= word.start:
                    continue  # only after a fallback alignment; never seen on NFC text
                gap = text[cursor : word.start]
                if gap:
                    add_gap(gap)
                words.append(word.text)
                spaces.append(False)
                tags.append(word.pos)
                pos.append(UPOS.get(word.pos, "X"))
                chunks.append(word.chunk)
                ents.append(label)
                sent_starts.append(n == 0)
                cursor = word.end
        if cursor < len(text):
            add_gap(text[cursor:])
        for n, label in enumerate(ents):
            if label.startswith("I-") and (n == 0 or ents[n - 1][2:] != label[2:]):
                ents[n] = "B-" + label[2:]
        if sent_starts and not any(sent_starts):
            sent_starts[0] = True
        doc = Doc(
            self.vocab,
            words=words,
            spaces=spaces,
            tags=tags,
            pos=pos,
            sent_starts=sent_starts,
            ents=ents,
        )
        doc.user_data[_CHUNKS_KEY] = chunks
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

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
    ``underthesea.ner`` about ten times faster) or "underthesea" (``underthesea.ner``
    itself).
    """
    if tagger not in TAGGERS:
        raise ValueError(f"unknown tagger {tagger!r}; choose from {TAGGERS}")

    def make(nlp: Language) -> UndertheseaTokenizer:
        chosen = default_tagger() if tagger == "fast" else UndertheseaTagger()
        return UndertheseaTokenizer(nlp.vocab, clean=clean, tagger=chosen)

    return make
