"""Applications, the staff side: the queue, screening with the duplicate-support check (art. 10), asking for
more information, sending to review, deciding with a reason (recorded in the ledger when selected), and the
steps after selection. Each step is staff's only and is notified to the applicant in their language."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from i18n.times import utcnow
from market.accounts.models import Organization, User
from market.programmes.labels import application_status_label, text
from market.programmes.models import (
    APPLICATION_TRANSITIONS,
    STAFF,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Programme,
)
from market.programmes.review_subject import KIND as REVIEW_KIND
from market.programmes.services.access import require_staff
from market.programmes.services.applications import notify_applicant
from market.programmes.services.ledger import find_overlaps, record_benefit
from market.programmes.services.profiles import profile_of
from market.refusals import Refusal, conflict, not_found
from market.reviews import services as reviews
from market.transitions import apply_transition

# Decision messages staff can choose instead of writing one: stored in staff's language, and sent to each member
# of the applying organisation in theirs.
DECISION_TEMPLATES = {
    "selected": _l("Congratulations: your application was selected. We will contact you about the agreement."),
    "waitlisted": _l("Your application is on the waitlist. We will tell you as soon as a place becomes free."),
    "rejected_places": _l("Your application was eligible, but the places went to applications the reviewers "
                          "scored higher."),
    "rejected_overlap": _l("Your application was not selected: you received support of the same type within the "
                           "programme's window (duplicate support is not allowed)."),
}
DECISIONS = (ApplicationStatus.selected, ApplicationStatus.waitlisted, ApplicationStatus.rejected)
QUEUE = (ApplicationStatus.submitted, ApplicationStatus.resubmitted, ApplicationStatus.screening,
         ApplicationStatus.info_requested, ApplicationStatus.in_review, ApplicationStatus.waitlisted)


def _get(session: Session, application_id: int, user: User) -> tuple[Application, Programme]:
    require_staff(user)
    application = session.get(Application, application_id)
    if application is None:
        raise not_found()
    return application, session.get(Programme, application.programme_id)


def queue(session: Session, user: User, programme_id: int | None = None, status: str | None = None
          ) -> list[tuple[Application, Programme, Organization]]:
    """Applications staff work on (not drafts), oldest submission first."""
    require_staff(user)
    query = (select(Application, Programme, Organization)
             .join(Programme, Programme.id == Application.programme_id)
             .join(Organization, Organization.id == Application.organization_id)
             .where(Application.status != ApplicationStatus.draft))
    if programme_id:
        query = query.where(Application.programme_id == programme_id)
    if status:
        query = query.where(Application.status == status)
    return list(session.exec(query.order_by(Application.submitted_at, Application.id)))


def _step(session: Session, application: Application, programme: Programme, user: User, to, *, note: str = "",
          values: dict | None = None, notify_note="") -> Application:
    apply_transition(session, application, APPLICATION_TRANSITIONS, to, role=STAFF, values=values,
                     label=application_status_label,
                     event=ApplicationEvent(application_id=application.id, status=to, actor_user_id=user.id,
                                            note=note[:2000]))
    notify_applicant(session, application, programme, "programme_application", note=notify_note)
    return application


def run_overlap_check(session: Session, application: Application, today: dt.date | None = None) -> list[dict]:
    """Look for support of the programme's type within its window (ledger and declaration) and record on the
    application that the check was done and what it found."""
    found = [o.as_dict() for o in find_overlaps(session, application, today or utcnow().date())]
    application.overlaps = found
    application.overlap_checked_at = utcnow()
    session.add(application)
    session.flush()
    return found


def start_screening(session: Session, application_id: int, user: User) -> Application:
    """Take a submitted or resubmitted application into screening; runs the duplicate-support check."""
    application, programme = _get(session, application_id, user)
    _step(session, application, programme, user, ApplicationStatus.screening)
    run_overlap_check(session, application)
    return application


def request_information(session: Session, application_id: int, user: User, note: str) -> Application:
    """Send the application back to the applicant asking for something (the note says what; required)."""
    application, programme = _get(session, application_id, user)
    note = (note or "").strip()
    if not note:
        raise Refusal(_("Say what the applicant should add."), field="note")
    return _step(session, application, programme, user, ApplicationStatus.info_requested, note=note,
                 values={"info_request": note[:2000]}, notify_note=note)


def send_to_review(session: Session, application_id: int, user: User) -> Application:
    """Pass screening: the application goes to the reviewers."""
    application, programme = _get(session, application_id, user)
    return _step(session, application, programme, user, ApplicationStatus.in_review)


def decide(session: Session, application_id: int, user: User, outcome: str, reason: str = "",
           amount_krw: int | None = None, today: dt.date | None = None, template: str | None = None
           ) -> Application:
    """Select, waitlist or reject, with a message written or chosen from :data:`DECISION_TEMPLATES` (a chosen one
    reaches each member in their language); refuses a rejection without reasons, an unknown outcome or template
    and a decision before the duplicate-support check was done (422/409). A selection goes into the ledger
    under the organisation's business registration number."""
    application, programme = _get(session, application_id, user)
    message = (reason or "").strip()
    if template:
        if template not in DECISION_TEMPLATES:
            raise Refusal(_("Choose a message from the list."), field="template")
        if not message:
            message = DECISION_TEMPLATES[template]
    reason = str(message)
    try:
        to = ApplicationStatus(outcome)
    except ValueError:
        to = None
    if to not in DECISIONS:
        raise Refusal(_("Choose selected, waitlisted or not selected."), field="outcome")
    reason = (reason or "").strip()
    if to == ApplicationStatus.rejected and not reason:
        raise Refusal(_("Give the reasons for not selecting this application."), field="reason")
    if amount_krw is not None and amount_krw < 0:
        raise Refusal(_("The amount cannot be negative."), field="amount_krw")
    if application.overlap_checked_at is None:
        raise conflict(_("Run the duplicate-support check before deciding."), code="overlap_not_checked")
    run_overlap_check(session, application, today)
    _step(session, application, programme, user, to, note=reason,
          values={"decision_reason": reason[:2000], "decided_at": utcnow(), "amount_krw": amount_krw},
          notify_note=message)
    if to == ApplicationStatus.selected:
        profile = profile_of(session, application.organization_id)
        record_benefit(session, business_number=profile.business_number if profile else "",
                       organization_id=application.organization_id, support_type=programme.support_type,
                       title=text(programme.title, "ko"), granted_on=today or utcnow().date(),
                       amount_krw=amount_krw, programme_id=programme.id, application_id=application.id)
    return application


def advance(session: Session, application_id: int, user: User, to: str, note: str = "") -> Application:
    """Staff's later steps: agreement after selection, closing after the report."""
    application, programme = _get(session, application_id, user)
    try:
        status = ApplicationStatus(to)
    except ValueError:
        raise Refusal(_("Choose a step from the list."), field="to") from None
    return _step(session, application, programme, user, status, note=(note or "").strip())


def programmes_for_staff(session: Session, user: User) -> list[tuple[Programme, int]]:
    """Every programme with how many applications (not drafts) it received, soonest deadline first."""
    require_staff(user)
    from sqlmodel import func

    counts = dict(session.exec(select(Application.programme_id, func.count())
                               .where(Application.status != ApplicationStatus.draft)
                               .group_by(Application.programme_id)).all())
    return [(p, counts.get(p.id, 0)) for p in session.exec(select(Programme).order_by(Programme.closes_at))]


def assign_reviewer_by_email(session: Session, application_id: int, user: User, email: str):
    """Staff assign the account with ``email`` to review an application; an external account (a member or
    reviewer) is first granted this programme only. Refuses non-staff, an unknown email (422 on
    ``reviewer_email``) and whatever the review piece refuses (a second assignment, …)."""
    application, programme = _get(session, application_id, user)
    email = (email or "").strip().lower()
    reviewer = session.exec(select(User).where(User.email == email)).first()
    if reviewer is None:
        raise Refusal(_("No account has this email."), field="reviewer_email")
    if reviewer.role in reviews.EXTERNAL_ROLES:
        reviews.grant_reviewer(session, reviewer, "programme", programme.id, by=user)
    return reviews.assign_reviewer(session, REVIEW_KIND, application.id, reviewer, by=user)
