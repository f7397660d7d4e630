"""Article → Record: the one code path behind ``vnminer extract`` and the Scrapy pipeline."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nlp.clean import CleanOptions, clean_text
from nlp.langid import check_vietnamese
from nlp.pipeline import (
    Extractions,
    PipelineOptions,
    analysed_text,
    extractions,
    load_pipeline,
)
from nlp.places import Gazetteer, Place, find_places, province_from_site

from .article import Article, Rejected
from .records import Record, build_record
from .sites import province_of

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["ArticleExtractor", "ExtractOptions"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """How articles are analysed.

    ``clean``: remove page boilerplate before analysis. ``check_language``:
    reject text that does not read as Vietnamese prose. ``max_chars``: reject
    longer texts (a mis-extracted page or a dump, not an article). ``places``:
    find the administrative units the article is about (``Record.places``).
    """

    clean: bool = True
    check_language: bool = True
    max_chars: int = 200_000
    places: bool = True

    def __post_init__(self) -> None:
        if self.max_chars <= 0:
            raise ValueError("max_chars must be positive")


class ArticleExtractor:
    """Turns :class:`Article` objects into :class:`Record` objects or :class:`Rejected` ones.

    Loads the NLP pipeline once; calling it is safe for any input: failures
    come back as ``Rejected`` with a reason, never as exceptions.
    """

    def __init__(self, options: ExtractOptions | None = None, nlp=None) -> None:
        self.options = options or ExtractOptions()
        # The pipeline gets text that is already clean, so doc.text is the record's text.
        self.nlp = nlp if nlp is not None else load_pipeline(PipelineOptions(clean=False))
        self._clean = CleanOptions(drop_boilerplate=self.options.clean)
        self.gazetteer = Gazetteer.default() if self.options.places else None

    def prepare(self, article: Article) -> str | Rejected:
        """The cleaned text of ``article``, or why it cannot be analysed."""
        text = clean_text(article.text, self._clean)
        if not text.strip():
            return Rejected(article.source, "no article text left after removing boilerplate")
        if len(text) > self.options.max_chars:
            return Rejected(
                article.source, f"text too long ({len(text)} > {self.options.max_chars} chars)"
            )
        if self.options.check_language:
            verdict = check_vietnamese(text)
            if not verdict.is_vietnamese:
                return Rejected(article.source, verdict.reason)
        return text

    def __call__(self, article: Article) -> Record | Rejected:
        return self.extract_many([article])[0]

    def extract_many(self, items: Sequence[Article | Rejected]) -> list[Record | Rejected]:
        """:meth:`__call__` of each article (rejections from reading pass through), with
        the sentences of all the texts tagged in one batch: the same records, sooner."""
        out: list[Record | Rejected] = [
            item if isinstance(item, Rejected) else Rejected(item.source, "not analysed")
            for item in items
        ]
        todo: list[tuple[int, Article, str]] = []
        for i, item in enumerate(items):
            if isinstance(item, Rejected):
                continue
            text = self.prepare(item)
            if isinstance(text, Rejected):
                out[i] = text
            else:
                todo.append((i, item, text))
        docs = self._docs([text for _, _, text in todo])
        for (i, article, _), doc in zip(todo, docs, strict=True):
            out[i] = self._finish(article, doc)
        return out

    def _docs(self, texts: list[str]) -> list[Doc | Exception]:
        """The pipeline's tokenizer on ``texts``: one batch when it can take one, else (or
        when the batch fails) one text at a time, so a failure stays with its own text."""
        batch = getattr(self.nlp.tokenizer, "docs", None)
        if batch is not None and len(texts) > 1:
            try:
                return batch(texts)
            except Exception:
                logger.debug("batch of %d texts failed; retrying one by one", len(texts))
        out: list[Doc | Exception] = []
        for text in texts:
            try:
                out.append(self.nlp.make_doc(text))
            except Exception as exc:
                out.append(exc)
        return out

    def _finish(self, article: Article, doc: Doc | Exception) -> Record | Rejected:
        try:
            if isinstance(doc, Exception):
                raise doc
            doc = self.nlp(doc)  # the pipeline's components on the tokenized Doc
            found = extractions(doc)
            analysed = analysed_text(doc)  # doc.text, without rebuilding it from the tokens
            return build_record(article, analysed, found, self.places(article, analysed, found))
        except Exception as exc:
            logger.debug("analysis of %s failed", article.source, exc_info=True)
            return Rejected(article.source, f"analysis failed: {type(exc).__name__}: {exc}")

    def places(self, article: Article, text: str, found: Extractions) -> list[Place]:
        """Every mention of an administrative unit: from the site, the title and the text."""
        if self.gazetteer is None:
            return []
        site_province = province_of(article.site) or province_from_site(
            article.url or article.site or "", self.gazetteer
        )
        return find_places(
            text,
            found.entities,
            title=article.title,
            site_province=site_province,
            rules=self.gazetteer,
        )

    def process(
        self,
        items: Iterable[Article | Rejected],
        batch_size: int = 32,
        batch_chars: int = 128_000,
    ) -> Iterator[Record | Rejected]:
        """Process a stream in order, passing rejections from reading through unchanged;
        up to ``batch_size`` articles, and about ``batch_chars`` characters, at a time are
        tagged together (:meth:`extract_many`)."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        chunk: list[Article | Rejected] = []
        size = 0
        for item in items:
            chunk.append(item)
            size += 0 if isinstance(item, Rejected) else len(item.text)
            if len(chunk) >= batch_size or size >= batch_chars:
                yield from self.extract_many(chunk)
                chunk, size = [], 0
        if chunk:
            yield from self.extract_many(chunk)
