"""A member's annual return: opened (pre-filled from the platform), saved as a draft, submitted through the
checks, returned by a reviewer with reasons, resubmitted, verified into the year's snapshot, and corrected after
that as a new version with who, when and why.

Every step is a step of :data:`~market.association.models.RETURN_TRANSITIONS` (one conditional UPDATE, so of two
concurrent clicks one wins) and writes a :class:`~market.association.models.ReturnVersion` with the figures.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from i18n.times import utcnow
from market.association.models import (
    RETURN_TRANSITIONS,
    Actor,
    AnnualReturn,
    Campaign,
    Member,
    ReturnStatus,
    ReturnVersion,
)
from market.association.services.access import can_review_member, is_staff
from market.association.services.checks import (
    FIGURE_FIELDS,
    check_ranges,
    check_submission,
    value_added,
)
from market.association.services.prefill import PREFILLED, platform_figures
from market.notifications.services import notify_members
from market.refusals import Refusal, forbidden, not_found
from market.transitions import apply_transition

STATUS_LABELS = {
    ReturnStatus.not_started: _l("Not started"),
    ReturnStatus.draft: _l("Draft"),
    ReturnStatus.submitted: _l("Submitted"),
    ReturnStatus.returned: _l("Returned for changes"),
    ReturnStatus.resubmitted: _l("Resubmitted"),
    ReturnStatus.verified: _l("Verified"),
}
EDITABLE = (ReturnStatus.not_started, ReturnStatus.draft, ReturnStatus.returned)
MAX_REASON = 2000
MAX_NOTE = 4000


def status_label(status) -> str:
    """A return's status in words."""
    return str(STATUS_LABELS.get(ReturnStatus(status), status))


def figures_of(ret: AnnualReturn) -> dict:
    """The return's figures as a plain dict (what versions store and checks read)."""
    return {name: getattr(ret, name) for name in FIGURE_FIELDS}


def get_return(session: Session, member: Member, year: int) -> AnnualReturn | None:
    """``member``'s return for ``year``, or None."""
    return session.exec(select(AnnualReturn).where(AnnualReturn.member_id == member.id,
                                                   AnnualReturn.year == year)).first()


def previous_figures(session: Session, member_id: int, year: int) -> dict | None:
    """Last year's verified figures of the member (what the 300% check compares with), or None."""
    ret = session.exec(select(AnnualReturn).where(AnnualReturn.member_id == member_id, AnnualReturn.year == year - 1,
                                                  AnnualReturn.status == ReturnStatus.verified)).first()
    return figures_of(ret) if ret else None


def preview_return(session: Session, member: Member, year: int) -> AnnualReturn:
    """A return for ``year`` as it would open (not started, pre-filled), not stored. Refuses (404) a year without
    an open campaign."""
    campaign = session.get(Campaign, year)
    if campaign is None or campaign.status != "open":
        raise Refusal(_("Returns for %(year)d are not being collected.", year=year), code="no_campaign",
                      status=404)
    ret = AnnualReturn(member_id=member.id, year=year)
    apply_prefill(session, ret, member)
    return ret


def open_return(session: Session, member: Member, year: int) -> AnnualReturn:
    """The member's return for ``year``, made (not started, pre-filled from the platform) when the year's
    campaign is open. Refuses (404) a year without an open campaign."""
    ret = get_return(session, member, year)
    if ret is not None:
        return ret
    ret = preview_return(session, member, year)
    session.add(ret)
    session.flush()
    return ret


def apply_prefill(session: Session, ret: AnnualReturn, member: Member) -> None:
    """Offer what the platform knows: kept in ``prefill`` and written into figures the member has not given."""
    figures = platform_figures(session, member, ret.year)
    ret.prefill = figures
    for field in PREFILLED:
        if field in figures and getattr(ret, field) in (None, {}, []):
            setattr(ret, field, figures[field]["value"])


def _assign(ret: AnnualReturn, figures: dict) -> None:
    for name, value in figures.items():
        if name in FIGURE_FIELDS and name != "value_added_krw":
            setattr(ret, name, value)
    if ret.change_note and len(ret.change_note) > MAX_NOTE:
        raise Refusal(_("Keep the note under %(max)d characters.", max=MAX_NOTE), field="change_note")
    ret.value_added_krw = value_added(figures_of(ret))


def _version(session: Session, ret: AnnualReturn, actor, reason: str | None = None) -> ReturnVersion:
    version = ReturnVersion(return_id=ret.id, version=ret.version, status=str(ret.status), figures=figures_of(ret),
                            actor_id=actor.id if actor else None, reason=reason)
    session.add(version)
    session.flush()
    return version


def _check_member(ret: AnnualReturn, member: Member) -> None:
    if ret.member_id != member.id:
        raise forbidden(_("You can only see and file the returns of your own organisation."))


def save_return(session: Session, ret: AnnualReturn, member: Member, actor, figures: dict) -> AnnualReturn:
    """Keep the member's figures as a draft (or on a returned return) without the submit checks; refuses
    impossible values (422, on their fields) and a return that is no longer the member's to edit (409)."""
    _check_member(ret, member)
    problems = check_ranges({**figures_of(ret), **figures})
    if problems:
        raise Refusal(_("Some figures are not valid."), fields=problems)
    if ret.status not in EDITABLE:
        raise Refusal(_("This return is %(status)s and can no longer be changed by you.",
                        status=status_label(ret.status)), code="wrong_state", status=409)
    expected = ret.status
    _assign(ret, figures)
    session.flush()
    to = ReturnStatus.returned if expected == ReturnStatus.returned else ReturnStatus.draft
    apply_transition(session, ret, RETURN_TRANSITIONS, to, role=Actor.member, expected=expected,
                     label=status_label)
    return ret


def submit_return(session: Session, ret: AnnualReturn, member: Member, actor, figures: dict) -> AnnualReturn:
    """Save the figures and submit them (resubmit a returned return) when every check passes; otherwise refuse
    (422) with a message on each field at fault, and change nothing."""
    _check_member(ret, member)
    merged = {**figures_of(ret), **figures}
    merged["value_added_krw"] = value_added(merged)
    problems = check_submission(merged, previous_figures(session, ret.member_id, ret.year))
    if problems:
        raise Refusal(_("The return cannot be submitted yet: see the marked figures."), fields=problems)
    if ret.status not in EDITABLE:
        raise Refusal(_("This return is %(status)s and can no longer be changed by you.",
                        status=status_label(ret.status)), code="wrong_state", status=409)
    expected = ret.status
    _assign(ret, figures)
    session.flush()
    to = ReturnStatus.resubmitted if expected == ReturnStatus.returned else ReturnStatus.submitted
    apply_transition(session, ret, RETURN_TRANSITIONS, to, role=Actor.member, expected=expected,
                     label=status_label, values={"submitted_at": utcnow(), "version": ret.version + 1})
    _version(session, ret, actor)
    return ret


def _require_reviewer(session: Session, ret: AnnualReturn, user) -> Member:
    member = session.get(Member, ret.member_id)
    if member is None or not can_review_member(session, user, member):
        raise forbidden(_("Only association staff, and the chair of the firm's trade, review returns."))
    return member


def send_back_return(session: Session, ret: AnnualReturn, user, reason: str, expected=None) -> AnnualReturn:
    """Return a submitted return to the member with ``reason`` (required); the member is told."""
    member = _require_reviewer(session, ret, user)
    reason = (reason or "").strip()
    if not reason:
        raise Refusal(_("Say what the member should change."), field="reason")
    if len(reason) > MAX_REASON:
        raise Refusal(_("Keep the reason under %(max)d characters.", max=MAX_REASON), field="reason")
    apply_transition(session, ret, RETURN_TRANSITIONS, ReturnStatus.returned, role=Actor.staff,
                     expected=expected or ret.status, label=status_label, values={"returned_reason": reason})
    _version(session, ret, user, reason)
    _tell_member(session, member, ret, "association_return_returned",
                 lambda: _("Your %(year)d annual return was returned for changes: %(reason)s", year=ret.year,
                           reason=reason))
    return ret


def verify_return(session: Session, ret: AnnualReturn, user, expected=None) -> AnnualReturn:
    """Verify a submitted return: its figures join the year's published aggregates (the snapshot version)."""
    member = _require_reviewer(session, ret, user)
    apply_transition(session, ret, RETURN_TRANSITIONS, ReturnStatus.verified, role=Actor.staff,
                     expected=expected or ret.status, label=status_label,
                     values={"verified_at": utcnow(), "verified_by_id": user.id, "returned_reason": None})
    _version(session, ret, user)
    _tell_member(session, member, ret, "association_return_verified",
                 lambda: _("Your %(year)d annual return was verified. Thank you.", year=ret.year))
    return ret


def correct_return(session: Session, ret: AnnualReturn, user, figures: dict, reason: str) -> AnnualReturn:
    """Correct a verified return (staff only): a new version with who, when and why; the checks apply."""
    if not is_staff(user):
        raise forbidden(_("Only association staff can correct a verified return."))
    reason = (reason or "").strip()
    if not reason:
        raise Refusal(_("Say why the verified figures are corrected."), field="reason")
    merged = {**figures_of(ret), **figures}
    merged["value_added_krw"] = value_added(merged)
    problems = check_submission(merged, previous_figures(session, ret.member_id, ret.year))
    if problems:
        raise Refusal(_("The correction is not consistent: see the marked figures."), fields=problems)
    _assign(ret, figures)
    session.flush()
    apply_transition(session, ret, RETURN_TRANSITIONS, ReturnStatus.verified, role=Actor.staff,
                     expected=ReturnStatus.verified, label=status_label, values={"version": ret.version + 1})
    _version(session, ret, user, reason)
    return ret


def versions_of(session: Session, ret: AnnualReturn) -> list[ReturnVersion]:
    """The return's versions, oldest first."""
    return list(session.exec(select(ReturnVersion).where(ReturnVersion.return_id == ret.id)
                             .order_by(ReturnVersion.id)))


def returns_of_member(session: Session, member: Member) -> list[AnnualReturn]:
    """The member's returns, newest year first."""
    return list(session.exec(select(AnnualReturn).where(AnnualReturn.member_id == member.id)
                             .order_by(AnnualReturn.year.desc())))


def return_for_reviewer(session: Session, user, return_id: int) -> tuple[AnnualReturn, Member]:
    """A return and its member for a reviewer; 404 for a return that does not exist or is not theirs to see."""
    ret = session.get(AnnualReturn, return_id)
    member = session.get(Member, ret.member_id) if ret else None
    if ret is None or member is None or not can_review_member(session, user, member):
        raise not_found()
    return ret, member


def list_returns(session: Session, year: int, *, status: str | None = None, ksic: str | None = None,
                 limit: int = 200) -> list[tuple[AnnualReturn, Member]]:
    """The year's returns with their members for reviewers, submitted ones first, filtered by status/trade."""
    query = (select(AnnualReturn, Member).join(Member, Member.id == AnnualReturn.member_id)
             .where(AnnualReturn.year == year))
    if status:
        query = query.where(AnnualReturn.status == status)
    if ksic:
        query = query.where(Member.ksic == ksic)
    order = {ReturnStatus.resubmitted: 0, ReturnStatus.submitted: 1}
    rows = list(session.exec(query.order_by(AnnualReturn.updated_at.desc()).limit(limit)))
    return sorted(rows, key=lambda row: order.get(row[0].status, 2))


def _tell_member(session: Session, member: Member, ret: AnnualReturn, kind: str, message) -> None:
    if member.organization_id is None:
        return
    notify_members(session, member.organization_id, kind, message, "market_association.edit_return",
                   year=ret.year)
