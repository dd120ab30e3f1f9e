"""A new web process answers its first catalog search as soon as the generation is mapped: the embedding model,
Kiwi and the matching index load in a background thread, an English query does not wait for Kiwi, and a Korean
one answers exactly as a process that loaded Kiwi first."""

from __future__ import annotations

import threading

from tests.catalog.search.test_generations import _build, _search, shared  # noqa: F401 (the fixture)


def test_a_new_process_answers_english_without_waiting_for_kiwi_and_korean_the_same(shared, monkeypatch):  # noqa: F811
    """warm_up maps the catalog generation and returns while Kiwi is still loading; an English search answers
    meanwhile, and once Kiwi is there a Korean search finds what a process with Kiwi loaded first found."""
    import i18n.text
    from market.app import warm_up

    builder = shared()
    assert _build(builder)
    expected_en = _search(builder, "leather")
    expected_ko = _search(builder, "가죽 가방", "ko")
    assert expected_en[1] > 0 and expected_ko[1] > 0

    real_kiwi = i18n.text._kiwi
    released = threading.Event()
    asked: list[str] = []

    def slow_kiwi():
        """Kiwi as a new process meets it: not loaded yet, and slow to load."""
        asked.append(threading.current_thread().name)
        assert released.wait(120), "the test never released Kiwi"
        return real_kiwi()

    monkeypatch.setattr(i18n.text, "_kiwi", slow_kiwi)
    fresh = shared()
    said: list[str] = []
    assert warm_up(fresh, said.append) is True  # returns although Kiwi is still loading
    warming = [t for t in threading.enumerate() if t.name == "seoulmade-warm"]
    assert warming, said
    assert _search(fresh, "leather") == expected_en  # no Kiwi needed, none waited for
    assert not released.is_set()
    released.set()
    assert _search(fresh, "가죽 가방", "ko") == expected_ko
    assert asked and asked[0] == "seoulmade-warm"  # loaded by the background thread, not by the first request
    for thread in warming:
        thread.join(timeout=300)
        assert not thread.is_alive()
