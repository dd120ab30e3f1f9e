"""The curator's review shows what is needed to judge a claim: how long the applicant has been on the platform,
how complete its profile is and what it lacks, its other products, and the decisions on its earlier
applications."""

from __future__ import annotations

import datetime as dt

from catalog.certification import services
from catalog.products.models import ProductStatus
from catalog.products.services import add_product
from market.accounts.services import set_about


def test_record_counts_days_completeness_products_and_past_decisions(db_session, workshop, curator, submitted):
    """A rejected earlier application is listed with its reasons and curator; products outside the new
    application (drafts too) are listed; the age is counted from the organisation's creation; a profile with a
    cluster and founding year but no story, district, website or photos is partly complete."""
    first = submitted(workshop, products=[workshop.products[0].id])
    services.reject_application(db_session, curator.user, first.id, "The origin report is unsigned.")
    db_session.commit()
    second = services.reapply(db_session, workshop.owner, first.id)
    draft = add_product(db_session, workshop.org, status=ProductStatus.draft, category="shoes", price_krw=1,
                        title={"ko": "시제품 로퍼", "en": "Prototype loafer"}, description={"ko": "시제품."})
    db_session.commit()
    later = workshop.org.created_at + dt.timedelta(days=400)
    record = services.applicant_record(db_session, second, "en", now=later)
    assert record.days_on_platform == 400
    assert [i.title.text for i in record.other_products] == ["Prototype loafer", "Saesol Shoes boots 1"]
    assert draft.id in {i.product.id for i in record.other_products}
    [past] = record.past_decisions
    assert (past.application.id, past.item.decision.action, past.item.curator_name) == (first.id, "reject",
                                                                                        "Curator Han")
    assert "unsigned" in past.item.decision.reasons
    parts = dict(record.completeness.parts)
    assert parts["Cluster"] and parts["Year founded"] and not parts["Website"] and not parts["Workshop photos"]
    assert 0 < record.completeness.percent < 100 and "Website" in record.completeness.missing


def test_completeness_rises_as_the_profile_is_filled(db_session, workshop):
    """Adding the workshop's story fills that part and raises the percent."""
    before = services.profile_completeness(db_session, workshop.org)
    set_about(db_session, workshop.org, "성수동에서 30년째 구두를 만듭니다.", "ko")
    db_session.commit()
    after = services.profile_completeness(db_session, workshop.org)
    assert after.percent > before.percent
    assert "The workshop's story (About)" in before.missing and "The workshop's story (About)" not in after.missing


def test_review_page_shows_the_record_in_japanese(app, db_session, workshop, curator, submitted):
    """The curator's review page (Japanese) shows the age on the platform, the completeness, the other products
    and the earlier decision."""
    from tests.factories.clients import isolated_client

    first = submitted(workshop, products=[workshop.products[0].id])
    services.reject_application(db_session, curator.user, first.id, "Evidence is missing a stamp.")
    db_session.commit()
    second = services.reapply(db_session, workshop.owner, first.id)
    db_session.commit()
    # A client with its own ``g`` per request: the rejection's notices, written in the maker's language, must not
    # leave their translations behind for the page.
    page = isolated_client(app, curator.user).get(f"/ja/co-brand/review/{second.id}").get_data(as_text=True)
    assert 'class="card applicant-record"' in page
    assert "プラットフォーム登録日" in page and "プロフィールの充実度" in page
    assert "Saesol Shoes boots 1" in page and "Evidence is missing a stamp." in page
    assert f"申請 #{first.id}" in page
