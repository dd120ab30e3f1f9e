"""Ratings: once a commission is completed, each side rates the other (1–5, chosen on purpose; a comment is
required for a low score) and may change its rating for :data:`EDIT_DAYS` days; an organisation's average and
the ratings it received."""

from __future__ import annotations

import dataclasses
import datetime as dt

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from market.accounts.models import Organization
from market.db import utcnow
from market.notifications.services import notify_members
from market.pages import offset
from market.prototypes.models import CommissionEvent, CommissionStatus, Rating, Side
from market.prototypes.services.access import get_commission
from market.prototypes.services.base import (
    PrototypeError,
    collect,
    conflict,
    optional_text,
    parse_int,
    refuse_fields,
)

RATINGS_PER_PAGE = 50
EDIT_DAYS = 7  # a rating can be corrected for a week, then it stands
LOW_SCORE = 2  # at or below this score, the rater says why


def editable_until(rating: Rating) -> dt.datetime:
    """When a rating stops being editable."""
    return rating.created_at + dt.timedelta(days=EDIT_DAYS)


def can_edit(rating: Rating | None) -> bool:
    """Whether a rating may still be changed by its side."""
    return rating is not None and utcnow() < editable_until(rating)


def _score(score) -> int:
    if score is None or (isinstance(score, str) and not score.strip()):
        raise PrototypeError(_("Choose a score from 1 to 5 stars."), "score", code="score_required")
    return parse_int(score, "score", 1, 5, _("Choose a score from 1 to 5 stars."))


def rate_commission(session: Session, user, commission_id: int, score, comment: str = "") -> Rating:
    """One side rates the other once the commission is completed, or changes its rating within
    :data:`EDIT_DAYS` days; the other side is told. The score has no default: it must be chosen (1–5), and a
    score of 2 or less needs a comment saying why.

    Refuses outsiders (404), commissions not completed (409), a change after :data:`EDIT_DAYS` days (409), and
    with 422: a missing or out-of-range score (on ``score``) and a low score without a comment (on
    ``comment``)."""
    commission, side = get_commission(session, user, commission_id)
    errors: dict[str, str] = {}
    score = collect(errors, _score, score)
    comment = collect(errors, optional_text, comment, "comment")
    if score is not None and score <= LOW_SCORE and comment is not None and not comment:
        errors["comment"] = _("Say what went wrong: a comment is required for a score of 1 or 2.")
    if commission.status != CommissionStatus.completed:
        raise conflict(_("Ratings open once the commission is completed."), "not_completed")
    refuse_fields(errors)
    existing = session.exec(select(Rating).where(Rating.commission_id == commission.id,
                                                 Rating.side == side)).first()
    if existing is not None:
        return _edit(session, user, commission, existing, score, comment)
    rater, ratee = ((commission.startup_org_id, commission.maker_org_id) if side == Side.startup
                    else (commission.maker_org_id, commission.startup_org_id))
    rating = Rating(commission_id=commission.id, rater_org_id=rater, ratee_org_id=ratee, side=side, score=score,
                    comment=comment, created_by_id=user.id)
    try:
        with session.begin_nested():
            session.add(rating)
    except IntegrityError:
        raise conflict(_("Your side has already rated this commission. Reload the page to change it."),
                       "already_rated") from None
    session.add(CommissionEvent(commission_id=commission.id, actor_id=user.id, kind="rated"))
    session.flush()
    rater_name = session.get(Organization, rater).name
    notify_members(session, ratee, "prototype_rated",
                   lambda: _("%(name)s rated your work on commission #%(id)d.", name=rater_name, id=commission.id),
                   "market_prototypes.commission", exclude_user_id=user.id, commission_id=commission.id)
    return rating


def _edit(session: Session, user, commission, rating: Rating, score: int, comment: str) -> Rating:
    """Change a rating within its editing week; refuses later changes (409)."""
    if not can_edit(rating):
        raise conflict(_("Ratings can be changed for %(n)d days; this one now stands.", n=EDIT_DAYS),
                       "rating_final")
    rating.score, rating.comment, rating.updated_at = score, comment, utcnow()
    rating.created_by_id = user.id
    session.add(rating)
    session.add(CommissionEvent(commission_id=commission.id, actor_id=user.id, kind="rating_edited"))
    session.flush()
    rater_name = session.get(Organization, rating.rater_org_id).name
    notify_members(session, rating.ratee_org_id, "prototype_rated",
                   lambda: _("%(name)s changed its rating of commission #%(id)d.", name=rater_name,
                             id=commission.id),
                   "market_prototypes.commission", exclude_user_id=user.id, commission_id=commission.id)
    return rating


def rating_summaries(session: Session, org_ids) -> dict[int, tuple[float | None, int]]:
    """``{org_id: (average score, count)}`` of the prototype ratings each organisation received."""
    ids = list(org_ids)
    if not ids:
        return {}
    rows = session.exec(select(Rating.ratee_org_id, func.avg(Rating.score), func.count())
                        .where(Rating.ratee_org_id.in_(ids)).group_by(Rating.ratee_org_id))
    return {org_id: (float(avg) if avg is not None else None, count) for org_id, avg, count in rows}


def rating_summary(session: Session, org_id: int) -> tuple[float | None, int]:
    """The average prototype rating an organisation received and how many ratings (None, 0 when none)."""
    return rating_summaries(session, [org_id]).get(org_id, (None, 0))


@dataclasses.dataclass
class RatingRow:
    """A rating received, with who gave it."""

    rating: Rating
    rater: Organization


def ratings_of(session: Session, org_id: int, page: int = 1, per_page: int = RATINGS_PER_PAGE) -> list[RatingRow]:
    """One page of the ratings an organisation received, newest first."""
    rows = session.exec(select(Rating, Organization).join(Organization, Organization.id == Rating.rater_org_id)
                        .where(Rating.ratee_org_id == org_id)
                        .order_by(Rating.created_at.desc(), Rating.id.desc())
                        .offset(offset(page, per_page)).limit(per_page))
    return [RatingRow(r, o) for r, o in rows]
