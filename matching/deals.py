"""After an introduction is accepted: the two sides' thread and the deal's stage.

The thread carries messages with attachments (checked by :mod:`market.uploads.files` before anything is stored,
sent only to the two sides and staff); the other side's members are told in the app and by mail, in their own
language, with a link to the thread. Either side moves the deal through :data:`DEAL_TRANSITIONS` (talking →
evaluating → negotiating → agreed, or ended without a deal, with steps back allowed while it is open); an agreed
deal names what was agreed (a licence, a joint development or a supply contract). Each stage change is a line on
the same thread.

The outcomes are the strongest relevance labels matching has: :func:`deal_labels` turns every accepted
introduction into a graded judgement (agreed 3, negotiating 2, evaluating or talking 1, ended without a deal 0)
of the target for the requester's profile, in the format ``seoulmade matching eval`` reads.

Functions take a session, flush and never commit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from market.accounts.models import Organization, User
from market.notifications.services import notify_members
from market.transitions import apply_transition
from market.uploads import files as uploads
from matching.errors import MatchingError, conflict, not_found
from matching.models import (
    PROFILE_ENTITY,
    DealKind,
    DealStage,
    Introduction,
    IntroMessage,
    IntroMessageFile,
    IntroRole,
    IntroStatus,
    MatchProfile,
    NdaVersion,
    TechListing,
)
from matching.services.docs import listing_doc_id, profile_doc_id
from matching.services.rights import is_member
from matching.services.texts import entity_texts

MAX_BODY = 5000

STAGE_LABELS = {
    DealStage.talking: _l("Talking"),
    DealStage.evaluating: _l("Evaluating"),
    DealStage.negotiating: _l("Negotiating"),
    DealStage.agreed: _l("Agreed"),
    DealStage.no_deal: _l("Ended without a deal"),
}
KIND_LABELS = {
    DealKind.licence: _l("Licence"),
    DealKind.joint_development: _l("Joint development"),
    DealKind.supply: _l("Supply contract"),
}
OPEN_STAGES = (DealStage.talking, DealStage.evaluating, DealStage.negotiating)
BOTH = frozenset({IntroRole.requester, IntroRole.recipient})
# Either side moves an open deal to any other stage (steps back too); agreed and no_deal are final.
DEAL_TRANSITIONS = {(frm, to): BOTH for frm in OPEN_STAGES for to in DealStage if to != frm}
GRADES = {DealStage.agreed: 3, DealStage.negotiating: 2, DealStage.evaluating: 1, DealStage.talking: 1,
          DealStage.no_deal: 0}


def stage_label(stage) -> str:
    """A deal stage in words (None reads "talking")."""
    return str(STAGE_LABELS[DealStage(stage or DealStage.talking)])


@dataclasses.dataclass
class Party:
    """Who is acting on an introduction, and for which side."""

    intro: Introduction
    role: IntroRole
    org_id: int
    other_org_id: int


def _party(session: Session, user: User, intro_id: int) -> Party:
    """The user's side of an accepted introduction; refuses outsiders (404) and one not accepted (409)."""
    intro = session.get(Introduction, intro_id)
    if intro is None:
        raise not_found()
    if is_member(session, user, intro.from_org_id):
        party = Party(intro, IntroRole.requester, intro.from_org_id, intro.to_org_id)
    elif is_member(session, user, intro.to_org_id):
        party = Party(intro, IntroRole.recipient, intro.to_org_id, intro.from_org_id)
    else:
        raise not_found()
    if IntroStatus(intro.status) != IntroStatus.accepted:
        raise conflict(_("The two sides can write to each other once the introduction is accepted."))
    return party


def _tell(session: Session, party: Party, user: User, kind: str, message) -> None:
    notify_members(session, party.other_org_id, kind, message, "matching_intros.detail",
                   exclude_user_id=user.id, intro_id=party.intro.id, _anchor="thread")


def post_intro_message(session: Session, user: User, intro_id: int, body: str = "", files=()) -> IntroMessage:
    """A message from one side of an accepted introduction to the other, with files; the other side is told.
    Refuses outsiders (404), an introduction not accepted (409), an empty or too long message (422 on ``body``)
    and files that fail the checks (422 on ``files``, nothing stored)."""
    party = _party(session, user, intro_id)
    body = (body or "").strip()
    if len(body) > MAX_BODY:
        raise MatchingError(_("Keep the message under %(max)d characters.", max=MAX_BODY), field="body")
    try:
        checked = uploads.check_files(list(files))
    except uploads.FileRefused as exc:
        raise MatchingError(exc.message, field="files") from None
    if not body and not checked:
        raise MatchingError(_("Write a message or attach a file."), field="body")
    message = IntroMessage(intro_id=party.intro.id, org_id=party.org_id, author_id=user.id, body=body)
    session.add(message)
    session.flush()
    keys = uploads.store_files(checked)
    try:
        session.add_all([IntroMessageFile(message_id=message.id, storage_key=key, filename=item.filename,
                                          content_type=item.content_type, size_bytes=len(item.data))
                         for item, key in zip(checked, keys, strict=True)])
        session.flush()
    except BaseException:
        uploads.discard(keys)
        raise
    name = session.get(Organization, party.org_id).name
    _tell(session, party, user, "intro_message",
          lambda: _("New message from %(name)s on introduction #%(id)d.", name=name, id=party.intro.id))
    return message


def set_deal_stage(session: Session, user: User, intro_id: int, stage: str, kind: str | None = None,
                   note: str = "", expected: str | None = None) -> Introduction:
    """Move the deal of an accepted introduction to ``stage`` (with ``kind`` when agreed), as either side, from
    the stage the actor saw (``expected``); the change is a line on the thread and the other side is told.
    Refuses an unknown stage (422 on ``stage``), an agreement without its kind (422 on ``kind``), a deal already
    agreed or ended, the same stage again, and a stage changed since the actor looked (409)."""
    party = _party(session, user, intro_id)
    try:
        to = DealStage(stage)
    except ValueError:
        raise MatchingError(_("Choose a stage from the list."), field="stage") from None
    deal_kind = None
    if to == DealStage.agreed:
        try:
            deal_kind = DealKind(kind or "")
        except ValueError:
            raise MatchingError(_("Say what was agreed: a licence, a joint development or a supply contract."),
                                field="kind") from None
    note = (note or "").strip()
    if len(note) > MAX_BODY:
        raise MatchingError(_("Keep the message under %(max)d characters.", max=MAX_BODY), field="note")
    intro = party.intro
    if intro.deal_stage is None:
        # Accepted before deals had stages: it was talking.
        session.exec(sa.update(Introduction).where(Introduction.id == intro.id, Introduction.deal_stage.is_(None))
                     .values(deal_stage=DealStage.talking).execution_options(synchronize_session=False))
        session.refresh(intro)
    apply_transition(session, intro, DEAL_TRANSITIONS, to, role=party.role, status_attr="deal_stage",
                     expected=DealStage(expected) if expected in DealStage.__members__ else None,
                     values={"deal_kind": deal_kind, "deal_updated_at": dt.datetime.now(dt.UTC)},
                     label=stage_label, event=IntroMessage(intro_id=intro.id, org_id=party.org_id,
                                                           author_id=user.id, body=note, stage=to))
    name = session.get(Organization, party.org_id).name

    def message() -> str:
        if deal_kind is not None:
            return _("%(name)s marked introduction #%(id)d as agreed: %(kind)s.", name=name, id=intro.id,
                     kind=str(KIND_LABELS[deal_kind]))
        return _("%(name)s moved introduction #%(id)d to “%(stage)s”.", name=name, id=intro.id,
                 stage=stage_label(to))

    _tell(session, party, user, "intro_deal", message)
    return intro


def thread_of(session: Session, user: User, intro_id: int
              ) -> list[tuple[IntroMessage, list[IntroMessageFile]]]:
    """An accepted introduction's thread for one of its sides or staff, oldest first, each message with its
    files; refuses everyone else (404)."""
    intro = session.get(Introduction, intro_id)
    if intro is None or not (user.is_staff or is_member(session, user, intro.from_org_id)
                             or is_member(session, user, intro.to_org_id)):
        raise not_found()
    messages = list(session.exec(select(IntroMessage).where(IntroMessage.intro_id == intro_id)
                                 .order_by(IntroMessage.created_at, IntroMessage.id)))
    files: dict[int, list[IntroMessageFile]] = {}
    for item in session.exec(select(IntroMessageFile).where(
            IntroMessageFile.message_id.in_([m.id for m in messages] or [0])).order_by(IntroMessageFile.id)):
        files.setdefault(item.message_id, []).append(item)
    return [(m, files.get(m.id, [])) for m in messages]


def get_message_file(session: Session, user: User, intro_id: int, file_id: int) -> IntroMessageFile:
    """An attachment of an introduction's thread, for its two sides and staff; everyone else gets 404."""
    thread_of(session, user, intro_id)  # refuses outsiders
    item = session.get(IntroMessageFile, file_id)
    message = session.get(IntroMessage, item.message_id) if item is not None else None
    if message is None or message.intro_id != intro_id:
        raise not_found("file")
    return item


# --- the NDA record -------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class NdaRecord:
    """An accepted NDA as both sides keep it: the parties, the version and its text, who accepted it and when."""

    intro: Introduction
    discloser: Organization
    recipient: Organization
    version: NdaVersion
    accepted_by: User | None
    accepted_at: dt.datetime
    holder_file_name: str | None = None  # the holder's own NDA, when the one accepted is still the listing's
    holder_file_available: bool = False


def nda_record(session: Session, user: User, intro_id: int) -> NdaRecord:
    """The NDA an introduction's requester accepted, for its two sides and staff. Refuses everyone else (404)
    and an introduction whose NDA was not accepted (404: there is no record to show)."""
    intro = session.get(Introduction, intro_id)
    if intro is None or not (user.is_staff or is_member(session, user, intro.from_org_id)
                             or is_member(session, user, intro.to_org_id)):
        raise not_found()
    if intro.nda_accepted_at is None or intro.nda_version_id is None:
        raise not_found(message=_("No NDA was accepted in this introduction."))
    listing = session.get(TechListing, intro.listing_id) if intro.listing_id else None
    current = listing is not None and bool(intro.nda_file_sha256) and listing.nda_file_sha256 == intro.nda_file_sha256
    return NdaRecord(intro=intro, discloser=session.get(Organization, intro.to_org_id),
                     holder_file_name=listing.nda_file_name if current else None, holder_file_available=current,
                     recipient=session.get(Organization, intro.from_org_id),
                     version=session.get(NdaVersion, intro.nda_version_id),
                     accepted_by=session.get(User, intro.nda_accepted_by_id) if intro.nda_accepted_by_id else None,
                     accepted_at=intro.nda_accepted_at)


# --- labels for the evaluation --------------------------------------------------------------------------------------


def deal_labels(session: Session) -> list[dict]:
    """A graded judgement per accepted introduction whose requester has a profile: the requester's profile text
    (what it seeks, else what it offers) as the query, the introduction's target as the relevant doc, and the
    grade of how far the deal got. Lines for ``seoulmade matching eval``."""
    intros = list(session.exec(select(Introduction).where(Introduction.status == IntroStatus.accepted)
                               .order_by(Introduction.id)))
    profiles = {p.org_id: p for p in session.exec(select(MatchProfile).where(
        MatchProfile.org_id.in_({i.from_org_id for i in intros} or {0})).order_by(MatchProfile.id))}
    texts = entity_texts(session, PROFILE_ENTITY, [p.id for p in profiles.values()])
    labels = []
    for intro in intros:
        profile = profiles.get(intro.from_org_id)
        if profile is None:
            continue
        by_lang = texts.get(profile.id) or {}
        lang = next((loc for loc in (getattr(profile, "lang", None), "ko", "en", *sorted(by_lang))
                     if loc and by_lang.get(loc)), None)
        if lang is None:
            continue
        query = by_lang[lang].get("seek") or by_lang[lang].get("offer") or by_lang[lang].get("title")
        if not query:
            continue
        target = listing_doc_id(intro.listing_id) if intro.listing_id else profile_doc_id(intro.profile_id)
        stage = DealStage(intro.deal_stage or DealStage.talking)
        if GRADES[stage] == 0:
            continue  # an ended deal says nothing about relevance either way
        labels.append({"query": query, "lang": lang, "relevant_ids": [target], "grade": GRADES[stage],
                       "source": f"introduction #{intro.id}: {stage.value}"})
    return labels
