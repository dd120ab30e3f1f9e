"""Pages speak the page's language: vocabulary tags through the glossary (else marked with their language),
Korean times with 오전/오후, language names in the page's language, roles and kinds in words."""

import datetime as dt

import pytest
from flask import g, render_template_string

from i18n.glossary import guess_lang, load_glossary, vocabulary_tag


def test_glossary_looks_up_a_term_by_any_of_its_names():
    """A tag that is exactly a glossary name (any language, any case, plural) finds its term."""
    glossary = load_glossary()
    assert glossary.lookup("Brass").id == glossary.lookup("황동").id == glossary.lookup("真鍮").id
    assert glossary.lookup("leather soles") is not None
    assert glossary.lookup("brass and copper") is None and glossary.lookup("") is None


@pytest.mark.parametrize(("tag", "locale", "shown"), [
    ("brass", "ko", ("황동", None)),
    ("letterpress", "ja", ("活版印刷", None)),
    ("황동", "en", ("brass", None)),
    ("brass", "en", ("brass", None)),
    ("post-bed sewing machines (Dürkopp Adler)", "ko", ("post-bed sewing machines (Dürkopp Adler)", "en")),
    ("수제 구두 수선", "ja", ("수제 구두 수선", "ko")),
])
def test_vocabulary_tags_are_translated_or_marked(tag, locale, shown):
    """A glossary term reads in the page's language; other tags stay as written, with their language."""
    assert vocabulary_tag(tag, locale) == shown


def test_guess_lang_by_script():
    """Hangul is Korean, kana Japanese, other Han Chinese, Vietnamese letters Vietnamese, else English."""
    assert [guess_lang(t) for t in ("가죽", "レザー", "皮革", "da bò thuộc", "leather")] == \
        ["ko", "ja", "zh_Hans", "vi", "en"]


def _render(app, locale: str, source: str, **context) -> str:
    with app.test_request_context(f"/{locale}/"):
        g.locale = locale
        return render_template_string(source, **context)


def test_vocab_filter_marks_the_makers_own_words(app):
    """The filter gives the glossary name, or the tag inside an element naming its language."""
    assert _render(app, "ko", "{{ 'calfskin' | vocab }}") == "송아지 가죽"
    assert _render(app, "ko", "{{ tag | vocab }}", tag="hand <b>stitched</b>") == \
        '<span lang="en">hand &lt;b&gt;stitched&lt;/b&gt;</span>'


def test_korean_times_read_ojeon_ohu(app):
    """Korean dates and times say 오후/오전, never PM/AM; English keeps PM."""
    moment = dt.datetime(2026, 12, 7, 15, 4, tzinfo=dt.UTC)
    ko = _render(app, "ko", "{{ t | format_datetime('short') }} {{ t | format_datetime }} {{ t | format_time }}",
                 t=moment)
    assert "오후" in ko and "PM" not in ko and "AM" not in ko
    assert "오전" in _render(app, "ko", "{{ t | format_datetime('short') }}", t=moment - dt.timedelta(hours=12))
    assert "PM" in _render(app, "en", "{{ t | format_datetime('short') }}", t=moment)


def test_language_names_are_in_the_page_language(app):
    """The content fallback notice names languages in the page's language."""
    assert _render(app, "ko", "{{ language_name('en') }}") == "영어"
    assert _render(app, "ja", "{{ language_name('ko') }}") == "韓国語"


def test_roles_and_kinds_have_words(app):
    """Organisation kinds and roles read as words in the page's language, never as codes."""
    source = "{{ org_kind_label('maker') }}|{{ user_role_label('curator') }}|{{ membership_role_label('owner') }}"
    assert _render(app, "ko", source) == "제조사|큐레이터|소유자"


def test_peoples_words_in_another_language_are_marked(app):
    """A message written in another script than the page's gets a lang attribute; one in the page's does not."""
    source = "<p{{ text | lang_attr }}>{{ text }}</p>"
    assert _render(app, "ko", source, text="Do you need the parts packed?") == \
        '<p lang="en">Do you need the parts packed?</p>'
    assert _render(app, "ko", source, text="개별 포장이 필요하신가요?") == "<p>개별 포장이 필요하신가요?</p>"
    assert _render(app, "en", source, text="Packed individually.") == "<p>Packed individually.</p>"
