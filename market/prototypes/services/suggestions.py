"""Makers for a request: suggested by the matching engine (within the clusters of the request's category), or
ranked by those clusters when the engine finds none, each with its reasons in plain words; and the startup's
invitations to bid.

Finding them takes seconds (the engine loads its model and index), so it is never done while a page waits:
posting a request queues :func:`find_suggestions_job` for after the commit, which stores the makers
(:class:`~market.prototypes.models.PrototypeSuggestion`, reasons in the request's language) and marks the
request's ``suggestions_status`` ready (or failed); the page shows progress until then."""

from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from catalog.makers.models import MakerProfile
from i18n import content, vocabularies
from i18n.locales import current_locale
from market.accounts.models import Organization, OrganizationKind
from market.clusters import Cluster, cluster_name
from market.db import session_scope, utcnow
from market.jobs import after_commit
from market.notifications.services import notify_members
from market.prototypes.models import (
    ENTITY,
    Category,
    PrototypeInvite,
    PrototypeRequest,
    PrototypeSuggestion,
    SuggestionStatus,
)
from market.prototypes.services.access import get_request, require_startup_member
from market.prototypes.services.base import (
    CATEGORY_CLUSTERS,
    CATEGORY_LABELS,
    PrototypeError,
    conflict,
    request_state,
)
from market.prototypes.services.ratings import rating_summaries
from matching.partners.services import find_partners

log = logging.getLogger("seoulmade.prototypes")

# A maker suggested for a request: (maker organisation, score 0–1, reasons in plain words).
Suggestion = tuple[Organization, float, list[str]]

SUGGESTIONS = 5
SUGGESTIONS_JOB = "market.prototypes.services.suggestions.find_suggestions_job"
# A search still pending after this long was lost (a worker stopped): the startup may start it again.
STALE_AFTER = dt.timedelta(minutes=5)


def queue_suggestions(session: Session, req: PrototypeRequest) -> None:
    """Mark the request's suggestions as being looked for and queue the search for after the commit."""
    session.exec(sa.update(PrototypeRequest).where(PrototypeRequest.id == req.id)
                 .values(suggestions_status=SuggestionStatus.pending, suggestions_at=utcnow())
                 .execution_options(synchronize_session=False))
    session.flush()
    session.refresh(req)
    after_commit(session, SUGGESTIONS_JOB, req.id)


def find_suggestions_job(request_id: int) -> str:
    """The background job: find the makers for a request (in the request's language) and store them, replacing
    earlier ones; the request's suggestions become ready, or failed when the search broke."""
    with session_scope() as session:
        req = session.get(PrototypeRequest, request_id)
        if req is None:
            return "skipped"
        try:
            with session.begin_nested(), force_locale(req.source_locale):
                found = suggest_makers(session, req, k=SUGGESTIONS)
                session.exec(sa.delete(PrototypeSuggestion).where(PrototypeSuggestion.request_id == req.id))
                session.add_all([PrototypeSuggestion(request_id=req.id, maker_org_id=org.id, position=n,
                                                     score=score, reasons=[str(line) for line in lines])
                                 for n, (org, score, lines) in enumerate(found, start=1)])
                session.flush()
            status = SuggestionStatus.ready
        except Exception:  # noqa: BLE001 - a broken search is recorded; the startup may try again
            log.exception("suggestions for prototype request %s failed", request_id)
            status = SuggestionStatus.failed
        req.suggestions_status, req.suggestions_at = status, utcnow()
        session.add(req)
        return status.value


def suggestions_state(req: PrototypeRequest) -> str:
    """What the page shows: "pending" (looking, refresh), "stale" (a search that never finished), "ready" or
    "failed"."""
    status = SuggestionStatus(req.suggestions_status)
    if status == SuggestionStatus.pending and req.suggestions_at is not None \
            and utcnow() - req.suggestions_at > STALE_AFTER:
        return "stale"
    if status == SuggestionStatus.pending and req.suggestions_at is None:
        return "stale"  # never queued (posted before suggestions were stored)
    return status.value


def stored_suggestions(session: Session, req: PrototypeRequest) -> list[Suggestion]:
    """The makers the job found for a request, best first (empty until it is done)."""
    rows = session.exec(select(PrototypeSuggestion, Organization)
                        .join(Organization, Organization.id == PrototypeSuggestion.maker_org_id)
                        .where(PrototypeSuggestion.request_id == req.id).order_by(PrototypeSuggestion.position))
    return [(org, row.score, list(row.reasons or [])) for row, org in rows]


def restart_suggestions(session: Session, user, request_id: int) -> PrototypeRequest:
    """The startup asks to look for makers again (after a failed or lost search); refuses others (403) and a
    search still running (409)."""
    req = get_request(session, request_id)
    require_startup_member(session, user, req)
    if suggestions_state(req) == "pending":
        raise conflict(_("Makers are still being looked for."), "pending")
    queue_suggestions(session, req)
    return req


def suggest_makers(session: Session, request: PrototypeRequest, k: int = 5) -> list[Suggestion]:
    """Up to ``k`` makers for a request, best first, each as (maker org, score, explanation lines).

    The matching engine's makers (:func:`matching.partners.services.find_partners`) when it finds any; else an
    honest ranking: makers in the clusters that specialise in the request's category, then those whose
    capabilities or materials share words with the request, then their prototype ratings."""
    engine = _engine_suggestions(session, request, k)
    if engine is not None:
        return engine
    return _cluster_suggestions(session, request, k)


def _clusters_for(request: PrototypeRequest) -> list[str]:
    codes = list(CATEGORY_CLUSTERS[Category(request.category)])
    if request.cluster_code and request.cluster_code not in codes:
        codes.insert(0, request.cluster_code)
    return codes


def _engine_suggestions(session: Session, request: PrototypeRequest, k: int) -> list[Suggestion] | None:
    """The matching engine's makers for the request's text (title, description, materials in the startup's
    language), restricted to the clusters of its category, with the engine's explanation as lines; None (fall
    back to the cluster ranking) when the engine finds nothing or cannot answer."""
    texts = content.load_texts(session, ENTITY, [request.id])[request.id]
    lang = request.source_locale
    words = [row.text for field in ("title", "description") for loc, row in texts.get(field, {}).items()
             if loc == lang and row.text]
    materials = vocabularies.labels("materials", request.materials, lang)  # ids by their names, as the text
    query = "\n".join([*words, ", ".join(materials)]).strip()[:2000]
    if not query:
        return None
    try:
        results = find_partners(session, query, lang=lang, viewer_lang=current_locale(), kinds=["maker"],
                                filters={"cluster": _clusters_for(request)}, k=k,
                                viewer_org_id=request.startup_org_id)
    except ValueError:  # the engine's refusals (MatchingError) of a query it cannot answer
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
    category = Category(request.category)
    codes = _clusters_for(request)
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
    wanted = _words([vocabularies.search_text("materials", request.materials),
                     *(row.text for f in texts.values() for row in f.values())])
    scored = []
    for maker in makers:
        profile = profiles.get(maker.id)
        # Vocabulary ids are matched by their names in every language and shown in the reader's.
        offered = [*(("capabilities", v) for v in maker.capabilities or []),
                   *(("materials", v) for v in ((profile.materials or []) if profile else []))]
        shared = sorted({vocabularies.label(name, value, current_locale())[0] for name, value in offered
                         if _words([vocabularies.search_text(name, [value])]) & wanted})
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
    req = get_request(session, request_id)
    require_startup_member(session, user, req)
    maker = session.get(Organization, maker_org_id) if maker_org_id else None
    if maker is None or maker.kind != OrganizationKind.maker:
        raise PrototypeError(_("Choose a maker to invite."), "maker_org_id")
    if request_state(req) != "open":
        raise conflict(_("Makers can be invited only while the request is open for bids."), "wrong_state")
    query = select(PrototypeInvite).where(PrototypeInvite.request_id == req.id,
                                          PrototypeInvite.maker_org_id == maker.id)
    existing = session.exec(query).first()
    if existing is not None:
        return existing
    invite = PrototypeInvite(request_id=req.id, maker_org_id=maker.id, invited_by_id=user.id, score=score,
                             explanation=(explanation or "")[:2000])
    try:
        with session.begin_nested():
            session.add(invite)
    except IntegrityError:
        return session.exec(query).one()
    startup = session.get(Organization, req.startup_org_id)
    notify_members(session, maker.id, "prototype_invite",
                   lambda: _("%(startup)s invites you to bid on prototype request #%(id)d.", startup=startup.name,
                             id=req.id), "market_prototypes.detail", exclude_user_id=user.id, request_id=req.id)
    return invite
