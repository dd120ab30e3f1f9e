"""Search tokens in the five languages: each language's analyser, one-character words, English stems and no
function words."""

from i18n.text import analyser_for, query_tokens, surface_forms, tokenize


def test_japanese_is_read_by_its_morphological_analyser():
    """Japanese words come out whole (with particles dropped) and kanji words also give their characters."""
    tokens = tokenize("シルバー925の指輪をロストワックス鋳造で作りました", "ja")
    assert {"シルバー", "指輪", "鋳造", "作る"} <= set(tokens)
    assert "の" not in tokens and "を" not in tokens
    assert {"指", "輪"} <= set(tokens)


def test_one_character_words_match_the_words_that_contain_them():
    """A one-character query (靴, 革) shares a token with a text naming 革靴, in Japanese and in Chinese."""
    assert set(query_tokens("靴", "ja")) & set(tokenize("手縫いの革靴", "ja"))
    assert set(query_tokens("革", "ja")) & set(tokenize("手縫いの革靴", "ja"))
    assert set(query_tokens("皮", "zh_Hans")) & set(tokenize("手工皮鞋", "zh_Hans"))


def test_chinese_and_vietnamese_are_segmented_into_words():
    """jieba splits Chinese into words; pyvi joins Vietnamese syllables into words and keeps the syllables."""
    assert {"戒指", "铸造"} <= set(tokenize("纯银戒指采用失蜡铸造工艺", "zh_Hans"))
    tokens = tokenize("Túi da thủ công", "vi")
    assert "thủ_công" in tokens and {"túi", "da", "thủ", "công"} <= set(tokens)


def test_vietnamese_words_spelt_like_english_function_words_are_kept():
    """"in" (print), "may" (sew) and "to" (big) are Vietnamese words, not English stop words; Vietnamese
    function words are still dropped."""
    assert "in" in tokenize("sửa chữa bảng mạch in", "vi") and "in" in tokenize("mực in", "vi")
    assert "may" in tokenize("camera kiểm tra lỗi may", "vi")
    assert "to" in tokenize("túi to", "vi")
    assert not {"và", "cho"} & set(tokenize("mực in cho túi và ví", "vi"))
    assert "in" not in tokenize("printed in Seoul", "en")


def test_han_text_is_read_in_the_language_of_the_page():
    """Kanji-only text is Japanese on a Japanese page and Chinese elsewhere; Hangul is always Korean."""
    assert analyser_for("指輪", "ja") == "ja" and analyser_for("指輪", "zh_Hans") == "zh"
    assert analyser_for("반지", "ja") == "ko" and analyser_for("nhẫn bạc", None) == "vi"


def test_english_words_are_stemmed_and_function_words_dropped():
    """"cast" finds "casting"; "for", "and", "on", "that" never become tokens."""
    assert tokenize("cast") == tokenize("casting") == ["cast"]
    assert tokenize("rings for the shoes and bags on that shelf") == ["ring", "shoe", "bag", "shelf"]
    assert "cast" in query_tokens("lost-wax casting", "en")
    assert surface_forms("Lost-wax casting of jewelry")["jewelri"] == "jewelry"


def test_glossary_concepts_bridge_kanji_and_korean():
    """The glossary names 指輪, 靴, 鞄 and 鋳造, so Japanese and Korean queries share concept tokens."""
    for japanese, korean in (("指輪", "반지"), ("靴", "구두"), ("鞄", "가방"), ("鋳造", "주조")):
        concepts = {t for t in query_tokens(japanese, "ja") if t.startswith("§")}
        assert concepts and concepts <= set(query_tokens(korean, "ko")), japanese


def test_a_narrow_concept_also_stands_for_its_wider_one():
    """A die-casting mould is also about casting, Chelsea boots are shoes: search finds them by the wider word."""
    assert "§machine_metal.casting" in query_tokens("die-casting mould", "en")
    assert "§shoes_leather.shoes" in query_tokens("첼시 부츠", "ko")
