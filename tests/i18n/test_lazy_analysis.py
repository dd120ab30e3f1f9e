"""What a new process loads only when a text needs it: a glossary language's matcher on its first text in that
language (the same matches as compiling all of them up front), and an analyser through ``load_analyser``."""

from __future__ import annotations

from i18n.glossary import DATA_PATH, LANGS, glossary_from_file


def test_a_glossary_compiles_a_language_on_its_first_text_with_the_same_matches():
    """Loading the glossary compiles no matcher; the first English text compiles English alone, and every
    language then finds what it found when all were compiled at load."""
    glossary = glossary_from_file(DATA_PATH)
    assert not glossary._matchers
    found = glossary.find_terms("CNC machining of aluminium housings", "en")
    assert {m.term.id for m in found} >= {"machine_metal.aluminium"}
    assert set(glossary._matchers) == {"en"}
    texts = {"ko": "알루미늄 CNC 가공과 로스트왁스 주조", "en": "lost-wax casting of 14K gold rings",
             "ja": "アルミニウムのCNC加工", "zh_Hans": "铝合金数控加工", "vi": "gia công CNC nhôm"}
    eager = glossary_from_file(DATA_PATH)
    for lang in LANGS:
        eager.find_terms("", lang)  # compiled before any real text
    for lang, text in texts.items():
        assert glossary.find_terms(text, lang) == eager.find_terms(text, lang)
        assert glossary.find_terms(text, lang)


def test_load_analyser_loads_kiwi_once_without_analysing():
    """load_analyser("ko") builds Kiwi under its lock; tokenizing afterwards uses that same instance."""
    from i18n import text

    text.load_analyser("ko")
    kiwi = text._kiwi()
    text.load_analyser("ko")
    assert text._kiwi() is kiwi
    assert "부츠" in text.tokenize("부츠를 만듭니다", "ko")
    text.load_analyser("en")  # no analyser to load for English: nothing happens
