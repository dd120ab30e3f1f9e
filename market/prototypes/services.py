"""Prototype commissions: posting a request (texts in every language, checked files, NDA), the board makers
browse, suggestions and invitations, public questions and private messages, bids with milestone plans, the
award that starts a commission, milestones funded by payments, delivered, approved (money released) or rejected,
and the two sides' ratings.

Functions take a session first, flush when they need ids and never commit; refusals raise
:class:`PrototypeError` (its ``status`` is the HTTP status the API answers). Outsiders get ``not_found``. Every
status change is one conditional UPDATE (``WHERE status = seen``) following the tables of
:mod:`market.prototypes.models`, so of two concurrent clicks only one applies; bids and awards also lock the
request row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite serialises writers).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
from itertools import groupby

import sqlalchemy as sa
from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, or_, select

from i18n import content
from i18n.locales import DEFAULT_LOCALE, LOCALES
from market.accounts.models import Membership, Organization, OrganizationKind, User
from market.db import utcnow
from market.prototypes.models import (
    ENTITY,
    MILESTONE_TRANSITIONS,
    BidStatus,
    Category,
    Commission,
    CommissionEvent,
    CommissionStatus,
    DeliveryFile,
    Milestone,
    MilestoneDelivery,
    MilestoneStatus,
    NdaAcceptance,
    PrototypeBid,
    PrototypeFile,
    PrototypeInvite,
    PrototypeMessage,
    PrototypeQuestion,
    PrototypeRequest,
    Rating,
    RequestStatus,
    Side,
)
from market.uploads import files as proto_files

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
PER_PAGE = 20
MAX_PER_PAGE = 100
NDA_VERSION = "2026-11"

CATEGORY_LABELS = {
    Category.machine_metal: _l("Machined or metal part"),
    Category.enclosure: _l("Enclosure"),
    Category.leather: _l("Leather goods"),
    Category.textile: _l("Textile and sewing"),
    Category.print: _l("Printed matter"),
    Category.jewelry: _l("Jewelry"),
}

# Which clusters specialise in each kind of prototype (see catalog.clusters and the demo's clusters).
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
    "funded": _l("Milestone funded"),
    "delivered": _l("Milestone delivered"),
    "approved": _l("Milestone approved"),
    "rejected": _l("Milestone sent back"),
    "released": _l("Payment released to the maker"),
    "refunded": _l("Milestone payment refunded"),
    "completed": _l("Commission completed"),
    "rated": _l("Rating given"),
}

NDA_PARAGRAPHS = (
    _l("The maker keeps every file, drawing and detail of this request confidential and uses them only to "
       "prepare a bid and, if awarded, to make the prototype."),
    _l("The maker does not copy, publish or pass them on to anyone outside its own workshop, and deletes them "
       "on request if it is not awarded."),
    _l("These duties last three years from acceptance. Korean law applies; disputes go to the Seoul Central "
       "District Court."),
)


class PrototypeError(ValueError):
    """A refused operation: a message, a code, the HTTP status it maps to and messages per field."""

    def __init__(self, message: str, field: str | None = None, code: str = "invalid", status: int = 422,
                 fields: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
        self.status = status
        self.fields = dict(fields or {})
        if field and field not in self.fields:
            self.fields[field] = message


def _not_found(what: str = "request") -> PrototypeError:
    messages = {"request": _("Prototype request not found."), "bid": _("Bid not found."),
                "milestone": _("Milestone not found."), "commission": _("Commission not found."),
                "question": _("Question not found."), "file": _("File not found.")}
    return PrototypeError(messages[what], code="not_found", status=404)


def _conflict(message: str, code: str = "conflict") -> PrototypeError:
    return PrototypeError(message, code=code, status=409)


def _forbidden(message: str, code: str = "forbidden") -> PrototypeError:
    return PrototypeError(message, code=code, status=403)


def today() -> dt.date:
    """Today's date in UTC (deadlines are whole days)."""
    return utcnow().date()


def _collect(errors: dict[str, str], func, *args):
    try:
        return func(*args)
    except PrototypeError as exc:
        errors.update(exc.fields or {"": exc.message})
        return None


# --- organisations ---------------------------------------------------------------------------------------------


def _org_ids(session: Session, user, kind: OrganizationKind | None = None) -> set[int]:
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    query = (select(Organization.id).join(Membership, Membership.organization_id == Organization.id)
             .where(Membership.user_id == user.id))
    if kind is not None:
        query = query.where(Organization.kind == kind)
    return set(session.exec(query))


def _orgs_of(session: Session, user, kind: OrganizationKind) -> list[Organization]:
    ids = _org_ids(session, user, kind)
    if not ids:
        return []
    return list(session.exec(select(Organization).where(Organization.id.in_(ids)).order_by(Organization.name)))


def startup_organizations(session: Session, user) -> list[Organization]:
    """The startups ``user`` belongs to, by name (those it may post requests for)."""
    return _orgs_of(session, user, OrganizationKind.startup)


def maker_organizations(session: Session, user) -> list[Organization]:
    """The makers ``user`` belongs to, by name (those it may bid for)."""
    return _orgs_of(session, user, OrganizationKind.maker)


def _resolve_org(session: Session, user, kind: OrganizationKind, org_id: int | None, field: str) -> Organization:
    orgs = _orgs_of(session, user, kind)
    if not orgs:
        if kind == OrganizationKind.startup:
            raise _forbidden(_("Join or create a startup organisation to post prototype requests."), "not_startup")
        raise _forbidden(_("Only members of a maker organisation can do this."), "not_maker")
    if org_id is None:
        if len(orgs) > 1:
            raise PrototypeError(_("Choose which of your organisations this is for."), field)
        return orgs[0]
    for org in orgs:
        if org.id == org_id:
            return org
    raise PrototypeError(_("Choose one of your organisations."), field)


def _recipient_locale(user: User, org: Organization) -> str:
    if user.locale in LOCALES:
        return user.locale
    return org.source_locale if org.source_locale in LOCALES else DEFAULT_LOCALE


def _notify_org(session: Session, org_id: int, actor_id: int | None, kind: str, message, endpoint: str,
                **url_args) -> None:
    """Notify the members of an organisation (not the actor), each language group in its own language;
    ``message`` is called inside that language."""
    from market.notifications.services import notify

    org = session.get(Organization, org_id)
    users = list(session.exec(select(User).join(Membership, Membership.user_id == User.id)
                              .where(Membership.organization_id == org_id, User.id != (actor_id or 0))))
    users.sort(key=lambda u: _recipient_locale(u, org))
    for locale, group in groupby(users, key=lambda u: _recipient_locale(u, org)):
        with force_locale(locale):
            url = url_for(endpoint, lang=locale, _external=False, **url_args)
            notify(session, [u.id for u in group], kind, message(), url)


# --- checking input --------------------------------------------------------------------------------------------


def parse_category(value) -> Category:
    """One of the prototype categories; refuses others."""
    try:
        return Category(str(value or "").strip())
    except ValueError:
        raise PrototypeError(_("Choose one of: %(list)s.", list=", ".join(c.value for c in Category)),
                             "category") from None


def _parse_int(value, field: str, low: int, high: int, message: str) -> int:
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
    return _parse_int(value, field, 1, MAX_KRW,
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
    """Materials from a list or from text with one per line or comma; at most 20 of 80 characters each."""
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else str(value).replace(",", "\n").splitlines()
    materials = []
    for item in items:
        text = " ".join(str(item).split())
        if not text:
            continue
        if len(text) > MAX_MATERIAL:
            raise PrototypeError(_("Keep each material under %(n)d characters.", n=MAX_MATERIAL), "materials")
        if text.lower() not in {m.lower() for m in materials}:
            materials.append(text)
    if len(materials) > MAX_MATERIALS:
        raise PrototypeError(_("List at most %(n)d materials.", n=MAX_MATERIALS), "materials")
    return materials


def _text(value, field: str, max_length: int, required_message: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise PrototypeError(required_message, field)
    if len(text) > max_length:
        raise PrototypeError(_("Write at most %(n)d characters.", n=max_length), field)
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


# --- requests --------------------------------------------------------------------------------------------------


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


def create_request(session: Session, user, *, title, description, category, quantity, budget_min_krw,
                   budget_max_krw, deadline, nda_required: bool = False, materials=None, cluster_code=None,
                   locale: str | None = None, startup_org_id: int | None = None, files=()) -> PrototypeRequest:
    """Post a prototype request for the user's startup, with its texts in ``locale`` and checked files.

    Refuses users outside startups (403), and with 422 and a message per field: an empty title or description,
    an unknown category or cluster, a quantity outside 1–1,000,000, budgets that are not whole won or whose
    minimum exceeds the maximum, a deadline in the past or more than a year ahead, and files that are not
    what they claim (see :mod:`market.uploads.files`)."""
    from market.clusters import get_cluster

    org = _resolve_org(session, user, OrganizationKind.startup, startup_org_id, "startup_org_id")
    errors: dict[str, str] = {}
    title = _collect(errors, _text, title, "title", MAX_TITLE, _("Give the request a title."))
    description = _collect(errors, _text, description, "description", MAX_DESCRIPTION,
                           _("Describe what you need built."))
    category = _collect(errors, parse_category, category)
    quantity = _collect(errors, _parse_int, quantity, "quantity", 1, MAX_QUANTITY,
                        _("Enter a quantity from 1 to %(max)s.", max=f"{MAX_QUANTITY:,}"))
    low = _collect(errors, parse_krw, budget_min_krw, "budget_min_krw")
    high = _collect(errors, parse_krw, budget_max_krw, "budget_max_krw")
    if low is not None and high is not None and low > high:
        errors["budget_max_krw"] = _("The maximum budget must be at least the minimum.")
    deadline = _collect(errors, parse_deadline, deadline)
    materials = _collect(errors, parse_materials, materials) or []
    cluster_code = (cluster_code or "").strip() or None
    if cluster_code and get_cluster(session, cluster_code) is None:
        errors["cluster_code"] = _("Choose a cluster from the list.")
    locale = locale or org.source_locale or DEFAULT_LOCALE
    if locale not in LOCALES:
        errors["locale"] = _("Unknown language.")
    checked = []
    try:
        checked = proto_files.check_files(list(files))
    except proto_files.FileRefused as exc:
        errors["files"] = exc.message
    if errors:
        first = next(iter(errors.values()))
        raise PrototypeError(first if len(errors) == 1 else _("Some fields are not valid."), fields=errors)
    req = PrototypeRequest(startup_org_id=org.id, created_by_id=user.id, category=category, quantity=quantity,
                           cluster_code=cluster_code, materials=materials, budget_min_krw=low,
                           budget_max_krw=high, deadline=deadline, nda_required=bool(nda_required),
                           nda_version=NDA_VERSION if nda_required else None, source_locale=locale)
    session.add(req)
    session.flush()
    for field, text in (("title", title), ("description", description)):
        content.set_text(session, ENTITY, req.id, field, locale, text, content.TextSource.author, reviewed=True,
                         user_id=user.id)
    _store_request_files(session, req, user, checked)
    return req


def _store_request_files(session: Session, req: PrototypeRequest, user, checked) -> list[PrototypeFile]:
    keys = proto_files.store_files(checked)
    rows = []
    try:
        for item, key in zip(checked, keys, strict=True):
            row = PrototypeFile(request_id=req.id, storage_key=key, filename=item.filename,
                                content_type=item.content_type, size_bytes=len(item.data),
                                uploaded_by_id=user.id)
            session.add(row)
            rows.append(row)
        session.flush()
    except BaseException:
        proto_files.discard(keys)
        raise
    return rows


def _get_request(session: Session, request_id: int, *, lock: bool = False) -> PrototypeRequest:
    query = select(PrototypeRequest).where(PrototypeRequest.id == request_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    req = session.exec(query).first()
    if req is None:
        raise _not_found()
    return req


def _require_startup_member(session: Session, user, req: PrototypeRequest) -> None:
    if req.startup_org_id not in _org_ids(session, user):
        raise _forbidden(_("Only the startup that posted this request can do this."))


def add_files(session: Session, user, request_id: int, uploads) -> list[PrototypeFile]:
    """Attach checked files to an open request of the user's startup (at most 10 in all); refuses others (403),
    closed requests (409) and files that fail the checks (422 on ``files``)."""
    req = _get_request(session, request_id)
    if req.startup_org_id not in _org_ids(session, user):
        raise _not_found() if not _visible(session, user, req) else _forbidden(
            _("Only the startup that posted this request can do this."))
    if req.status != RequestStatus.open:
        raise _conflict(_("Files can only be added while the request is open."), "wrong_state")
    already = session.exec(select(func.count()).select_from(PrototypeFile)
                           .where(PrototypeFile.request_id == req.id)).one()
    try:
        checked = proto_files.check_files(list(uploads), already=already)
    except proto_files.FileRefused as exc:
        raise PrototypeError(exc.message, "files") from None
    if not checked:
        raise PrototypeError(_("Choose at least one file."), "files")
    return _store_request_files(session, req, user, checked)


def set_translation(session: Session, user, request_id: int, locale: str, title: str, description: str,
                    ) -> PrototypeRequest:
    """Store the request's title and description in another language (the startup's members only); empty texts
    remove that language. The source language's text stays the author's."""
    req = _get_request(session, request_id)
    _require_startup_member(session, user, req)
    if locale not in LOCALES:
        raise PrototypeError(_("Unknown language."), "locale")
    errors: dict[str, str] = {}
    for field, text, limit in (("title", title, MAX_TITLE), ("description", description, MAX_DESCRIPTION)):
        if len((text or "").strip()) > limit:
            errors[field] = _("Write at most %(n)d characters.", n=limit)
    if locale == req.source_locale and (not (title or "").strip() or not (description or "").strip()):
        errors.setdefault("title", _("The original language needs a title and a description."))
    if errors:
        raise PrototypeError(next(iter(errors.values())), fields=errors)
    source = content.TextSource.author if locale == req.source_locale else content.TextSource.translator
    for field, text in (("title", title), ("description", description)):
        content.set_text(session, ENTITY, req.id, field, locale, text or "", source, reviewed=True,
                         user_id=user.id)
    req.updated_at = utcnow()
    session.add(req)
    session.flush()
    return req


def cancel_request(session: Session, user, request_id: int) -> PrototypeRequest:
    """The startup withdraws an open request; open bids become "not chosen" and their makers are told.
    Refuses others (403) and requests already awarded, completed or cancelled (409)."""
    req = _get_request(session, request_id, lock=True)
    _require_startup_member(session, user, req)
    result = session.exec(sa.update(PrototypeRequest)
                          .where(PrototypeRequest.id == req.id, PrototypeRequest.status == RequestStatus.open)
                          .values(status=RequestStatus.cancelled, closed_at=utcnow(), updated_at=utcnow())
                          .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise _conflict(_("This request is no longer open."), "wrong_state")
    bidders = list(session.exec(select(PrototypeBid.maker_org_id).where(
        PrototypeBid.request_id == req.id, PrototypeBid.status == BidStatus.open)))
    session.exec(sa.update(PrototypeBid).where(PrototypeBid.request_id == req.id,
                                               PrototypeBid.status == BidStatus.open)
                 .values(status=BidStatus.not_chosen, updated_at=utcnow())
                 .execution_options(synchronize_session=False))
    session.flush()
    session.refresh(req)
    for org_id in bidders:
        _notify_org(session, org_id, user.id, "prototype_cancelled",
                    lambda: _("The prototype request #%(id)d you bid on was cancelled by the startup.", id=req.id),
                    "market_prototypes.detail", request_id=req.id)
    return req


# --- who sees what ---------------------------------------------------------------------------------------------


def _is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_staff", False))


def _participant_makers(session: Session, req: PrototypeRequest) -> set[int]:
    ids: set[int] = set()
    for model in (PrototypeBid, PrototypeInvite, NdaAcceptance, PrototypeQuestion):
        ids.update(session.exec(select(model.maker_org_id).where(model.request_id == req.id)))
    return ids


def _visible(session: Session, user, req: PrototypeRequest) -> bool:
    """Open requests are public; others only for the startup, the makers involved and staff."""
    if req.status == RequestStatus.open:
        return True
    if _is_staff(user):
        return True
    own = _org_ids(session, user)
    return req.startup_org_id in own or bool(own & _participant_makers(session, req))


def _nda_orgs(session: Session, req: PrototypeRequest, org_ids: set[int]) -> set[int]:
    if not org_ids or not req.nda_version:
        return set()
    return set(session.exec(select(NdaAcceptance.maker_org_id).where(
        NdaAcceptance.request_id == req.id, NdaAcceptance.nda_version == req.nda_version,
        NdaAcceptance.maker_org_id.in_(org_ids))))


def can_see_files(session: Session, user, req: PrototypeRequest) -> bool:
    """The startup's members always; makers' members when no NDA is asked, or once their maker accepted it."""
    own = _org_ids(session, user)
    if req.startup_org_id in own:
        return True
    makers = _org_ids(session, user, OrganizationKind.maker)
    if not makers:
        return False
    if not req.nda_required:
        return True
    return bool(_nda_orgs(session, req, makers))


def get_request_file(session: Session, user, request_id: int, file_id: int) -> PrototypeFile:
    """A file of a request for those who may see it; refuses (not_found) everyone else, including makers
    that have not accepted the request's NDA."""
    req = _get_request(session, request_id)
    item = session.get(PrototypeFile, file_id)
    if item is None or item.request_id != req.id or not _visible(session, user, req) \
            or not can_see_files(session, user, req):
        raise _not_found("file")
    return item


# --- NDA, questions, messages, invitations ---------------------------------------------------------------------


def accept_nda(session: Session, user, request_id: int, maker_org_id: int | None = None) -> NdaAcceptance:
    """Record that the user's maker accepts the request's NDA (version and time); accepting again changes
    nothing. Refuses non-makers (403), requests without an NDA and requests no longer open (409)."""
    req = _get_request(session, request_id)
    if not _visible(session, user, req):
        raise _not_found()
    org = _resolve_org(session, user, OrganizationKind.maker, maker_org_id, "maker_org_id")
    if not req.nda_required or not req.nda_version:
        raise _conflict(_("This request asks for no NDA."), "no_nda")
    existing = session.exec(select(NdaAcceptance).where(
        NdaAcceptance.request_id == req.id, NdaAcceptance.maker_org_id == org.id,
        NdaAcceptance.nda_version == req.nda_version)).first()
    if existing is not None:
        return existing
    if request_state(req) not in ("open", "closed"):
        raise _conflict(_("This request is no longer open."), "wrong_state")
    acceptance = NdaAcceptance(request_id=req.id, maker_org_id=org.id, user_id=user.id,
                               nda_version=req.nda_version)
    try:
        with session.begin_nested():
            session.add(acceptance)
    except IntegrityError:
        # Another member of the same maker accepted at the same moment: theirs stands.
        return session.exec(select(NdaAcceptance).where(
            NdaAcceptance.request_id == req.id, NdaAcceptance.maker_org_id == org.id,
            NdaAcceptance.nda_version == req.nda_version)).one()
    _notify_org(session, req.startup_org_id, user.id, "prototype_nda",
                lambda: _("%(maker)s accepted the NDA of your prototype request #%(id)d.", maker=org.name,
                          id=req.id), "market_prototypes.detail", request_id=req.id)
    return acceptance


def ask_question(session: Session, user, request_id: int, body: str, maker_org_id: int | None = None
                 ) -> PrototypeQuestion:
    """A maker asks a public question on an open request; the startup is notified. Refuses non-makers (403),
    requests not open for bids (409) and empty or too long questions."""
    req = _get_request(session, request_id)
    if not _visible(session, user, req):
        raise _not_found()
    org = _resolve_org(session, user, OrganizationKind.maker, maker_org_id, "maker_org_id")
    body = _text(body, "body", MAX_TEXT, _("Write your question."))
    if request_state(req) != "open":
        raise _conflict(_("Questions are taken only while the request is open for bids."), "wrong_state")
    question = PrototypeQuestion(request_id=req.id, maker_org_id=org.id, author_id=user.id, body=body)
    session.add(question)
    session.flush()
    _notify_org(session, req.startup_org_id, user.id, "prototype_question",
                lambda: _("New question on your prototype request #%(id)d.", id=req.id),
                "market_prototypes.detail", request_id=req.id)
    return question


def answer_question(session: Session, user, question_id: int, answer: str) -> PrototypeQuestion:
    """The startup answers a question once, publicly; the asking maker is notified. Refuses others (403) and
    questions already answered (409)."""
    question = session.get(PrototypeQuestion, question_id)
    if question is None:
        raise _not_found("question")
    req = _get_request(session, question.request_id)
    if not _visible(session, user, req):
        raise _not_found("question")
    _require_startup_member(session, user, req)
    answer = _text(answer, "answer", MAX_TEXT, _("Write your answer."))
    result = session.exec(sa.update(PrototypeQuestion)
                          .where(PrototypeQuestion.id == question.id, PrototypeQuestion.answered_at.is_(None))
                          .values(answer=answer, answered_by_id=user.id, answered_at=utcnow())
                          .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise _conflict(_("This question was already answered."), "already_answered")
    session.flush()
    session.refresh(question)
    _notify_org(session, question.maker_org_id, user.id, "prototype_answer",
                lambda: _("Your question on prototype request #%(id)d was answered.", id=req.id),
                "market_prototypes.detail", request_id=req.id)
    return question


def may_message(session: Session, req: PrototypeRequest, maker_org_id: int) -> bool:
    """Whether the startup and this maker may talk privately: once it accepted the NDA (or none is asked)."""
    return (not req.nda_required) or bool(_nda_orgs(session, req, {maker_org_id}))


def post_message(session: Session, user, request_id: int, body: str, maker_org_id: int | None = None
                 ) -> PrototypeMessage:
    """A private message between the startup and one maker. A maker writes in its own thread once it accepted
    the NDA (when one is asked); the startup names the maker (``maker_org_id``) and may write only to a maker
    who could write to it. The other side is notified. Refuses outsiders (404/403) and empty messages."""
    req = _get_request(session, request_id)
    if not _visible(session, user, req):
        raise _not_found()
    body = _text(body, "body", MAX_TEXT, _("Write a message."))
    if req.startup_org_id in _org_ids(session, user):
        side = Side.startup
        maker = session.get(Organization, maker_org_id) if maker_org_id else None
        if maker is None or maker.kind != OrganizationKind.maker:
            raise PrototypeError(_("Choose the maker to write to."), "maker_org_id")
    else:
        side = Side.maker
        maker = _resolve_org(session, user, OrganizationKind.maker, maker_org_id, "maker_org_id")
    if not may_message(session, req, maker.id):
        raise _forbidden(_("Private messages start once the maker has accepted the NDA."), "nda_required")
    message = PrototypeMessage(request_id=req.id, maker_org_id=maker.id, side=side, author_id=user.id, body=body)
    session.add(message)
    session.flush()
    recipient = maker.id if side == Side.startup else req.startup_org_id
    sender = session.get(Organization, req.startup_org_id).name if side == Side.startup else maker.name
    _notify_org(session, recipient, user.id, "prototype_message",
                lambda: _("New message from %(name)s about prototype request #%(id)d.", name=sender, id=req.id),
                "market_prototypes.detail", request_id=req.id)
    return message


# A maker suggested for a request: (maker organisation, score 0–1, reasons in plain words).
Suggestion = tuple[Organization, float, list[str]]


def suggest_makers(session: Session, request: PrototypeRequest, k: int = 5) -> list[Suggestion]:
    """Up to ``k`` makers for a request, best first, each as (maker org, score, explanation lines).

    Uses the matching engine (:func:`matching.partners.services.find_partners`) when it is installed; until then
    an honest ranking: makers in the clusters that specialise in the request's category, then those whose
    capabilities or materials share words with the request, then their prototype ratings."""
    if importlib.util.find_spec("matching.partners.services") is not None:
        module = importlib.import_module("matching.partners.services")
        if hasattr(module, "find_partners"):
            engine = _engine_suggestions(session, request, k, module.find_partners)
            if engine is not None:
                return engine
    return _cluster_suggestions(session, request, k)


def _engine_suggestions(session: Session, request: PrototypeRequest, k: int, find_partners
                        ) -> list[Suggestion] | None:
    """The matching engine's makers for the request's text (title, description, materials in the startup's
    language), restricted to the clusters of its category, with the engine's explanation as lines; None (fall
    back to the cluster ranking) when the engine finds nothing or cannot answer."""
    from i18n.locales import current_locale
    from matching.engine import MatchingError

    texts = content.load_texts(session, ENTITY, [request.id])[request.id]
    lang = request.source_locale
    words = [row.text for field in ("title", "description") for loc, row in texts.get(field, {}).items()
             if loc == lang and row.text]
    query = "\n".join([*words, ", ".join(request.materials or [])]).strip()[:2000]
    if not query:
        return None
    codes = list(CATEGORY_CLUSTERS[Category(request.category)])
    if request.cluster_code and request.cluster_code not in codes:
        codes.insert(0, request.cluster_code)
    try:
        results = find_partners(session, query, lang=lang, viewer_lang=current_locale(), kinds=["maker"],
                                filters={"cluster": codes}, k=k, viewer_org_id=request.startup_org_id)
    except (MatchingError, ValueError):
        return None
    orgs = {o.id: o for o in session.exec(select(Organization).where(
        Organization.id.in_([r.org_id for r in results] or [0])))}
    suggestions = []
    for result in results:
        org = orgs.get(result.org_id)
        if org is None:
            continue
        lines = []
        if result.explanation is not None:
            if result.explanation.concepts:
                lines.append(_("Shared concepts: %(items)s.",
                               items=", ".join(c.label for c in result.explanation.concepts[:5])))
            lines.extend(reason.message for reason in result.explanation.reasons[:3])
        suggestions.append((org, round(float(result.score), 3), lines))
    return suggestions or None


def _words(texts) -> set[str]:
    words: set[str] = set()
    for text in texts:
        for word in str(text or "").lower().replace("/", " ").replace(",", " ").replace("-", " ").split():
            if len(word) >= 3:
                words.add(word.strip(".()"))
    return words


def _cluster_suggestions(session: Session, request: PrototypeRequest, k: int) -> list[Suggestion]:
    from catalog.makers.models import MakerProfile
    from i18n.locales import current_locale
    from market.clusters import Cluster, cluster_name

    category = Category(request.category)
    codes = list(CATEGORY_CLUSTERS[category])
    if request.cluster_code and request.cluster_code not in codes:
        codes.insert(0, request.cluster_code)
    clusters = {c.code: c for c in session.exec(select(Cluster).where(Cluster.code.in_(codes)))}
    makers = list(session.exec(select(Organization).where(Organization.kind == OrganizationKind.maker,
                                                          Organization.cluster_code.in_(codes))
                               .order_by(Organization.id)))
    if not makers:
        return []
    profiles = {p.organization_id: p for p in session.exec(
        select(MakerProfile).where(MakerProfile.organization_id.in_([m.id for m in makers])))}
    ratings = rating_summaries(session, [m.id for m in makers])
    texts = content.load_texts(session, ENTITY, [request.id])[request.id]
    wanted = _words([*request.materials, *(row.text for f in texts.values() for row in f.values())])
    scored = []
    for maker in makers:
        profile = profiles.get(maker.id)
        offered = [*(maker.capabilities or []), *((profile.materials or []) if profile else [])]
        shared = sorted({item for item in offered if _words([item]) & wanted})
        cluster = clusters.get(maker.cluster_code)
        preferred = bool(request.cluster_code and maker.cluster_code == request.cluster_code)
        avg, count = ratings.get(maker.id, (None, 0))
        score = 0.55 + (0.1 if preferred else 0.0) + min(len(shared), 4) * 0.06
        if avg is not None:
            score += (avg - 3) * 0.03
        lines = []
        if cluster is not None:
            lines.append(_("%(cluster)s specialises in %(trade)s (%(specialties)s).",
                           cluster=cluster_name(cluster, current_locale()),
                           trade=str(CATEGORY_LABELS[category]).lower(),
                           specialties=", ".join((cluster.specialties or [])[:3])))
        if preferred:
            lines.append(_("In the cluster you prefer."))
        if shared:
            lines.append(_("Works with what you mention: %(items)s.", items=", ".join(shared[:4])))
        if count:
            lines.append(_("Rated %(avg).1f of 5 by %(n)d startup(s).", avg=avg, n=count))
        scored.append((maker, round(min(score, 1.0), 3), lines))
    scored.sort(key=lambda s: (-s[1], s[0].id))
    return scored[:k]


def invite_maker(session: Session, user, request_id: int, maker_org_id: int, score: float | None = None,
                 explanation: str = "") -> PrototypeInvite:
    """The startup invites a maker to bid on its open request; the maker is notified. Inviting again changes
    nothing. Refuses others (403), unknown makers (422) and requests not open for bids (409)."""
    req = _get_request(session, request_id)
    _require_startup_member(session, user, req)
    maker = session.get(Organization, maker_org_id) if maker_org_id else None
    if maker is None or maker.kind != OrganizationKind.maker:
        raise PrototypeError(_("Choose a maker to invite."), "maker_org_id")
    if request_state(req) != "open":
        raise _conflict(_("Makers can be invited only while the request is open for bids."), "wrong_state")
    existing = session.exec(select(PrototypeInvite).where(PrototypeInvite.request_id == req.id,
                                                          PrototypeInvite.maker_org_id == maker.id)).first()
    if existing is not None:
        return existing
    invite = PrototypeInvite(request_id=req.id, maker_org_id=maker.id, invited_by_id=user.id, score=score,
                             explanation=(explanation or "")[:2000])
    try:
        with session.begin_nested():
            session.add(invite)
    except IntegrityError:
        return session.exec(select(PrototypeInvite).where(PrototypeInvite.request_id == req.id,
                                                          PrototypeInvite.maker_org_id == maker.id)).one()
    startup = session.get(Organization, req.startup_org_id)
    _notify_org(session, maker.id, user.id, "prototype_invite",
                lambda: _("%(startup)s invites you to bid on prototype request #%(id)d.", startup=startup.name,
                          id=req.id), "market_prototypes.detail", request_id=req.id)
    return invite


# --- bids and the award ----------------------------------------------------------------------------------------


def submit_bid(session: Session, user, request_id: int, *, price_krw, lead_time_days, notes: str = "",
               milestones=None, maker_org_id: int | None = None) -> PrototypeBid:
    """The user's maker bids on an open request, or updates its open (or withdrawn) bid: one bid per maker.

    Refuses non-makers (403), makers that have not accepted a required NDA (403), requests past their deadline,
    awarded or cancelled (409), a bid already decided (409), and with 422: a price or lead time out of range
    and milestones that are missing or do not add up to the price (on ``milestones``)."""
    req = _get_request(session, request_id, lock=True)
    if not _visible(session, user, req):
        raise _not_found()
    org = _resolve_org(session, user, OrganizationKind.maker, maker_org_id, "maker_org_id")
    state = request_state(req)
    if req.status != RequestStatus.open:
        raise _conflict(_("This request is no longer taking bids."), "not_open")
    if state != "open":
        raise _conflict(_("The deadline for bids has passed."), "deadline_passed")
    if req.nda_required and not _nda_orgs(session, req, {org.id}):
        raise _forbidden(_("Accept the NDA before you bid."), "nda_required")
    errors: dict[str, str] = {}
    price = _collect(errors, parse_krw, price_krw, "price_krw")
    lead = _collect(errors, _parse_int, lead_time_days, "lead_time_days", 1, MAX_LEAD_TIME_DAYS,
                    _("Enter a lead time from 1 to %(max)d days.", max=MAX_LEAD_TIME_DAYS))
    notes = (notes or "").strip()
    if len(notes) > MAX_TEXT:
        errors["notes"] = _("Write at most %(n)d characters.", n=MAX_TEXT)
    plan = _collect(errors, parse_milestones, milestones, price)
    if errors:
        first = next(iter(errors.values()))
        raise PrototypeError(first if len(errors) == 1 else _("Some fields are not valid."), fields=errors)
    values = {"price_krw": price, "lead_time_days": lead, "notes": notes, "milestones": plan}
    bid = session.exec(select(PrototypeBid).where(PrototypeBid.request_id == req.id,
                                                  PrototypeBid.maker_org_id == org.id)).first()
    created = False
    if bid is None:
        bid = PrototypeBid(request_id=req.id, maker_org_id=org.id, created_by_id=user.id, **values)
        try:
            with session.begin_nested():
                session.add(bid)
            created = True
        except IntegrityError:
            # A colleague's first bid landed at the same moment: update it instead.
            bid = session.exec(select(PrototypeBid).where(PrototypeBid.request_id == req.id,
                                                          PrototypeBid.maker_org_id == org.id)).one()
    if not created:
        result = session.exec(sa.update(PrototypeBid)
                              .where(PrototypeBid.id == bid.id,
                                     PrototypeBid.status.in_([BidStatus.open, BidStatus.withdrawn]))
                              .values(status=BidStatus.open, revision=PrototypeBid.revision + 1,
                                      updated_at=utcnow(), created_by_id=user.id, **values)
                              .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            raise _conflict(_("Your bid was already decided and can no longer change."), "bid_decided")
        session.flush()
        session.refresh(bid)
    _notify_org(session, req.startup_org_id, user.id, "prototype_bid",
                lambda: (_("%(maker)s bid on your prototype request #%(id)d.", maker=org.name, id=req.id)
                         if created else
                         _("%(maker)s updated its bid on your prototype request #%(id)d.", maker=org.name,
                           id=req.id)),
                "market_prototypes.detail", request_id=req.id)
    return bid


def own_bid_id(session: Session, user, request_id: int, maker_org_id: int | None = None) -> int | None:
    """The id of the bid the user's maker already has on a request (None when it has none or is ambiguous)."""
    makers = _org_ids(session, user, OrganizationKind.maker)
    if maker_org_id is not None:
        makers &= {maker_org_id}
    if len(makers) != 1:
        return None
    return session.exec(select(PrototypeBid.id).where(PrototypeBid.request_id == request_id,
                                                      PrototypeBid.maker_org_id.in_(makers))).first()


def withdraw_bid(session: Session, user, bid_id: int) -> PrototypeBid:
    """The maker withdraws its open bid (it may bid again while the request is open); refuses others (404/403)
    and decided bids (409)."""
    bid = session.get(PrototypeBid, bid_id)
    if bid is None or bid.maker_org_id not in _org_ids(session, user, OrganizationKind.maker):
        raise _not_found("bid")
    result = session.exec(sa.update(PrototypeBid)
                          .where(PrototypeBid.id == bid.id, PrototypeBid.status == BidStatus.open)
                          .values(status=BidStatus.withdrawn, updated_at=utcnow())
                          .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise _conflict(_("Only a bid on offer can be withdrawn."), "wrong_state")
    session.flush()
    session.refresh(bid)
    return bid


def award_bid(session: Session, user, bid_id: int) -> Commission:
    """The startup awards one bid: the request becomes awarded, the bid's plan becomes the commission's
    milestones (each awaiting funding), the winner is notified and every other bidder told it was not chosen.

    Refuses anyone but the startup's members (403; 404 for outsiders of a closed request), requests no longer
    open or past their award window (409) and bids not on offer (409). Concurrent awards: one wins."""
    bid = session.get(PrototypeBid, bid_id)
    if bid is None:
        raise _not_found("bid")
    req = _get_request(session, bid.request_id, lock=True)
    if req.startup_org_id not in _org_ids(session, user):
        if not _visible(session, user, req):
            raise _not_found("bid")
        raise _forbidden(_("Only the startup that posted this request can award it."))
    session.refresh(bid)
    if req.status != RequestStatus.open:
        raise _conflict(_("This request was already awarded or closed."), "not_open")
    if request_state(req) == "expired":
        raise _conflict(_("This request expired: awards are possible up to %(n)d days after the deadline.",
                          n=AWARD_WINDOW_DAYS), "expired")
    if bid.status != BidStatus.open:
        raise _conflict(_("This bid is not on offer."), "bid_not_open")
    now = utcnow()
    result = session.exec(sa.update(PrototypeRequest)
                          .where(PrototypeRequest.id == req.id, PrototypeRequest.status == RequestStatus.open)
                          .values(status=RequestStatus.awarded, updated_at=now)
                          .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise _conflict(_("This request was already awarded or closed."), "not_open")
    result = session.exec(sa.update(PrototypeBid)
                          .where(PrototypeBid.id == bid.id, PrototypeBid.status == BidStatus.open)
                          .values(status=BidStatus.awarded, updated_at=now)
                          .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise _conflict(_("This bid is not on offer."), "bid_not_open")
    others = list(session.exec(select(PrototypeBid.maker_org_id).where(
        PrototypeBid.request_id == req.id, PrototypeBid.id != bid.id, PrototypeBid.status == BidStatus.open)))
    session.exec(sa.update(PrototypeBid)
                 .where(PrototypeBid.request_id == req.id, PrototypeBid.id != bid.id,
                        PrototypeBid.status == BidStatus.open)
                 .values(status=BidStatus.not_chosen, updated_at=now)
                 .execution_options(synchronize_session=False))
    session.flush()
    session.refresh(bid)
    session.refresh(req)
    commission = Commission(request_id=req.id, bid_id=bid.id, startup_org_id=req.startup_org_id,
                            maker_org_id=bid.maker_org_id, awarded_by_id=user.id, price_krw=bid.price_krw,
                            lead_time_days=bid.lead_time_days)
    session.add(commission)
    session.flush()
    for position, step in enumerate(bid.milestones, start=1):
        session.add(Milestone(commission_id=commission.id, position=position, title=step["title"],
                              amount_krw=int(step["amount_krw"])))
    session.add(CommissionEvent(commission_id=commission.id, actor_id=user.id, kind="awarded"))
    session.flush()
    startup = session.get(Organization, req.startup_org_id)
    _notify_org(session, bid.maker_org_id, user.id, "prototype_awarded",
                lambda: _("%(startup)s awarded you prototype request #%(id)d. The first milestone starts once "
                          "it is funded.", startup=startup.name, id=req.id),
                "market_prototypes.commission", commission_id=commission.id)
    for org_id in others:
        _notify_org(session, org_id, user.id, "prototype_not_chosen",
                    lambda: _("Prototype request #%(id)d was awarded to another maker. Thank you for your bid.",
                              id=req.id), "market_prototypes.detail", request_id=req.id)
    return commission


# --- milestones ------------------------------------------------------------------------------------------------


def _commission_side(session: Session, user, commission: Commission) -> Side | None:
    own = _org_ids(session, user)
    if commission.startup_org_id in own:
        return Side.startup
    if commission.maker_org_id in own:
        return Side.maker
    return None


def get_commission(session: Session, user, commission_id: int) -> tuple[Commission, Side]:
    """A commission and the user's side in it; refuses (not_found) everyone but its two sides."""
    commission = session.get(Commission, commission_id)
    side = _commission_side(session, user, commission) if commission is not None else None
    if side is None:
        raise _not_found("commission")
    return commission, side


def _milestone_for(session: Session, user, milestone_id: int, side: Side) -> tuple[Milestone, Commission]:
    milestone = session.get(Milestone, milestone_id)
    if milestone is None:
        raise _not_found("milestone")
    commission = session.get(Commission, milestone.commission_id)
    actual = _commission_side(session, user, commission)
    if actual is None:
        raise _not_found("milestone")
    if actual != side:
        if side == Side.startup:
            raise _forbidden(_("Only the startup reviews and approves milestones."))
        raise _forbidden(_("Only the maker delivers milestones."))
    return milestone, commission


def _move_milestone(session: Session, milestone: Milestone, to: MilestoneStatus, side: Side,
                    expected: MilestoneStatus | None = None, **values) -> MilestoneStatus:
    """One conditional UPDATE from the status seen to ``to``; refuses steps outside the table (409) and loses
    (409) to a concurrent change. Returns the status it moved from."""
    current = MilestoneStatus(expected or milestone.status)
    allowed = MILESTONE_TRANSITIONS.get((current, to))
    if allowed is None:
        raise _conflict(_("This milestone is %(status)s, so this is not possible now.",
                          status=str(MILESTONE_STATUS_LABELS[current]).lower()), "wrong_state")
    if allowed != side:
        raise _forbidden(_("Only the other side can do this."))
    result = session.exec(sa.update(Milestone)
                          .where(Milestone.id == milestone.id, Milestone.status == current)
                          .values(status=to, updated_at=utcnow(), **values)
                          .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise _conflict(_("This milestone changed in the meantime. Reload the page and try again."))
    session.flush()
    session.refresh(milestone)
    return current


def _require_active(commission: Commission) -> None:
    if commission.status != CommissionStatus.active:
        raise _conflict(_("This commission is no longer active."), "not_active")


def deliver_milestone(session: Session, user, milestone_id: int, note: str = "", uploads=()
                      ) -> MilestoneDelivery:
    """The maker delivers a funded (or sent back) milestone with a note and photos or files; the startup is
    notified. Refuses the startup's side (403), outsiders (404), milestones not funded or already delivered
    (409), a delivery with neither note nor file, and files that fail the checks (422)."""
    milestone, commission = _milestone_for(session, user, milestone_id, Side.maker)
    _require_active(commission)
    note = (note or "").strip()
    if len(note) > MAX_TEXT:
        raise PrototypeError(_("Write at most %(n)d characters.", n=MAX_TEXT), "note")
    try:
        checked = proto_files.check_files(list(uploads))
    except proto_files.FileRefused as exc:
        raise PrototypeError(exc.message, "files") from None
    if not note and not checked:
        raise PrototypeError(_("Add photos or files of the work, or a note."), "files")
    current = MilestoneStatus(milestone.status)
    if current not in (MilestoneStatus.funded, MilestoneStatus.rejected):
        if current == MilestoneStatus.awaiting_funding:
            raise _conflict(_("This milestone is not funded yet: work starts once the startup has paid it."),
                            "not_funded")
        raise _conflict(_("This milestone is %(status)s, so this is not possible now.",
                          status=str(MILESTONE_STATUS_LABELS[current]).lower()), "wrong_state")
    _move_milestone(session, milestone, MilestoneStatus.delivered, Side.maker, current, delivered_at=utcnow())
    delivery = MilestoneDelivery(milestone_id=milestone.id, delivered_by_id=user.id, note=note)
    session.add(delivery)
    session.flush()
    keys = proto_files.store_files(checked)
    try:
        for item, key in zip(checked, keys, strict=True):
            session.add(DeliveryFile(delivery_id=delivery.id, storage_key=key, filename=item.filename,
                                     content_type=item.content_type, size_bytes=len(item.data)))
        session.add(CommissionEvent(commission_id=commission.id, milestone_id=milestone.id, actor_id=user.id,
                                    kind="delivered", note=note or None))
        session.flush()
    except BaseException:
        proto_files.discard(keys)
        raise
    _notify_org(session, commission.startup_org_id, user.id, "prototype_delivered",
                lambda: _("Milestone “%(title)s” was delivered for your review.", title=milestone.title),
                "market_prototypes.commission", commission_id=commission.id)
    return delivery


def _latest_delivery(session: Session, milestone: Milestone) -> MilestoneDelivery | None:
    return session.exec(select(MilestoneDelivery).where(MilestoneDelivery.milestone_id == milestone.id)
                        .order_by(MilestoneDelivery.created_at.desc(), MilestoneDelivery.id.desc())).first()


def release_available() -> bool:
    """Whether the payments feature offers ``release_to_payee`` (checked at call time)."""
    if importlib.util.find_spec("market.payments.services") is None:
        return False
    return hasattr(importlib.import_module("market.payments.services"), "release_to_payee")


def _release(session: Session, milestone: Milestone) -> bool:
    """Release the milestone's money to the maker in the ledger when payments can; False when it cannot yet."""
    if not release_available():
        return False
    payments = importlib.import_module("market.payments.services")
    if payments.payment_for(session, "milestone", milestone.id) is None:
        return False  # funded outside the payments service (the demo's offline history): nothing to release
    payments.release_to_payee(session, kind="milestone", payable_id=milestone.id)
    return True


def approve_milestone(session: Session, user, milestone_id: int, comment: str = "") -> Milestone:
    """The startup approves a delivered milestone: its money is released to the maker and, with the last one,
    the commission is completed. One conditional UPDATE, so a milestone is approved (and released) once:
    a second approval answers 409. Refuses the maker's side (403) and outsiders (404)."""
    milestone, commission = _milestone_for(session, user, milestone_id, Side.startup)
    _require_active(commission)
    comment = (comment or "").strip()
    if len(comment) > MAX_TEXT:
        raise PrototypeError(_("Write at most %(n)d characters.", n=MAX_TEXT), "comment")
    if milestone.status == MilestoneStatus.approved:
        raise _conflict(_("This milestone is already approved."), "already_approved")
    _move_milestone(session, milestone, MilestoneStatus.approved, Side.startup, MilestoneStatus.delivered,
                    approved_at=utcnow())
    delivery = _latest_delivery(session, milestone)
    if delivery is not None:
        delivery.decision, delivery.decision_comment = "approved", comment or None
        delivery.decided_by_id, delivery.decided_at = user.id, utcnow()
        session.add(delivery)
    session.add(CommissionEvent(commission_id=commission.id, milestone_id=milestone.id, actor_id=user.id,
                                kind="approved", note=comment or None))
    session.flush()
    if _release(session, milestone):
        session.exec(sa.update(Milestone).where(Milestone.id == milestone.id, Milestone.released_at.is_(None))
                     .values(released_at=utcnow()).execution_options(synchronize_session=False))
        session.add(CommissionEvent(commission_id=commission.id, milestone_id=milestone.id, actor_id=user.id,
                                    kind="released"))
        session.flush()
        session.refresh(milestone)
    _notify_org(session, commission.maker_org_id, user.id, "prototype_approved",
                lambda: _("Milestone “%(title)s” was approved.", title=milestone.title),
                "market_prototypes.commission", commission_id=commission.id)
    _complete_if_done(session, user, commission)
    return milestone


def _complete_if_done(session: Session, user, commission: Commission) -> None:
    pending = session.exec(select(func.count()).select_from(Milestone).where(
        Milestone.commission_id == commission.id, Milestone.status != MilestoneStatus.approved)).one()
    if pending:
        return
    now = utcnow()
    result = session.exec(sa.update(Commission)
                          .where(Commission.id == commission.id, Commission.status == CommissionStatus.active)
                          .values(status=CommissionStatus.completed, completed_at=now)
                          .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return
    session.exec(sa.update(PrototypeRequest)
                 .where(PrototypeRequest.id == commission.request_id,
                        PrototypeRequest.status == RequestStatus.awarded)
                 .values(status=RequestStatus.completed, closed_at=now, updated_at=now)
                 .execution_options(synchronize_session=False))
    session.add(CommissionEvent(commission_id=commission.id, actor_id=user.id if user else None, kind="completed"))
    session.flush()
    session.refresh(commission)
    session.refresh(session.get(PrototypeRequest, commission.request_id))
    for org_id in (commission.maker_org_id, commission.startup_org_id):
        _notify_org(session, org_id, user.id if user else None, "prototype_completed",
                    lambda: _("Commission #%(id)d is complete. Rate how it went.", id=commission.id),
                    "market_prototypes.commission", commission_id=commission.id)


def reject_milestone(session: Session, user, milestone_id: int, comment: str) -> Milestone:
    """The startup sends a delivered milestone back with comments (required); the maker is notified and may
    deliver again. Refuses the maker's side (403), outsiders (404) and milestones not delivered (409)."""
    milestone, commission = _milestone_for(session, user, milestone_id, Side.startup)
    _require_active(commission)
    comment = _text(comment, "comment", MAX_TEXT, _("Say what needs to change."))
    _move_milestone(session, milestone, MilestoneStatus.rejected, Side.startup, MilestoneStatus.delivered)
    delivery = _latest_delivery(session, milestone)
    if delivery is not None:
        delivery.decision, delivery.decision_comment = "rejected", comment
        delivery.decided_by_id, delivery.decided_at = user.id, utcnow()
        session.add(delivery)
    session.add(CommissionEvent(commission_id=commission.id, milestone_id=milestone.id, actor_id=user.id,
                                kind="rejected", note=comment))
    session.flush()
    _notify_org(session, commission.maker_org_id, user.id, "prototype_rejected",
                lambda: _("Milestone “%(title)s” was sent back with comments.", title=milestone.title),
                "market_prototypes.commission", commission_id=commission.id)
    return milestone


# --- what payments calls (through market.prototypes.payable) ---------------------------------------------------


def milestone_payable(session: Session, milestone_id: int) -> tuple[Milestone, Commission, PrototypeRequest]:
    """A milestone with its commission and request, for the payments adapter; not_found for unknown ids."""
    milestone = session.get(Milestone, milestone_id)
    if milestone is None:
        raise _not_found("milestone")
    commission = session.get(Commission, milestone.commission_id)
    return milestone, commission, session.get(PrototypeRequest, commission.request_id)


def fund_milestone(session: Session, milestone_id: int, payment_id: int) -> Milestone:
    """Payments collected a milestone's money: awaiting funding → funded (work may start), on the timeline and
    told to the maker. One conditional UPDATE: a second call with the same payment changes nothing, and a
    second payment for an already funded milestone is refused (409), so a milestone is never paid twice."""
    milestone, commission, req = milestone_payable(session, milestone_id)
    if milestone.status != MilestoneStatus.awaiting_funding:
        if milestone.payment_id == payment_id:
            return milestone
        raise _conflict(_("This milestone is already funded."), "already_funded")
    if commission.status != CommissionStatus.active:
        raise _conflict(_("This commission is no longer active."), "not_active")
    now = utcnow()
    result = session.exec(sa.update(Milestone)
                          .where(Milestone.id == milestone.id,
                                 Milestone.status == MilestoneStatus.awaiting_funding)
                          .values(status=MilestoneStatus.funded, payment_id=payment_id, funded_at=now,
                                  updated_at=now)
                          .execution_options(synchronize_session=False))
    session.flush()
    session.refresh(milestone)
    if result.rowcount != 1:
        if milestone.payment_id == payment_id:
            return milestone
        raise _conflict(_("This milestone is already funded."), "already_funded")
    session.add(CommissionEvent(commission_id=commission.id, milestone_id=milestone.id, kind="funded",
                                note=f"payment #{payment_id}"))
    session.flush()
    _notify_org(session, commission.maker_org_id, None, "prototype_funded",
                lambda: _("Milestone “%(title)s” is funded: work can start.", title=milestone.title),
                "market_prototypes.commission", commission_id=commission.id)
    return milestone


def refund_milestone(session: Session, milestone_id: int, payment_id: int, amount_minor: int,
                     fully_refunded: bool) -> Milestone:
    """Payments refunded a milestone's money. A full refund of a funded, delivered or sent-back milestone puts
    it back to awaiting funding (work stops until it is paid again); a partial refund, or one after approval,
    is only recorded on the timeline. Both sides are told."""
    milestone, commission, req = milestone_payable(session, milestone_id)
    note = f"payment #{payment_id}: {amount_minor:,} KRW"
    current = MilestoneStatus(milestone.status)
    if fully_refunded and milestone.payment_id == payment_id and current in (
            MilestoneStatus.funded, MilestoneStatus.delivered, MilestoneStatus.rejected):
        _move_milestone(session, milestone, MilestoneStatus.awaiting_funding, Side.payments, current,
                        payment_id=None, funded_at=None)
    session.add(CommissionEvent(commission_id=commission.id, milestone_id=milestone.id, kind="refunded",
                                note=note))
    session.flush()
    for org_id in (commission.maker_org_id, commission.startup_org_id):
        _notify_org(session, org_id, None, "prototype_refunded",
                    lambda: _("The payment of milestone “%(title)s” was refunded.", title=milestone.title),
                    "market_prototypes.commission", commission_id=commission.id)
    return milestone


# --- ratings ---------------------------------------------------------------------------------------------------


def rate_commission(session: Session, user, commission_id: int, score, comment: str = "") -> Rating:
    """One side rates the other (1–5 and a comment) once the commission is completed; the other side is told.
    Refuses outsiders (404), commissions not completed (409), a second rating from the same side (409) and a
    score outside 1–5 (422 on ``score``)."""
    commission, side = get_commission(session, user, commission_id)
    score = _parse_int(score, "score", 1, 5, _("Give a score from 1 to 5."))
    comment = (comment or "").strip()
    if len(comment) > MAX_TEXT:
        raise PrototypeError(_("Write at most %(n)d characters.", n=MAX_TEXT), "comment")
    if commission.status != CommissionStatus.completed:
        raise _conflict(_("Ratings open once the commission is completed."), "not_completed")
    rater, ratee = ((commission.startup_org_id, commission.maker_org_id) if side == Side.startup
                    else (commission.maker_org_id, commission.startup_org_id))
    rating = Rating(commission_id=commission.id, rater_org_id=rater, ratee_org_id=ratee, side=side, score=score,
                    comment=comment, created_by_id=user.id)
    try:
        with session.begin_nested():
            session.add(rating)
    except IntegrityError:
        raise _conflict(_("Your side has already rated this commission."), "already_rated") from None
    session.add(CommissionEvent(commission_id=commission.id, actor_id=user.id, kind="rated"))
    session.flush()
    rater_name = session.get(Organization, rater).name
    _notify_org(session, ratee, user.id, "prototype_rated",
                lambda: _("%(name)s rated your work on commission #%(id)d.", name=rater_name, id=commission.id),
                "market_prototypes.commission", commission_id=commission.id)
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


def ratings_of(session: Session, org_id: int, limit: int = 50) -> list[RatingRow]:
    """The ratings an organisation received, newest first."""
    rows = session.exec(select(Rating, Organization).join(Organization, Organization.id == Rating.rater_org_id)
                        .where(Rating.ratee_org_id == org_id)
                        .order_by(Rating.created_at.desc(), Rating.id.desc()).limit(limit))
    return [RatingRow(r, o) for r, o in rows]


# --- lists -----------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class BoardFilters:
    """What the board shows: open requests matching these, in this order, one page at a time."""

    category: str | None = None
    cluster: str | None = None
    budget_min_krw: int | None = None
    budget_max_krw: int | None = None
    deadline_before: dt.date | None = None
    deadline_after: dt.date | None = None
    nda: bool | None = None
    sort: str = "newest"  # newest, deadline, budget
    page: int = 1
    per_page: int = PER_PAGE


@dataclasses.dataclass
class RequestRow:
    """A request in a list, with its startup, title in the viewer's language and counts."""

    request: PrototypeRequest
    startup: Organization
    title: content.LocalizedText | None
    bid_count: int
    question_count: int

    @property
    def state(self) -> str:
        return request_state(self.request)


def _rows(session: Session, requests: list[PrototypeRequest], locale: str) -> list[RequestRow]:
    if not requests:
        return []
    ids = [r.id for r in requests]
    texts = content.load_texts(session, ENTITY, ids)
    orgs = {o.id: o for o in session.exec(select(Organization).where(
        Organization.id.in_({r.startup_org_id for r in requests})))}
    bids = dict(session.exec(select(PrototypeBid.request_id, func.count()).where(
        PrototypeBid.request_id.in_(ids), PrototypeBid.status != BidStatus.withdrawn)
        .group_by(PrototypeBid.request_id)).all())
    questions = dict(session.exec(select(PrototypeQuestion.request_id, func.count()).where(
        PrototypeQuestion.request_id.in_(ids)).group_by(PrototypeQuestion.request_id)).all())
    return [RequestRow(r, orgs[r.startup_org_id], content.resolve(texts[r.id].get("title", {}), locale),
                       bids.get(r.id, 0), questions.get(r.id, 0)) for r in requests]


def list_board(session: Session, filters: BoardFilters, locale: str = DEFAULT_LOCALE
               ) -> tuple[list[RequestRow], int]:
    """Open requests still taking bids, filtered: category; cluster (the request's preferred cluster, or a
    category the cluster specialises in when none is preferred); budget overlapping the range given; deadline
    on or before / after a date; NDA or not. Newest first, soonest deadline first, or largest budget first."""
    where = [PrototypeRequest.status == RequestStatus.open, PrototypeRequest.deadline >= today()]
    if filters.category:
        where.append(PrototypeRequest.category == filters.category)
    if filters.cluster:
        fitting = [c.value for c, codes in CATEGORY_CLUSTERS.items() if filters.cluster in codes]
        where.append(or_(PrototypeRequest.cluster_code == filters.cluster,
                         sa.and_(PrototypeRequest.cluster_code.is_(None),
                                 PrototypeRequest.category.in_(fitting or ["-"]))))
    if filters.budget_min_krw is not None:
        where.append(PrototypeRequest.budget_max_krw >= filters.budget_min_krw)
    if filters.budget_max_krw is not None:
        where.append(PrototypeRequest.budget_min_krw <= filters.budget_max_krw)
    if filters.deadline_before is not None:
        where.append(PrototypeRequest.deadline <= filters.deadline_before)
    if filters.deadline_after is not None:
        where.append(PrototypeRequest.deadline >= filters.deadline_after)
    if filters.nda is not None:
        where.append(PrototypeRequest.nda_required == sa.true() if filters.nda
                     else PrototypeRequest.nda_required == sa.false())
    order = {
        "deadline": (PrototypeRequest.deadline.asc(), PrototypeRequest.id.asc()),
        "budget": (PrototypeRequest.budget_max_krw.desc(), PrototypeRequest.id.desc()),
    }.get(filters.sort, (PrototypeRequest.created_at.desc(), PrototypeRequest.id.desc()))
    per_page = max(1, min(filters.per_page, MAX_PER_PAGE))
    page = max(1, filters.page)
    total = session.exec(select(func.count()).select_from(PrototypeRequest).where(*where)).one()
    requests = list(session.exec(select(PrototypeRequest).where(*where).order_by(*order)
                                 .offset((page - 1) * per_page).limit(per_page)))
    return _rows(session, requests, locale), total


def list_own_requests(session: Session, user, locale: str = DEFAULT_LOCALE) -> list[RequestRow]:
    """The requests of the user's startups, newest first, in every state."""
    ids = _org_ids(session, user, OrganizationKind.startup)
    if not ids:
        return []
    requests = list(session.exec(select(PrototypeRequest).where(PrototypeRequest.startup_org_id.in_(ids))
                                 .order_by(PrototypeRequest.created_at.desc(), PrototypeRequest.id.desc())))
    return _rows(session, requests, locale)


@dataclasses.dataclass
class BidRow:
    """One of the user's makers' bids, with its request's title and state, and the commission once awarded."""

    bid: PrototypeBid
    maker: Organization
    request: PrototypeRequest
    title: content.LocalizedText | None
    commission_id: int | None


def list_own_bids(session: Session, user, locale: str = DEFAULT_LOCALE) -> list[BidRow]:
    """The bids of the user's makers, newest change first."""
    ids = _org_ids(session, user, OrganizationKind.maker)
    if not ids:
        return []
    rows = list(session.exec(select(PrototypeBid, Organization, PrototypeRequest)
                             .join(Organization, Organization.id == PrototypeBid.maker_org_id)
                             .join(PrototypeRequest, PrototypeRequest.id == PrototypeBid.request_id)
                             .where(PrototypeBid.maker_org_id.in_(ids))
                             .order_by(PrototypeBid.updated_at.desc(), PrototypeBid.id.desc())))
    texts = content.load_texts(session, ENTITY, {r.id for _b, _o, r in rows})
    commissions = dict(session.exec(select(Commission.bid_id, Commission.id).where(
        Commission.bid_id.in_([b.id for b, _o, _r in rows] or [0]))).all())
    return [BidRow(b, o, r, content.resolve(texts[r.id].get("title", {}), locale), commissions.get(b.id))
            for b, o, r in rows]


def list_invitations(session: Session, user, locale: str = DEFAULT_LOCALE) -> list[RequestRow]:
    """Open requests the user's makers were invited to, newest invitation first."""
    ids = _org_ids(session, user, OrganizationKind.maker)
    if not ids:
        return []
    requests = list(session.exec(select(PrototypeRequest).join(
        PrototypeInvite, PrototypeInvite.request_id == PrototypeRequest.id)
        .where(PrototypeInvite.maker_org_id.in_(ids), PrototypeRequest.status == RequestStatus.open)
        .order_by(PrototypeInvite.created_at.desc(), PrototypeInvite.id.desc())))
    unique = list({r.id: r for r in requests}.values())
    return [row for row in _rows(session, unique, locale) if row.state == "open"]


@dataclasses.dataclass
class CommissionRow:
    """A commission in a list."""

    commission: Commission
    side: Side
    counterpart: Organization
    title: content.LocalizedText | None
    milestones_done: int
    milestones_total: int


def list_commissions(session: Session, user, locale: str = DEFAULT_LOCALE) -> list[CommissionRow]:
    """The commissions of the user's organisations, as startup or maker, newest first."""
    own = _org_ids(session, user)
    if not own:
        return []
    commissions = list(session.exec(select(Commission).where(or_(Commission.startup_org_id.in_(own),
                                                                 Commission.maker_org_id.in_(own)))
                                    .order_by(Commission.created_at.desc(), Commission.id.desc())))
    if not commissions:
        return []
    ids = [c.id for c in commissions]
    orgs = {o.id: o for o in session.exec(select(Organization).where(Organization.id.in_(
        {c.startup_org_id for c in commissions} | {c.maker_org_id for c in commissions})))}
    texts = content.load_texts(session, ENTITY, {c.request_id for c in commissions})
    counts: dict[int, list[int]] = {i: [0, 0] for i in ids}
    for commission_id, status in session.exec(select(Milestone.commission_id, Milestone.status)
                                              .where(Milestone.commission_id.in_(ids))):
        counts[commission_id][1] += 1
        if status == MilestoneStatus.approved:
            counts[commission_id][0] += 1
    rows = []
    for c in commissions:
        side = Side.startup if c.startup_org_id in own else Side.maker
        other = orgs[c.maker_org_id if side == Side.startup else c.startup_org_id]
        rows.append(CommissionRow(c, side, other, content.resolve(texts[c.request_id].get("title", {}), locale),
                                  *counts[c.id]))
    return rows


# --- detail pages ----------------------------------------------------------------------------------------------


@dataclasses.dataclass
class BidView:
    """A bid as the startup compares it: its maker, cluster, rating and plan."""

    bid: PrototypeBid
    maker: Organization
    rating: tuple[float | None, int]


@dataclasses.dataclass
class QuestionView:
    """A public question, its asker and its answer."""

    question: PrototypeQuestion
    maker: Organization


@dataclasses.dataclass
class Thread:
    """The private messages between the startup and one maker."""

    maker: Organization
    messages: list[PrototypeMessage]


@dataclasses.dataclass
class RequestDetail:
    """Everything the request page shows the viewer, and what the viewer may do."""

    request: PrototypeRequest
    startup: Organization
    title: content.LocalizedText | None
    description: content.LocalizedText | None
    texts: dict
    state: str
    is_startup: bool
    maker_orgs: list[Organization]
    nda_accepted: set[int]
    files: list[PrototypeFile]
    file_count: int
    files_visible: bool
    questions: list[QuestionView]
    own_bids: list[PrototypeBid]
    bids: list[BidView]
    invites: list[tuple[PrototypeInvite, Organization]]
    threads: list[Thread]
    commission: Commission | None

    @property
    def is_maker(self) -> bool:
        return bool(self.maker_orgs)

    @property
    def can_bid(self) -> bool:
        return self.is_maker and not self.is_startup and self.state == "open"

    @property
    def needs_nda(self) -> bool:
        """A maker viewer that must accept the NDA before it sees files, bids or writes privately."""
        return self.is_maker and self.request.nda_required and not self.nda_accepted

    @property
    def own_bid(self) -> PrototypeBid | None:
        return self.own_bids[0] if self.own_bids else None

    @property
    def lowest_price(self) -> int | None:
        prices = [b.bid.price_krw for b in self.bids if b.bid.status == BidStatus.open]
        return min(prices) if prices else None


def request_detail(session: Session, user, request_id: int, locale: str = DEFAULT_LOCALE) -> RequestDetail:
    """The request page as the viewer sees it: public facts, Q&A; files only for those allowed (NDA); bids to
    compare, invitations and threads for the startup; its own bid and thread for a maker. Refuses (not_found)
    requests that are not open to anyone but the startup, the makers involved and staff."""
    req = _get_request(session, request_id)
    if not _visible(session, user, req):
        raise _not_found()
    own = _org_ids(session, user)
    is_startup = req.startup_org_id in own
    maker_orgs = [] if is_startup else maker_organizations(session, user)
    maker_ids = {m.id for m in maker_orgs}
    texts = content.load_texts(session, ENTITY, [req.id])[req.id]
    files = list(session.exec(select(PrototypeFile).where(PrototypeFile.request_id == req.id)
                              .order_by(PrototypeFile.id)))
    visible = can_see_files(session, user, req)
    question_rows = session.exec(select(PrototypeQuestion, Organization)
                                 .join(Organization, Organization.id == PrototypeQuestion.maker_org_id)
                                 .where(PrototypeQuestion.request_id == req.id)
                                 .order_by(PrototypeQuestion.created_at, PrototypeQuestion.id))
    bids: list[BidView] = []
    invites: list[tuple[PrototypeInvite, Organization]] = []
    own_bids: list[PrototypeBid] = []
    if is_startup:
        rows = list(session.exec(select(PrototypeBid, Organization)
                                 .join(Organization, Organization.id == PrototypeBid.maker_org_id)
                                 .where(PrototypeBid.request_id == req.id)
                                 .order_by(PrototypeBid.price_krw, PrototypeBid.id)))
        ratings = rating_summaries(session, [o.id for _b, o in rows])
        bids = [BidView(b, o, ratings.get(o.id, (None, 0))) for b, o in rows]
        invites = [tuple(r) for r in session.exec(
            select(PrototypeInvite, Organization).join(Organization, Organization.id == PrototypeInvite.maker_org_id)
            .where(PrototypeInvite.request_id == req.id).order_by(PrototypeInvite.created_at))]
    elif maker_ids:
        own_bids = list(session.exec(select(PrototypeBid).where(PrototypeBid.request_id == req.id,
                                                                PrototypeBid.maker_org_id.in_(maker_ids))))
    threads: list[Thread] = []
    if is_startup or maker_ids:
        query = select(PrototypeMessage).where(PrototypeMessage.request_id == req.id)
        if not is_startup:
            query = query.where(PrototypeMessage.maker_org_id.in_(maker_ids))
        seeds = set(maker_ids)
        if is_startup:
            # The startup may write first to any maker that accepted the NDA (or bid, when none is asked).
            seeds = set(session.exec(select(NdaAcceptance.maker_org_id).where(NdaAcceptance.request_id == req.id)))
            if not req.nda_required:
                seeds |= {b.bid.maker_org_id for b in bids}
        by_maker: dict[int, list[PrototypeMessage]] = {i: [] for i in seeds}
        for m in session.exec(query.order_by(PrototypeMessage.created_at, PrototypeMessage.id)):
            by_maker.setdefault(m.maker_org_id, []).append(m)
        orgs = {o.id: o for o in session.exec(select(Organization).where(Organization.id.in_(set(by_maker) or {0})))}
        threads = [Thread(orgs[i], by_maker[i]) for i in sorted(by_maker, key=lambda i: orgs[i].name)]
    commission = session.exec(select(Commission).where(Commission.request_id == req.id)).first()
    if commission is not None and _commission_side(session, user, commission) is None:
        commission = None
    return RequestDetail(
        request=req, startup=session.get(Organization, req.startup_org_id),
        title=content.resolve(texts.get("title", {}), locale),
        description=content.resolve(texts.get("description", {}), locale), texts=texts,
        state=request_state(req), is_startup=is_startup, maker_orgs=maker_orgs,
        nda_accepted=_nda_orgs(session, req, maker_ids), files=files if visible else [], file_count=len(files),
        files_visible=visible, questions=[QuestionView(q, o) for q, o in question_rows], own_bids=own_bids,
        bids=bids, invites=invites, threads=threads, commission=commission)


@dataclasses.dataclass
class DeliveryView:
    """A delivery with its files."""

    delivery: MilestoneDelivery
    files: list[DeliveryFile]


@dataclasses.dataclass
class MilestoneView:
    """A milestone with its deliveries (newest first)."""

    milestone: Milestone
    deliveries: list[DeliveryView]


@dataclasses.dataclass
class CommissionDetail:
    """A commission's page: both sides, its milestones, its timeline, ratings, and what the viewer may do."""

    commission: Commission
    side: Side
    request: PrototypeRequest
    title: content.LocalizedText | None
    startup: Organization
    maker: Organization
    bid: PrototypeBid
    milestones: list[MilestoneView]
    events: list[tuple[CommissionEvent, User | None]]
    ratings: list[Rating]

    @property
    def paid_krw(self) -> int:
        return sum(v.milestone.amount_krw for v in self.milestones
                   if v.milestone.status in (MilestoneStatus.funded, MilestoneStatus.delivered,
                                             MilestoneStatus.rejected, MilestoneStatus.approved))

    @property
    def approved_krw(self) -> int:
        return sum(v.milestone.amount_krw for v in self.milestones if v.milestone.status == MilestoneStatus.approved)

    @property
    def own_rating(self) -> Rating | None:
        return next((r for r in self.ratings if r.side == self.side), None)

    @property
    def can_rate(self) -> bool:
        return self.commission.status == CommissionStatus.completed and self.own_rating is None


def commission_detail(session: Session, user, commission_id: int, locale: str = DEFAULT_LOCALE
                      ) -> CommissionDetail:
    """A commission for its two sides; refuses (not_found) everyone else."""
    commission, side = get_commission(session, user, commission_id)
    req = session.get(PrototypeRequest, commission.request_id)
    milestones = list(session.exec(select(Milestone).where(Milestone.commission_id == commission.id)
                                   .order_by(Milestone.position)))
    deliveries = list(session.exec(select(MilestoneDelivery).where(
        MilestoneDelivery.milestone_id.in_([m.id for m in milestones] or [0]))
        .order_by(MilestoneDelivery.created_at.desc(), MilestoneDelivery.id.desc())))
    delivery_files: dict[int, list[DeliveryFile]] = {}
    for f in session.exec(select(DeliveryFile).where(DeliveryFile.delivery_id.in_([d.id for d in deliveries] or [0]))
                          .order_by(DeliveryFile.id)):
        delivery_files.setdefault(f.delivery_id, []).append(f)
    views = [MilestoneView(m, [DeliveryView(d, delivery_files.get(d.id, [])) for d in deliveries
                               if d.milestone_id == m.id]) for m in milestones]
    events = [tuple(e) for e in session.exec(
        select(CommissionEvent, User).outerjoin(User, User.id == CommissionEvent.actor_id)
        .where(CommissionEvent.commission_id == commission.id)
        .order_by(CommissionEvent.created_at, CommissionEvent.id))]
    ratings = list(session.exec(select(Rating).where(Rating.commission_id == commission.id).order_by(Rating.id)))
    title = content.resolve(content.load_texts(session, ENTITY, [req.id])[req.id].get("title", {}), locale)
    return CommissionDetail(commission, side, req, title, session.get(Organization, commission.startup_org_id),
                            session.get(Organization, commission.maker_org_id),
                            session.get(PrototypeBid, commission.bid_id), views, events, ratings)


def get_delivery_file(session: Session, user, commission_id: int, file_id: int) -> DeliveryFile:
    """A delivery's file for the commission's two sides only; refuses (not_found) everyone else."""
    commission, _side = get_commission(session, user, commission_id)
    item = session.get(DeliveryFile, file_id)
    if item is None:
        raise _not_found("file")
    delivery = session.get(MilestoneDelivery, item.delivery_id)
    milestone = session.get(Milestone, delivery.milestone_id)
    if milestone.commission_id != commission.id:
        raise _not_found("file")
    return item


def commission_of_milestone(session: Session, milestone_id: int) -> int | None:
    """The commission a milestone belongs to (for redirects)."""
    milestone = session.get(Milestone, milestone_id)
    return milestone.commission_id if milestone is not None else None


def request_of_bid(session: Session, bid_id: int) -> int | None:
    """The request a bid belongs to (for redirects)."""
    bid = session.get(PrototypeBid, bid_id)
    return bid.request_id if bid is not None else None


def request_of_question(session: Session, question_id: int) -> int | None:
    """The request a question belongs to (for redirects)."""
    question = session.get(PrototypeQuestion, question_id)
    return question.request_id if question is not None else None


def milestone_transition_allowed(frm: str, to: str, side: Side) -> bool:
    """Whether ``side`` may move a milestone from ``frm`` to ``to`` (for pages deciding which buttons to show)."""
    return MILESTONE_TRANSITIONS.get((MilestoneStatus(frm), MilestoneStatus(to))) == side
