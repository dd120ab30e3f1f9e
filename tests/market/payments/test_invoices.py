"""Bank-transfer invoices: issued with the seller, buyer, lines, bank account, reference and due date, numbered in
sequence, mailed after the commit with a link, downloadable by the buyer, the seller and staff only, and refused
(with a notice for the operator) while the platform's bank account is not configured."""

from __future__ import annotations

import datetime as dt
import io
import logging

import pytest
from pypdf import PdfReader
from sqlmodel import select

from market.payments import providers, services
from market.payments.models import Invoice, Payment
from tests.factories.payments import place_order
from tests.helpers import csrf_token


def _start(party, order):
    token = csrf_token(party.client, f"/en/pay/wholesale_order/{order.id}")
    return party.client.post(f"/en/pay/wholesale_order/{order.id}", data={"csrf_token": token})


def _pdf_text(response) -> str:
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.get_data())).pages)


@pytest.fixture
def no_bank(app):
    """The app's payment providers without the platform's bank account, for the test."""
    saved = app.extensions[providers.EXTENSION]
    app.extensions[providers.EXTENSION] = providers.build_providers({})
    yield
    app.extensions[providers.EXTENSION] = saved


def test_invoice_pdf_has_seller_buyer_lines_bank_reference_and_due_date(db_session, buyer, order):
    """The buyer's invoice PDF names the seller and buyer, the line, the bank account with SWIFT, the reference,
    the total and the due date 14 days after issue."""
    assert _start(buyer, order).status_code == 302
    payment = db_session.exec(select(Payment)).one()
    invoice = db_session.exec(select(Invoice).where(Invoice.payment_id == payment.id)).one()
    assert invoice.due_on == invoice.issued_on + dt.timedelta(days=14)
    text = _pdf_text(buyer.client.get(f"/en/payments/{payment.id}/invoice.pdf"))
    for expected in ("Saesol Leather", "Tokyo Select", "Woori Bank, Jongno branch", "1005-702-118822", "HVBKKRSE",
                     payment.reference, invoice.number, "₩960,000", "Due date",
                     f"{invoice.due_on:%B} {invoice.due_on.day}, {invoice.due_on.year}"):
        assert expected in text, expected


def test_checkout_shows_the_invoice_and_its_download(db_session, buyer, order):
    """After "Get the invoice" the checkout shows the number, bank account and due date, and links the PDF."""
    _start(buyer, order)
    payment = db_session.exec(select(Payment)).one()
    invoice = services.latest_invoice(db_session, payment.id)
    page = buyer.client.get(f"/en/pay/wholesale_order/{order.id}").get_data(as_text=True)
    assert invoice.number in page and "1005-702-118822" in page and invoice.due_on.isoformat() in page
    assert f'href="/en/payments/{payment.id}/invoice.pdf"' in page
    assert invoice.number in buyer.client.get(f"/en/payments/{payment.id}").get_data(as_text=True)
    order_page = buyer.client.get(f"/en/orders/{order.id}").get_data(as_text=True)
    assert invoice.number in order_page and f'href="/en/payments/{payment.id}/invoice.pdf"' in order_page


def test_only_buyer_seller_and_staff_download_the_invoice(db_session, buyer, maker, other_buyer, other_maker, staff,
                                                          order, client):
    """The buyer, the seller's members and staff get the PDF; another buyer, another maker get 404; a visitor is
    sent to sign in."""
    _start(buyer, order)
    payment = db_session.exec(select(Payment)).one()
    url = f"/en/payments/{payment.id}/invoice.pdf"
    staff_client, _user = staff
    for allowed in (buyer.client, maker.client, staff_client):
        assert allowed.get(url).status_code == 200
    for outsider in (other_buyer.client, other_maker.client):
        assert outsider.get(url).status_code == 404
    assert client.get(url).status_code in (302, 401)


def test_invoice_is_mailed_after_the_commit_with_a_link(app, db_session, buyer, order, caplog):
    """Issuing the invoice mails the payer once the transaction commits, with the PDF's absolute link."""
    caplog.set_level(logging.INFO, logger="seoulmade.mail")
    with app.test_request_context("/en/"):
        payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
        assert [r for r in caplog.records if r.name == "seoulmade.mail"] == []
        db_session.commit()
    invoice = services.latest_invoice(db_session, payment.id)
    mails = [r.getMessage() for r in caplog.records if r.name == "seoulmade.mail"]
    assert len(mails) == 1 and buyer.user.email in mails[0] and invoice.number in mails[0]
    assert f"http://localhost/en/payments/{payment.id}/invoice.pdf" in mails[0]
    assert "1005-702-118822" in mails[0] and payment.reference in mails[0]


def test_invoice_numbers_are_sequential_and_unique(app, db_session, buyer, wallet, bowl):
    """Two invoices get consecutive numbers of the year; starting again on the same payment keeps its invoice."""
    first_order, second_order = place_order(db_session, buyer, wallet), place_order(db_session, buyer, bowl)
    with app.test_request_context("/en/"):
        first = services.start_payment(db_session, buyer.user, "wholesale_order", first_order.id)
        second = services.start_payment(db_session, buyer.user, "wholesale_order", second_order.id)
        again = services.start_payment(db_session, buyer.user, "wholesale_order", first_order.id)
    a, b = services.latest_invoice(db_session, first.id), services.latest_invoice(db_session, second.id)
    assert again.id == first.id and services.latest_invoice(db_session, again.id).id == a.id
    assert (a.year, b.sequence) == (b.year, a.sequence + 1) and a.number != b.number
    assert a.number == f"INV-{a.year}-{a.sequence:06d}"
    assert len(db_session.exec(select(Invoice)).all()) == 2


def test_without_bank_details_no_invoice_is_issued(app, db_session, buyer, staff, order, client, no_bank, caplog):
    """Without the bank account the checkout says bank transfer is unavailable (no empty account, no button),
    starting is refused with nothing stored, the log says why, /readyz and the staff payments page tell the
    operator."""
    page = buyer.client.get(f"/en/pay/wholesale_order/{order.id}").get_data(as_text=True)
    assert 'id="transfer-unavailable"' in page and "Get the invoice" not in page and "Account number" not in page
    caplog.set_level(logging.WARNING, logger="seoulmade.payments")
    refused = _start(buyer, order)
    assert refused.status_code in (302, 409)
    assert db_session.exec(select(Payment)).all() == [] and db_session.exec(select(Invoice)).all() == []
    assert any("PAYMENT_BANK_ACCOUNT_NUMBER" in r.getMessage() for r in caplog.records)
    with pytest.raises(services.PaymentError) as refusal, app.test_request_context("/en/"):
        services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    assert refusal.value.code == "bank_transfer_unavailable" and refusal.value.status == 409
    ready = client.get("/readyz").get_json()
    assert "PAYMENT_BANK_NAME" in ready["notices"]["payments"]
    staff_client, _user = staff
    assert 'id="transfer-problem"' in staff_client.get("/en/admin/payments/").get_data(as_text=True)


def test_configured_readyz_has_no_payment_notice(client):
    """With the bank account configured /readyz has no notice about payments."""
    assert "payments" not in client.get("/readyz").get_json()["notices"]


def test_demo_configures_a_korean_bank_account(app, tmp_path):
    """The demo writes a Woori Bank account with its SWIFT code to the data dir's settings, which later starts
    read; an operator's own account is left alone."""
    from flask import Flask

    from market.config import load_settings
    from market.payments.demo import configure_demo_bank

    demo = Flask("demo")
    demo.config.update(DATA_DIR=str(tmp_path))
    assert configure_demo_bank(demo)
    settings = load_settings({"SEOULMADE_DATA_DIR": str(tmp_path), "SECRET_KEY": "x"})
    assert settings["PAYMENT_BANK_NAME"].startswith("Woori Bank") and settings["PAYMENT_BANK_SWIFT"] == "HVBKKRSE"
    assert providers.bank_transfer_problem(providers.build_providers(settings)) is None
    assert configure_demo_bank(demo) == []  # written once
    own = load_settings({"SEOULMADE_DATA_DIR": str(tmp_path), "SECRET_KEY": "x",
                         "PAYMENT_BANK_ACCOUNT_NUMBER": "999-1"})
    assert own["PAYMENT_BANK_ACCOUNT_NUMBER"] == "999-1"  # the environment wins over the file


def test_each_payment_of_a_payable_gets_its_own_invoice(app, db_session, buyer, order, staff):
    """An invoice belongs to one payment (a deposit and a balance each get theirs): staff and the seller see it on
    the payment's page too."""
    with app.test_request_context("/en/"):
        payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    db_session.commit()
    invoice = services.latest_invoice(db_session, payment.id)
    assert invoice.payment_id == payment.id and invoice.reference == payment.reference
    assert invoice.document["lines"] and sum(line["total_minor"] for line in invoice.document["lines"]) == \
        invoice.amount_minor
    staff_client, _user = staff
    assert invoice.number in staff_client.get(f"/en/payments/{payment.id}").get_data(as_text=True)
    assert invoice.number in staff_client.get(f"/en/admin/payments/{payment.id}").get_data(as_text=True)


def test_building_the_app_without_bank_details_logs_nothing(caplog):
    """Every CLI command builds the app: without the bank account that is not a warning each time (the server
    says it once at start, and /readyz and the staff page keep saying it)."""
    from market.app import create_app

    caplog.set_level(logging.WARNING)
    create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "PAYMENT_BANK_ACCOUNT_NUMBER": None})
    assert not [r for r in caplog.records if "bank-transfer" in r.getMessage()]
