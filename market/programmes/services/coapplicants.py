"""Co-applicants of an application: members of the applying organisation whom the applicant names, each of whom
must sign the application off — confirm its answers and the declaration of other public support — before it can
be submitted. Naming one tells them with a link; a change to the answers or documents after a sign-off clears it
and asks them again; every step (asked, signed off by whom and when, asked again, removed) is on the timeline.

Only the named person signs their own sign-off; nobody signs for someone else. Sign-offs change only while the
application can change (a draft, or returned for more information).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa
from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlmodel import Session, select

from i18n.times import utcnow
from market.accounts.models import Membership, Organization, User
from market.notifications.services import notify, recipient_locale
from market.programmes.labels import text
from market.programmes.models import Application, ApplicationEvent, ApplicationStatus, CoApplicant, Programme
from market.programmes.services.access import member_org_ids
from market.programmes.services.texts import programme_texts
from market.refusals import Refusal, conflict, forbidden, not_found

EDITABLE = (ApplicationStatus.draft, ApplicationStatus.info_requested)
MAX_CO_APPLICANTS = 10
ASKED, SIGNED, AGAIN, REMOVED = "signoff_asked", "signed_off", "signoff_again", "signoff_removed"


@dataclasses.dataclass(frozen=True)
class SignOff:
    """A co-applicant as pages and the API show them."""

    user_id: int
    name: str
    email: str
    signed_at: dt.datetime | None

    @property
    def signed(self) -> bool:
        return self.signed_at is not None


def _application(session: Session, application_id: int, user) -> Application:
    """The application, when ``user`` belongs to its organisation (404 otherwise, as for any stranger)."""
    application = session.get(Application, application_id)
    if application is None or application.organization_id not in member_org_ids(session, user):
        raise not_found()
    return application


def _editable(application: Application) -> None:
    if application.status not in EDITABLE:
        raise conflict(_("This application was submitted and can no longer change."), code="wrong_state")


def sign_offs(session: Session, application_id: int) -> list[SignOff]:
    """The application's co-applicants in the order they were named, with whether and when each signed off."""
    rows = session.exec(select(CoApplicant, User).join(User, User.id == CoApplicant.user_id)
                        .where(CoApplicant.application_id == application_id)
                        .order_by(CoApplicant.created_at, CoApplicant.id)).all()
    return [SignOff(user.id, user.display_name, user.email, row.signed_at) for row, user in rows]


def candidates(session: Session, application: Application) -> list[User]:
    """Members of the applying organisation who may be named: not the applicant, not already named."""
    named = select(CoApplicant.user_id).where(CoApplicant.application_id == application.id)
    query = (select(User).join(Membership, Membership.user_id == User.id)
             .where(Membership.organization_id == application.organization_id, User.is_active == sa.true(),
                    User.id.not_in(named)))
    if application.created_by_user_id is not None:
        query = query.where(User.id != application.created_by_user_id)
    return list(session.exec(query.order_by(User.display_name, User.id)))


def missing_sign_offs(session: Session, application: Application) -> dict[str, str]:
    """Each co-applicant who has not signed off yet, as ``{"signoff_<user id>": message}``."""
    return {f"signoff_{s.user_id}": _("%(name)s has not signed off yet.", name=s.name)
            for s in sign_offs(session, application.id) if not s.signed}


def _event(session: Session, application: Application, kind: str, actor_id: int | None, note: str) -> None:
    session.add(ApplicationEvent(application_id=application.id, status=kind, actor_user_id=actor_id,
                                 note=note[:2000]))


def _tell(session: Session, application: Application, user_ids, message) -> None:
    """Notify each user (in the app and by mail) in their own language, with the link to the application."""
    programme = session.get(Programme, application.programme_id)
    titles = programme_texts(session, programme).title
    org = session.get(Organization, application.organization_id)
    for user in session.exec(select(User).where(User.id.in_(sorted(set(user_ids)))).order_by(User.id)):
        locale = recipient_locale(user, org)
        with force_locale(locale):
            notify(session, [user.id], "programme_signoff", message(text(titles, locale)),
                   url_for("market_programmes.application", lang=locale, id=application.id, _external=False))


def name_co_applicant(session: Session, application_id: int, user, co_user_id) -> SignOff:
    """Name a member of the applying organisation as co-applicant; they are told with a link and must sign off
    before submission. Refuses someone who is not a member, the applicant themself, someone already named and
    more than :data:`MAX_CO_APPLICANTS` (422, on ``co_applicant``), and an application that can no longer
    change (409)."""
    application = _application(session, application_id, user)
    _editable(application)
    org = session.get(Organization, application.organization_id)
    try:
        co_user_id = int(co_user_id)
    except (TypeError, ValueError):
        raise Refusal(_("Choose a member of %(org)s.", org=org.name), field="co_applicant") from None
    person = session.get(User, co_user_id)
    if person is None or not person.is_active or org.id not in member_org_ids(session, person):
        raise Refusal(_("Only members of %(org)s can be co-applicants.", org=org.name), field="co_applicant")
    if co_user_id in (user.id, application.created_by_user_id):
        raise Refusal(_("The applicant signs by submitting; name another member."), field="co_applicant")
    named = sign_offs(session, application.id)
    if any(s.user_id == co_user_id for s in named):
        raise Refusal(_("%(name)s is already a co-applicant.", name=person.display_name), field="co_applicant")
    if len(named) >= MAX_CO_APPLICANTS:
        raise Refusal(_("Name at most %(n)d co-applicants.", n=MAX_CO_APPLICANTS), field="co_applicant")
    try:
        with session.begin_nested():
            session.add(CoApplicant(application_id=application.id, user_id=co_user_id, named_by_user_id=user.id))
    except sa.exc.IntegrityError:  # named at the same moment by another member
        raise Refusal(_("%(name)s is already a co-applicant.", name=person.display_name),
                      field="co_applicant") from None
    _event(session, application, ASKED, user.id, person.display_name)
    _tell(session, application, [co_user_id], lambda title: _(
        "%(name)s named you as co-applicant of the application to %(programme)s. Read it and sign it off.",
        name=user.display_name, programme=title))
    session.flush()
    return SignOff(person.id, person.display_name, person.email, None)


def remove_co_applicant(session: Session, application_id: int, user, co_user_id: int) -> None:
    """Take a co-applicant off the application (any member may, while it can change; 404 for one not named)."""
    application = _application(session, application_id, user)
    _editable(application)
    row = session.exec(select(CoApplicant).where(CoApplicant.application_id == application.id,
                                                 CoApplicant.user_id == co_user_id)).first()
    if row is None:
        raise not_found()
    person = session.get(User, co_user_id)
    session.delete(row)
    _event(session, application, REMOVED, user.id, person.display_name if person else "")
    session.flush()


def sign_off(session: Session, application_id: int, user, confirmed: bool, for_user_id: int | None = None
             ) -> SignOff:
    """The co-applicant confirms the answers and the declaration. Refuses signing for someone else (403), someone
    who is not a co-applicant (403), signing without ticking the confirmation (422, ``confirm``), a sign-off
    already given (409, ``already_signed``) and an application that can no longer change (409). The
    applicant is told."""
    application = _application(session, application_id, user)
    if for_user_id is not None and int(for_user_id) != user.id:
        raise forbidden(_("Only %(name)s can sign their own sign-off.",
                          name=(session.get(User, int(for_user_id)) or user).display_name))
    row = session.exec(select(CoApplicant).where(CoApplicant.application_id == application.id,
                                                 CoApplicant.user_id == user.id)).first()
    if row is None:
        raise forbidden(_("You are not a co-applicant of this application."))
    _editable(application)
    if not confirmed:
        raise Refusal(_("Tick the box to confirm the answers and the declaration."), field="confirm")
    now = utcnow()
    # One conditional UPDATE: two clicks (or two tabs) sign once.
    result = session.exec(sa.update(CoApplicant).where(CoApplicant.id == row.id, CoApplicant.signed_at.is_(None))
                          .values(signed_at=now).execution_options(synchronize_session=False))
    if not result.rowcount:
        raise conflict(_("You have already signed this application off."), code="already_signed")
    session.refresh(row)
    _event(session, application, SIGNED, user.id, user.display_name)
    if application.created_by_user_id and application.created_by_user_id != user.id:
        _tell(session, application, [application.created_by_user_id], lambda title: _(
            "%(name)s signed off the application to %(programme)s.", name=user.display_name, programme=title))
    session.flush()
    return SignOff(user.id, user.display_name, user.email, row.signed_at)


def ask_again(session: Session, application: Application, actor) -> int:
    """After a change to the answers or documents, clear every sign-off given and ask those co-applicants again
    (on the timeline and by notice); returns how many were asked again."""
    signed = session.exec(select(CoApplicant).where(CoApplicant.application_id == application.id,
                                                    CoApplicant.signed_at.is_not(None))).all()
    if not signed:
        return 0
    ids = [row.user_id for row in signed]
    session.exec(sa.update(CoApplicant).where(CoApplicant.id.in_([row.id for row in signed]))
                 .values(signed_at=None).execution_options(synchronize_session=False))
    for row in signed:
        session.refresh(row)
    names = {u.id: u.display_name for u in session.exec(select(User).where(User.id.in_(ids)))}
    _event(session, application, AGAIN, actor.id if actor else None, ", ".join(names[i] for i in ids if i in names))
    _tell(session, application, [i for i in ids if not actor or i != actor.id], lambda title: _(
        "The application to %(programme)s changed after you signed it off. Read it again and sign it off.",
        programme=title))
    session.flush()
    return len(ids)
