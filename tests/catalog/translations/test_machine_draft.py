"""The listing editor's machine draft with a provider that has models for some pairs only (an in-process
engine over an operator's folder): the languages it can reach are filled as unreviewed drafts, the others are
left for people instead of failing the whole fill."""

from sqlmodel import select

from catalog.products.models import ProductStatus
from catalog.products.services import add_product
from i18n import content, providers
from tests.helpers import csrf_token, sign_in


class KoreanToVietnameseOnly(providers.LibreTranslateProvider):
    """The fake service behind a provider that, like an engine with one model, supports Korean → Vietnamese."""

    def supports(self, source, target):
        return (source, target) == ("ko", "vi")


def test_machine_draft_fills_only_the_pairs_the_provider_has(app, db_session, make_user, make_org, monkeypatch,
                                                              fake_service):
    """Vietnamese is drafted (unreviewed, marked machine); Japanese and Chinese stay empty; nothing fails."""
    owner = make_user()
    maker = make_org(owner, kind="maker", name="Hanbit Precision", cluster_code="mullae")
    product = add_product(db_session, maker, status=ProductStatus.published, category="machined_parts",
                          price_krw=48_000, title={"ko": "CNC 밀링 알루미늄 하우징"},
                          description={"ko": "아노다이징 마감을 한 CNC 밀링 부품입니다."})
    db_session.commit()
    client = app.test_client()
    sign_in(client, owner)
    monkeypatch.setitem(app.extensions, providers.EXTENSION,
                        KoreanToVietnameseOnly(fake_service, api_key="secret-key"))
    url = f"/en/translations/product/{product.id}"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "action": "machine"})
    assert response.status_code == 302
    rows = db_session.exec(select(content.ContentTranslation).where(
        content.ContentTranslation.entity == "product", content.ContentTranslation.entity_id == product.id,
        content.ContentTranslation.locale != "ko")).all()
    assert {(r.locale, r.field) for r in rows} == {("vi", "title"), ("vi", "description")}
    assert all(r.source == "machine" and not r.reviewed for r in rows)
