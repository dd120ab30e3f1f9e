"""Everyday trade terms in the glossary: machine-shop materials, processes and measurement, and leather, jewelry,
print and textile terms, found across languages without matching inside unrelated words."""

import pytest

from i18n.glossary import load_glossary


@pytest.fixture(scope="module")
def glossary():
    """The project's glossary."""
    return load_glossary()


def _with_broader(text, lang):
    """The concepts search indexes for ``text`` (each found one and its wider ones), as ids."""
    from i18n.text import CONCEPT_PREFIX, concept_tokens

    return {token.removeprefix(CONCEPT_PREFIX) for token in concept_tokens(text, lang)}


def test_a_korean_machine_shop_text_and_its_english_version_share_the_new_concepts(glossary):
    """Carbide, EDM hole drilling, honing, runout, flatness and hardness testing are named alike in both texts."""
    korean = (
        "문래동 공장에서 초경합금과 인코넬 부품의 세공 방전 가공과 호닝을 합니다. 런아웃과 평탄도는 다이얼 게이지로 "
        "확인하고, 진공 열처리 뒤 경도 측정 결과를 검사 성적서와 밀시트로 드립니다."
    )
    english = (
        "A Mullae-dong shop doing EDM hole drilling and honing of cemented carbide and Inconel parts. Runout and "
        "flatness are checked with a dial indicator, and after vacuum heat treatment the hardness testing results "
        "come with an inspection report and a mill test certificate."
    )
    expected = {
        "machine_metal.cemented_carbide",
        "machine_metal.nickel_alloy",
        "machine_metal.edm_hole_drilling",
        "machine_metal.honing",
        "machine_metal.runout",
        "machine_metal.flatness",
        "machine_metal.dial_indicator",
        "machine_metal.vacuum_heat_treatment",
        "machine_metal.hardness_testing",
        "general.inspection_report",
        "general.material_certificate",
    }
    ko, en = glossary.concepts(korean, "ko"), glossary.concepts(english, "en")
    assert expected <= ko
    assert ko == en


@pytest.mark.parametrize(
    ("text", "lang", "term_id"),
    [
        ("超硬合金の微細穴加工", "ja", "machine_metal.cemented_carbide"),
        ("钨钢零件", "zh_Hans", "machine_metal.cemented_carbide"),
        ("hợp kim cứng", "vi", "machine_metal.cemented_carbide"),
        ("초경 공구 재연마", "ko", "machine_metal.cemented_carbide"),
        ("carbide end mills", "en", "machine_metal.cemented_carbide"),
        ("微細穴加工", "ja", "machine_metal.micro_drilling"),
        ("Fine-hole machining down to 0.05 mm", "en", "machine_metal.micro_drilling"),
        ("쇼트 피닝 처리", "ko", "machine_metal.shot_peening"),
        ("SCM440 shafts", "en", "machine_metal.chromoly_steel"),
        ("노기스와 핀 게이지", "ko", "machine_metal.vernier_caliper"),
        ("ロードセル", "ja", "machine_metal.load_cell"),
        ("Centerless grinding of pins", "en", "machine_metal.centreless_grinding"),
        ("NCT 가공과 절곡", "ko", "machine_metal.turret_punching"),
        ("인조 가죽 파우치", "ko", "shoes_leather.synthetic_leather"),
        ("moissanite rings", "en", "jewelry.moissanite"),
        ("벨벳 코팅 명함", "ko", "printing.soft_touch_lamination"),
        ("dây thun may mặc", "vi", "sewing.elastic_band"),
    ],
)
def test_new_terms_are_found_in_their_languages(glossary, text, lang, term_id):
    """Each new concept is found by its name or a common alias, in any of its languages."""
    assert term_id in glossary.concepts(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "term_id", "wider"),
    [
        ("미세홀 가공", "ko", "machine_metal.micro_drilling", "machine_metal.drilling"),
        ("vacuum hardening", "en", "machine_metal.vacuum_heat_treatment", "machine_metal.heat_treatment"),
        ("연질화 처리", "ko", "machine_metal.nitrocarburising", "machine_metal.nitriding"),
        ("grinding wheels", "en", "machine_metal.grinding_wheel", "machine_metal.grinding"),
        ("硬质合金", "zh_Hans", "machine_metal.cemented_carbide", "machine_metal.alloy"),
        ("은도금", "ko", "jewelry.silver_plating", "machine_metal.plating"),
    ],
)
def test_a_narrower_term_keeps_the_wider_concept_its_name_contains(text, lang, term_id, wider):
    """A new term whose name contains an older one (미세홀 가공 ⊃ 가공, 硬质合金 ⊃ 合金) keeps that concept as wider."""
    assert {term_id, wider} <= _with_broader(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "term_id"),
    [
        ("초경량 송아지 가죽 로퍼", "ko", "machine_metal.cemented_carbide"),  # 초경량: ultra-light
        ("영상 스트리밍 모듈", "ko", "machine_metal.reaming"),
        ("USB 디바이스 케이스", "ko", "machine_metal.machine_vise"),
        ("ストリーミング対応デバイス", "ja", "machine_metal.reaming"),
        ("フリースタイル", "ja", "sewing.fleece"),
        ("벨벳 코팅 명함", "ko", "sewing.velvet"),  # a print finish, not the fabric
        ("nỗ lực cắt giảm chi phí", "vi", "machine_metal.cutting_force"),
        ("pressure sensor", "en", "machine_metal.load_cell"),
        ("normalized vibration data", "en", "machine_metal.normalising"),
        ("粘胶带", "zh_Hans", "sewing.rayon"),
    ],
)
def test_new_terms_do_not_match_inside_unrelated_words(glossary, text, lang, term_id):
    """Aliases are specific enough not to match inside unrelated words (초경량, 스트리밍, 디바이스, フリースタイル)."""
    assert term_id not in glossary.concepts(text, lang)
