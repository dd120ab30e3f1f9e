"""Applications, the applicant's side: start a draft, save answers and the declaration of other public support,
attach documents (checked by :mod:`market.uploads.files`), submit or resubmit (a mail with the link), withdraw,
and take the steps after selection (start the work, report). Staff steps are in :mod:`.staff`.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlmodel import Session, func, select

from i18n.times import utcnow
from market.accounts.models import Organization, User
from market.notifications.services import notify_members
from market.programmes import brn, formdata
from market.programmes.labels import application_status_label, text
from market.programmes.models import (
    APPLICANT,
    APPLICATION_TRANSITIONS,
    Application,
    ApplicationEvent,
    ApplicationFile,
    ApplicationStatus,
    Programme,
    SupportType,
)
from market.programmes.services import coapplicants
from market.programmes.services.access import is_programme_staff, member_org_ids
from market.programmes.services.directory import get_programme, is_accepting
from market.programmes.services.profiles import profile_of
from market.programmes.services.texts import programme_texts
from market.refusals import Refusal, conflict, not_found
from market.transitions import apply_transition
from market.uploads.files import PDF_OR_IMAGE, check_file, store_files

EDITABLE = (ApplicationStatus.draft, ApplicationStatus.info_requested)
MAX_FILES = 20
MAX_DECLARED = 20


def get_application(session: Session, application_id: int, user) -> Application:
    """An application its organisation's members and programme staff may see; 404 for anyone else."""
    application = session.get(Application, application_id)
    if application is None or not (is_programme_staff(user)
                                   or application.organization_id in member_org_ids(session, user)):
        raise not_found()
    return application


def _own(session: Session, application_id: int, user) -> Application:
    application = session.get(Application, application_id)
    if application is None or application.organization_id not in member_org_ids(session, user):
        raise not_found()
    return application


def start_application(session: Session, programme_id: int, org: Organization, user: User,
                      now: dt.datetime | None = None) -> Application:
    """Open a draft for ``org``; refuses an unknown programme (404), one not taking applications or past its
    deadline (409, ``programme_closed``), and a second application of the same organisation (409,
    ``already_applied``)."""
    programme = get_programme(session, programme_id)
    if org.id not in member_org_ids(session, user):
        raise not_found()
    if not is_accepting(programme, now):
        raise conflict(_("This programme is not taking applications: the deadline was %(date)s.",
                         date=programme.closes_at.date().isoformat()) if (now or utcnow()) > programme.closes_at
                       else _("This programme is not taking applications now."), code="programme_closed")
    existing = session.exec(select(Application).where(Application.programme_id == programme.id,
                                                      Application.organization_id == org.id)).first()
    if existing is not None:
        raise conflict(_("Your organisation has already applied to this programme."), code="already_applied")
    application = Application(programme_id=programme.id, organization_id=org.id, created_by_user_id=user.id,
                              declaration={})
    session.add(application)
    session.flush()
    session.add(ApplicationEvent(application_id=application.id, status=ApplicationStatus.draft,
                                 actor_user_id=user.id))
    session.flush()
    return application


def clean_declaration(declaration: dict | None) -> dict:
    """The declaration of other public support: ``{"none": True}`` or items with a title, support type, year
    and amount; refuses an item without title, an unknown type, an implausible year or a negative amount."""
    declaration = declaration or {}
    items = declaration.get("items") or []
    if not isinstance(items, list) or len(items) > MAX_DECLARED:
        raise Refusal(_("Declare at most %(n)d items.", n=MAX_DECLARED), field="declaration")
    clean = []
    this_year = utcnow().year
    for item in items:
        if not isinstance(item, dict):
            raise Refusal(_("Each declared item needs a title, a type and a year."), field="declaration")
        title = str(item.get("title") or "").strip()[:200]
        kind = str(item.get("support_type") or "")
        try:
            year = int(item.get("year"))
            amount = None if item.get("amount_krw") in (None, "") else int(item.get("amount_krw"))
        except (TypeError, ValueError):
            raise Refusal(_("Each declared item needs a title, a type and a year."), field="declaration") from None
        if not title or kind not in set(SupportType) or not 1990 <= year <= this_year or (amount or 0) < 0:
            raise Refusal(_("Each declared item needs a title, a type and a year."), field="declaration")
        clean.append({"title": title, "support_type": kind, "year": year, "amount_krw": amount})
    none = bool(declaration.get("none")) and not clean
    if declaration.get("none") and clean:
        raise Refusal(_("Either declare the support you received or that you received none, not both."),
                      field="declaration")
    return {"none": none, "items": clean, "made": none or bool(clean)}


def save_answers(session: Session, application_id: int, user: User, answers: dict,
                 declaration: dict | None = None) -> Application:
    """Save a draft's (or a returned application's) answers and declaration; refuses an invalid answer (422, on
    its field, named in the reader's language) and an application that can no longer change (409). A change
    after co-applicants signed off asks them again."""
    application = _own(session, application_id, user)
    if application.status not in EDITABLE:
        raise conflict(_("This application was submitted and can no longer change."), code="wrong_state")
    programme = session.get(Programme, application.programme_id)
    clean, errors = formdata.clean_answers(programme.form, answers or {})
    if errors:
        raise Refusal(_("Some answers are not valid."), fields=errors)
    merged = {**application.answers, **clean}
    for name, value in (answers or {}).items():
        if name in merged and (value is None or value == ""):
            merged.pop(name)
    before = (dict(application.answers), dict(application.declaration or {}))
    application.answers = merged
    if declaration is not None:
        application.declaration = clean_declaration(declaration)
    if (application.answers, application.declaration or {}) == before:
        return application
    application.updated_at = utcnow()
    session.add(application)
    session.flush()
    coapplicants.ask_again(session, application, user)
    return application


def files_of(session: Session, application_id: int) -> list[ApplicationFile]:
    """An application's documents, in upload order."""
    return list(session.exec(select(ApplicationFile).where(ApplicationFile.application_id == application_id)
                             .order_by(ApplicationFile.id)))


def attach_document(session: Session, application_id: int, user: User, document_code: str, upload
                    ) -> ApplicationFile:
    """Attach a PDF or image as one of the programme's documents, checked by its content before anything is
    stored; refuses an unknown document, a file that is not a sound PDF/PNG/JPEG (422, ``document_<code>``)
    and an application that can no longer change (409)."""
    application = _own(session, application_id, user)
    if application.status not in EDITABLE:
        raise conflict(_("This application was submitted and can no longer change."), code="wrong_state")
    programme = session.get(Programme, application.programme_id)
    if document_code not in {d["code"] for d in programme.documents}:
        raise Refusal(_("This programme asks for no such document."), field="document")
    count = session.exec(select(func.count()).select_from(ApplicationFile)
                         .where(ApplicationFile.application_id == application.id)).one()
    if count >= MAX_FILES:
        raise Refusal(_("Attach at most %(n)d files.", n=MAX_FILES), field=f"document_{document_code}")
    try:
        checked = check_file(upload, PDF_OR_IMAGE)
    except Refusal as exc:
        raise Refusal(exc.message, field=f"document_{document_code}") from exc
    [key] = store_files([checked])
    row = ApplicationFile(application_id=application.id, document_code=document_code, storage_key=key,
                          filename=checked.filename, content_type=checked.content_type, size=len(checked.data))
    session.add(row)
    session.flush()
    coapplicants.ask_again(session, application, user)
    return row


def missing_for_submission(session: Session, application: Application) -> dict[str, str]:
    """Everything a submission still needs, by field: answers, documents, the declaration, a valid business
    registration number in the support profile and each co-applicant's sign-off (``signoff_<user id>``)."""
    programme = session.get(Programme, application.programme_id)
    attached = {f.document_code for f in files_of(session, application.id)}
    needed = formdata.missing(programme.form, programme.documents, application.answers, attached)
    if not (application.declaration or {}).get("made"):
        needed["declaration"] = _("Declare the other public support you received, or that you received none.")
    profile = profile_of(session, application.organization_id)
    if profile is None or not brn.is_valid(profile.business_number):
        needed["business_number"] = _("Add your business registration number to your support profile.")
    needed.update(coapplicants.missing_sign_offs(session, application))
    return needed


def notify_applicant(session: Session, application: Application, programme: Programme, kind: str,
                     note="") -> None:
    """Tell the applying organisation's members, each in their language, where the application stands, with
    the link to it (and staff's note, when there is one: a lazy string is written in each member's language)."""
    titles = programme_texts(session, programme).title

    def message() -> str:
        line = _("%(programme)s: your application is now “%(status)s”.", programme=text(titles),
                 status=application_status_label(application.status))
        return f"{line}\n\n{note}" if str(note) else line

    notify_members(session, application.organization_id, kind, message, "market_programmes.application",
                   id=application.id)


def submit_application(session: Session, application_id: int, user: User, now: dt.datetime | None = None
                       ) -> Application:
    """Submit a draft (before the deadline) or resubmit after staff asked for more; refuses what is missing (422
    with every missing field), a draft past the deadline (409, ``programme_closed``) and any other state (409).
    The organisation's members get a mail with the link."""
    application = _own(session, application_id, user)
    programme = session.get(Programme, application.programme_id)
    if application.status == ApplicationStatus.draft and not is_accepting(programme, now):
        raise conflict(_("This programme is not taking applications: the deadline was %(date)s.",
                         date=programme.closes_at.date().isoformat()), code="programme_closed")
    if application.status not in EDITABLE:
        raise conflict(_("This application was already submitted."), code="wrong_state")
    needed = missing_for_submission(session, application)
    if needed:
        raise Refusal(_("Some things are still missing."), fields=needed, code="incomplete")
    to = (ApplicationStatus.submitted if application.status == ApplicationStatus.draft
          else ApplicationStatus.resubmitted)
    values = {"submitted_at": now or utcnow()} if to == ApplicationStatus.submitted else {}
    apply_transition(session, application, APPLICATION_TRANSITIONS, to, role=APPLICANT, values=values,
                     label=application_status_label,
                     event=ApplicationEvent(application_id=application.id, status=to, actor_user_id=user.id))
    notify_applicant(session, application, programme, "programme_submitted")
    return application


def move_as_applicant(session: Session, application_id: int, user: User, to: ApplicationStatus,
                      note: str = "") -> Application:
    """Withdraw, start the agreed work or report it; refuses a step that is not the applicant's (403/409)."""
    application = _own(session, application_id, user)
    programme = session.get(Programme, application.programme_id)
    apply_transition(session, application, APPLICATION_TRANSITIONS, to, role=APPLICANT,
                     label=application_status_label,
                     event=ApplicationEvent(application_id=application.id, status=to, actor_user_id=user.id,
                                            note=(note or "").strip()[:2000]))
    notify_applicant(session, application, programme, "programme_application")
    return application


def applications_of(session: Session, user) -> list[tuple[Application, Programme]]:
    """The applications of the user's organisations, newest first."""
    ids = member_org_ids(session, user)
    if not ids:
        return []
    return list(session.exec(select(Application, Programme).join(Programme, Programme.id == Application.programme_id)
                             .where(Application.organization_id.in_(ids))
                             .order_by(Application.created_at.desc(), Application.id.desc())))


def timeline(session: Session, application_id: int) -> list[ApplicationEvent]:
    """The application's steps, oldest first."""
    return list(session.exec(select(ApplicationEvent).where(ApplicationEvent.application_id == application_id)
                             .order_by(ApplicationEvent.created_at, ApplicationEvent.id)))


def timeline_people(session: Session, application_id: int) -> dict[int, str]:
    """The names of the people who took the application's steps, by user id."""
    ids = select(ApplicationEvent.actor_user_id).where(ApplicationEvent.application_id == application_id)
    return {u.id: u.display_name for u in session.exec(select(User).where(User.id.in_(ids)))}


def application_for_org(session: Session, programme_id: int, org_ids: set[int]) -> Application | None:
    """The application one of these organisations made to the programme, if any."""
    if not org_ids:
        return None
    return session.exec(select(Application).where(Application.programme_id == programme_id,
                                                  Application.organization_id.in_(org_ids))).first()
