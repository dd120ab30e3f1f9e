"""The co-brand journey: a maker applies, a curator decides, a certificate is issued, verified, revoked or
expires; and what is refused (other makers' products, bad evidence, a curator's own organisation)."""

import datetime as dt
import io
import re

import pytest
import sqlalchemy as sa
from sqlmodel import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from catalog.certification import services
from catalog.certification.models import (
    ApplicationStatus,
    Certificate,
    CertificationApplication,
    CertificationDecision,
    CertificationEvidence,
)
from catalog.certification.services.applications import step_application
from market.accounts.services import add_member
from market.refusals import Refusal
from tests.factories.certification import BRONZE_ANSWERS, GOLD_ANSWERS, evidence_image, evidence_pdf, token
from tests.factories.db import count
from tests.factories.files import stored_files
from tests.helpers import sign_in

CODE = re.compile(r"^MIS-(\d{4})-(\d{6})$")


def _apply_on_the_web(ws, answers, product_ids):
    client = ws.client
    response = client.post(f"/en/co-brand/makers/{ws.org.id}/apply", data={"csrf_token": token(client)})
    assert response.status_code == 302
    url = response.headers["Location"]
    application_id = int(url.rstrip("/").rsplit("/", 1)[-1])
    data = {**answers, "products": [str(p) for p in product_ids], "csrf_token": token(client)}
    return application_id, client.post(url, data=data)


def _upload(client, application_id, kind, data, name):
    # The body is encoded here, in memory: the test client would spool a large one to a temporary file it never
    # closes (a ResourceWarning under filterwarnings=error).
    boundary, body = encode_multipart({"kind": kind, "file": FileStorage(io.BytesIO(data), name),
                                       "csrf_token": token(client)})
    return client.post(f"/en/co-brand/applications/{application_id}/evidence", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def test_apply_approve_and_verify(db_session, workshop, curator):
    """A maker applies with answers, products and evidence, sees its score, submits; a curator approves; the
    certificate (MIS-<year>-<6 digits>) shows as valid on the verify page and in the API."""
    first, second = workshop.products
    application_id, saved = _apply_on_the_web(workshop, GOLD_ANSWERS, [first.id, second.id])
    assert saved.status_code == 302
    page = workshop.client.get(f"/en/co-brand/applications/{application_id}").get_data(as_text=True)
    assert "90 / 100" in page and "Gold" in page  # 90 before any evidence
    assert _upload(workshop.client, application_id, "quality", evidence_pdf(), "../../etc/report.pdf").status_code == 302
    assert _upload(workshop.client, application_id, "origin", evidence_image("JPEG"), "workshop.jpg").status_code == 302
    page = workshop.client.get(f"/en/co-brand/applications/{application_id}").get_data(as_text=True)
    assert "100 / 100" in page and "report.pdf" in page
    evidence = db_session.exec(select(CertificationEvidence)
                               .where(CertificationEvidence.application_id == application_id)).all()
    assert {e.kind for e in evidence} == {"quality", "origin"}
    assert all(e.storage_key.startswith("private/") and "report" not in e.storage_key for e in evidence)

    submit = workshop.client.post(f"/en/co-brand/applications/{application_id}/submit",
                                  data={"csrf_token": token(workshop.client)})
    assert submit.status_code == 302
    application = db_session.get(CertificationApplication, application_id)
    assert application.status == ApplicationStatus.submitted and application.score == 100

    queue = curator.client.get("/en/co-brand/review")
    assert queue.status_code == 200 and "Saesol Shoes" in queue.get_data(as_text=True)
    assert workshop.client.get("/en/co-brand/review").status_code == 403
    review = curator.client.get(f"/en/co-brand/review/{application_id}").get_data(as_text=True)
    assert "100 / 100" in review and "report.pdf" in review
    download = curator.client.get(f"/en/co-brand/evidence/{evidence[0].id}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert workshop.client.get(f"/en/co-brand/evidence/{evidence[0].id}").status_code == 200

    approved = curator.client.post(f"/en/co-brand/review/{application_id}/approve",
                                   data={"products": [str(first.id)], "note": "Well documented.",
                                         "csrf_token": token(curator.client)})
    assert approved.status_code == 302
    certificate = db_session.exec(select(Certificate).where(Certificate.application_id == application_id)).one()
    match = CODE.match(certificate.code)
    assert match and int(match.group(1)) == dt.date.today().year == certificate.year
    assert certificate.tier == "gold" and certificate.expires_on == services.validity_end(certificate.issued_on)
    decision = db_session.exec(select(CertificationDecision)
                               .where(CertificationDecision.application_id == application_id)).one()
    assert decision.action == "approve" and decision.decided_by_id == curator.user.id and decision.decided_at

    for url in (f"/verify/{certificate.code}", f"/en/verify/{certificate.code}",
                f"/ja/verify/{certificate.code.lower()}"):
        response = workshop.client.get(url)
        assert response.status_code == 200, url
    html = workshop.client.get(f"/en/verify/{certificate.code}").get_data(as_text=True)
    assert "Valid" in html and "Saesol Shoes" in html and "Saesol Shoes boots 0" in html
    assert "Saesol Shoes boots 1" not in html  # the curator certified the first product only

    api = workshop.client.get(f"/api/v1/certificates/{certificate.code}?lang=en").get_json()
    assert api["status"] == "valid" and api["valid"] is True and api["tier"] == "gold"
    assert api["maker"]["name"] == "Saesol Shoes" and [p["id"] for p in api["products"]] == [first.id]
    assert api["verify_url"] == f"http://localhost/verify/{certificate.code}"

    assert services.maker_badge(db_session, workshop.org.id)["code"] == certificate.code
    assert set(services.product_badges(db_session, [first.id, second.id])) == {first.id}
    assert first.id in services.certified_product_ids(db_session)
    assert second.id not in services.certified_product_ids(db_session)


def test_unknown_code_is_not_found(client):
    """An unknown code gives a 404 page and a JSON 404."""
    page = client.get("/verify/MIS-1999-000001")
    assert page.status_code == 404 and "MIS-1999-000001" in page.get_data(as_text=True)
    assert client.get("/en/verify/nonsense").status_code == 404
    api = client.get("/api/v1/certificates/MIS-1999-000001")
    assert api.status_code == 404 and api.get_json()["error"]["code"] == "not_found"


def test_verify_form_goes_to_the_code(client):
    """The verify box on the co-brand page leads to the certificate's page."""
    response = client.get("/en/verify?code=%20mis-2026-000001%20")
    assert response.status_code == 302 and response.headers["Location"].endswith("/en/verify/MIS-2026-000001")


def test_rejection_reasons_reach_the_maker_who_reapplies(db_session, workshop, curator, submitted):
    """Rejecting needs reasons; the maker reads them and starts a new application carrying its answers."""
    application = submitted(workshop, evidence=("origin",))
    empty = curator.client.post(f"/en/co-brand/review/{application.id}/reject",
                                data={"reasons": "  ", "csrf_token": token(curator.client)})
    assert empty.status_code == 422
    db_session.refresh(application)
    assert application.status == ApplicationStatus.submitted
    reasons = "The origin document is a lease in Gimpo. Upload the Seongsu workshop's registration."
    rejected = curator.client.post(f"/en/co-brand/review/{application.id}/reject",
                                   data={"reasons": reasons, "csrf_token": token(curator.client)})
    assert rejected.status_code == 302
    db_session.refresh(application)
    assert application.status == ApplicationStatus.rejected and application.open_organization_id is None
    decision = services.latest_decision(db_session, application.id, "reject")
    assert decision.reasons == reasons and decision.decided_by_id == curator.user.id

    assert "Gimpo" in workshop.client.get("/en/co-brand/applications").get_data(as_text=True)
    assert "Gimpo" in workshop.client.get(f"/en/co-brand/applications/{application.id}").get_data(as_text=True)

    again = workshop.client.post(f"/en/co-brand/applications/{application.id}/reapply",
                                 data={"csrf_token": token(workshop.client)})
    assert again.status_code == 302
    new = db_session.exec(select(CertificationApplication)
                          .where(CertificationApplication.previous_application_id == application.id)).one()
    assert new.status == ApplicationStatus.draft and new.answers == application.answers
    assert new.product_ids == application.product_ids
    assert count(db_session, CertificationEvidence, CertificationEvidence.application_id == new.id) == 1
    services.submit_application(db_session, workshop.owner, new.id)
    db_session.commit()
    assert [i.application.id for i in services.review_queue(db_session)] == [new.id]
    # The rejected application itself cannot be re-opened or re-decided.
    assert workshop.client.post(f"/en/co-brand/applications/{application.id}/reapply",
                                data={"csrf_token": token(workshop.client)}).status_code == 302
    assert count(db_session, CertificationApplication,
                 CertificationApplication.organization_id == workshop.org.id) == 2


def test_curator_cannot_decide_for_own_organisation(db_session, workshop, curator, submitted):
    """A curator who belongs to the maker is refused with a message; nothing changes."""
    application = submitted(workshop)
    add_member(db_session, workshop.org, curator.user)
    db_session.commit()
    page = curator.client.get(f"/en/co-brand/review/{application.id}").get_data(as_text=True)
    assert "another curator has to decide" in page
    for action, data in (("approve", {"products": []}), ("reject", {"reasons": "Looks fine to me."})):
        response = curator.client.post(f"/en/co-brand/review/{application.id}/{action}",
                                       data={**data, "csrf_token": token(curator.client)})
        assert response.status_code == 403
        assert "another curator has to decide" in response.get_data(as_text=True)
    db_session.refresh(application)
    assert application.status == ApplicationStatus.submitted
    assert count(db_session, Certificate) == 0 and count(db_session, CertificationDecision) == 0


def test_revoked_certificate_shows_revoked(db_session, workshop, curator, submitted):
    """A curator revokes with a reason; the verify page and API say revoked and the badges disappear."""
    application = submitted(workshop)
    certificate = services.approve_application(db_session, curator.user, application.id)
    db_session.commit()
    base = f"/en/co-brand/certificates/{certificate.code}"
    missing = curator.client.post(base + "/revoke", data={"reason": "", "csrf_token": token(curator.client)})
    assert missing.status_code == 422
    assert workshop.client.post(base + "/revoke", data={"reason": "x", "csrf_token": token(workshop.client)}
                                ).status_code == 403
    revoked = curator.client.post(base + "/revoke", data={"reason": "Production moved to Incheon.",
                                                          "csrf_token": token(curator.client)})
    assert revoked.status_code == 302
    html = workshop.client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "Revoked" in html and "Incheon" not in html
    api = workshop.client.get(f"/api/v1/certificates/{certificate.code}").get_json()
    assert api["status"] == "revoked" and api["valid"] is False and api["revoked_at"]
    assert services.maker_badge(db_session, workshop.org.id) is None
    assert services.product_badges(db_session, [p.id for p in workshop.products]) == {}
    again = curator.client.post(base + "/revoke", data={"reason": "Twice.", "csrf_token": token(curator.client)})
    assert again.status_code == 302
    assert count(db_session, CertificationDecision, CertificationDecision.action == "revoke") == 1


def test_certificate_expires_after_two_years(db_session, workshop, curator, submitted):
    """A certificate is valid through its last day and expired the day after; the page and API say so."""
    application = submitted(workshop)
    issued = dt.date.today() - dt.timedelta(days=800)
    certificate = services.approve_application(db_session, curator.user, application.id, today=issued)
    db_session.commit()
    assert certificate.expires_on == services.add_years(issued, 2) - dt.timedelta(days=1)
    assert services.certificate_status(certificate, certificate.expires_on) == "valid"
    assert services.certificate_status(certificate, certificate.expires_on + dt.timedelta(days=1)) == "expired"
    assert certificate.code.startswith(f"MIS-{issued.year}-")
    html = workshop.client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "Expired" in html
    assert workshop.client.get(f"/api/v1/certificates/{certificate.code}").get_json()["status"] == "expired"
    assert services.maker_badge(db_session, workshop.org.id) is None
    assert services.certified_product_ids(db_session) & {p.id for p in workshop.products} == set()


def test_bad_evidence_files_are_refused_and_nothing_stored(app, db_session, workshop):
    """Fake, damaged, empty, oversized and non-document files are refused with a message; nothing is stored."""
    application = services.start_application(db_session, workshop.owner, workshop.org.id)
    db_session.commit()
    png = evidence_image("PNG")
    jpeg = evidence_image("JPEG", (200, 200))
    oversized = evidence_pdf()[:-6] + b" " * (10 * 1024 * 1024) + b"%%EOF\n"
    cases = [
        (b"just some text, honestly a pdf", "report.pdf", "“report.pdf” is not a valid PDF, PNG or JPEG file."),
        (b"", "empty.pdf", "“empty.pdf” is empty."),
        (b"%PDF-1.4\n1 0 obj\n", "cut.pdf", "“cut.pdf” is damaged or is not the kind of file its name says."),
        (png[:40] + b"\x00" * 60, "broken.png", "“broken.png” is damaged or is not the kind of file its name says."),
        (jpeg[: len(jpeg) // 2], "half.jpg", "“half.jpg” is damaged or is not the kind of file its name says."),
        (b"GIF89a" + png[6:], "anim.gif", "“anim.gif” is not a valid PDF, PNG or JPEG file."),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "logo.png", "“logo.png” is not a valid PDF, PNG or JPEG file."),
        (oversized, "huge.pdf", "“huge.pdf” is larger than 10 MB."),
    ]
    before = stored_files(app, "private")
    for data, name, message in cases:
        response = _upload(workshop.client, application.id, "quality", data, name)
        assert response.status_code == 422, name
        assert message in response.get_data(as_text=True), name
    assert count(db_session, CertificationEvidence) == 0
    assert stored_files(app, "private") == before
    unknown_kind = _upload(workshop.client, application.id, "bribe", evidence_pdf(), "x.pdf")
    assert unknown_kind.status_code == 422 and stored_files(app, "private") == before


def test_other_makers_cannot_touch_an_application_or_its_products(app, db_session, workshop, make_workshop,
                                                                 submitted, make_user):
    """Another maker cannot certify products it does not own, apply for, see or change another maker's
    application, or download its evidence: 404 and nothing changes."""
    rival = make_workshop("Daehan Leather", products=1)
    own_id, response = _apply_on_the_web(rival, BRONZE_ANSWERS, [workshop.products[0].id])
    assert response.status_code == 404
    draft = db_session.get(CertificationApplication, own_id)
    db_session.refresh(draft)
    assert draft.product_ids == [] and draft.answers == {}
    assert rival.client.post(f"/en/co-brand/makers/{workshop.org.id}/apply",
                             data={"csrf_token": token(rival.client)}).status_code == 404

    application = submitted(workshop)
    evidence = services.evidence_of(db_session, application.id)[0]
    for url in (f"/en/co-brand/applications/{application.id}", f"/en/co-brand/evidence/{evidence.id}"):
        assert rival.client.get(url).status_code == 404
    assert rival.client.post(f"/en/co-brand/applications/{application.id}/submit",
                             data={"csrf_token": token(rival.client)}).status_code == 404
    assert rival.client.post(f"/en/co-brand/evidence/{evidence.id}/delete",
                             data={"csrf_token": token(rival.client)}).status_code == 404
    assert _upload(rival.client, application.id, "origin", evidence_pdf(), "x.pdf").status_code == 404
    anonymous = app.test_client()
    assert anonymous.get(f"/en/co-brand/evidence/{evidence.id}").status_code == 302  # to sign-in
    member = make_user()
    add_member(db_session, workshop.org, member)
    db_session.commit()
    colleague = app.test_client()
    sign_in(colleague, member)
    assert colleague.get(f"/en/co-brand/evidence/{evidence.id}").status_code == 200
    assert len(services.evidence_of(db_session, application.id)) == 2


def test_submission_needs_a_complete_eligible_application(db_session, workshop):
    """An incomplete or below-bronze application stays a draft with a message."""
    application = services.start_application(db_session, workshop.owner, workshop.org.id)
    db_session.commit()
    url = f"/en/co-brand/applications/{application.id}/submit"
    page = workshop.client.post(url, data={"csrf_token": token(workshop.client)}, follow_redirects=True)
    assert "Answer every question before submitting." in page.get_data(as_text=True)
    services.save_answers(db_session, workshop.owner, application.id,
                          dict(BRONZE_ANSWERS, making_location="outside"), [])
    db_session.commit()
    page = workshop.client.post(url, data={"csrf_token": token(workshop.client)}, follow_redirects=True)
    assert "reaches no tier" in page.get_data(as_text=True)
    db_session.refresh(application)
    assert application.status == ApplicationStatus.draft


def test_bad_answers_re_render_with_messages(db_session, workshop):
    """An out-of-range number re-renders the form with the message and 422; the draft keeps its answers."""
    application_id, response = _apply_on_the_web(workshop, dict(GOLD_ANSWERS, workshop_staff_share=140), [])
    assert response.status_code == 422
    assert 'id="workshop_staff_share-error"' in response.get_data(as_text=True)
    assert db_session.get(CertificationApplication, application_id).answers == {}


def test_two_quick_approvals_get_distinct_consecutive_codes(db_session, workshop, make_workshop, curator,
                                                            submitted):
    """Two approvals one after the other get different codes with consecutive numbers."""
    first = submitted(workshop)
    second = submitted(make_workshop("Daehan Leather", products=1))
    codes = []
    for application in (first, second):
        response = curator.client.post(f"/en/co-brand/review/{application.id}/approve",
                                       data={"csrf_token": token(curator.client)})
        assert response.status_code == 302
        codes.append(response.headers["Location"].rsplit("/", 1)[-1])
    assert len(set(codes)) == 2 and all(CODE.match(c) for c in codes)
    numbers = sorted(int(CODE.match(c).group(2)) for c in codes)
    assert numbers[1] == numbers[0] + 1


def test_approving_twice_issues_one_certificate(db_session, workshop, curator, submitted):
    """A second approval of the same application is refused; one certificate and one decision exist."""
    application = submitted(workshop)
    url = f"/en/co-brand/review/{application.id}/approve"
    assert curator.client.post(url, data={"csrf_token": token(curator.client)}).status_code == 302
    again = curator.client.post(url, data={"csrf_token": token(curator.client)})
    assert again.status_code == 409
    assert count(db_session, Certificate) == 1 and count(db_session, CertificationDecision) == 1


def test_status_steps_follow_the_tables(db_session, workshop, curator, submitted):
    """Steps go through the transition tables: an owner cannot take a curator's step, and a decision made from
    an outdated copy loses to the one made first (409) and changes nothing."""
    application = submitted(workshop)
    with pytest.raises(Refusal) as refused:
        step_application(db_session, application, ApplicationStatus.approved, "owner")
    assert refused.value.status == 403
    db_session.execute(sa.text("UPDATE certification_applications SET status = 'rejected' WHERE id = :id"),
                       {"id": application.id})
    assert application.status == ApplicationStatus.submitted  # this request's copy is outdated
    with pytest.raises(Refusal) as refused:
        services.approve_application(db_session, curator.user, application.id)
    assert (refused.value.code, refused.value.status) == ("conflict", 409)
    assert count(db_session, Certificate) == 0
