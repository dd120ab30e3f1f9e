"""Fixtures of the engine tests: the real model (loaded once per session, with an embedding cache shared by the
session so each text is encoded once) and engines on the Korean and English docs of
:mod:`tests.factories.matching`."""

from __future__ import annotations

import pytest

from tests.factories.matching import DOCS


@pytest.fixture(scope="session")
def embedder(tmp_path_factory):
    """The offline model with a session-wide embedding cache (the model itself is loaded once per process)."""
    from matching.engine.embeddings import Embedder, EmbeddingCache

    cache = EmbeddingCache(tmp_path_factory.mktemp("embeddings") / "cache.sqlite")
    return Embedder(None, cache)


@pytest.fixture
def make_engine(embedder, tmp_path):
    """``make_engine(docs=DOCS, directory=True, **options)``: an engine built on ``docs``, saving under a fresh
    temporary directory (or nowhere with ``directory=None``)."""
    from matching.engine.engine import MatchingEngine

    def _make(docs=DOCS, directory=True, build=True, **options):
        where = tmp_path / "matching" if directory is True else directory
        engine = MatchingEngine(embedder, where, **options)
        if build:
            engine.rebuild(docs)
        return engine

    return _make


@pytest.fixture(scope="module")
def engine(embedder):
    """One engine on :data:`DOCS` shared by a module's read-only tests (kept in memory only)."""
    from matching.engine.engine import MatchingEngine

    built = MatchingEngine(embedder, None)
    built.rebuild(DOCS)
    return built
