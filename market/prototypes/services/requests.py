"""Prototype requests: posting one (texts in the author's language, checked files, NDA), its translations, and
the startup cancelling it."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session, select

from i18n import content
from i18n.locales import DEFAULT_LOCALE, LOCALES
from market.accounts.models import OrganizationKind
from market.clusters import get_cluster
from market.db import utcnow
from market.notifications.services import notify_members
from market.prototypes.models import (
    ENTITY,
    REQUEST_TRANSITIONS,
    BidStatus,
    PrototypeBid,
    PrototypeRequest,
    RequestStatus,
    Side,
)
from market.prototypes.services.access import get_request, require_startup_member, resolve_org
from market.prototypes.services.base import (
    MAX_DESCRIPTION,
    MAX_QUANTITY,
    MAX_TITLE,
    NDA_VERSION,
    PrototypeError,
    collect,
    parse_category,
    parse_deadline,
    parse_int,
    parse_krw,
    parse_materials,
    parse_text,
    refuse_fields,
    state_label,
)
from market.prototypes.services.files import check_uploads, store_request_files
from market.prototypes.services.suggestions import queue_suggestions
from market.transitions import apply_transition


def create_request(session: Session, user, *, title, description, category, quantity, budget_min_krw,
                   budget_max_krw, deadline, nda_required: bool = False, materials=None, cluster_code=None,
                   locale: str | None = None, startup_org_id: int | None = None, files=()) -> PrototypeRequest:
    """Post a prototype request for the user's startup, with its texts in ``locale`` and checked files.

    Refuses users outside startups (403), and with 422 and a message per field: an empty title or description,
    an unknown category or cluster, a quantity outside 1–1,000,000, budgets that are not whole won or whose
    minimum exceeds the maximum, a deadline in the past or more than a year ahead, and files that are not
    what they claim (see :mod:`market.uploads.files`). The suggested makers are looked for in a job once the
    request is committed (:func:`~market.prototypes.services.suggestions.queue_suggestions`)."""
    org = resolve_org(session, user, OrganizationKind.startup, startup_org_id, "startup_org_id")
    errors: dict[str, str] = {}
    title = collect(errors, parse_text, title, "title", MAX_TITLE, _("Give the request a title."))
    description = collect(errors, parse_text, description, "description", MAX_DESCRIPTION,
                          _("Describe what you need built."))
    category = collect(errors, parse_category, category)
    quantity = collect(errors, parse_int, quantity, "quantity", 1, MAX_QUANTITY,
                       _("Enter a quantity from 1 to %(max)s.", max=f"{MAX_QUANTITY:,}"))
    low = collect(errors, parse_krw, budget_min_krw, "budget_min_krw")
    high = collect(errors, parse_krw, budget_max_krw, "budget_max_krw")
    if low is not None and high is not None and low > high:
        errors["budget_max_krw"] = _("The maximum budget must be at least the minimum.")
    deadline = collect(errors, parse_deadline, deadline)
    materials = collect(errors, parse_materials, materials) or []
    cluster_code = (cluster_code or "").strip() or None
    if cluster_code and get_cluster(session, cluster_code) is None:
        errors["cluster_code"] = _("Choose a cluster from the list.")
    locale = locale or org.source_locale or DEFAULT_LOCALE
    if locale not in LOCALES:
        errors["locale"] = _("Unknown language.")
    checked = collect(errors, check_uploads, files) or []
    refuse_fields(errors)
    req = PrototypeRequest(startup_org_id=org.id, created_by_id=user.id, category=category, quantity=quantity,
                           cluster_code=cluster_code, materials=materials, budget_min_krw=low,
                           budget_max_krw=high, deadline=deadline, nda_required=bool(nda_required),
                           nda_version=NDA_VERSION if nda_required else None, source_locale=locale)
    session.add(req)
    session.flush()
    for field, text in (("title", title), ("description", description)):
        content.set_text(session, ENTITY, req.id, field, locale, text, content.TextSource.author, reviewed=True,
                         user_id=user.id)
    store_request_files(session, req, user, checked)
    queue_suggestions(session, req)
    return req


def set_translation(session: Session, user, request_id: int, locale: str, title: str, description: str,
                    ) -> PrototypeRequest:
    """Store the request's title and description in another language (the startup's members only); empty texts
    remove that language. The source language's text stays the author's."""
    req = get_request(session, request_id)
    require_startup_member(session, user, req)
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
    req = get_request(session, request_id, lock=True)
    require_startup_member(session, user, req)
    apply_transition(session, req, REQUEST_TRANSITIONS, RequestStatus.cancelled, role=Side.startup,
                     values={"closed_at": utcnow()}, label=state_label)
    bidders = list(session.exec(select(PrototypeBid.maker_org_id).where(
        PrototypeBid.request_id == req.id, PrototypeBid.status == BidStatus.open)))
    session.exec(sa.update(PrototypeBid).where(PrototypeBid.request_id == req.id,
                                               PrototypeBid.status == BidStatus.open)
                 .values(status=BidStatus.not_chosen, updated_at=utcnow())
                 .execution_options(synchronize_session=False))
    session.flush()
    for org_id in bidders:
        notify_members(session, org_id, "prototype_cancelled",
                       lambda: _("The prototype request #%(id)d you bid on was cancelled by the startup.", id=req.id),
                       "market_prototypes.detail", exclude_user_id=user.id, request_id=req.id)
    return req
