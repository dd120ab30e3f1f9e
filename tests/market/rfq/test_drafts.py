"""Unsent requests for quote: a form that comes back keeps its attachments (stored and sent with the request),
a quantity below the product's MOQ is warned about before sending, and drafts can be resumed and deleted."""

from __future__ import annotations

import io
import re

from sqlmodel import select

from market.rfq.models import Rfq, RfqAttachment, RfqDraft
from market.storage import get_storage
from tests.factories.db import count
from tests.factories.files import stored_files
from tests.factories.rfq import drawing_pdf, form_data
from tests.helpers import csrf_token


def _new_url(product) -> str:
    return f"/en/rfqs/new?product_id={product.id}"


def _draft_id(html: str) -> str:
    match = re.search(r'<input type="hidden" name="draft" value="(\d+)">', html)
    assert match, "the form carries no draft"
    return match.group(1)


def test_attachment_survives_the_completeness_page(app, db_session, buyer, product):
    """A vague request with a drawing comes back with the drawing kept (stored, listed, carried by the form);
    sending it then attaches that drawing, and the draft and its copy are gone."""
    url = _new_url(product)
    data = form_data(buyer.client, url, target_price="", incoterm="", needed_by="")
    data["attachments"] = [(io.BytesIO(drawing_pdf()), "drawing.pdf")]
    first = buyer.client.post(url, data=data, content_type="multipart/form-data")
    html = first.get_data(as_text=True)
    assert first.status_code == 200 and count(db_session, Rfq) == 0
    assert "Attached and kept with this request" in html and "drawing.pdf" in html
    draft = db_session.exec(select(RfqDraft)).one()
    kept_key = draft.attachments[0]["storage_key"]
    assert get_storage().read(kept_key) == drawing_pdf()

    data = form_data(buyer.client, url, target_price="", incoterm="", needed_by="", confirmed="1",
                     draft=_draft_id(html))
    sent = buyer.client.post(url, data=data, content_type="multipart/form-data")
    assert sent.status_code == 302
    attachment = db_session.exec(select(RfqAttachment)).one()
    assert attachment.filename == "drawing.pdf" and get_storage().read(attachment.storage_key) == drawing_pdf()
    assert count(db_session, RfqDraft) == 0
    assert kept_key not in stored_files(app)


def test_attachment_survives_a_refused_field(db_session, buyer, product):
    """A refused field (an unknown incoterm) does not drop a valid attachment either."""
    url = _new_url(product)
    data = form_data(buyer.client, url, incoterm="FAS")
    data["attachments"] = [(io.BytesIO(drawing_pdf()), "drawing.pdf")]
    response = buyer.client.post(url, data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Choose one of: EXW" in html and "drawing.pdf" in html and _draft_id(html)


def test_quantity_below_the_moq_is_warned_before_sending(db_session, buyer, product):
    """10 wallets when the product's MOQ is 20: the page warns and sends nothing; confirming sends it."""
    url = _new_url(product)
    first = buyer.client.post(url, data=form_data(buyer.client, url, quantity="10"))
    html = first.get_data(as_text=True)
    assert first.status_code == 200 and count(db_session, Rfq) == 0
    assert "This product&#39;s minimum order is 20 units and you ask for 10" in html
    assert 'name="confirmed" type="hidden" value="1"' in html
    second = buyer.client.post(url, data=form_data(buyer.client, url, quantity="10", confirmed="1",
                                                   draft=_draft_id(html)))
    assert second.status_code == 302 and db_session.exec(select(Rfq)).one().quantity == 10


def test_drafts_are_resumed_and_deleted(app, db_session, buyer, other_buyer, product):
    """The buying workspace lists an unsent request: it opens filled in, and deleting it (after the page's
    confirmation) removes it and its files; someone else's draft is not found."""
    url = _new_url(product)
    data = form_data(buyer.client, url, quantity="10", message="Wallets in navy, 110 x 90 mm.")
    data["attachments"] = [(io.BytesIO(drawing_pdf()), "drawing.pdf")]
    buyer.client.post(url, data=data, content_type="multipart/form-data")
    draft = db_session.exec(select(RfqDraft)).one()
    key = draft.attachments[0]["storage_key"]

    workspace = buyer.client.get("/en/workspace/buying").get_data(as_text=True)
    resume = f"/en/rfqs/new?draft={draft.id}&amp;product_id={product.id}"
    assert resume in workspace and f'action="/en/rfqs/drafts/{draft.id}/delete"' in workspace
    assert "data-confirm=" in workspace.split('id="rfq-drafts"', 1)[1]
    page = buyer.client.get(resume.replace("&amp;", "&")).get_data(as_text=True)
    assert "Wallets in navy, 110 x 90 mm." in page and 'value="10"' in page and "drawing.pdf" in page

    token = csrf_token(other_buyer.client, "/en/account/")
    assert other_buyer.client.post(f"/en/rfqs/drafts/{draft.id}/delete",
                                   data={"csrf_token": token}).status_code == 404
    token = csrf_token(buyer.client, "/en/workspace/buying")
    deleted = buyer.client.post(f"/en/rfqs/drafts/{draft.id}/delete", data={"csrf_token": token})
    assert deleted.status_code == 302 and deleted.headers["Location"] == "/en/workspace/buying"
    assert count(db_session, RfqDraft) == 0 and key not in stored_files(app)
