"""One request sent to several makers: the batch, the quotes compared side by side in the buyer's currency, and
accepting one, which closes the others and tells their makers."""

import datetime as dt

import pytest
from sqlmodel import select

from market.notifications.models import Notification
from market.orders.models import WholesaleOrder
from market.refusals import Refusal
from market.rfq.models import QuoteStatus, Rfq, RfqQuote, RfqStatus
from market.rfq.services import batches, quotes
from market.rfq.services.common import RfqError
from tests.factories.clients import bearer, isolated_client
from tests.factories.db import count
from tests.factories.money import rates  # noqa: F401
from tests.factories.quote_orders import quote
from tests.factories.rfq import full_draft
from tests.helpers import csrf_token


@pytest.fixture
def third_maker(make_party):
    """A third workshop, signed in."""
    return make_party("Seo-yeon Lee", "maker", "Euljiro Print", cluster_code="euljiro")


@pytest.fixture
def batch(db_session, buyer, maker, other_maker, third_maker):
    """The buyer's request sent to three makers."""
    sent = batches.send_rfq_to_makers(db_session, buyer.user, [maker.org.id, other_maker.org.id, third_maker.org.id],
                                      **full_draft())
    db_session.commit()
    return sent


def _rfq_of(session, batch, party):
    return session.exec(select(Rfq).where(Rfq.batch_id == batch.id, Rfq.maker_org_id == party.org.id)).one()


def test_one_request_reaches_each_maker(db_session, buyer, maker, other_maker, third_maker, batch):
    """Each maker gets its own RFQ of the batch and is told; duplicates count once; six makers are too many."""
    rfqs = db_session.exec(select(Rfq).where(Rfq.batch_id == batch.id)).all()
    assert sorted(r.maker_org_id for r in rfqs) == sorted(p.org.id for p in (maker, other_maker, third_maker))
    assert all(r.buyer_org_id == buyer.org.id and r.quantity == 200 for r in rfqs)
    for party in (maker, other_maker, third_maker):
        assert count(db_session, Notification, Notification.user_id == party.user.id,
                     Notification.kind == "rfq.new") == 1
    with pytest.raises(RfqError) as refused:
        batches.send_rfq_to_makers(db_session, buyer.user, list(range(1, 7)), **full_draft())
    assert "maker_ids" in refused.value.fields
    with pytest.raises(RfqError):
        batches.send_rfq_to_makers(db_session, buyer.user, [], **full_draft())


def test_compare_and_accept_one(db_session, buyer, maker, other_maker, third_maker, other_buyer, batch,
                                rates):  # noqa: F811
    """Quotes in USD and KRW are compared in the buyer's currency (cheapest first) with terms and MOQ;
    accepting one places its order, closes the other requests, supersedes their quotes and tells their
    makers; a closed request's quote can no longer be accepted, and outsiders see nothing."""
    first = quote(db_session, buyer, maker, rfq=_rfq_of(db_session, batch, maker), unit_price="30.00",
                  currency="USD", payment_terms="deposit", deposit_percent=30)
    second = quote(db_session, buyer, other_maker, rfq=_rfq_of(db_session, batch, other_maker),
                   unit_price="38000", currency="KRW")
    view = batches.compare_batch(db_session, buyer.user, batch.id, "USD")
    assert [r.maker.id for r in view.rows] == [other_maker.org.id, maker.org.id, third_maker.org.id]
    cheapest = view.rows[0]
    assert cheapest.unit_in_currency is not None and cheapest.unit_in_currency < 30
    assert view.rows[1].payment_terms == "30% deposit, balance before shipment"
    assert view.rows[2].quote is None and all(r.rating.count == 0 for r in view.rows)
    with pytest.raises(RfqError):
        batches.compare_batch(db_session, other_buyer.user, batch.id)
    order = quotes.accept_quote(db_session, buyer.user, first.id)
    db_session.commit()
    assert (order.maker_org_id, order.payment_terms, order.deposit_percent) == (maker.org.id, "deposit", 30)
    assert _rfq_of(db_session, batch, other_maker).status == RfqStatus.closed
    assert _rfq_of(db_session, batch, third_maker).status == RfqStatus.closed
    assert db_session.get(RfqQuote, second.id).status == QuoteStatus.superseded
    for party in (other_maker, third_maker):
        assert count(db_session, Notification, Notification.user_id == party.user.id,
                     Notification.kind == "rfq.closed") == 1
    with pytest.raises(Refusal) as refused:
        quotes.accept_quote(db_session, buyer.user, second.id)
    assert refused.value.status == 409
    db_session.rollback()
    with pytest.raises(Refusal):
        quotes.send_quote(db_session, third_maker.user, _rfq_of(db_session, batch, third_maker).id,
                          unit_price="1", currency="USD", lead_time_days=1, valid_until=first.valid_until)
    db_session.rollback()
    assert count(db_session, WholesaleOrder) == 1
    assert batches.compare_batch(db_session, buyer.user, batch.id).accepted.maker.id == maker.org.id


def test_compare_page_and_accept_with_confirmation(db_session, buyer, maker, other_maker, third_maker, batch,
                                                   rates):  # noqa: F811
    """The comparison page lists each maker with an accept form that asks for confirmation; accepting lands on
    the order's page."""
    offered = quote(db_session, buyer, maker, rfq=_rfq_of(db_session, batch, maker), unit_price="30.00",
                    currency="USD")
    url = f"/en/rfqs/batches/{batch.id}"
    page = buyer.client.get(url).get_data(as_text=True)
    assert maker.org.name in page and other_maker.org.name in page and third_maker.org.name in page
    assert f"/en/rfqs/quotes/{offered.id}/accept" in page and "data-confirm=" in page
    assert maker.client.get(url).status_code == 404
    accepted = buyer.client.post(f"/en/rfqs/quotes/{offered.id}/accept", data={"csrf_token": csrf_token(buyer.client, url)})
    order = db_session.exec(select(WholesaleOrder)).one()
    assert accepted.status_code == 302 and accepted.headers["Location"].endswith(f"/en/orders/{order.id}")


def test_several_makers_form_sends_to_the_chosen(db_session, buyer, maker, other_maker):
    """The form sends the request to the makers ticked (suggestions come from the matching engine)."""
    url = "/en/rfqs/several"
    assert buyer.client.get(url).status_code == 200
    draft = full_draft()
    data = {"csrf_token": csrf_token(buyer.client, url), "step": "send", "quantity": "200",
            "currency": "USD", "destination_country": "JP", "message": draft["message"],
            "maker_ids": [str(maker.org.id), str(other_maker.org.id)]}
    sent = buyer.client.post(url, data=data)
    assert sent.status_code == 302 and "/en/rfqs/batches/" in sent.headers["Location"]
    assert count(db_session, Rfq, Rfq.batch_id.is_not(None)) == 2


def test_quote_payment_terms_through_the_api(app, db_session, buyer, maker, sent_rfq):
    """The API takes a quote's payment terms, refuses a deposit out of range on its field, and the accepted
    quote's order carries them."""
    client = isolated_client(app)
    today = dt.date.today()
    body = {"unit_price": "30.00", "currency": "USD", "lead_time_days": 21, "valid_until": today.isoformat(),
            "payment_terms": "deposit", "deposit_percent": 150}
    auth = bearer(db_session, maker.user)
    refused = client.post(f"/api/v1/rfqs/{sent_rfq.id}/quotes", json=body, headers=auth)
    assert refused.status_code == 422 and "deposit_percent" in refused.json["error"]["fields"]
    body["deposit_percent"] = 30
    quoted = client.post(f"/api/v1/rfqs/{sent_rfq.id}/quotes", json=body, headers=auth)
    assert quoted.status_code == 201, quoted.json
    offered = quoted.json["quotes"][0]
    assert (offered["payment_terms"], offered["deposit_percent"], offered["valid_until"]) == (
        "deposit", 30, today.isoformat())
    accepted = client.post(f"/api/v1/quotes/{offered['id']}/accept", headers=bearer(db_session, buyer.user))
    assert accepted.status_code == 200
    assert (accepted.json["order"]["payment_terms"], accepted.json["order"]["deposit_percent"]) == ("deposit", 30)
