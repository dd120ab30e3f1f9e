"""RFQ pages: the request form with its completeness step, attachments, the maker's settings, the RFQ page
with quote, decline, accept and thread, rights (others get 404), and notifications with mail."""

import datetime as dt
import io
import logging

import pytest
from sqlmodel import select
from werkzeug.test import EnvironBuilder

from market.notifications.models import Notification
from market.orders.models import WholesaleOrder
from market.rfq.models import Rfq, RfqAttachment, RfqMessage, RfqQuote
from market.rfq.services import quotes, sending
from market.uploads.files import Upload
from tests.factories.clients import isolated_client
from tests.factories.db import count
from tests.factories.files import stored_files
from tests.factories.rfq import drawing_pdf, form_data, full_draft, photo_png
from tests.helpers import csrf_token


def _new_url(product) -> str:
    return f"/en/rfqs/new?product_id={product.id}"


def _post_files(client, url: str, data: dict):
    """POST a multipart form, closing the encoded body afterwards.

    Werkzeug spools bodies over 500 KB to a temporary file that the test client never closes; building the
    environ here lets the test close it (pytest turns the ResourceWarning into an error).
    """
    builder = EnvironBuilder(path=url, method="POST", data=data)
    try:
        environ = builder.get_environ()
        try:
            return client.open(environ)
        finally:
            environ["wsgi.input"].close()
    finally:
        builder.close()


def _mails(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "seoulmade.mail"]


def test_form_prefills_and_shows_the_product(buyer, product):
    """The request page names the maker and product and starts from the MOQ and the buyer's country."""
    page = buyer.client.get(_new_url(product))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Saesol Leather" in html and "Hand-stitched leather wallet" in html
    assert 'name="quantity" required type="number" value="20"' in html
    assert '<option selected value="JP">' in html


def test_unknown_or_draft_product_is_404(buyer, product, db_session):
    """No form for a product that does not exist or is not published, or for a non-maker."""
    assert buyer.client.get("/en/rfqs/new?product_id=999999").status_code == 404
    assert buyer.client.get(f"/en/rfqs/new?maker_id={buyer.org.id}").status_code == 404
    assert buyer.client.get("/en/rfqs/new").status_code == 404


def test_user_without_buyer_organisation_is_told_to_create_one(maker, product):
    """A maker's member opening the form is told to create a buyer organisation first."""
    page = maker.client.get(_new_url(product))
    assert page.status_code == 403 and "buyer organisation" in page.get_data(as_text=True)


def test_complete_request_with_attachments_is_sent(app, db_session, buyer, maker, product, caplog):
    """A complete request with a PDF and a PNG is sent at once; the maker is notified in the app and by mail."""
    data = form_data(buyer.client, _new_url(product))
    data["attachments"] = [(io.BytesIO(drawing_pdf()), "drawing.pdf"), (io.BytesIO(photo_png()), "front.png")]
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        response = buyer.client.post(_new_url(product), data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    rfq = db_session.exec(select(Rfq)).one()
    assert response.headers["Location"].endswith(f"/en/rfqs/{rfq.id}")
    assert rfq.completeness == 100 and rfq.buyer_org_id == buyer.org.id and str(rfq.target_price) == "32.50"
    note = db_session.exec(select(Notification).where(Notification.user_id == maker.user.id)).one()
    assert note.kind == "rfq.new" and note.url == f"/ko/rfqs/{rfq.id}"
    mails = _mails(caplog)
    assert any(f"to={maker.user.email}" in m and f"http://localhost/ko/rfqs/{rfq.id}" in m for m in mails)
    assert not any(f"to={buyer.user.email}" in m for m in mails)
    page = buyer.client.get(f"/en/rfqs/{rfq.id}").get_data(as_text=True)
    assert "drawing.pdf" in page and "front.png" in page


def test_incomplete_request_asks_before_sending(db_session, buyer, product):
    """A request missing facts comes back with its score and what is missing; sending again sends it."""
    url = _new_url(product)
    data = form_data(buyer.client, url, target_price="", incoterm="", needed_by="",
                     message="Please quote 200 wallets.")
    first = buyer.client.post(url, data=data)
    html = first.get_data(as_text=True)
    assert first.status_code == 200 and count(db_session, Rfq) == 0
    assert "Completeness: 20 of 100" in html
    assert "a target unit price and its currency" in html and "the material" in html
    assert 'name="confirmed" type="hidden" value="1"' in html
    data["confirmed"] = "1"
    second = buyer.client.post(url, data=data)
    assert second.status_code == 302 and db_session.exec(select(Rfq)).one().completeness == 20


def test_request_below_the_makers_minimum_cannot_be_sent(db_session, buyer, maker, product):
    """The maker sets minimums on its settings page; a smaller or vaguer request is refused with 422."""
    settings_url = f"/en/rfqs/settings/{maker.org.id}"
    saved = maker.client.post(settings_url, data={"csrf_token": csrf_token(maker.client, settings_url),
                                                  "min_quantity": "100", "min_completeness": "80"})
    assert saved.status_code == 302
    url = _new_url(product)
    notice = buyer.client.get(url).get_data(as_text=True)
    assert "accepts requests from 100 units" in notice
    small = buyer.client.post(url, data=form_data(buyer.client, url, quantity="50", confirmed="1"))
    assert small.status_code == 422 and "accepts requests from 100 units" in small.get_data(as_text=True)
    vague = buyer.client.post(url, data=form_data(buyer.client, url, target_price="", confirmed="1"))
    body = vague.get_data(as_text=True)
    assert vague.status_code == 422 and "yours scores 75" in body and "a target unit price" in body
    assert count(db_session, Rfq) == 0


def test_settings_are_for_the_makers_owners_only(maker, other_maker, buyer):
    """Another maker or a buyer gets 404 on a maker's RFQ settings, and cannot change them."""
    url = f"/en/rfqs/settings/{maker.org.id}"
    assert maker.client.get(url).status_code == 200
    for outsider in (other_maker, buyer):
        assert outsider.client.get(url).status_code == 404
        token = csrf_token(outsider.client, "/en/account/signin")
        response = outsider.client.post(url, data={"csrf_token": token, "min_quantity": "5",
                                                   "min_completeness": "5"})
        assert response.status_code == 404


@pytest.mark.parametrize(("override", "message"), [
    ({"quantity": "0"}, "Enter a quantity between 1 and"),
    ({"currency": "XYZ"}, "Choose the currency of the target price"),
    ({"needed_by": "2001-01-01"}, "Choose a date after today."),
    ({"incoterm": "FAS"}, "Choose one of: EXW, FOB, CIF, DAP, DDP."),
    ({"destination_country": "XX"}, "Choose a destination country"),
])
def test_bad_input_rerenders_with_messages(db_session, buyer, product, override, message):
    """Each bad field re-renders the form with 422 and its message; nothing is stored."""
    url = _new_url(product)
    response = buyer.client.post(url, data=form_data(buyer.client, url, **override))
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert count(db_session, Rfq) == 0


@pytest.mark.parametrize("files", [
    lambda: [(b"MZ\x90\x00 not an image", "photo.png")],
    lambda: [(photo_png(), "spec.pdf")],
    lambda: [(photo_png(), f"p{i}.png") for i in range(6)],
    lambda: [(b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 10) + b"\n%%EOF\n", "big.pdf")],
])
def test_bad_attachments_rerender_and_store_nothing(app, db_session, buyer, product, files):
    """A file that is not what it claims, too many or too large files: 422, nothing stored."""
    url = _new_url(product)
    before = stored_files(app, "private")
    data = form_data(buyer.client, url)
    data["attachments"] = [(io.BytesIO(content), name) for content, name in files()]
    response = _post_files(buyer.client, url, data)
    assert response.status_code == 422
    assert "choose your files again" in response.get_data(as_text=True)
    assert count(db_session, Rfq) == 0 and count(db_session, RfqAttachment) == 0
    assert stored_files(app, "private") == before


def test_attachments_download_for_the_parties_only(app, db_session, buyer, maker, other_buyer, other_maker,
                                                   product):
    """Both parties download an attachment with its type; anyone else gets 404."""
    rfq = sending.send_rfq(db_session, buyer.user, product_id=product.id,
                            attachments=[Upload("drawing.pdf", drawing_pdf())], **full_draft())
    db_session.commit()
    attachment = db_session.exec(select(RfqAttachment)).one()
    url = f"/en/rfqs/{rfq.id}/attachments/{attachment.id}"
    for party in (buyer, maker):
        response = party.client.get(url)
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF-") and "attachment" in response.headers["Content-Disposition"]
    for outsider in (other_buyer, other_maker):
        assert outsider.client.get(url).status_code == 404
    assert isolated_client(app).get(url).status_code == 302
    assert isolated_client(app).get(f"/media/{attachment.storage_key}").status_code == 404


def test_outsiders_get_404_and_change_nothing(db_session, sent_rfq, other_buyer, other_maker):
    """Another buyer or maker cannot see, message, quote, decline or accept; nothing changes."""
    quote = RfqQuote(rfq_id=sent_rfq.id, unit_price=10, currency="USD", lead_time_days=5,
                     valid_until=dt.date.today() + dt.timedelta(days=5))
    db_session.add(quote)
    sent_rfq.status = "quoted"
    db_session.add(sent_rfq)
    db_session.commit()
    for outsider in (other_buyer, other_maker):
        client = outsider.client
        token = csrf_token(client, "/en/account/signin")
        assert client.get(f"/en/rfqs/{sent_rfq.id}").status_code == 404
        assert client.post(f"/en/rfqs/{sent_rfq.id}/messages",
                           data={"csrf_token": token, "body": "hi"}).status_code == 404
        assert client.post(f"/en/rfqs/{sent_rfq.id}/quotes", data={
            "csrf_token": token, "unit_price": "1", "currency": "USD", "lead_time_days": "1",
            "valid_until": (dt.date.today() + dt.timedelta(days=3)).isoformat()}).status_code == 404
        assert client.post(f"/en/rfqs/{sent_rfq.id}/decline",
                           data={"csrf_token": token, "reason": "other"}).status_code == 404
        assert client.post(f"/en/rfqs/quotes/{quote.id}/accept", data={"csrf_token": token}).status_code == 404
    db_session.refresh(sent_rfq)
    assert sent_rfq.status == "quoted"
    assert count(db_session, RfqMessage) == 0 and count(db_session, WholesaleOrder) == 0
    assert count(db_session, RfqQuote) == 1


def test_lists_and_inbox(buyer, maker, other_buyer, other_maker, sent_rfq):
    """The buyer's list and the maker's inbox show the RFQ; other buyers' and makers' do not."""
    link = f'href="/en/rfqs/{sent_rfq.id}"'
    assert link in buyer.client.get("/en/rfqs/").get_data(as_text=True)
    inbox = maker.client.get("/en/rfqs/inbox").get_data(as_text=True)
    assert link in inbox and "Tokyo Select" in inbox and f"/en/rfqs/settings/{maker.org.id}" in inbox
    assert link not in other_buyer.client.get("/en/rfqs/").get_data(as_text=True)
    assert link not in other_maker.client.get("/en/rfqs/inbox").get_data(as_text=True)
    assert link not in maker.client.get("/en/rfqs/inbox?status=declined").get_data(as_text=True)


def test_quote_accept_journey_with_notifications(db_session, buyer, maker, sent_rfq, caplog):
    """The maker quotes, the buyer is told and accepts; the order awaits payment and the maker is told."""
    url = f"/en/rfqs/{sent_rfq.id}"
    token = csrf_token(maker.client, url)
    valid = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        bad = maker.client.post(f"{url}/quotes", data={"csrf_token": token, "unit_price": "12.345",
                                                       "currency": "USD", "lead_time_days": "30",
                                                       "valid_until": valid})
        assert bad.status_code == 422 and "at most 2 decimals" in bad.get_data(as_text=True)
        sent = maker.client.post(f"{url}/quotes", data={"csrf_token": token, "unit_price": "30.00",
                                                        "currency": "USD", "lead_time_days": "30",
                                                        "valid_until": valid, "terms": "30% deposit"})
        assert sent.status_code == 302
        quote = db_session.exec(select(RfqQuote)).one()
        page = buyer.client.get(url).get_data(as_text=True)
        assert "$30.00" in page and "$6,000.00" in page and f"/en/rfqs/quotes/{quote.id}/accept" in page
        accepted = buyer.client.post(f"/en/rfqs/quotes/{quote.id}/accept",
                                     data={"csrf_token": csrf_token(buyer.client, url)})
    assert accepted.status_code == 302
    order = db_session.exec(select(WholesaleOrder)).one()
    assert (order.status, str(order.quoted_total), order.display_currency) == ("awaiting_payment", "6000.00", "USD")
    assert accepted.headers["Location"].endswith(f"/en/orders/{order.id}")
    assert "Awaiting payment" in buyer.client.get(url).get_data(as_text=True)
    kinds = {(n.user_id, n.kind) for n in db_session.exec(select(Notification))}
    assert {(buyer.user.id, "rfq.quote"), (maker.user.id, "rfq.accepted")} <= kinds
    mails = _mails(caplog)
    assert any(f"to={buyer.user.email}" in m and "$30.00" in m for m in mails)
    # The maker reads mail in Korean (its organisation writes in Korean): "주문 #<id>".
    assert any(f"to={maker.user.email}" in m and f"#{order.id}" in m and "주문" in m for m in mails)
    again = buyer.client.post(f"/en/rfqs/quotes/{quote.id}/accept",
                              data={"csrf_token": csrf_token(buyer.client, url)}, follow_redirects=True)
    assert "already accepted" in again.get_data(as_text=True)
    assert count(db_session, WholesaleOrder) == 1


def test_expired_quote_shows_no_button_and_is_refused(db_session, buyer, maker, sent_rfq):
    """An expired quote is marked, has no accept button, and a forced accept is refused with a message."""
    quote = quotes.send_quote(db_session, maker.user, sent_rfq.id, unit_price="30", currency="USD",
                                lead_time_days=10, valid_until=dt.date.today())
    quote.valid_until = dt.date.today() - dt.timedelta(days=2)
    db_session.add(quote)
    db_session.commit()
    url = f"/en/rfqs/{sent_rfq.id}"
    page = buyer.client.get(url).get_data(as_text=True)
    assert "expired" in page and f"/quotes/{quote.id}/accept" not in page
    response = buyer.client.post(f"/en/rfqs/quotes/{quote.id}/accept",
                                 data={"csrf_token": csrf_token(buyer.client, url)}, follow_redirects=True)
    assert "This quote expired on" in response.get_data(as_text=True)
    assert count(db_session, WholesaleOrder) == 0


def test_accept_without_csrf_is_refused(db_session, buyer, maker, sent_rfq):
    """Accepting needs the form's CSRF token."""
    quote = quotes.send_quote(db_session, maker.user, sent_rfq.id, unit_price="30", currency="USD",
                                lead_time_days=10, valid_until=dt.date.today() + dt.timedelta(days=3))
    db_session.commit()
    assert buyer.client.post(f"/en/rfqs/quotes/{quote.id}/accept").status_code == 400
    assert count(db_session, WholesaleOrder) == 0


def test_decline_and_thread(db_session, buyer, maker, sent_rfq, caplog):
    """Messages go both ways and notify the other side; the maker declines with a reason the buyer sees."""
    url = f"/en/rfqs/{sent_rfq.id}"
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        empty = buyer.client.post(f"{url}/messages", data={"csrf_token": csrf_token(buyer.client, url),
                                                           "body": "  "})
        assert empty.status_code == 422
        assert buyer.client.post(f"{url}/messages", data={"csrf_token": csrf_token(buyer.client, url),
                                                          "body": "Can you emboss our logo?"}).status_code == 302
        assert maker.client.post(f"{url}/messages", data={"csrf_token": csrf_token(maker.client, url),
                                                          "body": "Yes, for free."}).status_code == 302
        declined = maker.client.post(f"{url}/decline", data={"csrf_token": csrf_token(maker.client, url),
                                                             "reason": "capacity", "note": "Booked until March."})
    assert declined.status_code == 302
    page = buyer.client.get(url).get_data(as_text=True)
    assert "Can you emboss our logo?" in page and "Yes, for free." in page
    assert "We are fully booked for this period" in page and "Booked until March." in page
    assert "Send a quote" not in maker.client.get(url).get_data(as_text=True)
    mails = _mails(caplog)
    assert any(f"to={maker.user.email}" in m and "Can you emboss our logo?" in m for m in mails)
    assert any(f"to={buyer.user.email}" in m and "Yes, for free." in m for m in mails)
    assert any(f"to={buyer.user.email}" in m and "Booked until March." in m for m in mails)
    again = maker.client.post(f"{url}/decline", data={"csrf_token": csrf_token(maker.client, url),
                                                      "reason": "other"}, follow_redirects=True)
    assert again.status_code == 409 and "so it cannot become declined" in again.get_data(as_text=True)


def test_buyer_cannot_quote_own_request(buyer, sent_rfq):
    """The buyer has no quote form and a forced quote is forbidden."""
    url = f"/en/rfqs/{sent_rfq.id}"
    assert "Send a quote" not in buyer.client.get(url).get_data(as_text=True)
    response = buyer.client.post(f"{url}/quotes", data={
        "csrf_token": csrf_token(buyer.client, url), "unit_price": "1", "currency": "USD",
        "lead_time_days": "1", "valid_until": dt.date.today().isoformat()})
    assert response.status_code == 403


def test_pages_need_sign_in(app, sent_rfq):
    """Visitors are sent to sign in."""
    client = isolated_client(app)
    for url in ("/en/rfqs/", "/en/rfqs/inbox", f"/en/rfqs/{sent_rfq.id}", "/en/notifications/"):
        response = client.get(url)
        assert response.status_code == 302 and "/account/signin" in response.headers["Location"]


def test_pages_in_japanese(buyer, product, sent_rfq):
    """The RFQ pages render in another locale."""
    assert buyer.client.get(f"/ja/rfqs/{sent_rfq.id}").status_code == 200
    assert buyer.client.get(f"/ja/rfqs/new?product_id={product.id}").status_code == 200
    assert buyer.client.get("/ja/rfqs/").status_code == 200
