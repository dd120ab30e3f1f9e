"""Suggestion feedback and saved searches: a user's verdict on a suggestion (kept to evaluate the ranking) and the
searches a user keeps to be alerted of new matches."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from flask_babel import gettext as _
from sqlmodel import Session, select

from market.accounts.models import User
from market.db import utcnow
from matching.errors import MatchingError, not_found
from matching.models import SavedSearch, SuggestionFeedback
from matching.services.docs import parse_doc_id
from matching.services.rights import is_member
from matching.services.validation import clean_lang, parse_kinds


def record_feedback(session: Session, user: User, doc_id: str, useful: bool, *, org_id: int | None = None,
                    context: Mapping | None = None) -> SuggestionFeedback:
    """Keep a user's verdict on a suggestion (for evaluation); refuses a malformed doc id and an organisation
    the user does not belong to."""
    if parse_doc_id(doc_id) is None:
        raise MatchingError(_("Unknown profile or listing."), "doc_id")
    if org_id is not None and not is_member(session, user, org_id):
        raise not_found("org_id")
    context = dict(context or {})
    if len(json.dumps(context, default=str)) > 4000:
        raise MatchingError(_("The context is too large."), "context")
    row = SuggestionFeedback(user_id=user.id, org_id=org_id, doc_id=doc_id, useful=bool(useful),
                             context=json.loads(json.dumps(context, default=str)))
    session.add(row)
    session.flush()
    return row


def create_saved_search(session: Session, user: User, *, query: str, lang: str, kinds: Iterable[str] = (),
                        filters: Mapping | None = None, org_id: int | None = None,
                        known_doc_ids: Iterable[str] = ()) -> SavedSearch:
    """Keep a search for alerts; refuses an empty query, unknown kinds or language, and a foreign organisation."""
    text = " ".join((query or "").split())
    if not text:
        raise MatchingError(_("Enter what you are looking for."), "query")
    if len(text) > 500:
        raise MatchingError(_("The text is too long (at most %(n)d characters).", n=500), "query")
    if org_id is not None and not is_member(session, user, org_id):
        raise not_found("org_id")
    search = SavedSearch(user_id=user.id, org_id=org_id, query=text, lang=clean_lang(lang),
                         kinds=list(parse_kinds(kinds)), filters=dict(filters or {}),
                         known_doc_ids=list(dict.fromkeys(known_doc_ids)))
    session.add(search)
    session.flush()
    return search


def list_saved_searches(session: Session, user: User) -> list[SavedSearch]:
    """The user's saved searches, newest first."""
    return list(session.exec(select(SavedSearch).where(SavedSearch.user_id == user.id)
                             .order_by(SavedSearch.created_at.desc(), SavedSearch.id.desc())))


def delete_saved_search(session: Session, user: User, search_id: int) -> None:
    """Delete one of the user's saved searches (another user's: ``not_found``)."""
    search = session.get(SavedSearch, search_id)
    if search is None or search.user_id != user.id:
        raise not_found()
    session.delete(search)
    session.flush()


def mark_search_checked(session: Session, search: SavedSearch, doc_ids: Iterable[str]) -> list[str]:
    """Record a check of a saved search: returns the doc ids not seen before and remembers them all."""
    known = list(search.known_doc_ids or [])
    new = [d for d in dict.fromkeys(doc_ids) if d not in set(known)]
    search.known_doc_ids = known + new
    search.last_checked_at = utcnow()
    session.add(search)
    session.flush()
    return new
