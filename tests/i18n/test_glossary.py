"""The manufacturing glossary: five-language terms, finding them in texts, suggestions, concepts and search."""

import json

import pytest

from i18n.glossary import DATA_PATH, DOMAINS, LANGS, glossary_from_file, load_glossary

MINIMUMS = {"shoes_leather": 55, "jewelry": 55, "machine_metal": 80, "printing": 40, "sewing": 50, "general": 25}

VALID_ENTRY = {
    "id": "jewelry.lost_wax_casting", "domain": "jewelry", "ko": "로스트왁스 주조", "en": "lost-wax casting",
    "ja": "ロストワックス鋳造", "zh_Hans": "失蜡铸造", "vi": "đúc sáp chảy",
    "aliases": {"en": ["investment casting"], "ko": ["왁스 주조"]},
}


@pytest.fixture(scope="module")
def glossary():
    """The project's glossary."""
    return load_glossary()


def _raw_entries():
    return json.loads(DATA_PATH.read_text(encoding="utf-8"))


def _found(glossary, text, lang):
    return [(match.term.id, match.text) for match in glossary.find_terms(text, lang)]


def _write(tmp_path, entries):
    path = tmp_path / "glossary.json"
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    return path


def test_glossary_has_300_concepts_and_enough_in_every_domain(glossary):
    """The glossary holds at least 300 concepts, and at least the agreed number in every trade."""
    assert len(glossary) >= 300
    counts = glossary.domains()
    assert list(counts) == list(DOMAINS)
    for domain, minimum in MINIMUMS.items():
        assert counts[domain] >= minimum, domain


def test_every_concept_is_named_in_all_five_languages(glossary):
    """Every concept has a non-empty main name in Korean, English, Japanese, Chinese and Vietnamese."""
    for entry in _raw_entries():
        for lang in LANGS:
            assert isinstance(entry[lang], str) and entry[lang].strip(), (entry["id"], lang)
    for term in glossary:
        assert all(term.name(lang) for lang in LANGS)


def test_ids_and_main_names_are_unique_per_language():
    """No two concepts share an id, and no two share a main name in the same language."""
    entries = _raw_entries()
    ids = [entry["id"] for entry in entries]
    assert len(ids) == len(set(ids))
    assert all(entry["id"].startswith(f"{entry['domain']}.") for entry in entries)
    for lang in LANGS:
        names = [entry[lang] for entry in entries]
        assert len(names) == len(set(names)), {name for name in names if names.count(name) > 1}


@pytest.mark.parametrize(
    "text",
    ["로스트왁스 주조로 반지를 만듭니다.", "로스트왁스주조로 반지를 만듭니다.", "로스트 왁스 주조를 맡깁니다."],
)
def test_korean_terms_are_found_before_particles_and_whatever_the_spacing(glossary, text):
    """A Korean term is found with a particle attached and with its spaces dropped or added."""
    expected = {"jewelry.lost_wax_casting"} | ({"jewelry.ring"} if "반지" in text else set())
    assert glossary.concepts(text, "ko") == expected


def test_korean_latin_terms_take_particles_but_not_longer_codes(glossary):
    """A Korean term spelled in Latin letters takes particles ("CNC 밀링을") but is not part of a longer code."""
    assert _found(glossary, "문래동에서 CNC 밀링을 합니다.", "ko") == [("machine_metal.cnc_milling", "CNC 밀링")]
    assert _found(glossary, "SUS304 판재", "ko") == [("machine_metal.stainless_steel_304", "SUS304")]
    assert glossary.find_terms("SUS304L 판재", "ko") == []


@pytest.mark.parametrize(
    ("text", "term_id", "surface"),
    [
        ("LOST-WAX CASTING for small runs", "jewelry.lost_wax_casting", "LOST-WAX CASTING"),
        ("we do lost wax casting", "jewelry.lost_wax_casting", "lost wax casting"),
        ("spare ball screws in stock", "machine_metal.ball_screw", "ball screws"),
        ("two progressive press dies", "machine_metal.press_die", "press dies"),
        ("injection moulds", "machine_metal.injection_mould", "injection moulds"),
        ("injection molds", "machine_metal.injection_mould", "injection molds"),
        ("Anodized parts", "machine_metal.anodising", "Anodized"),
        ("royalties are paid yearly", "general.royalty", "royalties"),
        ("İzmir buyers want CNC Milling", "machine_metal.cnc_milling", "CNC Milling"),
    ],
)
def test_english_matching_ignores_case_plurals_hyphens_and_spelling(glossary, text, term_id, surface):
    """English terms match in any case, with -s/-es/-ies plurals, hyphen or space, British or American."""
    assert _found(glossary, text, "en") == [(term_id, surface)]


def test_english_matches_whole_words_only(glossary):
    """An English term does not match inside a longer word."""
    assert glossary.find_terms("broadcasting and remilling", "en") == []


def test_vietnamese_matching_ignores_case_and_tone_mark_placement(glossary):
    """Vietnamese terms match in any case and with old- or new-style tone marks ("hoá"/"hóa")."""
    text = "Xưởng nhận ANOD HOÁ nhôm và tự động hóa."
    assert glossary.concepts(text, "vi") == {
        "general.workshop", "machine_metal.anodising", "machine_metal.aluminium", "machine_metal.automation",
    }


def test_the_longest_overlapping_term_wins(glossary):
    """Of overlapping terms the longest wins: "5-axis CNC milling" is 5-axis machining, not CNC milling."""
    assert glossary.get("machine_metal.cnc_milling") is not None
    assert _found(glossary, "We offer 5-axis CNC milling.", "en") == [
        ("machine_metal.5_axis_machining", "5-axis CNC milling")
    ]
    assert glossary.concepts("로스트왁스 주조", "ko") == {"jewelry.lost_wax_casting"}


def test_matches_carry_their_span_in_the_input(glossary):
    """Each match reports the matched text and where it is in the input, in text order."""
    text = "Goodyear welt construction, leather soles and a shoe last."
    matches = glossary.find_terms(text, "en")
    assert [match.text for match in matches] == ["Goodyear welt construction", "leather soles", "shoe last"]
    assert all(text[match.start : match.end] == match.text and match.lang == "en" for match in matches)


def test_suggest_gives_the_target_names_for_a_korean_sentence(glossary):
    """Suggestions list each term of the Korean text once, in order, with its Japanese, English or Vietnamese name."""
    text = "로스트왁스 주조로 만든 18K 금 반지에 로듐 도금을 하고, 로스트왁스 주조 원형은 보관합니다."
    expected = {
        "ja": ["ロストワックス鋳造", "K18", "指輪", "ロジウムメッキ"],
        "en": ["lost-wax casting", "18K gold", "ring", "rhodium plating"],
        "vi": ["đúc sáp chảy", "vàng 18K", "nhẫn", "xi rhodium"],
    }
    for target, names in expected.items():
        suggestions = glossary.suggest(text, "ko", target)
        assert [name for _, name in suggestions] == names
        assert [match.text for match, _ in suggestions] == ["로스트왁스 주조", "18K 금", "반지", "로듐 도금"]


def test_a_korean_description_and_its_english_version_share_concepts(glossary):
    """A Korean and an English description of the same Mullae-dong workshop reduce to the same concept ids."""
    korean = (
        "문래동에서 30년째 CNC 밀링과 와이어 커팅을 하는 공장입니다. 알루미늄 6061 부품을 가공한 뒤 "
        "아노다이징까지 한 번에 처리하고, 시제품 가공부터 소량 생산까지 맡습니다."
    )
    english = (
        "A Mullae-dong machine shop that has done CNC milling and wire EDM for 30 years. We machine "
        "aluminium 6061 parts and handle anodising in-house, from prototype machining to small-batch production."
    )
    ko, en = glossary.concepts(korean, "ko"), glossary.concepts(english, "en")
    assert ko == en
    assert {"machine_metal.cnc_milling", "machine_metal.wire_edm", "machine_metal.anodising"} <= ko


def test_search_finds_terms_by_prefix_in_japanese_and_english(glossary):
    """Search finds a term from the start of a name, prefix matches first, in one language or in all."""
    assert glossary.search("ロストワックス")[0].id == "jewelry.lost_wax_casting"
    assert glossary.search("ワイヤー", lang="ja")[0].id == "machine_metal.wire_edm"
    anod = [term.id for term in glossary.search("Anod", lang="en")]
    assert anod[0] == "machine_metal.anodising"
    assert anod.index("machine_metal.hard_anodising") > 0
    assert glossary.search("anod", lang="ko") == []
    assert glossary.search("duc sap")[0].id == "jewelry.lost_wax_casting"
    assert len(glossary.search("CNC", limit=3)) == 3


def test_terms_are_looked_up_by_id_and_name_their_languages(glossary):
    """A term is found by id and gives its name per language; an unknown id or language is refused."""
    term = glossary.get("machine_metal.wire_edm")
    assert term.name("ko") == "와이어 커팅" and term.name("en") == "wire EDM"
    assert "와이어 방전 가공" in term.forms("ko")
    assert glossary.get("machine_metal.no_such_thing") is None
    with pytest.raises(ValueError, match="fr"):
        term.name("fr")
    with pytest.raises(ValueError, match="fr"):
        glossary.find_terms("text", "fr")


def test_load_glossary_is_loaded_once():
    """The glossary file is read and compiled once per process."""
    assert load_glossary() is load_glossary()


def test_a_valid_file_loads(tmp_path):
    """A well-formed file gives a working glossary."""
    glossary = glossary_from_file(_write(tmp_path, [VALID_ENTRY]))
    assert len(glossary) == 1 and glossary.domains()["jewelry"] == 1
    assert glossary.concepts("Investment casting of rings", "en") == {"jewelry.lost_wax_casting"}


@pytest.mark.parametrize(
    "change",
    [
        {"ja": ""},
        {"vi": None},
        {"zh_Hans": 3},
        {"domain": "pottery"},
        {"aliases": {"fr": ["coulée"]}},
        {"aliases": {"en": "investment casting"}},
        {"aliases": {"en": [""]}},
        {"colour": "red"},
    ],
)
def test_a_bad_entry_is_rejected_naming_its_id(tmp_path, change):
    """A missing or empty language, an unknown domain or malformed aliases fail to load, naming the entry."""
    bad = {**VALID_ENTRY, "id": "jewelry.broken_entry", "ko": "깨진 항목", "en": "broken entry", **change}
    with pytest.raises(ValueError, match=r"jewelry\.broken_entry"):
        glossary_from_file(_write(tmp_path, [VALID_ENTRY, bad]))


def test_duplicate_ids_and_shared_names_are_rejected(tmp_path):
    """Two entries with one id, or with the same name in one language, fail to load, naming the ids."""
    with pytest.raises(ValueError, match=r"jewelry\.lost_wax_casting"):
        glossary_from_file(_write(tmp_path, [VALID_ENTRY, VALID_ENTRY]))
    twin = {"id": "jewelry.investment_casting", "domain": "jewelry", "ko": "인베스트먼트 주조",
            "en": "Investment-Casting", "ja": "インベストメント鋳造", "zh_Hans": "熔模铸造", "vi": "đúc mẫu chảy"}
    with pytest.raises(ValueError, match=r"jewelry\.investment_casting.*jewelry\.lost_wax_casting"):
        glossary_from_file(_write(tmp_path, [VALID_ENTRY, twin]))


def test_broader_concepts_name_existing_terms(glossary):
    """A concept's wider concepts (die casting → casting, boots → shoes) are concepts of the glossary."""
    ids = {term.id for term in glossary}
    broader = {b for term in glossary for b in term.broader}
    assert broader and broader <= ids
    assert "machine_metal.casting" in glossary.get("machine_metal.die_casting").broader
