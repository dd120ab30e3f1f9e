"""Reviews of makers: after a delivered order the buyer rates the maker (1–5) once, with a comment that is
required for low scores; a maker's average, count and recent reviews, and how fast it answers requests for
quote (for its profile and search results)."""

from __future__ import annotations

import dataclasses
import statistics

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from market.accounts.models import Organization
from market.notifications.services import notify_members
from market.orders.models import OrderReview, OrderRole, OrderStatus
from market.orders.services.common import OrderError
from market.orders.services.orders import get_order
from market.rfq.models import Rfq

MAX_COMMENT = 2000
LOW_SCORE = 2  # a score at or below this needs a comment, so the maker learns what went wrong


def review_order(session: Session, user, order_id: int, score, comment: str | None = "") -> OrderReview:
    """The buyer rates the maker of a delivered order (1–5) and may review it; a comment is required for a score
    of 2 or less. The maker is told. Refuses outsiders (404), orders not delivered (409), a second review of the
    same order (409), a missing or out-of-range score (``score``), a missing comment for a low score and a
    comment over 2000 characters (``comment``)."""
    order = get_order(session, user, order_id, OrderRole.buyer)
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = None
    if score is None or not 1 <= score <= 5:
        raise OrderError(_("Give a score from 1 to 5."), "score")
    comment = (comment or "").strip()
    if score <= LOW_SCORE and not comment:
        raise OrderError(_("Tell the maker what went wrong, so they can do better."), "comment")
    if len(comment) > MAX_COMMENT:
        raise OrderError(_("Write at most %(n)d characters.", n=MAX_COMMENT), "comment")
    if order.status != OrderStatus.delivered:
        raise OrderError(_("You can rate the maker once the order is delivered."), code="not_delivered",
                         status=409)
    review = OrderReview(order_id=order.id, maker_org_id=order.maker_org_id, buyer_org_id=order.buyer_org_id,
                         score=score, comment=comment, created_by_id=user.id)
    try:
        with session.begin_nested():
            session.add(review)
    except IntegrityError:
        raise OrderError(_("This order has already been rated."), code="already_rated", status=409) from None
    session.flush()
    buyer = session.get(Organization, order.buyer_org_id).name
    notify_members(session, order.maker_org_id, "order_reviewed",
                   lambda: _("%(buyer)s rated order #%(id)d: %(score)d of 5.", buyer=buyer, id=order.id,
                             score=score),
                   "market_orders.sale", exclude_user_id=user.id, order_id=order.id)
    return review


@dataclasses.dataclass(frozen=True)
class MakerRating:
    """A maker's average score (None before any review), how many reviews, and its median hours to answer a
    request for quote (None before any answer)."""

    average: float | None
    count: int
    response_hours: float | None = None


def maker_ratings(session: Session, org_ids) -> dict[int, MakerRating]:
    """``{org_id: MakerRating}`` for makers (every id given is in the result)."""
    ids = [i for i in set(org_ids) if i is not None]
    if not ids:
        return {}
    rows = session.exec(select(OrderReview.maker_org_id, func.avg(OrderReview.score), func.count())
                        .where(OrderReview.maker_org_id.in_(ids)).group_by(OrderReview.maker_org_id))
    found = {org_id: (float(avg) if avg is not None else None, int(count)) for org_id, avg, count in rows}
    hours = _response_hours(session, ids)
    return {org_id: MakerRating(*found.get(org_id, (None, 0)), hours.get(org_id)) for org_id in ids}


def _response_hours(session: Session, ids: list[int]) -> dict[int, float]:
    """The median hours each maker took to first answer its requests for quote (a quote, a decline or a
    message), over the RFQs it answered."""
    delays: dict[int, list[float]] = {}
    rows = session.exec(select(Rfq.maker_org_id, Rfq.created_at, Rfq.first_response_at)
                        .where(Rfq.maker_org_id.in_(ids), Rfq.first_response_at.is_not(None)))
    for org_id, created, first in rows:
        delays.setdefault(org_id, []).append((first - created).total_seconds() / 3600)
    return {org_id: round(statistics.median(values), 1) for org_id, values in delays.items()}


def maker_reviews(session: Session, org_id: int, limit: int = 10) -> list[tuple[OrderReview, str]]:
    """A maker's latest reviews with the reviewing buyer's name."""
    return [tuple(row) for row in session.exec(
        select(OrderReview, Organization.name).join(Organization, Organization.id == OrderReview.buyer_org_id)
        .where(OrderReview.maker_org_id == org_id)
        .order_by(OrderReview.created_at.desc(), OrderReview.id.desc()).limit(limit))]
