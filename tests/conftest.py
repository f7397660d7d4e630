"""Shared fixtures: the bundled corpus and one NLP pipeline for the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def articles_dir() -> Path:
    return CORPUS / "articles"


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return CORPUS / "gold"


@pytest.fixture(scope="session")
def seed_paths(articles_dir: Path) -> list[Path]:
    paths = sorted(articles_dir.glob("*.txt"))
    assert len(paths) >= 5
    return paths


@pytest.fixture(scope="session")
def pipe():
    """The full pipeline (cleaning tokenizer + extractors), loaded once."""
    from nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def extractor(pipe):
    """The batch extractor sharing the session pipeline (cleaning is idempotent)."""
    from pipelines.extract import ArticleExtractor

    return ArticleExtractor(nlp=pipe)
