"""RFQ services: checked input, the maker's minimums, quotes and declines, acceptance into one order, rights,
and makers' response statistics."""

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa

from market.db import utcnow
from market.orders.models import WholesaleOrder, WholesaleOrderLine
from market.refusals import Refusal
from market.rfq.models import QuoteStatus, Rfq, RfqAttachment, RfqMessage, RfqQuote, RfqStatus, Side
from market.rfq.services import messages, policies, queries, quotes, sending
from market.rfq.services.common import RfqError
from market.rfq.services.sending import RfqIncomplete
from market.uploads.files import Upload
from tests.factories.db import count
from tests.factories.files import jpeg_bytes, stored_files
from tests.factories.rfq import drawing_pdf, full_draft, photo_png


def _quote(session, maker, rfq, **overrides):
    values = {"unit_price": "30.00", "currency": "USD", "lead_time_days": 21,
              "valid_until": dt.date.today() + dt.timedelta(days=14), "terms": "30% deposit"}
    values.update(overrides)
    quote = quotes.send_quote(session, maker.user, rfq.id, **values)
    session.commit()
    return quote


@pytest.mark.parametrize(("override", "field"), [
    ({"quantity": 0}, "quantity"),
    ({"quantity": "many"}, "quantity"),
    ({"currency": "XYZ"}, "currency"),
    ({"target_price": "-3"}, "target_price"),
    ({"target_price": "12.345"}, "target_price"),
    ({"target_price": "1200.5", "currency": "JPY"}, "target_price"),
    ({"needed_by": dt.date.today() - dt.timedelta(days=1)}, "needed_by"),
    ({"needed_by": dt.date.today()}, "needed_by"),
    ({"incoterm": "FAS"}, "incoterm"),
    ({"destination_country": "XX"}, "destination_country"),
    ({"message": "   "}, "message"),
])
def test_bad_input_is_refused_and_nothing_stored(app, db_session, buyer, product, override, field):
    """Each bad field is refused with a message on that field, and no RFQ is stored."""
    before = count(db_session, Rfq)
    with pytest.raises(RfqError) as info:
        sending.send_rfq(db_session, buyer.user, product_id=product.id, **full_draft(**override))
    assert field in info.value.fields and info.value.status == 422
    db_session.rollback()
    assert count(db_session, Rfq) == before


def test_unpublished_product_and_non_maker_are_refused(db_session, buyer, product, other_buyer):
    """A draft product, an unknown product and a buyer organisation cannot be asked for quotes."""
    product.status = "draft"
    db_session.add(product)
    db_session.commit()
    for target in ({"product_id": product.id}, {"product_id": 999_999}, {"maker_id": other_buyer.org.id}):
        with pytest.raises(RfqError) as info:
            sending.send_rfq(db_session, buyer.user, **target, **full_draft())
        assert set(info.value.fields) & {"product_id", "maker_id"}


def test_user_without_buyer_organisation_cannot_send(db_session, maker, product):
    """A maker's member (no buyer organisation) is told to join or create one."""
    with pytest.raises(RfqError) as info:
        sending.send_rfq(db_session, maker.user, product_id=product.id, **full_draft())
    assert info.value.code == "no_buyer_organization"


def test_several_buyer_organisations_must_choose(db_session, buyer, product, make_org):
    """A member of two buyers names which one asks; a buyer they do not belong to is refused."""
    second = make_org(buyer.user, kind="buyer", name="Osaka Branch", country="JP")
    with pytest.raises(RfqError) as info:
        sending.send_rfq(db_session, buyer.user, product_id=product.id, **full_draft())
    assert "buyer_org_id" in info.value.fields
    rfq = sending.send_rfq(db_session, buyer.user, product_id=product.id, buyer_org_id=second.id, **full_draft())
    assert rfq.buyer_org_id == second.id


def test_attachments_are_checked_by_content(app, db_session, buyer, product):
    """Real PDF, PNG and JPEG files are stored privately; the RFQ keeps their display names."""
    files = [Upload("drawing.pdf", drawing_pdf()), Upload("front.png", photo_png()),
             Upload("../../etc/side view.jpeg", jpeg_bytes())]
    before = len(stored_files(app, "private"))
    rfq = sending.send_rfq(db_session, buyer.user, product_id=product.id, attachments=files, **full_draft())
    rows = db_session.exec(sa.select(RfqAttachment).where(RfqAttachment.rfq_id == rfq.id)).scalars().all()
    assert [r.content_type for r in rows] == ["application/pdf", "image/png", "image/jpeg"]
    assert [r.filename for r in rows] == ["drawing.pdf", "front.png", "side view.jpeg"]
    assert all(r.storage_key.startswith("private/") for r in rows)
    assert len(stored_files(app, "private")) == before + 3
    assert rfq.completeness == 100


def _truncated_png() -> bytes:
    data = photo_png(size=(200, 200))
    return data[: len(data) // 2]


@pytest.mark.parametrize("uploads", [
    [Upload("notes.png", b"just some text pretending to be an image")],
    [Upload("photo.pdf", photo_png())],
    [Upload("broken.png", _truncated_png())],
    [Upload("fake.pdf", b"%PDF-1.4 but no end")],
    [Upload("script.html", b"<script>alert(1)</script>")],
    [Upload("empty.png", b"")],
    [Upload(f"p{i}.png", photo_png()) for i in range(6)],
    [Upload("huge.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n")],
])
def test_bad_attachments_are_refused_and_nothing_stored(app, db_session, buyer, product, uploads):
    """Files that are not what they claim, too many files or too large ones: refused, nothing stored."""
    files_before, rows_before = len(stored_files(app, "private")), count(db_session, Rfq)
    with pytest.raises(RfqError) as info:
        sending.send_rfq(db_session, buyer.user, product_id=product.id, attachments=uploads, **full_draft())
    assert "attachments" in info.value.fields
    db_session.rollback()
    assert len(stored_files(app, "private")) == files_before and count(db_session, Rfq) == rows_before


def test_attachments_other_than_pdf_png_or_jpeg_are_refused(db_session, buyer, product):
    """A real image of another kind (WEBP, which other uploads accept) is refused with the kinds RFQs take."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    with Image.new("RGB", (40, 30), (10, 200, 90)) as image:
        image.save(buffer, "WEBP")
    with pytest.raises(RfqError) as info:
        sending.send_rfq(db_session, buyer.user, product_id=product.id,
                         attachments=[Upload("photo.webp", buffer.getvalue())], **full_draft())
    assert info.value.fields["attachments"] == "“photo.webp” is not a valid PDF, PNG or JPEG file."


def test_maker_minimums_refuse_small_or_vague_requests(db_session, buyer, maker, product):
    """Below the maker's minimum quantity or completeness, the request is refused with what is missing."""
    policies.set_policy(db_session, maker.user, maker.org.id, min_quantity=100, min_completeness=70)
    db_session.commit()
    with pytest.raises(RfqIncomplete) as info:
        sending.send_rfq(db_session, buyer.user, product_id=product.id, **full_draft(quantity=50))
    assert info.value.code == "below_minimum" and "quantity" in info.value.fields
    with pytest.raises(RfqIncomplete) as info:
        sending.send_rfq(db_session, buyer.user, product_id=product.id,
                          **full_draft(target_price=None, incoterm=None, message="Price for 200 wallets?"))
    assert "completeness" in info.value.fields
    assert "target_price" in info.value.assessment.completeness.missing
    assert count(db_session, Rfq) == 0
    assert sending.send_rfq(db_session, buyer.user, product_id=product.id, **full_draft()).completeness >= 70


def test_incomplete_request_needs_confirmation(db_session, buyer, product):
    """A request missing useful facts is held for confirmation unless confirmed."""
    with pytest.raises(RfqIncomplete) as info:
        sending.send_rfq(db_session, buyer.user, product_id=product.id, confirmed=False, **full_draft())
    assert info.value.code == "incomplete" and info.value.assessment.completeness.missing == ("attachments",)
    rfq = sending.send_rfq(db_session, buyer.user, product_id=product.id, confirmed=True, **full_draft())
    assert rfq.status == RfqStatus.open and rfq.completeness == 90


def test_policy_is_set_by_owners_only(db_session, maker, other_maker, buyer):
    """Only the maker's owners set its RFQ minimums; others get not_found and nothing changes."""
    for user, org_id in ((other_maker.user, maker.org.id), (buyer.user, buyer.org.id)):
        with pytest.raises(RfqError) as info:
            policies.set_policy(db_session, user, org_id, 10, 10)
        assert info.value.status == 404
    with pytest.raises(RfqError) as info:
        policies.set_policy(db_session, maker.user, maker.org.id, 0, 101)
    assert set(info.value.fields) == {"min_quantity", "min_completeness"}
    assert policies.get_policy(db_session, maker.org.id).min_quantity == 1


def test_quote_accept_creates_one_order(db_session, buyer, maker, sent_rfq):
    """Quote, then accept: the RFQ is accepted, the other offer superseded, and one order awaits payment."""
    first = _quote(db_session, maker, sent_rfq, unit_price="31.50")
    second = _quote(db_session, maker, sent_rfq, unit_price="29.90", currency="EUR")
    order = quotes.accept_quote(db_session, buyer.user, second.id)
    db_session.commit()
    assert (order.kind, order.display_currency, order.quoted_total, order.status) == (
        "quote", "EUR", Decimal("5980.00"), "awaiting_payment")
    assert count(db_session, WholesaleOrderLine, WholesaleOrderLine.order_id == order.id,
                 WholesaleOrderLine.quantity == 200) == 1
    assert (order.buyer_org_id, order.maker_org_id, order.rfq_id) == (buyer.org.id, maker.org.id, sent_rfq.id)
    db_session.refresh(first)
    db_session.refresh(sent_rfq)
    assert sent_rfq.status == RfqStatus.accepted and first.status == QuoteStatus.superseded
    with pytest.raises(RfqError) as info:
        quotes.accept_quote(db_session, buyer.user, first.id)
    assert info.value.status == 409
    with pytest.raises(RfqError) as info:
        quotes.accept_quote(db_session, buyer.user, second.id)
    assert info.value.status == 409 and info.value.code == "already_accepted"
    db_session.rollback()
    assert count(db_session, WholesaleOrder) == 1


def test_expired_quote_cannot_be_accepted(db_session, buyer, maker, sent_rfq):
    """A quote past its validity date is refused (409) and no order is made."""
    quote = _quote(db_session, maker, sent_rfq)
    quote.valid_until = dt.date.today() - dt.timedelta(days=1)
    db_session.add(quote)
    db_session.commit()
    with pytest.raises(RfqError) as info:
        quotes.accept_quote(db_session, buyer.user, quote.id)
    assert info.value.status == 409 and info.value.code == "quote_expired"
    db_session.rollback()
    assert count(db_session, WholesaleOrder) == 0


def test_concurrent_change_loses_the_conditional_update(db_session, buyer, maker, sent_rfq):
    """When another request declined the RFQ meanwhile, accepting with a stale view is refused (409)."""
    quote = _quote(db_session, maker, sent_rfq)
    # Another process declines: the row changes but this session's object still says "quoted".
    db_session.exec(sa.update(Rfq).where(Rfq.id == sent_rfq.id).values(status="declined")
                    .execution_options(synchronize_session=False))
    assert sent_rfq.status == RfqStatus.quoted
    with pytest.raises(Refusal) as info:
        quotes.accept_quote(db_session, buyer.user, quote.id)
    assert (info.value.status, info.value.code) == (409, "conflict")
    db_session.rollback()
    assert count(db_session, WholesaleOrder) == 0


def test_decline_withdraws_offers_and_ends_quoting(db_session, buyer, maker, sent_rfq):
    """A decline keeps its reason, withdraws open offers, and the RFQ can no longer be quoted or accepted."""
    quote = _quote(db_session, maker, sent_rfq)
    quotes.decline_rfq(db_session, maker.user, sent_rfq.id, "capacity", "Booked until March.")
    db_session.commit()
    db_session.refresh(quote)
    assert (sent_rfq.status, sent_rfq.decline_reason, quote.status) == ("declined", "capacity", "withdrawn")
    with pytest.raises(Refusal) as info:
        _quote(db_session, maker, sent_rfq)
    assert (info.value.status, info.value.code) == (409, "wrong_state")
    with pytest.raises(RfqError) as info:
        quotes.decline_rfq(db_session, maker.user, sent_rfq.id, "nonsense")
    assert "reason" in info.value.fields


@pytest.mark.parametrize(("override", "field"), [
    ({"unit_price": "0"}, "unit_price"),
    ({"currency": "GBP"}, "currency"),
    ({"lead_time_days": -1}, "lead_time_days"),
    ({"valid_until": dt.date.today() - dt.timedelta(days=1)}, "valid_until"),
    ({"valid_until": dt.date.today() + dt.timedelta(days=400)}, "valid_until"),
])
def test_bad_quotes_are_refused(db_session, maker, sent_rfq, override, field):
    """A quote with a bad price, currency, lead time or validity is refused and the RFQ stays open."""
    with pytest.raises(RfqError) as info:
        _quote(db_session, maker, sent_rfq, **override)
    assert field in info.value.fields
    db_session.rollback()
    assert count(db_session, RfqQuote) == 0 and sent_rfq.status == RfqStatus.open


def test_only_the_parties_may_act(db_session, buyer, maker, other_buyer, other_maker, sent_rfq):
    """Other buyers and makers get not_found for every action and nothing changes; sides keep to their roles."""
    quote = _quote(db_session, maker, sent_rfq)
    for outsider in (other_buyer, other_maker):
        for action in (lambda u: queries.rfq_detail(db_session, u, sent_rfq.id),
                       lambda u: messages.post_message(db_session, u, sent_rfq.id, "hello"),
                       lambda u: quotes.send_quote(db_session, u, sent_rfq.id, unit_price="1", currency="USD",
                                                     lead_time_days=1, valid_until=dt.date.today()),
                       lambda u: quotes.decline_rfq(db_session, u, sent_rfq.id, "other"),
                       lambda u: quotes.accept_quote(db_session, u, quote.id)):
            with pytest.raises(RfqError) as info:
                action(outsider.user)
            assert info.value.status == 404
    with pytest.raises(RfqError) as info:
        quotes.accept_quote(db_session, maker.user, quote.id)
    assert info.value.status == 403
    with pytest.raises(RfqError) as info:
        _quote(db_session, buyer, sent_rfq)
    assert info.value.status == 403
    db_session.rollback()
    assert count(db_session, RfqMessage) == 0 and count(db_session, WholesaleOrder) == 0
    assert sent_rfq.status == RfqStatus.quoted


def test_lists_show_each_side_its_own(db_session, buyer, maker, other_buyer, other_maker, sent_rfq, product):
    """The buyer's list and the maker's inbox hold their own RFQs only."""
    rows, total = queries.list_rfqs(db_session, buyer.user, Side.buyer)
    assert total == 1 and rows[0].counterpart == maker.org.name and rows[0].product_title.text
    assert queries.list_rfqs(db_session, maker.user, Side.maker)[1] == 1
    assert queries.list_rfqs(db_session, other_buyer.user, Side.buyer)[1] == 0
    assert queries.list_rfqs(db_session, other_maker.user, Side.maker)[1] == 0
    assert queries.list_rfqs(db_session, maker.user, Side.maker, status="accepted")[1] == 0


def test_response_stats(db_session, buyer, maker, other_maker, product):
    """Response rate counts answers within 72 hours; the median is over first answers; None without RFQs."""
    assert policies.response_stats(db_session, other_maker.org.id) is None
    now = utcnow()
    delays = [dt.timedelta(hours=2), dt.timedelta(hours=10), dt.timedelta(hours=100), None]
    for delay in delays:
        created = now - dt.timedelta(days=10)
        db_session.add(Rfq(buyer_org_id=buyer.org.id, maker_org_id=maker.org.id, quantity=10, message="x",
                           created_at=created, first_response_at=created + delay if delay else None))
    # A brand-new, unanswered RFQ does not count against the maker yet.
    db_session.add(Rfq(buyer_org_id=buyer.org.id, maker_org_id=maker.org.id, quantity=10, message="x"))
    db_session.flush()
    stats = policies.response_stats(db_session, maker.org.id)
    assert stats["rfq_count"] == 5 and stats["counted"] == 4 and stats["answered_within_72h"] == 2
    assert stats["response_rate"] == 0.5 and stats["response_rate_percent"] == 50
    assert stats["median_first_response"] == dt.timedelta(hours=10)
    assert stats["median_first_response_hours"] == 10.0


def test_first_maker_answer_sets_first_response(db_session, buyer, maker, sent_rfq):
    """A buyer's message does not count as an answer; the maker's first message does, once."""
    messages.post_message(db_session, buyer.user, sent_rfq.id, "Any news?")
    assert sent_rfq.first_response_at is None
    messages.post_message(db_session, maker.user, sent_rfq.id, "Yes, we can.")
    first = sent_rfq.first_response_at
    assert first is not None
    _quote(db_session, maker, sent_rfq)
    assert sent_rfq.first_response_at == first
