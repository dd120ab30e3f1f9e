"""Saved searches of the programme directory, with alerts: a signed-in user keeps the directory's filters (trade,
support type, borough, status, deadline, closing this week) under a name; when a programme matching them opens —
its window starts, staff open it early, or a new one is published already open — they get a notice in the app
and a mail, in their language, with the link to the programme.

As matching's saved searches do, the programmes open when the search is saved count as known: only programmes
that open afterwards alert. Each (search, programme) is one :class:`ProgrammeSearchHit` row, unique, so a
programme never alerts the same search twice — not when it closes and reopens, not when two runners of the timed
step (:mod:`market.schedule`) meet — and a person whose several searches match it hears of it once. A paused search alerts nothing; resumed, it alerts the matching programmes
that are open then and that it has not seen.

A saved search alerts about programmes opening: its ``status`` filter narrows the list it opens, not the alerts.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlmodel import Session, func, select

from i18n.times import format_datetime, utcnow
from market.accounts.models import User
from market.notifications.services import notify, recipient_locale
from market.programmes.labels import text
from market.programmes.models import Programme, ProgrammeSearch, ProgrammeSearchHit, ProgrammeStatus
from market.programmes.services import directory
from market.programmes.services.texts import programme_texts
from market.refusals import Refusal, conflict, forbidden, not_found

MAX_SEARCHES = 20
NAME_MAX = 80
FILTER_KEYS = ("trade", "type", "district", "status", "deadline_before", "closing_this_week")


def clean_filters(values: dict | None) -> dict:
    """The filters as stored: only those set, strings stripped, the deadline as an ISO date; refuses an unknown
    trade, type or status and a deadline that is not a date (422, on the field)."""
    values = values or {}
    clean: dict = {}
    for key in ("trade", "type", "district", "status"):
        value = str(values.get(key) or "").strip()
        if value:
            clean[key] = value
    if len(clean.get("district", "")) > 60:
        raise Refusal(_("Keep it under %(n)d characters.", n=60), field="district")
    deadline = values.get("deadline_before")
    if deadline:
        try:
            clean["deadline_before"] = (deadline if isinstance(deadline, dt.date)
                                        else dt.date.fromisoformat(str(deadline).strip())).isoformat()
        except ValueError:
            raise Refusal(_("Give the date as YYYY-MM-DD."), field="deadline_before") from None
    if values.get("closing_this_week") in (True, "y", "yes", "on", "true", "1", 1):
        clean["closing_this_week"] = True
    directory.check_filters(to_filters(clean))
    return clean


def to_filters(saved: dict) -> directory.Filters:
    """The directory's filters from stored ones."""
    deadline = saved.get("deadline_before")
    return directory.Filters(trade=saved.get("trade"), support_type=saved.get("type"),
                             district=saved.get("district"), status=saved.get("status"),
                             deadline_before=dt.date.fromisoformat(deadline) if deadline else None,
                             closing_this_week=bool(saved.get("closing_this_week")))


def query_args(saved: dict) -> dict:
    """The directory's query string of stored filters (``closing_this_week=y``)."""
    return {k: ("y" if v is True else v) for k, v in saved.items() if k in FILTER_KEYS}


def _open_matches(session: Session, search: ProgrammeSearch, now: dt.datetime, ids=None) -> list[Programme]:
    filters = to_filters(search.filters)
    filters.status = ProgrammeStatus.open.value
    return directory.matching_programmes(session, filters, now, ids)


def _require_user(user) -> None:
    if user is None or not getattr(user, "is_authenticated", False):
        raise forbidden()


def _clean_name(session: Session, user, name, search_id: int | None = None) -> str:
    name = " ".join(str(name or "").split())
    if not name:
        raise Refusal(_("Give the search a name."), field="name")
    if len(name) > NAME_MAX:
        raise Refusal(_("Keep it under %(n)d characters.", n=NAME_MAX), field="name")
    for other in searches_of(session, user):
        if other.id != search_id and other.name.casefold() == name.casefold():
            raise Refusal(_("You already have a saved search named “%(name)s”.", name=other.name), field="name",
                          code="name_taken", status=409)
    return name


def searches_of(session: Session, user) -> list[ProgrammeSearch]:
    """The user's saved searches, by name."""
    return list(session.exec(select(ProgrammeSearch).where(ProgrammeSearch.user_id == user.id)
                             .order_by(ProgrammeSearch.name, ProgrammeSearch.id)))


def save_search(session: Session, user, name: str, filters: dict | None, now: dt.datetime | None = None
                ) -> ProgrammeSearch:
    """Keep the filters under a name for alerts; the programmes open now count as known. Refuses an empty name
    and bad filters (422), a name taken (409, ``name_taken``), the same filters saved already (409,
    ``duplicate_search``) and more than :data:`MAX_SEARCHES` (409, ``too_many``)."""
    _require_user(user)
    now = now or utcnow()
    clean_name = _clean_name(session, user, name)
    clean = clean_filters(filters)
    existing = searches_of(session, user)
    same = next((s for s in existing if s.filters == clean), None)
    if same is not None:
        raise conflict(_("Your saved search “%(name)s” already has these filters: you will be alerted once.",
                         name=same.name), code="duplicate_search")
    if len(existing) >= MAX_SEARCHES:
        raise Refusal(_("You can keep up to %(n)d saved searches; delete one first.", n=MAX_SEARCHES),
                      field="name", code="too_many", status=409)
    search = ProgrammeSearch(user_id=user.id, name=clean_name, filters=clean, created_at=now, updated_at=now)
    session.add(search)
    session.flush()
    for programme in _open_matches(session, search, now):
        session.add(ProgrammeSearchHit(search_id=search.id, programme_id=programme.id, alerted=False,
                                       created_at=now))
    session.flush()
    return search


def get_search(session: Session, user, search_id: int) -> ProgrammeSearch:
    """One of the user's saved searches; 404 for anyone else's."""
    _require_user(user)
    search = session.get(ProgrammeSearch, search_id)
    if search is None or search.user_id != user.id:
        raise not_found()
    return search


def update_search(session: Session, user, search_id: int, *, name: str | None = None,
                  paused: bool | None = None) -> ProgrammeSearch:
    """Rename a saved search and/or pause or resume its alerts; refuses an empty name (422) and one taken
    (409, ``name_taken``)."""
    search = get_search(session, user, search_id)
    if name is not None:
        search.name = _clean_name(session, user, name, search.id)
    if paused is not None:
        search.paused = bool(paused)
    search.updated_at = utcnow()
    session.add(search)
    session.flush()
    return search


def delete_search(session: Session, user, search_id: int) -> None:
    """Delete a saved search and what it has seen."""
    search = get_search(session, user, search_id)
    session.exec(sa.delete(ProgrammeSearchHit).where(ProgrammeSearchHit.search_id == search.id))
    session.delete(search)
    session.flush()


def open_counts(session: Session, searches: list[ProgrammeSearch], now: dt.datetime | None = None
                ) -> dict[int, int]:
    """How many programmes matching each search are open now."""
    now = now or utcnow()
    return {s.id: len(_open_matches(session, s, now)) for s in searches}


def alerts_sent(session: Session, searches: list[ProgrammeSearch]) -> dict[int, int]:
    """How many alerts each search has sent."""
    ids = [s.id for s in searches] or [0]
    rows = session.exec(select(ProgrammeSearchHit.search_id, func.count()).where(
        ProgrammeSearchHit.search_id.in_(ids), ProgrammeSearchHit.alerted == sa.true())
        .group_by(ProgrammeSearchHit.search_id)).all()
    return dict(rows)


def alert_saved_searches(session: Session, now: dt.datetime | None = None,
                         programme_ids: list[int] | None = None) -> int:
    """Timed step (and after staff open or publish a programme): alert every active saved search of each open
    programme matching it that it has not seen (only ``programme_ids`` when given). Returns how many alerts
    went out; a second run sends none."""
    now = now or utcnow()
    sent = 0
    # A person with two searches matching the same programme hears of it once.
    told = set(session.exec(select(ProgrammeSearch.user_id, ProgrammeSearchHit.programme_id)
                            .join(ProgrammeSearch, ProgrammeSearch.id == ProgrammeSearchHit.search_id)
                            .where(ProgrammeSearchHit.alerted == sa.true())).all())
    for search in session.exec(select(ProgrammeSearch).where(ProgrammeSearch.paused == sa.false())
                               .order_by(ProgrammeSearch.id)).all():
        seen = set(session.exec(select(ProgrammeSearchHit.programme_id)
                                .where(ProgrammeSearchHit.search_id == search.id)))
        for programme in _open_matches(session, search, now, programme_ids):
            if programme.id in seen:
                continue
            alert = (search.user_id, programme.id) not in told
            try:
                with session.begin_nested():
                    session.add(ProgrammeSearchHit(search_id=search.id, programme_id=programme.id, alerted=alert,
                                                   created_at=now))
            except sa.exc.IntegrityError:  # alerted by another runner at the same moment
                continue
            if alert:
                told.add((search.user_id, programme.id))
                _alert(session, search, programme)
                sent += 1
    return sent


def _alert(session: Session, search: ProgrammeSearch, programme: Programme) -> None:
    user = session.get(User, search.user_id)
    if user is None or not user.is_active:
        return
    locale = recipient_locale(user)
    title = text(programme_texts(session, programme).title, locale)
    with force_locale(locale):
        message = _("%(programme)s is open for applications until %(deadline)s (your saved search “%(search)s”).",
                    programme=title, deadline=format_datetime(programme.closes_at, "short"), search=search.name)
        notify(session, [user.id], "programme_alert", message,
               url_for("market_programmes.detail", lang=locale, id=programme.id, _external=False))
