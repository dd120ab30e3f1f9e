"""Evidence documents of a return: checked by content before anything is stored, refused on the field when they
are not what they claim (and the return is not submitted), sent only to the member and its reviewers."""

import io

from sqlmodel import select

from market.association.models import AnnualReturn, ReturnFile, ReturnStatus
from tests.factories.association import figures
from tests.factories.files import pdf_bytes
from tests.helpers import csrf_token

YEAR = 2026


def _form(token, **extra):
    data = {k: ("" if v is None else v) for k, v in figures().items() if not isinstance(v, (dict, list))}
    return {**data, "csrf_token": token, "action": "submit", **extra}


def test_a_member_attaches_evidence_that_only_it_and_reviewers_can_read(db_session, campaign, workshop,
                                                                        other_workshop, staff):
    """A real PDF is stored with the submitted return; the staff can open it, another firm cannot."""
    url = f"/en/association/returns/{YEAR}"
    token = csrf_token(workshop.client, url)
    answer = workshop.client.post(url, data=_form(token, evidence=[(io.BytesIO(pdf_bytes()), "statement.pdf")]),
                                  content_type="multipart/form-data")
    assert answer.status_code == 302
    row = db_session.exec(select(ReturnFile)).one()
    assert row.filename == "statement.pdf" and row.content_type == "application/pdf"
    assert "statement.pdf" in workshop.client.get(url).get_data(as_text=True)
    assert staff.client.get(f"/en/association/evidence/{row.id}").data.startswith(b"%PDF-")
    assert other_workshop.client.get(f"/en/association/evidence/{row.id}").status_code == 404


def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_is_kept(db_session, campaign, workshop):
    """Text named .pdf: 422 with the message on the evidence field; no file, the return not submitted."""
    url = f"/en/association/returns/{YEAR}"
    token = csrf_token(workshop.client, url)
    answer = workshop.client.post(url, data=_form(token, evidence=[(io.BytesIO(b"hello"), "accounts.pdf")]),
                                  content_type="multipart/form-data")
    assert answer.status_code == 422
    assert 'id="evidence-error"' in answer.get_data(as_text=True)
    assert db_session.exec(select(ReturnFile)).all() == []
    assert db_session.exec(select(AnnualReturn).where(AnnualReturn.status == ReturnStatus.submitted)).all() == []
