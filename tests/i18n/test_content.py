"""Listings in several languages: stored per locale with origin and review flag, shown with fallback."""

import pytest

from i18n import content


def test_fallback_chain_requested_then_english_then_korean(app, db_session):
    """Pages show the requested locale, else English, else Korean, and know when they fell back."""
    content.set_text(db_session, "product", 1, "title", "ko", "수제 첼시 부츠", "author", True)
    ko_only = content.localize(db_session, "product", 1, ["title"], "ja")["title"]
    assert (ko_only.text, ko_only.locale, ko_only.is_fallback) == ("수제 첼시 부츠", "ko", True)
    content.set_text(db_session, "product", 1, "title", "en", "Handmade Chelsea boots")
    assert content.localize(db_session, "product", 1, ["title"], "ja")["title"].locale == "en"
    content.set_text(db_session, "product", 1, "title", "ja", "手作りチェルシーブーツ", "machine")
    ja = content.localize(db_session, "product", 1, ["title"], "ja")["title"]
    assert (ja.text, ja.is_fallback, ja.source, ja.reviewed) == ("手作りチェルシーブーツ", False, "machine", False)
    assert content.localize(db_session, "product", 1, ["description"], "ja")["description"] is None


def test_texts_are_replaced_and_removed(app, db_session):
    """Saving again replaces a text; saving it empty removes that translation."""
    content.set_text(db_session, "product", 2, "title", "vi", "Bốt da")
    content.set_text(db_session, "product", 2, "title", "vi", "Bốt Chelsea da bê", reviewed=True)
    texts = content.load_texts(db_session, "product", [2])[2]
    assert texts["title"]["vi"].text == "Bốt Chelsea da bê" and texts["title"]["vi"].reviewed
    content.set_text(db_session, "product", 2, "title", "vi", "  ")
    assert content.load_texts(db_session, "product", [2])[2] == {}


def test_unknown_locale_and_huge_text_are_refused(app, db_session):
    """Only the five locales are accepted, and texts have a size limit."""
    with pytest.raises(content.ContentError):
        content.set_text(db_session, "product", 3, "title", "de", "Stiefel")
    with pytest.raises(content.ContentError):
        content.set_text(db_session, "product", 3, "title", "en", "x" * (content.MAX_TEXT + 1))
    assert content.load_texts(db_session, "product", [3])[3] == {}


def test_completeness_per_locale(app, db_session):
    """Completeness counts the fields written per locale and names what is missing."""
    for field in ("title", "description"):
        content.set_text(db_session, "product", 4, field, "ko", f"{field} ko", "author", True)
    content.set_text(db_session, "product", 4, "title", "en", "title en")
    texts = content.load_texts(db_session, "product", [4])[4]
    report = content.completeness(texts, ["title", "description"])
    assert report.percent("ko") == 100 and report.percent("en") == 50 and report.percent("vi") == 0
    assert report.missing("en") == ("description",)
    assert report.reviewed["ko"] == ("title", "description") and report.reviewed["en"] == ()


def test_one_field_of_many_entities_resolves_in_one_go(app, db_session):
    """Titles of several listings come back by id in the asked language, with fallback; ids without it are
    left out and a missing id (None) is ignored."""
    content.set_text(db_session, "product", 11, "title", "ko", "가죽 지갑", "author", True)
    content.set_text(db_session, "product", 11, "title", "ja", "革の財布")
    content.set_text(db_session, "product", 12, "title", "en", "Brass ring")
    titles = content.resolve_many(db_session, "product", [11, 12, 13, None], "title", "ja")
    assert set(titles) == {11, 12}
    assert (titles[11].text, titles[11].is_fallback) == ("革の財布", False)
    assert (titles[12].text, titles[12].locale, titles[12].is_fallback) == ("Brass ring", "en", True)
