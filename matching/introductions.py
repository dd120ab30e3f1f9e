"""Introductions between organisations: a request with a message to another organisation's profile or listing,
accepted or declined (with a reason from a fixed list) by the other side; contacts are revealed only on acceptance.

A technology listing behind an NDA follows a staged flow: the requester answers the holder's qualification
questions, the holder approves, the requester accepts the current NDA version (recorded with time, user and
version), and only then are the details and the holder's identity disclosed. Each step goes through
:data:`matching.models.INTRO_TRANSITIONS` with :func:`market.transitions.apply_transition` (one conditional UPDATE
on the status, so two concurrent requests cannot both apply it); the ``open_key`` unique column keeps a single
open request per requester and target. The other side's members are told of each step in their own language
(:func:`market.notifications.services.notify_members`).

Functions take a session, flush and never commit; the boundary commits.
"""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, func, select

from market.accounts.models import Organization, User
from market.db import utcnow
from market.notifications.services import notify_members
from market.pages import offset
from market.transitions import apply_transition
from matching.errors import MatchingError, conflict, forbidden, not_found
from matching.models import (
    INTRO_TRANSITIONS,
    LISTING_ENTITY,
    OPEN_STATUSES,
    DeclineReason,
    Introduction,
    IntroRole,
    IntroStatus,
    MatchProfile,
    NdaVersion,
    PublishStatus,
    TechListing,
)
from matching.services.docs import parse_doc_id
from matching.services.profiles import org_contacts, profile_card
from matching.services.rights import is_member, user_orgs
from matching.services.texts import entity_texts, resolve_text

MAX_MESSAGE = 2000
MAX_ANSWER = 2000
PER_PAGE = 20

DECLINE_REASONS = {
    DeclineReason.not_a_fit: _l("Not a fit for us"),
    DeclineReason.no_capacity: _l("No capacity at the moment"),
    DeclineReason.outside_region: _l("Outside the region we work in"),
    DeclineReason.already_licensed: _l("Already licensed or committed elsewhere"),
    DeclineReason.insufficient_information: _l("Not enough information in the request"),
    DeclineReason.not_qualified: _l("The answers do not meet our requirements"),
}

STATUS_LABELS = {
    IntroStatus.requested: _l("Waiting for an answer"),
    IntroStatus.awaiting_answers: _l("Waiting for answers to the questions"),
    IntroStatus.awaiting_approval: _l("Waiting for the holder's approval"),
    IntroStatus.awaiting_nda: _l("Waiting for the NDA to be accepted"),
    IntroStatus.accepted: _l("Accepted"),
    IntroStatus.declined: _l("Declined"),
    IntroStatus.withdrawn: _l("Withdrawn"),
}

DEFAULT_NDA_TEXT = """Mutual non-disclosure agreement (Made in Seoul technology matching)

1. The disclosing party shares confidential information about a technology listed on Made in Seoul (its
description, patent or application numbers, drawings, data and the identity of the holder) only so that the
receiving party can evaluate a licence, a joint development or a purchase.
2. The receiving party keeps it confidential, uses it for that evaluation only, shares it only with its staff
who need it and who are bound by the same duty, and does not file patent applications based on it.
3. Information that was public, already known to the receiving party, or independently developed is not
confidential.
4. The duty lasts three years from acceptance. On request, the receiving party returns or destroys the
information.
5. This agreement is governed by the laws of the Republic of Korea; the courts of Seoul have jurisdiction.

상호 비밀유지계약 (메이드 인 서울 기술 매칭)

1. 공개하는 쪽은 메이드 인 서울에 등록된 기술의 기밀 정보(설명, 특허·출원 번호, 도면, 데이터, 보유자 신원)를
받는 쪽이 라이선스, 공동 개발 또는 매입을 검토하는 목적으로만 제공합니다.
2. 받는 쪽은 이 정보를 비밀로 유지하고 검토 목적으로만 사용하며, 같은 의무를 지는 필요한 직원에게만 공유하고,
이를 바탕으로 특허를 출원하지 않습니다.
3. 이미 공개되었거나, 받는 쪽이 이미 알고 있었거나, 독자적으로 개발한 정보는 기밀 정보가 아닙니다.
4. 의무는 동의한 날부터 3년간 유지됩니다. 요청이 있으면 받는 쪽은 정보를 반환하거나 폐기합니다.
5. 이 계약은 대한민국 법을 따르며 서울의 법원을 관할 법원으로 합니다.
"""


# --- the NDA text ---------------------------------------------------------------------------------------------------


def latest_nda(session: Session) -> NdaVersion:
    """The newest NDA version as readers see it: until one is stored, version 1 with the default text, unsaved
    (reading creates nothing; :func:`current_nda` stores it when an introduction needs it)."""
    nda = session.exec(select(NdaVersion).order_by(NdaVersion.version.desc())).first()
    return nda if nda is not None else NdaVersion(version=1, text=DEFAULT_NDA_TEXT)


def current_nda(session: Session) -> NdaVersion:
    """The newest NDA version (version 1 with the default text is created on first use)."""
    nda = session.exec(select(NdaVersion).order_by(NdaVersion.version.desc())).first()
    if nda is None:
        nda = NdaVersion(version=1, text=DEFAULT_NDA_TEXT)
        session.add(nda)
        session.flush()
    return nda


def publish_nda(session: Session, user: User, text: str) -> NdaVersion:
    """Add a new NDA version (staff only); accepted versions are kept as they were."""
    if not user.is_staff:
        raise forbidden(_("Only staff can change the NDA."))
    text = (text or "").strip()
    if len(text) < 50:
        raise MatchingError(_("Write the full text of the agreement."), "text")
    version = (session.exec(select(func.max(NdaVersion.version))).one() or 0) + 1
    nda = NdaVersion(version=version, text=text)
    session.add(nda)
    session.flush()
    return nda


# --- views of an introduction ------------------------------------------------------------------------------------------


@dataclasses.dataclass
class IntroView:
    """An introduction as one of its parties sees it."""

    intro: Introduction
    role: IntroRole
    from_org: Organization
    to_org: Organization | None  # None while a confidential holder is not disclosed to the requester
    target_kind: str  # "profile" or "listing"
    target_id: int
    target_title: str
    target_title_locale: str | None
    disclosed: bool  # the requester may see the listing's details and holder
    questions: list[str]
    nda: NdaVersion | None
    contacts: dict | None  # the other side's contacts, only once accepted
    can: tuple[str, ...]  # the actions this viewer may take now

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(IntroStatus(self.intro.status), self.intro.status))

    @property
    def decline_reason_label(self) -> str | None:
        reason = self.intro.decline_reason
        return str(DECLINE_REASONS.get(DeclineReason(reason), reason)) if reason else None


def _actions(intro: Introduction, roles: set[IntroRole]) -> tuple[str, ...]:
    status = IntroStatus(intro.status)
    can = []
    if IntroRole.recipient in roles:
        if status == IntroStatus.requested:
            can.append("accept")
        if status == IntroStatus.awaiting_approval:
            can.append("approve")
        if status in OPEN_STATUSES:
            can.append("decline")
    if IntroRole.requester in roles:
        if status == IntroStatus.awaiting_answers:
            can.append("answer")
        if status == IntroStatus.awaiting_nda:
            can.append("accept_nda")
        if status in OPEN_STATUSES:
            can.append("withdraw")
    return tuple(can)


def _roles(session: Session, user: User, intro: Introduction) -> set[IntroRole]:
    roles = set()
    if is_member(session, user, intro.from_org_id):
        roles.add(IntroRole.requester)
    if is_member(session, user, intro.to_org_id):
        roles.add(IntroRole.recipient)
    return roles


def _view(session: Session, user: User, intro: Introduction, locale: str, roles: set[IntroRole] | None = None
          ) -> IntroView:
    roles = roles if roles is not None else _roles(session, user, intro)
    role = IntroRole.recipient if IntroRole.recipient in roles and IntroRole.requester not in roles else (
        IntroRole.requester if roles else IntroRole.recipient)
    from_org = session.get(Organization, intro.from_org_id)
    to_org = session.get(Organization, intro.to_org_id)
    accepted = IntroStatus(intro.status) == IntroStatus.accepted
    questions = [a.get("question", "") for a in intro.answers or []]
    if intro.listing_id is not None:
        listing = session.get(TechListing, intro.listing_id)
        texts = entity_texts(session, LISTING_ENTITY, [listing.id])[listing.id]
        # The requester sees the holder and the real title only once disclosed; the holder always does.
        disclosed = not intro.staged or accepted or IntroRole.recipient in roles or user.is_staff
        title = resolve_text(texts, "title" if disclosed else "teaser_title", locale) or ("", None)
        target = ("listing", listing.id, title[0], title[1])
        if not disclosed:
            to_org = None
    else:
        card = profile_card(session, session.get(MatchProfile, intro.profile_id), locale)
        target = ("profile", intro.profile_id, card["title"][0], card["title"][1])
        disclosed = True
    contacts = None
    if accepted:
        other = intro.to_org_id if role == IntroRole.requester else intro.from_org_id
        contacts = org_contacts(session, other)
    nda = session.get(NdaVersion, intro.nda_version_id) if intro.nda_version_id else None
    return IntroView(intro=intro, role=role, from_org=from_org, to_org=to_org, target_kind=target[0],
                     target_id=target[1], target_title=target[2], target_title_locale=target[3],
                     disclosed=disclosed, questions=questions, nda=nda, contacts=contacts,
                     can=_actions(intro, roles))


def get_introduction(session: Session, user: User, intro_id: int, locale: str = "en") -> IntroView:
    """One introduction for one of its parties (or staff); others get ``not_found``."""
    intro = session.get(Introduction, intro_id)
    if intro is None:
        raise not_found()
    roles = _roles(session, user, intro)
    if not roles and not user.is_staff:
        raise not_found()
    return _view(session, user, intro, locale, roles)


def list_introductions(session: Session, user: User, *, box: str = "all", status: str | None = None,
                       page: int = 1, per_page: int = PER_PAGE, locale: str = "en") -> tuple[list[IntroView], int]:
    """One page of the user's introductions, newest first: ``box`` is ``sent`` (from the user's organisations),
    ``received`` (to them) or ``all``; ``status`` narrows to one status or ``open``."""
    if box not in ("sent", "received", "all"):
        raise MatchingError(_("Choose sent, received or all."), "box")
    org_ids = [org.id for org in user_orgs(session, user)]
    if not org_ids:
        return [], 0
    if box == "sent":
        where = Introduction.from_org_id.in_(org_ids)
    elif box == "received":
        where = Introduction.to_org_id.in_(org_ids)
    else:
        where = sa.or_(Introduction.from_org_id.in_(org_ids), Introduction.to_org_id.in_(org_ids))
    query = select(Introduction).where(where)
    if status == "open":
        query = query.where(Introduction.status.in_([s.value for s in OPEN_STATUSES]))
    elif status:
        try:
            query = query.where(Introduction.status == IntroStatus(status).value)
        except ValueError as exc:
            raise MatchingError(_("Unknown status."), "status") from exc
    page, per_page = max(1, page), max(1, min(per_page, 100))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(Introduction.updated_at.desc(), Introduction.id.desc())
                        .offset(offset(page, per_page)).limit(per_page))
    return [_view(session, user, intro, locale) for intro in rows], total


# --- requesting ------------------------------------------------------------------------------------------------------


def _acting_org(session: Session, user: User, from_org_id: int | None) -> Organization:
    if from_org_id is not None:
        org = session.get(Organization, from_org_id)
        if org is None or not is_member(session, user, from_org_id):
            raise forbidden(_("You can only write for an organisation you belong to."), "from_org_id")
        return org
    orgs = user_orgs(session, user)
    if not orgs:
        raise MatchingError(_("Create or join an organisation before requesting introductions."), "from_org_id")
    if len(orgs) > 1:
        raise MatchingError(_("Choose the organisation you are writing for."), "from_org_id")
    return orgs[0]


def request_introduction(session: Session, user: User, *, message: str, to_doc_id: str | None = None,
                         profile_id: int | None = None, listing_id: int | None = None,
                         from_org_id: int | None = None, notify: bool = True) -> Introduction:
    """Ask to be introduced to the organisation behind a published profile or listing (by doc id or by id).

    Refuses an empty or too long message, an unknown or unpublished target (``not_found``), a request to one's own
    organisation, and a second request while one to the same organisation's profile or the same listing is open
    (``conflict``). A listing behind an NDA starts the staged flow.
    """
    if to_doc_id is not None:
        parsed = parse_doc_id(to_doc_id)
        if parsed is None:
            raise not_found("to_doc_id", _("Unknown profile or listing."))
        profile_id, listing_id = (parsed[1], None) if parsed[0] == "p" else (None, parsed[1])
    if (profile_id is None) == (listing_id is None):
        raise MatchingError(_("Choose one profile or one listing to be introduced to."), "to_doc_id")
    target = session.get(MatchProfile, profile_id) if profile_id is not None else session.get(TechListing,
                                                                                              listing_id)
    if target is None or target.status != PublishStatus.published:
        raise not_found("to_doc_id", _("Unknown profile or listing."))
    org = _acting_org(session, user, from_org_id)
    if org.id == target.org_id:
        raise MatchingError(_("You cannot request an introduction to your own organisation."), "to_doc_id")
    text = (message or "").strip()
    if not text:
        raise MatchingError(_("Write a message: who you are and what you have in mind."), "message")
    if len(text) > MAX_MESSAGE:
        raise MatchingError(_("Write at most %(n)d characters.", n=MAX_MESSAGE), "message")
    open_key = (f"t:{org.id}:{target.id}" if listing_id is not None else f"p:{org.id}:{target.org_id}")
    existing = session.exec(select(Introduction.id).where(Introduction.open_key == open_key)).first()
    if existing is not None:
        raise conflict(_("You already have an open introduction request here. Wait for the answer or "
                              "withdraw it first."), "to_doc_id")
    staged = listing_id is not None and target.nda_required
    if staged:
        status = IntroStatus.awaiting_answers if target.questions else IntroStatus.awaiting_approval
        answers = [{"question": q, "answer": ""} for q in target.questions]
    else:
        status, answers = IntroStatus.requested, []
    intro = Introduction(from_org_id=org.id, from_user_id=user.id, to_org_id=target.org_id, profile_id=profile_id,
                         listing_id=listing_id, message=text, staged=staged, status=status, answers=answers,
                         open_key=open_key)
    try:
        with session.begin_nested():
            session.add(intro)
            session.flush()
    except sa.exc.IntegrityError as exc:
        raise conflict(_("You already have an open introduction request here. Wait for the answer or "
                              "withdraw it first."), "to_doc_id") from exc
    if notify:
        _notify(session, intro, intro.to_org_id, user.id, "intro_requested",
                lambda: _("%(org)s asks to be introduced to you.", org=org.name))
    return intro


# --- steps ---------------------------------------------------------------------------------------------------------------


def _load_for(session: Session, user: User, intro_id: int, role: IntroRole) -> Introduction:
    intro = session.get(Introduction, intro_id)
    if intro is None:
        raise not_found()
    roles = _roles(session, user, intro)
    if not roles:
        raise not_found()
    if role not in roles:
        raise forbidden(_("Only the other side can do this."))
    return intro


def _status_label(status) -> str:
    return str(STATUS_LABELS.get(IntroStatus(status), status))


def _step(session: Session, intro: Introduction, to: IntroStatus, role: IntroRole, **values) -> Introduction:
    """Move ``intro`` to ``to`` as ``role`` through :data:`INTRO_TRANSITIONS`, setting ``values`` in the same
    conditional UPDATE (a closing step also frees ``open_key``); refuses a step its status does not allow and
    one that lost a race (409)."""
    if to not in OPEN_STATUSES:
        values.update(open_key=None, closed_at=utcnow())
    apply_transition(session, intro, INTRO_TRANSITIONS, to, role=role, values=values, label=_status_label)
    return intro


def accept_introduction(session: Session, user: User, intro_id: int, notify: bool = True) -> Introduction:
    """The recipient accepts a plain request; both sides then see each other's contacts. A staged request is
    approved instead (``conflict``)."""
    intro = _load_for(session, user, intro_id, IntroRole.recipient)
    if intro.staged:
        raise conflict(_("This request follows the NDA steps: approve it once the answers are in."))
    intro = _step(session, intro, IntroStatus.accepted, IntroRole.recipient, responded_by_id=user.id)
    if notify:
        name = session.get(Organization, intro.to_org_id).name
        _notify(session, intro, intro.from_org_id, user.id, "intro_accepted",
                lambda: _("%(org)s accepted your introduction request. Their contacts are now shown.", org=name))
    return intro


def decline_introduction(session: Session, user: User, intro_id: int, reason: str, note: str | None = None,
                         notify: bool = True) -> Introduction:
    """The recipient declines an open request with a reason from :data:`DECLINE_REASONS` and an optional note."""
    try:
        reason_value = DeclineReason(reason)
    except ValueError as exc:
        raise MatchingError(_("Choose a reason from the list."), "reason") from exc
    note = (note or "").strip() or None
    if note and len(note) > MAX_MESSAGE:
        raise MatchingError(_("Write at most %(n)d characters.", n=MAX_MESSAGE), "note")
    intro = _load_for(session, user, intro_id, IntroRole.recipient)
    intro = _step(session, intro, IntroStatus.declined, IntroRole.recipient, decline_reason=reason_value.value,
                  decline_note=note, responded_by_id=user.id)
    if notify:
        _notify(session, intro, intro.from_org_id, user.id, "intro_declined",
                lambda: _("Your introduction request was declined: %(reason)s.",
                          reason=DECLINE_REASONS[reason_value]))
    return intro


def withdraw_introduction(session: Session, user: User, intro_id: int) -> Introduction:
    """The requester withdraws an open request."""
    intro = _load_for(session, user, intro_id, IntroRole.requester)
    return _step(session, intro, IntroStatus.withdrawn, IntroRole.requester)


def answer_questions(session: Session, user: User, intro_id: int, answers: list[str], notify: bool = True
                     ) -> Introduction:
    """The requester answers every qualification question of a staged request; the holder then decides."""
    intro = _load_for(session, user, intro_id, IntroRole.requester)
    questions = intro.answers or []
    answers = [(a or "").strip() for a in answers or []]
    if len(answers) != len(questions) or any(not a for a in answers):
        raise MatchingError(_("Answer every question."), "answers")
    if any(len(a) > MAX_ANSWER for a in answers):
        raise MatchingError(_("Write at most %(n)d characters.", n=MAX_ANSWER), "answers")
    filled = [{"question": q.get("question", ""), "answer": a} for q, a in zip(questions, answers, strict=True)]
    intro = _step(session, intro, IntroStatus.awaiting_approval, IntroRole.requester, answers=filled,
                  answered_at=utcnow())
    if notify:
        name = session.get(Organization, intro.from_org_id).name
        _notify(session, intro, intro.to_org_id, user.id, "intro_answered",
                lambda: _("%(org)s answered your questions and waits for your approval.", org=name))
    return intro


def approve_introduction(session: Session, user: User, intro_id: int, notify: bool = True) -> Introduction:
    """The holder approves a staged request; the requester is asked to accept the current NDA version."""
    intro = _load_for(session, user, intro_id, IntroRole.recipient)
    nda = current_nda(session)
    intro = _step(session, intro, IntroStatus.awaiting_nda, IntroRole.recipient, nda_version_id=nda.id,
                  approved_at=utcnow(), responded_by_id=user.id)
    if notify:
        _notify(session, intro, intro.from_org_id, user.id, "intro_approved",
                lambda: _("Your request was approved. Accept the NDA to see the details."))
    return intro


def accept_nda(session: Session, user: User, intro_id: int, version: int, notify: bool = True) -> Introduction:
    """The requester accepts the NDA version it was shown (``version``); this records who, when and which
    version (and the holder's own NDA file, by its SHA-256, when the listing has one), and discloses the
    listing's details and holder. A version other than the one asked for is refused
    (``conflict``: read the current text)."""
    intro = _load_for(session, user, intro_id, IntroRole.requester)
    nda = session.get(NdaVersion, intro.nda_version_id) if intro.nda_version_id else None
    if IntroStatus(intro.status) == IntroStatus.awaiting_nda and (nda is None or nda.version != version):
        raise conflict(_("The NDA text you accepted is not the current one. Read it again and accept."), "version")
    listing = session.get(TechListing, intro.listing_id) if intro.listing_id else None
    intro = _step(session, intro, IntroStatus.accepted, IntroRole.requester, nda_accepted_at=utcnow(),
                  nda_accepted_by_id=user.id, nda_file_sha256=listing.nda_file_sha256 if listing else None)
    if notify:
        name = session.get(Organization, intro.from_org_id).name
        _notify(session, intro, intro.to_org_id, user.id, "intro_nda_accepted",
                lambda: _("%(org)s accepted the NDA; contacts are now shown on both sides.", org=name))
    return intro


def open_introduction_for(session: Session, user: User, *, listing_id: int | None = None,
                          profile_id: int | None = None) -> Introduction | None:
    """The newest introduction (open or accepted) from one of the user's organisations to this target, if any."""
    org_ids = [org.id for org in user_orgs(session, user)]
    if not org_ids:
        return None
    query = select(Introduction).where(Introduction.from_org_id.in_(org_ids))
    query = query.where(Introduction.listing_id == listing_id) if listing_id is not None else query.where(
        Introduction.profile_id == profile_id)
    return session.exec(query.order_by(Introduction.id.desc())).first()


# --- notifications --------------------------------------------------------------------------------------------------------


def _notify(session: Session, intro: Introduction, org_id: int, actor_id: int | None, kind: str, message) -> None:
    """Tell the members of ``org_id`` (not the actor), each in their own language, in the app and by mail, with a
    link to the introduction."""
    notify_members(session, org_id, kind, message, "matching_intros.detail", exclude_user_id=actor_id,
                   intro_id=intro.id)
