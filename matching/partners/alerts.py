"""Always on: a new or changed profile or listing is matched against everyone at once, and both sides of each
strong new match are told — in the app at once, by mail at most once a day per person. Saved searches are
re-run against each new record and alert their owner when it enters their top results.

The job :func:`announce_job` runs after each commit that changed matching records (the services queue it with
the engine's own re-index job, :func:`matching.changes.docs_changed`: in-process by default, RQ with
``REDIS_URL``). A match is announced once per (organisation, own record, other record): :class:`MatchNotice` rows
are unique. Notices link to the alerts page in each recipient's language; mail goes out only after the commit.
"""

from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlmodel import Session, select

from market.accounts.models import Membership, Organization, User
from market.db import session_scope, utcnow
from market.mail import send_mail
from market.notifications.services import notify, notify_members, recipient_locale
from matching.documents import MatchDoc
from matching.engine.errors import EngineError
from matching.errors import MatchingError
from matching.models import SavedSearch
from matching.partners.models import MatchMail, MatchNotice
from matching.partners.services import engine, find_partners, gated_listing_ids
from matching.services.docs import docs_for
from matching.services.searches import create_saved_search, mark_search_checked

log = logging.getLogger("seoulmade.matching")
ALERTS_PAGE = "matching_partners.alerts_page"
SUGGEST_K = 10
SAVED_SEARCH_K = 10
MAX_SAVED_SEARCHES = 20
MAIL_EVERY = dt.timedelta(days=1)
MAIL_LIST = 10


class SavedSearchError(MatchingError):
    """A saved search that cannot be kept."""


def min_score() -> float:
    """The calibrated match score a suggestion needs to be announced (``MATCHING_ALERT_MIN_SCORE``)."""
    return float(current_app.config.get("MATCHING_ALERT_MIN_SCORE", 0.45))


# --- saved searches ---------------------------------------------------------------------------------------------


def save_search(session: Session, user: User, org: Organization | None, query: str, lang: str, kinds=None,
                filters=None):
    """Keep a search for alerts; the results it has now count as known (only new ones alert). Refuses a search
    that does not run (:class:`~matching.partners.services.PartnerSearchError`), one that cannot be kept
    (:class:`~matching.errors.MatchingError`) and one more than :data:`MAX_SAVED_SEARCHES`."""
    count = session.exec(select(sa.func.count()).select_from(SavedSearch)
                         .where(SavedSearch.user_id == user.id)).one()
    if count >= MAX_SAVED_SEARCHES:
        raise SavedSearchError(_("You can keep up to %(n)d saved searches; delete one first.",
                                 n=MAX_SAVED_SEARCHES), "query")
    results = find_partners(session, query, lang=lang, viewer_lang=lang, kinds=kinds, filters=filters,
                            k=SAVED_SEARCH_K, viewer_org_id=org.id if org else None)
    return create_saved_search(session, user, query=query, lang=lang, kinds=kinds or (), filters=filters,
                               org_id=org.id if org else None, known_doc_ids=[r.doc_id for r in results])


# --- announcing -------------------------------------------------------------------------------------------------


def announce_job(doc_ids: list[str]) -> int:
    """Job: bring the index up to date for ``doc_ids`` and announce their strong new matches."""
    current = engine()
    current.apply_changes(list(doc_ids), current.docs_source)
    with session_scope() as session:
        return announce(session, doc_ids)


def announce(session: Session, doc_ids, now: dt.datetime | None = None) -> int:
    """Match each (still existing) record of ``doc_ids`` against everyone and against saved searches; write
    one notice per new strong match to both sides, notify in the app, and send the mails that are due.
    Returns how many notices were written."""
    now = now or utcnow()
    written = 0
    threshold = min_score()
    for doc in docs_for(session, list(doc_ids)):
        try:
            matches = engine().suggest(doc, k=SUGGEST_K, explain=False)
        except EngineError as exc:
            log.info("no suggestions for %s: %s", doc.doc_id, exc)
            matches = []
        for match in matches:
            if match.confidence < threshold:
                continue
            other: MatchDoc = match.doc
            written += _notice(session, doc.org_id, doc.doc_id, other.doc_id, other.org_id, match.confidence,
                               "suggestion", now)
            written += _notice(session, other.org_id, other.doc_id, doc.doc_id, doc.org_id, match.confidence,
                               "suggestion", now)
        written += _check_saved_searches(session, doc, now)
    send_due_mails(session, now)
    return written


def _check_saved_searches(session: Session, doc: MatchDoc, now: dt.datetime) -> int:
    written = 0
    for saved in session.exec(select(SavedSearch).order_by(SavedSearch.id)):
        if saved.org_id == doc.org_id or doc.doc_id in (saved.known_doc_ids or []):
            continue
        if saved.kinds and doc.kind not in saved.kinds:
            continue
        try:
            results = engine().search(saved.query, lang=saved.lang, kinds=saved.kinds or None,
                                      filters=saved.filters or None, k=SAVED_SEARCH_K,
                                      exclude_org_id=saved.org_id, explain=False)
        except EngineError as exc:
            log.info("saved search %s no longer runs: %s", saved.id, exc)
            continue
        hit = next((m for m in results if m.doc_id == doc.doc_id), None)
        saved.last_checked_at = now
        if hit is None:
            continue
        mark_search_checked(session, saved, [doc.doc_id])
        if saved.org_id is not None:
            written += _notice(session, saved.org_id, f"s:{saved.id}", doc.doc_id, doc.org_id, hit.confidence,
                               "saved_search", now, user_ids=[saved.user_id])
    return written


def _notice(session: Session, org_id: int, doc_id: str, other_doc_id: str, other_org_id: int, score: float,
            reason: str, now: dt.datetime, user_ids=None) -> int:
    """Write one notice unless this match was announced before; tell the organisation's people (``user_ids``
    only, when given) in the app, each in their own language."""
    exists = session.exec(select(MatchNotice.id).where(MatchNotice.org_id == org_id,
                                                       MatchNotice.doc_id == doc_id,
                                                       MatchNotice.other_doc_id == other_doc_id)).first()
    if exists:
        return 0
    try:
        with session.begin_nested():
            session.add(MatchNotice(org_id=org_id, doc_id=doc_id, other_doc_id=other_doc_id,
                                    other_org_id=other_org_id, score=round(float(score), 4), reason=reason,
                                    created_at=now))
    except sa.exc.IntegrityError:  # announced by a concurrent job
        return 0
    if user_ids is None:
        notify_members(session, org_id, "match", lambda: _("A new partner matches your profile."), ALERTS_PAGE,
                       mail=False)
        return 1
    org = session.get(Organization, org_id)
    for user in session.exec(select(User).where(User.id.in_(user_ids)).order_by(User.id)):
        locale = recipient_locale(user, org)
        with force_locale(locale):
            notify(session, [user.id], "match", _("A saved search has a new match."),
                   url_for(ALERTS_PAGE, lang=locale, _external=False), mail=False)
    return 1


def send_due_mails(session: Session, now: dt.datetime | None = None) -> int:
    """Mail each person whose organisations have new match notices since their last match mail — at most one
    mail per person per day; later notices wait for the next one. Returns how many mails went out."""
    now = now or utcnow()
    sent = 0
    rows = session.exec(select(Membership.user_id, MatchNotice)
                        .join(MatchNotice, MatchNotice.org_id == Membership.organization_id)
                        .order_by(Membership.user_id, MatchNotice.id)).all()
    by_user: dict[int, list[MatchNotice]] = {}
    for user_id, notice in rows:
        by_user.setdefault(user_id, []).append(notice)
    for user_id, notices in by_user.items():
        user = session.get(User, user_id)
        if user is None or not user.is_active:
            continue
        last = session.get(MatchMail, user_id)
        if last is not None and now - last.last_sent_at < MAIL_EVERY:
            continue
        fresh = [n for n in notices if last is None or n.created_at > last.last_sent_at]
        if not fresh:
            continue
        names = {o.id: o.name for o in session.exec(
            select(Organization).where(Organization.id.in_(sorted({n.other_org_id for n in fresh}))))}
        lang = recipient_locale(user)
        with force_locale(lang):
            lines = [f"- {names.get(n.other_org_id, '?')} ({n.score:.2f})" for n in fresh[:MAIL_LIST]]
            if len(fresh) > MAIL_LIST:
                lines.append(_("… and %(n)d more.", n=len(fresh) - MAIL_LIST))
            subject = _("%(n)d new partner matches", n=len(fresh))
            link = url_for(ALERTS_PAGE, lang=lang, _external=True)
            body = _("Hello %(name)s,\n\nNew matches for your organisation:\n%(lines)s\n\nSee them here:\n%(link)s\n",
                     name=user.display_name, lines="\n".join(lines), link=link)
        send_mail(session, user.email, subject, body)
        if last is None:
            session.add(MatchMail(user_id=user_id, last_sent_at=now))
        else:
            last.last_sent_at = now
            session.add(last)
        sent += 1
    session.flush()
    return sent


def notices_for(session: Session, org_id: int, limit: int = 50) -> list[MatchNotice]:
    """The organisation's latest match notices, newest first."""
    return list(session.exec(select(MatchNotice).where(MatchNotice.org_id == org_id)
                             .order_by(MatchNotice.id.desc()).limit(limit)))


def describe_notices(session: Session, notices: list[MatchNotice]) -> list[dict]:
    """Notices with what a page shows: the other record's title and organisation (anonymous behind an NDA)."""
    docs = {d.doc_id: d for d in docs_for(session, sorted({n.other_doc_id for n in notices}))}
    gated = gated_listing_ids(session, [int(d[2:]) for d in docs if d.startswith("t:")])
    names = {o.id: o.name for o in session.exec(
        select(Organization).where(Organization.id.in_(sorted({n.other_org_id for n in notices}) or [0])))}
    rows = []
    for notice in notices:
        doc = docs.get(notice.other_doc_id)
        is_gated = notice.other_doc_id.startswith("t:") and int(notice.other_doc_id[2:]) in gated
        rows.append({"notice": notice, "doc": doc, "title": doc.title if doc else None, "gated": is_gated,
                     "org_name": None if is_gated else names.get(notice.other_org_id),
                     "listing_id": int(notice.other_doc_id[2:]) if notice.other_doc_id.startswith("t:") else None,
                     "profile_id": int(notice.other_doc_id[2:]) if notice.other_doc_id.startswith("p:") else None})
    return rows
