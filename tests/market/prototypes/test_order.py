"""Milestones go in order: a milestone is funded only once the one before is funded, delivered only once the one
before is approved; the timeline names each milestone; delivered photos get thumbnails."""

import io

import pytest
from sqlmodel import select

from market.payments.payables import get_adapter
from market.prototypes.models import CommissionEvent, DeliveryFile, Milestone
from market.prototypes.services.milestones import approve_milestone, deliver_milestone
from market.refusals import Refusal
from market.storage import get_storage
from market.uploads.files import Upload
from tests.factories.files import image_bytes, pdf_bytes
from tests.factories.prototypes import fund, milestones_of


def test_a_milestone_is_not_funded_before_the_one_before(db_session, commission):
    """Checkout refuses the second milestone while the first awaits funding; paying it anyway is refused (409);
    once the first is funded, the second may be funded ahead of its approval."""
    first, second, _third = milestones_of(db_session, commission)
    info = get_adapter("milestone").describe(db_session, second.id)
    assert info.payable is False and "Milestone 1 · Design review must be funded first" in info.reason
    with pytest.raises(Refusal) as early:
        get_adapter("milestone").on_paid(db_session, second.id, 999)
    assert early.value.code == "out_of_order" and early.value.status == 409
    assert db_session.get(Milestone, second.id).status == "awaiting_funding"
    fund(db_session, first)
    assert get_adapter("milestone").describe(db_session, second.id).payable is True
    fund(db_session, second)
    db_session.refresh(second)
    assert second.status == "funded"


def test_a_milestone_is_not_delivered_before_the_one_before_is_approved(db_session, startup, maker, commission):
    """With the first two funded, the maker cannot deliver the second until the first is approved."""
    first, second, _third = milestones_of(db_session, commission)
    fund(db_session, first)
    fund(db_session, second)
    with pytest.raises(Refusal) as early:
        deliver_milestone(db_session, maker.user, second.id, "Early.")
    assert early.value.code == "out_of_order" and "Milestone 1 · Design review must be approved" in \
        early.value.message
    deliver_milestone(db_session, maker.user, first.id, "Design.")
    with pytest.raises(Refusal):
        deliver_milestone(db_session, maker.user, second.id, "Still early.")
    approve_milestone(db_session, startup.user, first.id)
    deliver_milestone(db_session, maker.user, second.id, "Now.")
    assert db_session.get(Milestone, second.id).status == "delivered"


def test_the_page_offers_only_the_next_steps(db_session, startup, maker, commission):
    """The startup sees one fund link (the first milestone); the maker sees a delivery form only for the
    milestone whose predecessor is approved."""
    url = f"/en/prototypes/commissions/{commission.id}"
    first, second, _third = milestones_of(db_session, commission)
    page = startup.client.get(url).get_data(as_text=True)
    assert page.count('class="button fund-link"') == 1 and f"/en/pay/milestone/{first.id}" in page
    fund(db_session, first)
    fund(db_session, second)
    page = maker.client.get(url).get_data(as_text=True)
    assert page.count('class="deliver-form"') == 1 and f"/milestones/{first.id}/deliver" in page
    assert f"/milestones/{second.id}/deliver" not in page and 'class="muted waiting-order"' in page


def test_the_timeline_names_each_milestone(db_session, startup, commission):
    """Funding two milestones shows "Milestone 1 · Design review funded" and "Milestone 2 · First article
    funded", not the same words twice."""
    first, second, _third = milestones_of(db_session, commission)
    fund(db_session, first)
    fund(db_session, second)
    page = startup.client.get(f"/en/prototypes/commissions/{commission.id}").get_data(as_text=True)
    assert "Milestone 1 · Design review funded" in page and "Milestone 2 · First article funded" in page
    kinds = list(db_session.exec(select(CommissionEvent.kind).where(CommissionEvent.milestone_id == second.id)))
    assert kinds == ["funded"]


def test_delivered_photos_show_as_thumbnails(db_session, startup, maker, buyer, commission):
    """A delivered JPEG gets a small cleaned WEBP thumbnail shown on the page (the two sides only); a PDF
    stays a link."""
    first = milestones_of(db_session, commission)[0]
    fund(db_session, first)
    big = image_bytes("JPEG", size=(1200, 900))
    deliver_milestone(db_session, maker.user, first.id, "Photos.",
                      [Upload("part.jpg", big), Upload("report.pdf", pdf_bytes())])
    db_session.commit()
    photo, report = db_session.exec(select(DeliveryFile).order_by(DeliveryFile.id)).all()
    assert photo.thumb_key and report.thumb_key is None
    thumb = get_storage().read(photo.thumb_key)
    from PIL import Image

    with Image.open(io.BytesIO(thumb)) as image:
        assert image.format == "WEBP" and max(image.size) <= 400
    url = f"/en/prototypes/commissions/{commission.id}"
    page = startup.client.get(url).get_data(as_text=True)
    thumb_url = f"/en/prototypes/commissions/{commission.id}/files/{photo.id}/thumb"
    assert f'class="delivery-thumb" src="{thumb_url}"' in page and "report.pdf" in page
    answer = startup.client.get(thumb_url)
    assert answer.status_code == 200 and answer.data == thumb and answer.mimetype == "image/webp"
    assert buyer.client.get(thumb_url).status_code == 404
    assert startup.client.get(f"/en/prototypes/commissions/{commission.id}/files/{report.id}/thumb"
                              ).status_code == 404
