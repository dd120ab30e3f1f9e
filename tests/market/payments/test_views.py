"""Payment pages: the order's Pay button, the checkout with its invoice, the status page, and staff's payments
list, mark-received and refund forms and payouts page."""

from sqlmodel import select

from market.orders.models import WholesaleOrder
from market.payments import providers, services
from market.payments.models import Payment, Payout, Refund
from tests.helpers import csrf_token


def _start(buyer, order):
    token = csrf_token(buyer.client, f"/en/pay/wholesale_order/{order.id}")
    return buyer.client.post(f"/en/pay/wholesale_order/{order.id}", data={"csrf_token": token})


def test_order_page_has_the_pay_button_for_the_buyer_only(buyer, maker, order):
    """The buyer's order page links to the checkout; the maker sees that it can confirm once paid, and no
    confirm button."""
    page = buyer.client.get(f"/en/orders/{order.id}").get_data(as_text=True)
    assert f'href="/en/pay/wholesale_order/{order.id}"' in page and "Pay for this order" in page
    sale = maker.client.get(f"/en/orders/incoming/{order.id}").get_data(as_text=True)
    assert "Pay for this order" not in sale and "Confirm the order" not in sale
    assert "once the buyer has paid" in sale


def test_checkout_issues_the_invoice_with_bank_details(app, db_session, buyer, order):
    """GET shows what is due; POST issues the invoice, shown with the bank details and the reference."""
    saved = app.extensions[providers.EXTENSION]
    app.extensions[providers.EXTENSION] = providers.build_providers({
        "PAYMENT_BANK_NAME": "Woori Bank, Jongno branch", "PAYMENT_BANK_ACCOUNT_NAME": "Made in Seoul Ltd.",
        "PAYMENT_BANK_ACCOUNT_NUMBER": "1005-702-118822", "PAYMENT_BANK_SWIFT": "HVBKKRSE"})
    try:
        first = buyer.client.get(f"/en/pay/wholesale_order/{order.id}").get_data(as_text=True)
        assert "Get the invoice" in first and "₩960,000" in first
        started = _start(buyer, order)
        assert started.status_code == 302 and started.headers["Location"].endswith(f"/pay/wholesale_order/{order.id}")
        payment = db_session.exec(select(Payment)).one()
        invoice = buyer.client.get(f"/en/pay/wholesale_order/{order.id}").get_data(as_text=True)
    finally:
        app.extensions[providers.EXTENSION] = saved
    assert payment.reference in invoice and "1005-702-118822" in invoice and "HVBKKRSE" in invoice
    assert "Get the invoice" not in invoice


def test_checkout_is_not_found_for_others(other_buyer, maker, order):
    """Another buyer and the maker get 404 on the checkout, and cannot start paying."""
    for party in (other_buyer, maker):
        assert party.client.get(f"/en/pay/wholesale_order/{order.id}").status_code == 404
        token = csrf_token(party.client, "/en/orders/")
        assert party.client.post(f"/en/pay/wholesale_order/{order.id}",
                                 data={"csrf_token": token}).status_code == 404
    assert other_buyer.client.get("/en/pay/nothing/1").status_code == 404


def test_staff_mark_received_from_the_payment_page(db_session, buyer, maker, staff, order):
    """Staff find the payment by reference, mark it received; the buyer's order page then says paid and the
    paid checkout leads to the payment's page."""
    _start(buyer, order)
    payment = db_session.exec(select(Payment)).one()
    client, _user = staff
    listing = client.get(f"/en/admin/payments/?q={payment.reference}").get_data(as_text=True)
    assert payment.reference in listing and "Saesol Leather" in listing
    token = csrf_token(client, f"/en/admin/payments/{payment.id}")
    wrong = client.post(f"/en/admin/payments/{payment.id}/received",
                        data={"csrf_token": token, "amount": "9600000", "note": ""})
    assert wrong.status_code == 422 and "more than twice" in wrong.get_data(as_text=True)
    done = client.post(f"/en/admin/payments/{payment.id}/received",
                       data={"csrf_token": token, "amount": "960,000", "note": "Woori #77"})
    assert done.status_code == 302
    assert db_session.get(WholesaleOrder, order.id).status == "paid"
    assert "Paid" in buyer.client.get(f"/en/orders/{order.id}").get_data(as_text=True)
    paid = buyer.client.get(f"/en/pay/wholesale_order/{order.id}")
    assert paid.status_code == 302 and paid.headers["Location"].endswith(f"/payments/{payment.id}")
    status = buyer.client.get(f"/en/payments/{payment.id}").get_data(as_text=True)
    assert "Bank transfer" in status and payment.reference in status
    assert maker.client.get(f"/en/payments/{payment.id}").status_code == 200
    assert "Confirm the order" in maker.client.get(f"/en/orders/incoming/{order.id}").get_data(as_text=True)


def test_staff_refund_form(db_session, buyer, staff, order):
    """Staff refund part of a payment from its page; more than is left is refused with a message."""
    _start(buyer, order)
    payment = db_session.exec(select(Payment)).one()
    services.mark_received(db_session, staff[1], payment.id)
    db_session.commit()
    client = staff[0]
    token = csrf_token(client, f"/en/admin/payments/{payment.id}")
    too_much = client.post(f"/en/admin/payments/{payment.id}/refunds",
                           data={"csrf_token": token, "amount": "960001", "reason": "All of it and more"})
    assert too_much.status_code == 422 and "At most ₩960,000" in too_much.get_data(as_text=True)
    bad = client.post(f"/en/admin/payments/{payment.id}/refunds",
                      data={"csrf_token": token, "amount": "12.5", "reason": "Half a won"})
    assert bad.status_code == 422 and "at most 0 decimals" in bad.get_data(as_text=True)
    done = client.post(f"/en/admin/payments/{payment.id}/refunds",
                       data={"csrf_token": token, "amount": "48000", "reason": "One wallet missing"})
    assert done.status_code == 302
    (refund,) = db_session.exec(select(Refund)).all()
    assert refund.amount_minor == 48_000 and payment.status == "partially_refunded"
    page = buyer.client.get(f"/en/payments/{payment.id}").get_data(as_text=True)
    assert "One wallet missing" in page and "Partly refunded" in page


def test_staff_pages_are_for_staff_only(buyer, maker, order):
    """Members get 403 on the staff payments pages."""
    for url in ("/en/admin/payments/", "/en/admin/payouts/"):
        assert buyer.client.get(url).status_code == 403
        assert maker.client.get(url).status_code == 403


def test_payouts_page_records_a_payout(db_session, buyer, staff, order):
    """The payouts page lists what a maker is owed and records a bank-transfer payout."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    services.mark_received(db_session, staff[1], payment.id)
    db_session.commit()
    client = staff[0]
    page = client.get("/en/admin/payouts/").get_data(as_text=True)
    assert "Saesol Leather" in page and "₩864,000" in page
    token = csrf_token(client, "/en/admin/payouts/")
    done = client.post("/en/admin/payouts/", data={"csrf_token": token, "org_id": order.maker_org_id,
                                                    "currency": "KRW", "amount": "864000", "note": "Nov"})
    assert done.status_code == 302
    payout = db_session.exec(select(Payout)).one()
    assert (payout.amount_minor, payout.method) == (864_000, "bank_transfer")
    assert "No maker is owed anything." in client.get("/en/admin/payouts/").get_data(as_text=True)


def test_payout_over_what_is_owed_is_marked_on_its_field(db_session, buyer, staff, order):
    """A payout of more than the maker is owed comes back (422) with the message on that maker's amount field,
    the one the banner links to; nothing is recorded."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    services.mark_received(db_session, staff[1], payment.id)
    db_session.commit()
    client = staff[0]
    token = csrf_token(client, "/en/admin/payouts/")
    refused = client.post("/en/admin/payouts/", data={"csrf_token": token, "org_id": order.maker_org_id,
                                                       "currency": "KRW", "amount": "900000"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'href="#amount"' in html
    assert 'id="amount"' in html and 'aria-invalid="true"' in html and "is owed ₩864,000" in html
    assert db_session.exec(select(Payout)).first() is None


def test_a_payment_reads_in_the_readers_language(db_session, buyer, staff, order):
    """The payment was made from an English page; a Korean staff member and the payer in Japanese read what it
    is for in their own language, not in the words kept at payment time."""
    _start(buyer, order)
    payment = db_session.exec(select(Payment)).one()
    client = staff[0]
    korean = client.get(f"/ko/admin/payments/{payment.id}").get_data(as_text=True)
    listing = client.get("/ko/admin/payments/").get_data(as_text=True)
    japanese = buyer.client.get(f"/ja/payments/{payment.id}").get_data(as_text=True)
    assert payment.description not in korean and payment.description not in listing
    assert payment.description not in japanese
    assert f"#{order.id}" in korean and f"#{order.id}" in japanese
