"""Controlled vocabularies of structured fields: what one side picks (or writes under "other"), the other side
reads in their own language."""

import pytest

from i18n.glossary import load_glossary, vocabulary_tag
from i18n.phrasebook import LANGS
from i18n.vocabularies import (
    VOCABULARIES,
    VocabularyError,
    clean_list,
    clean_values,
    compose_values,
    label,
    labels,
    lead_time_code,
    load_vocabularies,
    map_value,
    search_text,
    split_values,
    vocabulary,
)


def test_every_vocabulary_has_names_in_the_five_languages():
    """Each value of each vocabulary has a name per language; glossary ones are the glossary's names."""
    vocabularies = load_vocabularies()
    assert set(vocabularies) == set(VOCABULARIES)
    glossary = load_glossary()
    for name, vocab in vocabularies.items():
        assert vocab.entries, name
        for entry in vocab.entries:
            for lang in LANGS:
                assert entry.label(lang).strip(), (name, entry.code, lang)
            if name in ("materials", "capabilities", "equipment"):
                assert glossary.get(entry.code).name("ko") == entry.label("ko")


@pytest.mark.parametrize(("name", "code", "locale", "expected"), [
    ("incoterms", "FOB", "ko", "본선 인도 (FOB)"),
    ("incoterms", "DDP", "ja", "関税込持込渡し (DDP)"),
    ("payment_terms", "deposit", "vi", "Đặt cọc, thanh toán phần còn lại trước khi giao hàng"),
    ("lead_times", "up_to_2w", "zh_Hans", "2周内"),
    ("materials", "shoes_leather.cowhide", "ko", "소가죽"),
    ("capabilities", "jewelry.lost_wax_casting", "en", "lost-wax casting"),
])
def test_a_picked_value_reads_in_the_readers_language(name, code, locale, expected):
    """A stored code is shown by its name in the reader's language, not marked as foreign."""
    assert label(name, code, locale) == (expected, None)


def test_other_values_are_shown_as_written_with_their_language():
    """A free-text "other" is kept as written and marked with its language; one that is a glossary term
    still reads in the reader's language."""
    assert label("materials", "和紙の一種", "ko") == ("和紙の一種", "ja")
    assert label("materials", "짱짱한 원단", "ko") == ("짱짱한 원단", None)
    assert label("materials", "牛革", "en")[0] == load_glossary().lookup("牛革").name("en")


def test_clean_values_keeps_codes_and_other_text_and_refuses_unknown_codes():
    """Chosen codes are checked; "other" text is split on commas, trimmed, and becomes the code when it names a
    value of the vocabulary; repeats are dropped."""
    assert clean_values("materials", ["machine_metal.titanium"], "牛革, 특수 합금 ,  ") == [
        "machine_metal.titanium", "shoes_leather.cowhide", "특수 합금"]
    assert clean_values("materials", ["machine_metal.titanium", "machine_metal.titanium"]) == [
        "machine_metal.titanium"]
    with pytest.raises(VocabularyError):
        clean_values("materials", ["unobtainium"])
    with pytest.raises(VocabularyError):
        clean_values("materials", [], "x" * 201)


def test_lead_times_fall_into_buckets():
    """Days become the bucket a reader understands at a glance."""
    assert [lead_time_code(d) for d in (0, 5, 7, 10, 28, 40, 90)] == [
        "in_stock", "up_to_1w", "up_to_1w", "up_to_2w", "up_to_4w", "up_to_8w", "over_8w"]
    assert vocabulary("lead_times").by_code["over_8w"].label("ko") == "8주 초과"


def test_free_text_that_names_a_value_maps_to_its_id():
    """Existing free text keeps working: a name in any language becomes the id, anything else stays as written."""
    assert map_value("materials", "소가죽") == map_value("materials", "cowhide") == "shoes_leather.cowhide"
    assert map_value("equipment", "CNC 선반") == "machine_metal.cnc_lathe"
    assert map_value("materials", "  leather   soles ") == "leather soles"  # a glossary term, not a material
    assert map_value("materials", "shoes_leather.cowhide") == "shoes_leather.cowhide"


def test_a_form_shows_stored_values_as_ticks_and_other_text():
    """Stored values split into the codes to tick (names of codes included) and the rest, in order."""
    assert split_values("materials", ["leather soles", "소가죽", "shoes_leather.suede", "cowhide"]) == (
        ["shoes_leather.cowhide", "shoes_leather.suede"], ["leather soles"])


def test_one_list_refuses_unknown_ids_but_keeps_free_text():
    """In a list that mixes ids and text, an id-shaped value the vocabulary lacks is a mistake, not text."""
    assert clean_list("materials", ["shoes_leather.cowhide", "和紙の芯材", "suede"]) == [
        "shoes_leather.cowhide", "和紙の芯材", "shoes_leather.suede"]
    with pytest.raises(VocabularyError):
        clean_list("materials", ["shoes_leather.unobtainium"])


def test_ids_and_texts_given_apart_are_checked_each():
    """Codes must be known; each text is one value; blank, overlong and too many are refused."""
    assert compose_values("capabilities", ["machine_metal.cnc_milling"], ["jig design, fixtures"]) == [
        "machine_metal.cnc_milling", "jig design, fixtures"]
    for codes, texts in ((["nope"], []), ([], [" "]), ([], ["x" * 201]), (["machine_metal.cnc_milling"] * 31, [])):
        with pytest.raises(VocabularyError):
            compose_values("capabilities", codes, texts)


def test_readers_see_ids_by_name_and_search_finds_every_language():
    """Labels follow the reader's language; search text holds the names in all five."""
    assert labels("materials", ["shoes_leather.cowhide", "和紙の芯材"], "ko") == ["소가죽", "和紙の芯材"]
    text = search_text("materials", ["shoes_leather.cowhide", "horsehair"])
    term = load_glossary().get("shoes_leather.cowhide")
    assert all(term.name(lang) in text for lang in LANGS) and "horsehair" in text
    # The page filter shows a stored id by its name too.
    assert vocabulary_tag("shoes_leather.cowhide", "ja") == (term.name("ja"), None)
