"""Applications from draft to decision: the applicant's and staff's steps, what is refused, the ledger's overlap
flag (art. 10) and the mail with the link."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlmodel import select

from market.programmes.models import ApplicationEvent, ApplicationStatus, LedgerEntry, SupportType
from market.programmes.services import applications as apps
from market.programmes.services import staff
from market.refusals import Refusal
from tests.factories.programmes import add_profile, add_programme, complete_application, upload


@pytest.fixture
def workshop(make_user, make_org, db_session):
    owner = make_user(name="Kim Soon-ja")
    org = make_org(owner, name="Changsin Hillside Sewing", cluster_code="changsin", staff_count=6,
                   founded_year=1996)
    add_profile(db_session, org)
    return owner, org


@pytest.fixture
def officer(make_user):
    return make_user(role="programme_staff", name="Han So-yeon")


def test_a_draft_keeps_answers_and_submission_names_every_missing_field(app, db_session, workshop):
    """A draft saves partial answers; submitting it names every missing answer, document and the declaration,
    and changes nothing."""
    owner, org = workshop
    programme = add_programme(db_session)
    draft = apps.start_application(db_session, programme.id, org, owner)
    apps.save_answers(db_session, draft.id, owner, {"plan": "Cutting table"})
    db_session.commit()
    assert draft.status == ApplicationStatus.draft and draft.answers == {"plan": "Cutting table"}
    with pytest.raises(Refusal) as refused:
        apps.submit_application(db_session, draft.id, owner)
    assert refused.value.status == 422
    assert set(refused.value.fields) == {"workers", "consent", "document_registration", "declaration"}
    db_session.rollback()
    assert db_session.get(type(draft), draft.id).status == ApplicationStatus.draft


def test_invalid_answers_are_refused_on_their_field(app, db_session, workshop):
    """A number that is not one, a choice outside the list and a text too long are refused, field by field."""
    owner, org = workshop
    draft = apps.start_application(db_session, add_programme(db_session).id, org, owner)
    with pytest.raises(Refusal) as refused:
        apps.save_answers(db_session, draft.id, owner, {"workers": "six", "process": "welding", "plan": "x" * 501})
    assert set(refused.value.fields) == {"workers", "process", "plan"}


def test_applying_twice_or_after_the_deadline_is_refused(app, db_session, workshop):
    """One application per organisation and programme; none after the deadline."""
    owner, org = workshop
    programme = add_programme(db_session)
    apps.start_application(db_session, programme.id, org, owner)
    with pytest.raises(Refusal) as twice:
        apps.start_application(db_session, programme.id, org, owner)
    assert twice.value.code == "already_applied"
    late = add_programme(db_session, closes_at=programme.opens_at + dt.timedelta(days=1))
    with pytest.raises(Refusal) as closed:
        apps.start_application(db_session, late.id, org, owner)
    assert closed.value.code == "programme_closed" and closed.value.status == 409


def test_a_bad_document_is_refused_before_anything_is_stored(app, db_session, workshop):
    """A file that is not a real PDF or image is refused on its document."""
    owner, org = workshop
    draft = apps.start_application(db_session, add_programme(db_session).id, org, owner)
    with pytest.raises(Refusal) as refused:
        apps.attach_document(db_session, draft.id, owner, "registration", upload("fake.pdf", b"not a pdf"))
    assert "document_registration" in refused.value.fields
    assert apps.files_of(db_session, draft.id) == []


def test_an_invalid_business_number_blocks_submission(app, db_session, workshop):
    """Without a valid business registration number the application cannot be submitted."""
    owner, org = workshop
    programme = add_programme(db_session)
    from market.programmes.models import SupportProfile

    profile = db_session.exec(select(SupportProfile).where(SupportProfile.organization_id == org.id)).one()
    profile.business_number = None
    db_session.commit()
    application = complete_application(db_session, programme, org, owner)
    with pytest.raises(Refusal) as refused:
        apps.submit_application(db_session, application.id, owner)
    assert set(refused.value.fields) == {"business_number"}


def test_the_whole_way_to_selection_with_the_ledger(app, db_session, workshop, officer, caplog):
    """Submit (a mail with the link), screening, a request for a document, resubmission, review, selection: the
    ledger records it and flags the workshop's application to an overlapping programme."""
    owner, org = workshop
    smart = add_programme(db_session)
    environment = add_programme(db_session, title={"en": "Sewing environment"})
    application = complete_application(db_session, smart, org, owner)
    other = complete_application(db_session, environment, org, owner)
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        apps.submit_application(db_session, application.id, owner)
        apps.submit_application(db_session, other.id, owner)
        db_session.commit()
    mails = [r.getMessage() for r in caplog.records if r.name == "seoulmade.mail"]
    assert any(f"/programmes/applications/{application.id}" in m and owner.email in m for m in mails)

    with pytest.raises(Refusal) as not_theirs:
        staff.start_screening(db_session, application.id, owner)
    assert not_theirs.value.status == 403
    staff.start_screening(db_session, application.id, officer)
    assert application.overlap_checked_at is not None and application.overlaps == []
    with pytest.raises(Refusal):
        staff.request_information(db_session, application.id, officer, "  ")
    staff.request_information(db_session, application.id, officer, "Please attach a clearer certificate.")
    assert application.status == ApplicationStatus.info_requested
    apps.attach_document(db_session, application.id, owner, "registration", upload("clearer.pdf"))
    apps.submit_application(db_session, application.id, owner)
    assert application.status == ApplicationStatus.resubmitted
    staff.start_screening(db_session, application.id, officer)
    staff.send_to_review(db_session, application.id, officer)
    with pytest.raises(Refusal) as no_reason:
        staff.decide(db_session, application.id, officer, "rejected", "")
    assert no_reason.value.fields == {"reason": no_reason.value.message}
    staff.decide(db_session, application.id, officer, "selected", "Welcome to stage 1.", 14_000_000)
    db_session.commit()
    assert application.status == ApplicationStatus.selected
    entry = db_session.exec(select(LedgerEntry).where(LedgerEntry.application_id == application.id)).one()
    assert entry.support_type == SupportType.facility and entry.amount_krw == 14_000_000
    staff.start_screening(db_session, other.id, officer)
    assert [o["source"] for o in other.overlaps] == ["platform"]
    statuses = [e.status for e in db_session.exec(select(ApplicationEvent).where(
        ApplicationEvent.application_id == application.id).order_by(ApplicationEvent.id))]
    assert statuses == ["draft", "submitted", "screening", "info_requested", "resubmitted", "screening",
                        "in_review", "selected"]


def test_a_declared_support_counts_as_an_overlap(app, db_session, workshop, officer):
    """Support the applicant declared, of the same type within the window, is flagged at screening."""
    owner, org = workshop
    programme = add_programme(db_session)
    application = complete_application(db_session, programme, org, owner)
    apps.save_answers(db_session, application.id, owner, {}, {"items": [
        {"title": "District equipment grant", "support_type": "facility", "year": dt.date.today().year - 1}]})
    apps.submit_application(db_session, application.id, owner)
    staff.start_screening(db_session, application.id, officer)
    assert [o["source"] for o in application.overlaps] == ["declared"]


def test_staff_cannot_decide_before_review_and_applicants_cannot_decide(app, db_session, workshop, officer):
    """Steps outside the table are refused (409), steps of the other party too (403)."""
    owner, org = workshop
    application = complete_application(db_session, add_programme(db_session), org, owner)
    apps.submit_application(db_session, application.id, owner)
    with pytest.raises(Refusal) as early:
        staff.send_to_review(db_session, application.id, officer)
    assert early.value.status == 409
    with pytest.raises(Refusal) as applicant:
        apps.move_as_applicant(db_session, application.id, owner, ApplicationStatus.screening)
    assert applicant.value.status in (403, 409)
    apps.move_as_applicant(db_session, application.id, owner, ApplicationStatus.withdrawn)
    assert application.status == ApplicationStatus.withdrawn


def test_a_message_template_reaches_each_member_in_their_language(app, db_session, workshop, officer):
    """A rejection with a chosen template needs no written reason; the Korean-speaking owner is told in Korean."""
    from market.notifications.models import Notification

    owner, org = workshop
    owner.locale = "ko"
    db_session.commit()
    application = complete_application(db_session, add_programme(db_session), org, owner)
    apps.submit_application(db_session, application.id, owner)
    staff.start_screening(db_session, application.id, officer)
    staff.send_to_review(db_session, application.id, officer)
    with pytest.raises(Refusal) as unknown:
        staff.decide(db_session, application.id, officer, "rejected", template="rude")
    assert unknown.value.fields == {"template": unknown.value.message}
    staff.decide(db_session, application.id, officer, "rejected", template="rejected_overlap")
    assert application.status == ApplicationStatus.rejected and "duplicate support" in application.decision_reason
    last = db_session.exec(select(Notification).where(Notification.user_id == owner.id)
                           .order_by(Notification.id.desc())).first()
    assert last.url.startswith("/ko/") and "중복 지원 불가" in last.message
