"""When an order's stages are expected: the stepper of an order's page (each stage with the day it was reached or
is expected), the due date on the workshop's production sheet, and the estimated delivery a quote shows.

Expected days follow from the last stage reached (or today, if that is later) by the typical time of each stage:
a day to pay, :data:`PROTOTYPE_DAYS` to print and photograph the prototype, :data:`APPROVAL_DAYS` for the
customer to approve it, the workshop's lead time from approval to shipping, and the transit time to the country.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from market.db import utcnow
from market.jewelry.models import JewelryOrder, JewelryOrderEvent, JewelryOrderStatus, JewelryWorkshop
from market.jewelry.services.workshops import route_workshop

S = JewelryOrderStatus
PAYMENT_DAYS = 1
PROTOTYPE_DAYS = 5
APPROVAL_DAYS = 2
DEFAULT_LEAD_TIME_DAYS = 14
# Insured tracked shipping: within Korea, and abroad (EMS).
TRANSIT_DAYS = {"KR": 2}
INTERNATIONAL_TRANSIT_DAYS = 7

# The stepper's stages in order, with their names.
STAGES = (
    (S.awaiting_payment, _l("Ordered")),
    (S.paid, _l("Paid")),
    (S.prototype_ready, _l("Prototype ready")),
    (S.approved, _l("Prototype approved")),
    (S.in_production, _l("In production")),
    (S.quality_check, _l("Quality check")),
    (S.shipped, _l("Shipped")),
    (S.delivered, _l("Delivered")),
)
# The stage an order in each status has last reached (making or revising the prototype comes after payment).
_REACHED = {S.awaiting_payment: 0, S.paid: 1, S.prototyping: 1, S.revision_requested: 1, S.prototype_ready: 2,
            S.approved: 3, S.in_production: 4, S.quality_check: 5, S.shipped: 6, S.delivered: 7}


def transit_days(country: str | None) -> int:
    """Days from shipping to delivery in ``country``."""
    return TRANSIT_DAYS.get((country or "").upper(), INTERNATIONAL_TRANSIT_DAYS)


def stage_days(lead_time_days: int, country: str | None) -> list[int]:
    """The typical days from each stage to the next (the first stage, the order, takes none): the lead time
    runs from approval to shipping, production starting the day after approval and the check on the last day."""
    lead = max(int(lead_time_days), 3)
    return [0, PAYMENT_DAYS, PROTOTYPE_DAYS, APPROVAL_DAYS, 1, lead - 2, 1, transit_days(country)]


@dataclasses.dataclass(frozen=True)
class Stage:
    """One step of the stepper: reached on ``reached_on``, or expected on ``expected_on``."""

    status: JewelryOrderStatus
    label: str
    reached_on: dt.date | None
    expected_on: dt.date | None
    current: bool

    @property
    def done(self) -> bool:
        return self.reached_on is not None


def lead_time_of(session: Session, org_id: int | None) -> int:
    """A workshop's lead time from approval to shipping (the default when it has no settings)."""
    workshop = session.get(JewelryWorkshop, org_id) if org_id is not None else None
    return workshop.lead_time_days if workshop is not None else DEFAULT_LEAD_TIME_DAYS


def order_stages(order: JewelryOrder, events: list[JewelryOrderEvent], lead_time_days: int,
                 today: dt.date | None = None) -> list[Stage]:
    """The stepper of ``order``: the stages reached with their day (the last time the order entered them), the
    others with the day they are expected; empty for a cancelled order."""
    if order.status == S.cancelled:
        return []
    today = today or utcnow().date()
    reached_index = _REACHED[JewelryOrderStatus(order.status)]
    entered: dict[str, dt.date] = {}
    for event in events:
        if event.to_status:
            entered[event.to_status] = event.created_at.date()
    days = stage_days(lead_time_days, order.shipping_country)
    stages = []
    last = order.created_at.date()
    for index, (status, label) in enumerate(STAGES):
        if index <= reached_index:
            last = entered.get(status.value, last)
            stages.append(Stage(status, str(label), last, None, index == reached_index))
            continue
        if index == reached_index + 1:
            last = max(last, today)
        last = last + dt.timedelta(days=days[index])
        stages.append(Stage(status, str(label), None, last, False))
    return stages


def expected_on(stages: list[Stage], status: JewelryOrderStatus) -> dt.date | None:
    """The day ``status`` was reached or is expected, from a stepper."""
    stage = next((s for s in stages if s.status == status), None)
    return None if stage is None else stage.reached_on or stage.expected_on


def estimate_delivery(session: Session, metal_code: str, country: str | None, today: dt.date | None = None
                      ) -> dt.date:
    """The day an order placed today in ``metal_code`` would be delivered to ``country``, with the lead time of
    the workshop it would go to now (the default lead time when none has room)."""
    workshop = route_workshop(session, metal_code)
    lead = lead_time_of(session, workshop.id if workshop is not None else None)
    return (today or utcnow().date()) + dt.timedelta(days=sum(stage_days(lead, country)))
