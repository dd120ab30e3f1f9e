"""Training certificates at ``/verify/<code>``: the verifier the app factory registers (codes ``TRN-…``)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session, select

from market.programmes.labels import text
from market.trainings.models import Certificate, Course, Enrolment, TrainingSession
from market.trainings.texts import course_texts
from market.verification import Credential


def find(session: Session, code: str) -> Credential | None:
    """The training certificate with ``code`` as the public page shows it (revoked ones as revoked), or None."""
    if not code.startswith("TRN-"):
        return None
    certificate = session.exec(select(Certificate).where(Certificate.code == code)).first()
    if certificate is None:
        return None
    enrolment = session.get(Enrolment, certificate.enrolment_id)
    training_session = session.get(TrainingSession, enrolment.session_id)
    course = session.get(Course, training_session.course_id)
    from market.clusters import industry_name

    return Credential(
        code=certificate.code, kind=_("Training certificate"),
        title=_("%(course)s, level %(level)d", course=text(course_texts(session, course).title), level=course.level),
        holder=certificate.holder_name, issuer=_("Seoul urban manufacturing trainings"),
        status="revoked" if certificate.revoked_at else "valid", issued_on=certificate.issued_at.date(),
        revoked_on=certificate.revoked_at.date() if certificate.revoked_at else None,
        reason=certificate.revoked_reason,
        facts=((_("Trade"), industry_name(course.trade)), (_("Hours"), str(course.hours)),
               (_("Session"), f"{training_session.starts_at.date().isoformat()} · {training_session.facility}")))
