"""A new web process answers its first catalog search as soon as the generation is mapped: the embedding model,
Kiwi and the matching index load in a background thread, an English query does not wait for Kiwi, and a Korean
one answers exactly as a process that loaded Kiwi first."""

from __future__ import annotations

import threading

import numpy as np

from tests.catalog.search.test_generations import _build, _search, shared  # noqa: F401 (the fixture)


def test_a_new_process_answers_english_without_waiting_for_kiwi_and_korean_the_same(shared):  # noqa: F811
    """warm_up maps the catalog generation and returns while Kiwi is still loading; an English search answers
    meanwhile (from its words: the model loads after Kiwi), and once both are there an English and a Korean search
    find what a process with them loaded first found."""
    import sys
    import time

    import i18n.text
    from market.app import warm_up

    builder = shared()
    assert _build(builder)
    expected_en = _search(builder, "leather")
    expected_ko = _search(builder, "가죽 가방", "ko")
    assert expected_en[1] > 0 and expected_ko[1] > 0

    def waiting_in(thread: threading.Thread, function: str) -> bool:
        frame = sys._current_frames().get(thread.ident)
        while frame is not None:
            if frame.f_code.co_name == function:
                return True
            frame = frame.f_back
        return False

    # Kiwi is reached under its lock (loading and analysing alike): holding the real lock keeps Kiwi "loading"
    # for as long as the test needs, as a new process meets it.
    kiwi_lock = i18n.text._locks["kiwi"]
    kiwi_lock.acquire()
    try:
        fresh = shared()
        said: list[str] = []
        assert warm_up(fresh, said.append) is True  # returns although Kiwi is still loading
        warming = [t for t in threading.enumerate() if t.name == "seoulmade-warm"]
        assert warming, said
        assert _search(fresh, "leather")[1] > 0  # no Kiwi needed, none waited for
        # The first answer let the background thread go on: it, not a request, is the one waiting for Kiwi.
        deadline = time.monotonic() + 60
        while not any(waiting_in(t, "load_analyser") for t in warming) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any(waiting_in(t, "load_analyser") for t in warming)
        assert all(t.is_alive() for t in warming)
    finally:
        kiwi_lock.release()
    for thread in warming:
        thread.join(timeout=300)
        assert not thread.is_alive()
    assert _search(fresh, "가죽 가방", "ko") == expected_ko
    assert _search(fresh, "leather") == expected_en


def test_a_search_while_the_model_loads_answers_from_words_at_once_then_hybrid(shared, caplog):  # noqa: F811
    """While the background warm-up is still loading the embedding model, a new process's catalog search answers
    at once from the words alone (BM25, as the lexical mode ranks them; only the log says so); once the model is
    loaded the background warm-up refreshes the index with it (before any search asks) and the same search is
    hybrid again, answering as a process that had the model from the start."""
    import logging

    from catalog.search.index import searcher
    from market.app import warm_up
    from matching.engine import embeddings

    builder = shared()
    assert _build(builder)
    query = "leather tote"
    hybrid = _search(builder, query)
    index = searcher(builder).index
    lexical_scores = index.scores(query, "en", mode="lexical")
    positions = np.flatnonzero(lexical_scores > 0)
    positions = positions[np.argsort(-lexical_scores[positions], kind="stable")]
    lexical = ([int(i) for i in index.ids[positions]], len(positions))
    assert lexical[1] > 0 and hybrid != lexical  # meaning finds listings that share no word with the query

    fresh = shared()
    answers: list = []
    warming: list[threading.Thread] = []

    def start_and_search():
        assert warm_up(fresh, lambda _line: None) is True
        warming.extend(t for t in threading.enumerate() if t.name == "seoulmade-warm")
        answers.append(_search(fresh, query))

    # The model object is shared by the process, so this app's embedder takes the loading lock to reach it:
    # holding that lock keeps the model loading for as long as the test needs.
    embeddings._MODELS_LOCK.acquire()
    try:
        with caplog.at_level(logging.INFO, logger="seoulmade.catalog"):
            asker = threading.Thread(target=start_and_search)
            asker.start()
            asker.join(timeout=60)
            assert not asker.is_alive(), "the search waited for the model"
        assert answers == [lexical]
        assert warming and all(t.is_alive() for t in warming)  # the model is still loading
        assert not fresh.extensions["seoulmade.embedder"].loaded
        assert any("searching by words alone" in r.getMessage() for r in caplog.records)
    finally:
        embeddings._MODELS_LOCK.release()
    for thread in warming:
        thread.join(timeout=300)
        assert not thread.is_alive()
    # The background warm-up gave the index its vectors once the model was loaded: no search had to.
    assert not searcher(fresh).index.awaiting_model
    assert _search(fresh, query) == hybrid


def test_the_background_loading_starts_after_the_first_answer(shared):  # noqa: F811
    """The model and Kiwi start loading once the process has answered its first request (loading them slows
    every other thread of the process, the first request's too), or after WARM_AFTER_S seconds without one."""
    from market.app import warm_up

    builder = shared()
    assert _build(builder)
    fresh = shared(WARM_AFTER_S=600)
    assert warm_up(fresh, lambda _line: None) is True
    warming = [t for t in threading.enumerate() if t.name == "seoulmade-warm"]
    assert warming
    warming[0].join(timeout=1)
    assert warming[0].is_alive() and not fresh.extensions["seoulmade.embedder"].loaded
    response = fresh.test_client().get("/en/catalog/", query_string={"q": "leather"})
    assert response.status_code == 200
    for thread in warming:
        thread.join(timeout=300)
        assert not thread.is_alive()
    assert fresh.extensions["seoulmade.embedder"].loaded
