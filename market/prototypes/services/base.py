"""What every prototype aggregate shares: the refusal class, limits, labels in words, input checks and a
request's state as people see it."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from market.db import utcnow
from market.prototypes.models import (
    BidStatus,
    Category,
    MilestoneStatus,
    PrototypeRequest,
    RequestStatus,
)
from market.refusals import Refusal

MAX_TITLE = 200
MAX_DESCRIPTION = 8000
MAX_TEXT = 4000
MAX_QUANTITY = 1_000_000
MAX_KRW = 2_000_000_000
MAX_MATERIALS = 20
MAX_MATERIAL = 80
MAX_LEAD_TIME_DAYS = 365
MAX_DEADLINE_DAYS = 365
MAX_MILESTONES = 10
MAX_MILESTONE_TITLE = 200
AWARD_WINDOW_DAYS = 30  # after the bidding deadline, the startup has this long to award before the request expires
NDA_VERSION = "2026-11"
PAYABLE_KIND = "milestone"  # what payments calls a milestone

CATEGORY_LABELS = {
    Category.machine_metal: _l("Machined or metal part"),
    Category.enclosure: _l("Enclosure"),
    Category.leather: _l("Leather goods"),
    Category.textile: _l("Textile and sewing"),
    Category.print: _l("Printed matter"),
    Category.jewelry: _l("Jewelry"),
}

# Which clusters specialise in each kind of prototype (see market.clusters and the demo's clusters).
CATEGORY_CLUSTERS: dict[Category, tuple[str, ...]] = {
    Category.machine_metal: ("mullae",),
    Category.enclosure: ("mullae", "euljiro"),
    Category.leather: ("seongsu",),
    Category.textile: ("dongdaemun", "changsin"),
    Category.print: ("euljiro",),
    Category.jewelry: ("jongno", "bongik"),
}

STATE_LABELS = {
    "open": _l("Open for bids"),
    "closed": _l("Bidding closed, awaiting award"),
    "expired": _l("Expired"),
    "awarded": _l("In progress"),
    "completed": _l("Completed"),
    "cancelled": _l("Cancelled"),
}

BID_STATUS_LABELS = {
    BidStatus.open: _l("On offer"),
    BidStatus.awarded: _l("Awarded"),
    BidStatus.not_chosen: _l("Not chosen"),
    BidStatus.withdrawn: _l("Withdrawn"),
}

MILESTONE_STATUS_LABELS = {
    MilestoneStatus.awaiting_funding: _l("Awaiting funding"),
    MilestoneStatus.funded: _l("Funded, work in progress"),
    MilestoneStatus.delivered: _l("Delivered, awaiting review"),
    MilestoneStatus.rejected: _l("Sent back for changes"),
    MilestoneStatus.approved: _l("Approved"),
    MilestoneStatus.cancelled: _l("Cancelled"),
}

EVENT_LABELS = {
    "awarded": _l("Commission awarded"),
    "completed": _l("Commission completed"),
    "cancelled": _l("Commission cancelled"),
    "rated": _l("Rating given"),
    "rating_edited": _l("Rating edited"),
    "change_proposed": _l("Change proposed"),
    "change_accepted": _l("Change accepted"),
    "change_refused": _l("Change refused"),
    "change_withdrawn": _l("Change withdrawn"),
}

# Timeline entries of one milestone name it: "Milestone 2 · Tooling funded".
MILESTONE_EVENT_LABELS = {
    "funded": _l("Milestone %(n)d · %(title)s funded"),
    "delivered": _l("Milestone %(n)d · %(title)s delivered"),
    "approved": _l("Milestone %(n)d · %(title)s approved"),
    "rejected": _l("Milestone %(n)d · %(title)s sent back"),
    "released": _l("Payment for milestone %(n)d · %(title)s released to the maker"),
    "refunded": _l("Payment for milestone %(n)d · %(title)s refunded"),
    "milestone_added": _l("Milestone %(n)d · %(title)s added"),
    "milestone_cancelled": _l("Milestone %(n)d · %(title)s cancelled"),
}

# The same entries when the milestone is unknown (a timeline written before milestones were named).
_UNNAMED_MILESTONE_EVENTS = {
    "funded": _l("Milestone funded"),
    "delivered": _l("Milestone delivered"),
    "approved": _l("Milestone approved"),
    "rejected": _l("Milestone sent back"),
    "released": _l("Payment released to the maker"),
    "refunded": _l("Milestone payment refunded"),
}


def event_text(kind: str, milestone=None) -> str:
    """A timeline entry in words, naming its milestone (position and title) when it has one."""
    if milestone is not None and kind in MILESTONE_EVENT_LABELS:
        return str(MILESTONE_EVENT_LABELS[kind]) % {"n": milestone.position, "title": milestone.title}
    label = EVENT_LABELS.get(kind) or _UNNAMED_MILESTONE_EVENTS.get(kind)
    return str(label) if label is not None else kind


NDA_PARAGRAPHS = (
    _l("The maker keeps every file, drawing and detail of this request confidential and uses them only to "
       "prepare a bid and, if awarded, to make the prototype."),
    _l("The maker does not copy, publish or pass them on to anyone outside its own workshop, and deletes them "
       "on request if it is not awarded."),
    _l("These duties last three years from acceptance. Korean law applies; disputes go to the Seoul Central "
       "District Court."),
)


class PrototypeError(Refusal):
    """A refused prototype commission operation."""


def not_found(what: str = "request") -> PrototypeError:
    """The refusal for something of a commission that does not exist or that the user may not know of (404)."""
    messages = {"request": _("Prototype request not found."), "bid": _("Bid not found."),
                "milestone": _("Milestone not found."), "commission": _("Commission not found."),
                "question": _("Question not found."), "file": _("File not found.")}
    return PrototypeError(messages[what], code="not_found", status=404)


def conflict(message: str, code: str = "conflict") -> PrototypeError:
    """The refusal of a step the current state does not allow (409), with its own code."""
    return PrototypeError(message, code=code, status=409)


def forbidden(message: str, code: str = "forbidden") -> PrototypeError:
    """The refusal of a step that belongs to the other side (403), with its own code."""
    return PrototypeError(message, code=code, status=403)


def state_label(status) -> str:
    """A request's status in words, for the transition helper's refusals."""
    return str(STATE_LABELS.get(str(status), status)).lower()


def bid_label(status) -> str:
    """A bid's status in words, for the transition helper's refusals."""
    return str(BID_STATUS_LABELS.get(status, status)).lower()


def milestone_label(status) -> str:
    """A milestone's status in words, for the transition helper's refusals."""
    return str(MILESTONE_STATUS_LABELS.get(status, status)).lower()


def today() -> dt.date:
    """Today's date in UTC (deadlines are whole days)."""
    return utcnow().date()


def request_state(req: PrototypeRequest, on: dt.date | None = None) -> str:
    """The request's state as people see it: open, closed (bidding over, award pending), expired, awarded,
    completed or cancelled."""
    if req.status != RequestStatus.open:
        return str(req.status.value if hasattr(req.status, "value") else req.status)
    on = on or today()
    if on <= req.deadline:
        return "open"
    if on <= req.deadline + dt.timedelta(days=AWARD_WINDOW_DAYS):
        return "closed"
    return "expired"


# --- checking input --------------------------------------------------------------------------------------------


def collect(errors: dict[str, str], check, *args):
    """``check(*args)``, or None with its refusal's messages added to ``errors`` (to refuse every field at once)."""
    try:
        return check(*args)
    except PrototypeError as exc:
        errors.update(exc.fields or {"": exc.message})
        return None


def refuse_fields(errors: dict[str, str]) -> None:
    """Refuse (422) with a message per field when ``errors`` has any."""
    if errors:
        first = next(iter(errors.values()))
        raise PrototypeError(first if len(errors) == 1 else _("Some fields are not valid."), fields=errors)


def parse_category(value) -> Category:
    """One of the prototype categories; refuses others."""
    try:
        return Category(str(value or "").strip())
    except ValueError:
        raise PrototypeError(_("Choose one of: %(list)s.", list=", ".join(c.value for c in Category)),
                             "category") from None


def parse_int(value, field: str, low: int, high: int, message: str) -> int:
    """A whole number from ``low`` to ``high``; refuses anything else with ``message`` on ``field``."""
    if isinstance(value, bool):
        raise PrototypeError(message, field)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise PrototypeError(message, field) from None
    if isinstance(value, float) and value != number:
        raise PrototypeError(message, field)
    if not low <= number <= high:
        raise PrototypeError(message, field)
    return number


def parse_krw(value, field: str) -> int:
    """A whole number of won above zero and below the limit."""
    return parse_int(value, field, 1, MAX_KRW,
                     _("Enter a whole number of won between 1 and %(max)s.", max=f"{MAX_KRW:,}"))


def parse_deadline(value) -> dt.date:
    """A bidding deadline from today to a year ahead."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise PrototypeError(_("Enter the last day for bids (YYYY-MM-DD)."), "deadline")
    if value < today():
        raise PrototypeError(_("The deadline cannot be in the past."), "deadline")
    if value > today() + dt.timedelta(days=MAX_DEADLINE_DAYS):
        raise PrototypeError(_("Choose a deadline within a year."), "deadline")
    return value


def parse_materials(value) -> list[str]:
    """The materials to store, language-neutral: vocabulary ids (:mod:`i18n.vocabularies`, each reader sees them
    in their language) and, for the rest, the startup's own words. Takes a list mixing ids and texts (the form's
    ticks and "Other", the API) or text with one per line or comma; a name of a vocabulary material in any
    language becomes its id. Refuses, on ``materials``, a value shaped like an id that the vocabulary does not
    have, a text over 80 characters and more than 20 materials."""
    from i18n import vocabularies

    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else str(value).replace(",", "\n").splitlines()
    try:
        materials = vocabularies.clean_list("materials", [str(item) for item in items], max_other=MAX_MATERIAL)
    except vocabularies.VocabularyError as exc:
        raise PrototypeError(str(exc), "materials") from exc
    # The same own words written twice in another case are one material.
    seen: set[str] = set()
    materials = [m for m in materials if not (m.casefold() in seen or seen.add(m.casefold()))]
    if len(materials) > MAX_MATERIALS:
        raise PrototypeError(_("List at most %(n)d materials.", n=MAX_MATERIALS), "materials")
    return materials


def parse_text(value, field: str, max_length: int, required_message: str) -> str:
    """A required text of at most ``max_length`` characters, stripped."""
    text = str(value or "").strip()
    if not text:
        raise PrototypeError(required_message, field)
    if len(text) > max_length:
        raise PrototypeError(_("Write at most %(n)d characters.", n=max_length), field)
    return text


def optional_text(value, field: str) -> str:
    """An optional text of at most :data:`MAX_TEXT` characters, stripped."""
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        raise PrototypeError(_("Write at most %(n)d characters.", n=MAX_TEXT), field)
    return text


def parse_milestones(value, price_krw: int | None) -> list[dict]:
    """A milestone plan ``[{"title", "amount_krw"}]``: 1–10 steps with a title and a whole positive amount,
    summing to the bid's price; refuses anything else with a message on ``milestones``."""
    if not isinstance(value, list | tuple) or not value:
        raise PrototypeError(_("Plan at least one milestone."), "milestones")
    if len(value) > MAX_MILESTONES:
        raise PrototypeError(_("Plan at most %(n)d milestones.", n=MAX_MILESTONES), "milestones")
    plan = []
    for step in value:
        if not isinstance(step, dict):
            raise PrototypeError(_("Each milestone needs a title and an amount."), "milestones")
        title = " ".join(str(step.get("title") or "").split())
        if not title or len(title) > MAX_MILESTONE_TITLE:
            raise PrototypeError(_("Give each milestone a title of at most %(n)d characters.",
                                   n=MAX_MILESTONE_TITLE), "milestones")
        try:
            amount = parse_krw(step.get("amount_krw"), "milestones")
        except PrototypeError:
            raise PrototypeError(_("Each milestone's amount must be a whole number of won above zero."),
                                 "milestones") from None
        plan.append({"title": title, "amount_krw": amount})
    total = sum(step["amount_krw"] for step in plan)
    if price_krw is not None and total != price_krw:
        raise PrototypeError(_("The milestones add up to %(total)s won, but the price is %(price)s won; they "
                               "must be equal.", total=f"{total:,}", price=f"{price_krw:,}"), "milestones",
                             code="milestones_sum")
    return plan
