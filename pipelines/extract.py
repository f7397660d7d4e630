"""Article → Record: the one code path behind ``vnminer extract`` and the Scrapy pipeline."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from nlp.clean import CleanOptions, clean_text
from nlp.langid import check_vietnamese
from nlp.pipeline import Extractions, PipelineOptions, extractions, load_pipeline
from nlp.places import Gazetteer, Place, find_places, province_from_site

from .article import Article, Rejected
from .records import Record, build_record
from .sites import province_of

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
        text = self.prepare(article)
        if isinstance(text, Rejected):
            return text
        try:
            doc = self.nlp(text)
            found = extractions(doc)
            return build_record(article, doc.text, found, self.places(article, doc.text, found))
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

    def process(self, items: Iterable[Article | Rejected]) -> Iterator[Record | Rejected]:
        """Process a stream, passing rejections from reading through unchanged."""
        for item in items:
            yield item if isinstance(item, Rejected) else self(item)
