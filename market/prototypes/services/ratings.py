"""Ratings: once a commission is completed, each side rates the other once (1–5 and a comment); an
organisation's average and the ratings it received."""

from __future__ import annotations

import dataclasses

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from market.accounts.models import Organization
from market.notifications.services import notify_members
from market.pages import offset
from market.prototypes.models import CommissionEvent, CommissionStatus, Rating, Side
from market.prototypes.services.access import get_commission
from market.prototypes.services.base import conflict, optional_text, parse_int

RATINGS_PER_PAGE = 50


def rate_commission(session: Session, user, commission_id: int, score, comment: str = "") -> Rating:
    """One side rates the other (1–5 and a comment) once the commission is completed; the other side is told.
    Refuses outsiders (404), commissions not completed (409), a second rating from the same side (409) and a
    score outside 1–5 (422 on ``score``)."""
    commission, side = get_commission(session, user, commission_id)
    score = parse_int(score, "score", 1, 5, _("Give a score from 1 to 5."))
    comment = optional_text(comment, "comment")
    if commission.status != CommissionStatus.completed:
        raise conflict(_("Ratings open once the commission is completed."), "not_completed")
    rater, ratee = ((commission.startup_org_id, commission.maker_org_id) if side == Side.startup
                    else (commission.maker_org_id, commission.startup_org_id))
    rating = Rating(commission_id=commission.id, rater_org_id=rater, ratee_org_id=ratee, side=side, score=score,
                    comment=comment, created_by_id=user.id)
    try:
        with session.begin_nested():
            session.add(rating)
    except IntegrityError:
        raise conflict(_("Your side has already rated this commission."), "already_rated") from None
    session.add(CommissionEvent(commission_id=commission.id, actor_id=user.id, kind="rated"))
    session.flush()
    rater_name = session.get(Organization, rater).name
    notify_members(session, ratee, "prototype_rated",
                   lambda: _("%(name)s rated your work on commission #%(id)d.", name=rater_name, id=commission.id),
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
