"""The translation editor: makers see what is missing, translate side by side with glossary hints, and
cannot touch others' listings."""

import re

import pytest
from sqlmodel import select

from catalog.products.models import ProductStatus
from catalog.products.services import add_product
from i18n import content
from tests.helpers import csrf_token, sign_in


@pytest.fixture
def listing(app, db_session, make_user, make_org):
    """A Mullae-dong maker's product written in Korean with an English translation."""
    owner = make_user()
    maker = make_org(owner, kind="maker", name="Hanbit Precision", cluster_code="mullae",
                     about="문래동의 정밀 가공 공방입니다.")
    product = add_product(
        db_session, maker, status=ProductStatus.published, category="machined_parts", price_krw=48_000,
        title={"ko": "CNC 밀링 알루미늄 하우징", "en": "CNC-milled aluminium housing"},
        description={"ko": "와이어 커팅과 아노다이징 마감을 한 CNC 밀링 부품입니다.",
                     "en": "A CNC-milled part with anodising."},
    )
    db_session.commit()
    client = app.test_client()
    sign_in(client, owner)
    return client, maker, product


def test_overview_lists_completeness(listing):
    """The translations page lists the profile and products with their completeness per language."""
    client, maker, _product = listing
    page = client.get("/en/translations/").get_data(as_text=True)
    assert "Hanbit Precision" in page and "CNC 밀링 알루미늄 하우징" in page
    assert "100%" in page and "0%" in page and "日本語" in page


def test_editor_saves_translations_with_origin(listing, db_session):
    """Saving a Japanese translation stores it as a person's translation; the reviewed tick is kept."""
    client, _maker, product = listing
    url = f"/en/translations/product/{product.id}"
    page = client.get(url).get_data(as_text=True)
    assert "No machine translation service is configured" in page
    data = {"csrf_token": csrf_token(client, url), "action": "save",
            "title__ko": "CNC 밀링 알루미늄 하우징", "title__en": "CNC-milled aluminium housing",
            "description__ko": "와이어 커팅과 아노다이징 마감을 한 CNC 밀링 부품입니다.",
            "description__en": "A CNC-milled part with anodising.", "reviewed__title__en": "y",
            "title__ja": "CNCフライス加工アルミハウジング"}
    response = client.post(url, data=data)
    assert response.status_code == 302
    texts = content.load_texts(db_session, "product", [product.id])[product.id]
    assert texts["title"]["ja"].text == "CNCフライス加工アルミハウジング"
    assert texts["title"]["ja"].source == "translator" and not texts["title"]["ja"].reviewed
    assert texts["title"]["en"].reviewed and texts["title"]["ko"].source == "author"


def test_emptying_the_original_is_refused(listing, db_session):
    """The Korean original cannot be blanked; the form re-renders with the message and nothing changes."""
    client, _maker, product = listing
    url = f"/en/translations/product/{product.id}"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "action": "save",
                                      "title__ko": "", "title__en": "Changed title"})
    assert response.status_code == 422 and "The original text cannot be empty." in response.get_data(as_text=True)
    texts = content.load_texts(db_session, "product", [product.id])[product.id]
    assert texts["title"]["en"].text == "CNC-milled aluminium housing"


def test_glossary_hints_show_agreed_terms(listing):
    """The editor suggests the glossary's terms for the source's technical words in each language."""
    client, _maker, product = listing
    page = client.get(f"/en/translations/product/{product.id}").get_data(as_text=True)
    hints = page[page.index('id="col-ja"'):]
    assert "CNC 밀링" in hints and "→" in hints
    assert re.search(r"not used yet", hints)


def test_others_cannot_open_the_editor(app, listing, make_user):
    """Another user's request for the editor answers 404."""
    _client, _maker, product = listing
    stranger = app.test_client()
    sign_in(stranger, make_user())
    assert stranger.get(f"/en/translations/product/{product.id}").status_code == 404
    assert stranger.get("/en/translations/organization/999999").status_code == 404


def test_machine_fill_with_a_configured_service(app, listing, db_session, monkeypatch, fake_service):
    """With a translation service, empty fields are filled as unreviewed machine translations."""
    from i18n import providers

    client, _maker, product = listing
    monkeypatch.setitem(app.extensions, providers.EXTENSION,
                        providers.LibreTranslateProvider(fake_service, api_key="secret-key"))
    url = f"/en/translations/product/{product.id}"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "action": "machine"})
    assert response.status_code == 302
    rows = db_session.exec(select(content.ContentTranslation).where(
        content.ContentTranslation.entity_id == product.id, content.ContentTranslation.entity == "product",
        content.ContentTranslation.locale == "vi")).all()
    assert {r.field for r in rows} == {"title", "description"}
    assert all(r.source == "machine" and not r.reviewed and r.text.startswith("[vi] ") for r in rows)
