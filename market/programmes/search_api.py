"""API of saved programme searches: list, save, rename, pause or resume, delete. A saved search alerts its owner
(in the app and by mail) when a programme matching its filters opens — once per programme."""

from __future__ import annotations

from flask import url_for

from i18n.locales import current_locale
from market.api import Routes, api_user
from market.db import get_session
from market.programmes.api_models import SearchCreate, SearchList, SearchOut, SearchUpdate
from market.programmes.models import ProgrammeSearch
from market.programmes.services import searches

routes = Routes()
TAG = "programmes"


def search_out(search: ProgrammeSearch, open_now: int, alerts: int) -> SearchOut:
    return SearchOut(id=search.id, name=search.name, filters=search.filters, paused=search.paused,
                     open_now=open_now, alerts_sent=alerts, created_at=search.created_at,
                     url=url_for("market_programmes.index", lang=current_locale(),
                                 **searches.query_args(search.filters)))


def _out(search: ProgrammeSearch) -> SearchOut:
    session = get_session()
    return search_out(search, searches.open_counts(session, [search])[search.id],
                      searches.alerts_sent(session, [search]).get(search.id, 0))


@routes.endpoint("/programmes/searches", summary="List your saved programme searches", tag=TAG, response=SearchList)
def list_programme_searches():
    """Your saved searches, by name, with how many matching programmes are open now and the alerts sent."""
    session = get_session()
    rows = searches.searches_of(session, api_user())
    counts, sent = searches.open_counts(session, rows), searches.alerts_sent(session, rows)
    return SearchList(items=[search_out(s, counts[s.id], sent.get(s.id, 0)) for s in rows], total=len(rows),
                      page=1, per_page=searches.MAX_SEARCHES)


@routes.endpoint("/programmes/searches", "POST", summary="Save a programme search", tag=TAG, body=SearchCreate,
                 response=SearchOut, status=201, errors=(409,))
def create_programme_search(body: SearchCreate):
    """Keep the filters under a name and be alerted when a matching programme opens (programmes open now count
    as known). A name taken is a 409 (``name_taken``), the same filters saved already a 409
    (``duplicate_search``), more than twenty searches a 409 (``too_many``)."""
    filters = body.filters.model_dump(exclude_none=True)
    search = searches.save_search(get_session(), api_user(), body.name, filters)
    return _out(search), 201


@routes.endpoint("/programmes/searches/<int:id>", summary="Get a saved programme search", tag=TAG,
                 response=SearchOut)
def get_programme_search(id: int):
    """One of your saved searches."""
    return _out(searches.get_search(get_session(), api_user(), id))


@routes.endpoint("/programmes/searches/<int:id>", "PATCH", summary="Rename, pause or resume a saved search",
                 tag=TAG, body=SearchUpdate, response=SearchOut, errors=(409,))
def update_programme_search(id: int, body: SearchUpdate):
    """Rename a saved search and/or pause (``paused: true``) or resume its alerts."""
    return _out(searches.update_search(get_session(), api_user(), id, name=body.name, paused=body.paused))


@routes.endpoint("/programmes/searches/<int:id>", "DELETE", summary="Delete a saved search", tag=TAG, status=204)
def delete_programme_search(id: int):
    """Delete one of your saved searches."""
    searches.delete_search(get_session(), api_user(), id)
    return None
