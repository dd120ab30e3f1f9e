"""API of prototype commissions: post requests (JSON, then files as multipart), browse the board, accept NDAs,
ask questions, write privately, get suggestions and invite makers, bid, award, and run the commission's
milestones (deliver, approve, reject) to the end and its ratings.

Money is integer KRW in ``*_krw`` fields, shown converted beside it in ``currency`` (query ``currency=``).
Outsiders get 404; the wrong side gets 403; a step the current state does not allow gets 409: the services'
refusals answer in the API's error envelope on their own (:mod:`market.errors`). The shapes are in
:mod:`market.prototypes.api_models`.
"""

from __future__ import annotations

from flask import request, url_for
from flask_babel import gettext as _

from i18n import money, vocabularies
from i18n.locales import current_locale
from market.accounts.models import Organization, OrganizationKind
from market.api import FILE, Routes, api_user, authenticated_user, multipart
from market.db import get_session
from market.errors import ApiError
from market.prototypes.api_models import (
    AnswerCreate,
    BidCreate,
    BidOut,
    BoardQuery,
    ChangeCreate,
    ChangeDecision,
    ChangeOut,
    CommissionMessageOut,
    CommissionOut,
    DeliveryOut,
    Display,
    EventOut,
    FileOut,
    InviteCreate,
    InviteOut,
    MakerChoice,
    MessageOut,
    MilestoneOut,
    MilestonePlanItem,
    NdaOut,
    OrgOut,
    ProtoMoneyOut,
    ProtoTextOut,
    QuestionOut,
    RatingCreate,
    RatingList,
    RatingOut,
    RatingsQuery,
    RejectCreate,
    RequestCreate,
    RequestList,
    RequestOut,
    RequestSummary,
    SuggestionList,
    SuggestionOut,
    TextCreate,
)
from market.prototypes.payable import checkout_url
from market.prototypes.services.bids import award_bid, own_bid_id, submit_bid, withdraw_bid
from market.prototypes.services.changes import (
    accept_change,
    commission_of_change,
    propose_change,
    refuse_change,
    withdraw_change,
)
from market.prototypes.services.details import commission_detail, request_detail
from market.prototypes.services.files import add_files, get_request_file
from market.prototypes.services.milestones import approve_milestone, deliver_milestone, reject_milestone
from market.prototypes.services.nda import accept_nda
from market.prototypes.services.queries import BoardFilters, RequestRow, commission_of_milestone, list_board
from market.prototypes.services.questions import answer_question, ask_question, post_message
from market.prototypes.services.ratings import rate_commission, rating_summary, ratings_of
from market.prototypes.services.requests import cancel_request, create_request
from market.prototypes.services.suggestions import invite_maker, stored_suggestions, suggestions_state
from market.prototypes.services.thread import post_commission_message
from market.refusals import forbidden, not_found
from market.storage import send_private
from market.uploads.files import MAX_CAD_BYTES, read_upload

routes = Routes()
SUGGESTIONS = 5

# --- building answers ------------------------------------------------------------------------------------------


def _display(query: Display | None = None) -> tuple[str, str, dict]:
    locale = (query.lang if query else None) or current_locale()
    currency = (query.currency if query else None) or money.LOCALE_CURRENCY.get(locale, "USD")
    return locale, currency, money.latest_rates(get_session())


def _money(amount_krw: int, currency: str, rates) -> ProtoMoneyOut | None:
    converted = money.convert_krw(amount_krw, currency, rates)
    if converted is None:
        return None
    return ProtoMoneyOut(amount=str(converted.amount), currency=currency,
                         rate_date=converted.rate.rate_date if converted.rate else None)


def _text(value) -> ProtoTextOut | None:
    if value is None:
        return None
    return ProtoTextOut(text=value.text, locale=value.locale, fallback=value.is_fallback)


def _org(org) -> OrgOut:
    return OrgOut(id=org.id, name=org.name, kind=str(org.kind), cluster_code=org.cluster_code, country=org.country)


def _bid(bid, maker, currency, rates, rating=(None, 0)) -> BidOut:
    return BidOut(id=bid.id, request_id=bid.request_id, maker=_org(maker), price_krw=bid.price_krw,
                  price=_money(bid.price_krw, currency, rates), lead_time_days=bid.lead_time_days, notes=bid.notes,
                  milestones=[MilestonePlanItem(**step) for step in bid.milestones], status=bid.status,
                  revision=bid.revision, rating_average=rating[0], rating_count=rating[1],
                  created_at=bid.created_at, updated_at=bid.updated_at)


def _summary(row: RequestRow, currency, rates) -> RequestSummary:
    r = row.request
    return RequestSummary(
        id=r.id, state=row.state, title=_text(row.title), startup=_org(row.startup), category=r.category,
        cluster_code=r.cluster_code, quantity=r.quantity, budget_min_krw=r.budget_min_krw,
        budget_max_krw=r.budget_max_krw, budget_min=_money(r.budget_min_krw, currency, rates),
        budget_max=_money(r.budget_max_krw, currency, rates), deadline=r.deadline, nda_required=r.nda_required,
        bid_count=row.bid_count, question_count=row.question_count, created_at=r.created_at)


def _request(request_id: int, query: Display | None = None) -> RequestOut:
    session = get_session()
    locale, currency, rates = _display(query)
    d = request_detail(session, api_user(), request_id, locale)
    r = d.request
    own_bid = d.own_bid
    return RequestOut(
        id=r.id, state=d.state, title=_text(d.title), description=_text(d.description), startup=_org(d.startup),
        category=r.category, cluster_code=r.cluster_code, quantity=r.quantity, materials=r.materials,
        material_names=vocabularies.labels("materials", r.materials, locale), budget_min_krw=r.budget_min_krw,
        budget_max_krw=r.budget_max_krw,
        budget_min=_money(r.budget_min_krw, currency, rates), budget_max=_money(r.budget_max_krw, currency, rates),
        deadline=r.deadline, nda_required=r.nda_required, nda_version=r.nda_version,
        nda_accepted=bool(d.nda_accepted), source_locale=r.source_locale,
        your_role="startup" if d.is_startup else ("maker" if d.is_maker else "visitor"),
        files_visible=d.files_visible, file_count=d.file_count,
        files=[FileOut(id=f.id, filename=f.filename, content_type=f.content_type, size_bytes=f.size_bytes,
                       url=url_for("market_api.prototype_request_file", request_id=r.id, file_id=f.id))
               for f in d.files],
        questions=[QuestionOut(id=q.question.id, maker=_org(q.maker), body=q.question.body,
                               answer=q.question.answer, created_at=q.question.created_at,
                               answered_at=q.question.answered_at) for q in d.questions],
        bids=[_bid(b.bid, b.maker, currency, rates, b.rating) for b in d.bids],
        your_bid=_bid(own_bid, next(o for o in d.maker_orgs if o.id == own_bid.maker_org_id), currency, rates)
        if own_bid else None,
        invites=[InviteOut(id=i.id, maker=_org(o), score=i.score, explanation=i.explanation, created_at=i.created_at)
                 for i, o in d.invites],
        messages=[MessageOut(id=m.id, maker_org_id=m.maker_org_id, side=m.side, body=m.body, created_at=m.created_at)
                  for t in d.threads for m in t.messages],
        bid_count=sum(1 for b in d.bids if b.bid.status != "withdrawn") if d.is_startup else 0,
        question_count=len(d.questions), created_at=r.created_at,
        commission_id=d.commission.id if d.commission else None)


def _commission(commission_id: int, query: Display | None = None) -> CommissionOut:
    session = get_session()
    locale, currency, rates = _display(query)
    d = commission_detail(session, api_user(), commission_id, locale)
    c = d.commission
    orgs = {d.startup.id: d.startup, d.maker.id: d.maker}

    def file_out(f):
        return FileOut(id=f.id, filename=f.filename, content_type=f.content_type, size_bytes=f.size_bytes,
                       url=url_for("market_prototypes.delivery_file", commission_id=c.id, file_id=f.id))

    return CommissionOut(
        id=c.id, request_id=c.request_id, bid_id=c.bid_id, status=c.status, your_side=d.side,
        startup=_org(d.startup), maker=_org(d.maker), price_krw=c.price_krw,
        price=_money(c.price_krw, currency, rates), lead_time_days=c.lead_time_days,
        milestones=[MilestoneOut(
            id=v.milestone.id, position=v.milestone.position, title=v.milestone.title,
            amount_krw=v.milestone.amount_krw, amount=_money(v.milestone.amount_krw, currency, rates),
            status=v.milestone.status, funded_at=v.milestone.funded_at, delivered_at=v.milestone.delivered_at,
            approved_at=v.milestone.approved_at, released_at=v.milestone.released_at,
            fund_url=checkout_url(v.milestone) if v.milestone.id in d.fundable and d.side == "startup" else None,
            deliveries=[DeliveryOut(id=x.delivery.id, note=x.delivery.note, files=[file_out(f) for f in x.files],
                                    decision=x.delivery.decision, decision_comment=x.delivery.decision_comment,
                                    created_at=x.delivery.created_at, decided_at=x.delivery.decided_at)
                        for x in v.deliveries]) for v in d.milestones],
        events=[EventOut(kind=e.kind, milestone_id=e.milestone_id, note=e.note, created_at=e.created_at)
                for e, _actor in d.events],
        ratings=[RatingOut(id=r.id, side=r.side, rater=_org(orgs[r.rater_org_id]), ratee_org_id=r.ratee_org_id,
                           score=r.score, comment=r.comment, created_at=r.created_at) for r in d.ratings],
        messages=[CommissionMessageOut(
            id=m.id, side=m.side, body=m.body, created_at=m.created_at,
            files=[FileOut(id=f.id, filename=f.filename, content_type=f.content_type, size_bytes=f.size_bytes,
                           url=url_for("market_prototypes.message_file", commission_id=c.id, file_id=f.id))
                   for f in files]) for m, files in d.thread],
        changes=[ChangeOut(id=ch.id, side=ch.side, status=ch.status, price_krw=ch.price_krw,
                           lead_time_days=ch.lead_time_days, milestones=ch.milestones, reason=ch.reason,
                           decision_comment=ch.decision_comment, created_at=ch.created_at,
                           decided_at=ch.decided_at) for ch in d.changes],
        created_at=c.created_at, completed_at=c.completed_at)


def _uploads():
    return [read_upload(f, MAX_CAD_BYTES) for f in request.files.getlist("files") if f and f.filename]


# --- requests --------------------------------------------------------------------------------------------------


@routes.endpoint("/prototype-requests", summary="Browse the prototype board", tag="prototypes", query=BoardQuery,
                 response=RequestList, auth=False)
def prototype_board(query: BoardQuery):
    """Open requests still taking bids, filtered by category, cluster, budget range, deadline and NDA."""
    locale, currency, rates = _display(query)
    filters = BoardFilters(category=query.category, cluster=query.cluster, budget_min_krw=query.budget_min_krw,
                           budget_max_krw=query.budget_max_krw, deadline_before=query.deadline_before,
                           deadline_after=query.deadline_after, nda=query.nda, sort=query.sort, page=query.page,
                           per_page=query.per_page)
    rows, total = list_board(get_session(), filters, locale)
    return RequestList(items=[_summary(r, currency, rates) for r in rows], total=total, page=query.page,
                       per_page=query.per_page)


@routes.endpoint("/prototype-requests", "POST", summary="Post a prototype request", tag="prototypes",
                 body=RequestCreate, response=RequestOut, status=201, errors=(403,))
def prototype_request_create(body: RequestCreate):
    """Post a request for your startup; attach CAD files, drawings and images next with
    `POST /prototype-requests/{id}/files` (multipart). 422 names each bad field."""
    req = create_request(get_session(), api_user(), **body.model_dump())
    return _request(req.id)


@routes.endpoint("/prototype-requests/<int:request_id>/files", "POST", summary="Attach files to a request",
                 tag="prototypes", response=RequestOut, status=201, errors=(409,),
                 content=multipart("files", files={"type": "array", "items": FILE, "minItems": 1}))
def prototype_request_files(request_id: int):
    """Send `multipart/form-data` with one or more `files` parts (PDF, PNG, JPEG, WEBP up to 10 MB; STEP, IGES,
    STL, DXF up to 25 MB; at most 10 per request). Each file is checked by its content."""
    if not request.mimetype.startswith("multipart/form-data"):
        raise ApiError(415, "unsupported_media_type", _("Send the files as multipart/form-data."))
    add_files(get_session(), api_user(), request_id, _uploads())
    return _request(request_id)


@routes.endpoint("/prototype-requests/<int:request_id>", summary="Get a prototype request", tag="prototypes",
                 query=Display, response=RequestOut, auth=False, errors=(404,))
def prototype_request_get(request_id: int, query: Display):
    """A request as you may see it: files only for the startup and makers allowed (NDA accepted when asked),
    every bid for the startup, your own bid for a maker. Closed requests: the parties only."""
    return _request(request_id, query)


@routes.route("/prototype-requests/<int:request_id>/files/<int:file_id>")
def prototype_request_file(request_id: int, file_id: int):
    """Download a request's file (bearer token or browser session): 404 for anyone not allowed, including makers
    that have not accepted the NDA."""
    item = get_request_file(get_session(), authenticated_user(), request_id, file_id)
    return send_private(item.storage_key, item.filename, item.content_type)


@routes.endpoint("/prototype-requests/<int:request_id>/cancel", "POST", summary="Cancel a prototype request",
                 tag="prototypes", response=RequestOut, errors=(403, 404, 409))
def prototype_request_cancel(request_id: int):
    """The startup cancels its open request; bidders are told."""
    cancel_request(get_session(), api_user(), request_id)
    return _request(request_id)


@routes.endpoint("/prototype-requests/<int:request_id>/nda", "POST", summary="Accept a request's NDA",
                 tag="prototypes", body=MakerChoice, response=NdaOut, status=201, errors=(403, 404, 409))
def prototype_nda_accept(request_id: int, body: MakerChoice):
    """Your maker accepts the NDA (recorded with the time and version); its files open to you. Send `{}`."""
    acceptance = accept_nda(get_session(), api_user(), request_id, body.maker_org_id)
    return NdaOut(request_id=acceptance.request_id, maker_org_id=acceptance.maker_org_id,
                  nda_version=acceptance.nda_version, accepted_at=acceptance.accepted_at)


@routes.endpoint("/prototype-requests/<int:request_id>/questions", "POST", summary="Ask a public question",
                 tag="prototypes", body=TextCreate, response=RequestOut, status=201, errors=(403, 404, 409))
def prototype_question_ask(request_id: int, body: TextCreate):
    """A maker asks a question everyone sees with its answer."""
    ask_question(get_session(), api_user(), request_id, body.body, body.maker_org_id)
    return _request(request_id)


@routes.endpoint("/prototype-questions/<int:question_id>/answer", "POST", summary="Answer a question",
                 tag="prototypes", body=AnswerCreate, response=RequestOut, errors=(403, 404, 409))
def prototype_question_answer(question_id: int, body: AnswerCreate):
    """The startup answers a question once, publicly."""
    question = answer_question(get_session(), api_user(), question_id, body.answer)
    return _request(question.request_id)


@routes.endpoint("/prototype-requests/<int:request_id>/messages", "POST", summary="Write privately",
                 tag="prototypes", body=TextCreate, response=RequestOut, status=201, errors=(403, 404))
def prototype_message(request_id: int, body: TextCreate):
    """A private message between the startup (naming `maker_org_id`) and a maker that accepted the NDA."""
    post_message(get_session(), api_user(), request_id, body.body, body.maker_org_id)
    return _request(request_id)


@routes.endpoint("/prototype-requests/<int:request_id>/suggestions", summary="Suggested makers", tag="prototypes",
                 response=SuggestionList, errors=(403, 404))
def prototype_suggestions(request_id: int):
    """Makers suggested for the startup's request, best first, with the reasons."""
    session = get_session()
    d = request_detail(session, api_user(), request_id, current_locale())
    if not d.is_startup:
        raise forbidden(_("Only the startup that posted this request can do this."))
    invited = {org.id for _invite, org in d.invites}
    items = [SuggestionOut(maker=_org(org), score=score, explanation=lines, invited=org.id in invited)
             for org, score, lines in stored_suggestions(session, d.request)]
    return SuggestionList(items=items, total=len(items), page=1, per_page=SUGGESTIONS,
                          status=suggestions_state(d.request))


@routes.endpoint("/prototype-requests/<int:request_id>/invites", "POST", summary="Invite a maker to bid",
                 tag="prototypes", body=InviteCreate, response=RequestOut, status=201, errors=(403, 404, 409))
def prototype_invite(request_id: int, body: InviteCreate):
    """The startup invites a maker (for example a suggested one); the maker is notified."""
    invite_maker(get_session(), api_user(), request_id, body.maker_org_id)
    return _request(request_id)


# --- bids and commissions --------------------------------------------------------------------------------------


@routes.endpoint("/prototype-requests/<int:request_id>/bids", "POST", summary="Bid on a request", tag="prototypes",
                 body=BidCreate, response=BidOut, status=201, errors=(403, 404, 409))
def prototype_bid(request_id: int, body: BidCreate):
    """Bid for your maker: price, lead time, notes and milestones summing to the price (422 on `milestones`
    otherwise). One bid per maker: bidding again updates it (200). 409 after the deadline or once awarded;
    403 before accepting a required NDA."""
    session = get_session()
    existing = own_bid_id(session, api_user(), request_id, body.maker_org_id)
    bid = submit_bid(session, api_user(), request_id, **body.model_dump())
    _locale, currency, rates = _display()
    return _bid(bid, session.get(Organization, bid.maker_org_id), currency, rates), (200 if existing else 201)


@routes.endpoint("/bids/<int:bid_id>/withdraw", "POST", summary="Withdraw a bid", tag="prototypes",
                 response=BidOut, errors=(404, 409))
def prototype_bid_withdraw(bid_id: int):
    """Your maker withdraws its open bid (it may bid again while the request is open)."""
    session = get_session()
    bid = withdraw_bid(session, api_user(), bid_id)
    _locale, currency, rates = _display()
    return _bid(bid, session.get(Organization, bid.maker_org_id), currency, rates)


@routes.endpoint("/bids/<int:bid_id>/award", "POST", summary="Award a bid", tag="prototypes",
                 response=CommissionOut, status=201, errors=(403, 404, 409))
def prototype_award(bid_id: int):
    """The startup awards a bid: the commission starts with the bid's milestones (ids in `milestones`), each
    awaiting funding; the other bidders are told. 409 when already awarded or the bid is not on offer."""
    commission = award_bid(get_session(), api_user(), bid_id)
    return _commission(commission.id)


@routes.endpoint("/prototype-commissions/<int:commission_id>", summary="Get a commission", tag="prototypes",
                 query=Display, response=CommissionOut, errors=(404,))
def prototype_commission_get(commission_id: int, query: Display):
    """A commission of yours with its milestones, deliveries, timeline and ratings."""
    return _commission(commission_id, query)


@routes.endpoint("/milestones/<int:milestone_id>/deliver", "POST", summary="Deliver a milestone",
                 tag="prototypes", response=CommissionOut, errors=(409,),
                 content={"application/json": {"type": "object", "properties": {"note": {"type": "string"}}},
                          **multipart(note={"type": "string"}, files={"type": "array", "items": FILE})})
def prototype_milestone_deliver(milestone_id: int):
    """The maker delivers a funded (or sent back) milestone: JSON `{"note"}`, or `multipart/form-data` with a
    `note` and `files` (photos, PDF, CAD). 409 while the milestone is not funded."""
    if request.is_json:
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict):
            raise ApiError(400, "bad_json", _("The body is not valid JSON."))
        note, uploads = str(payload.get("note") or ""), []
    elif request.mimetype.startswith("multipart/form-data"):
        note, uploads = request.form.get("note", ""), _uploads()
    else:
        raise ApiError(415, "unsupported_media_type", _("Send JSON or multipart/form-data."))
    session = get_session()
    deliver_milestone(session, api_user(), milestone_id, note, uploads)
    return _commission(commission_of_milestone(session, milestone_id))


@routes.endpoint("/milestones/<int:milestone_id>/approve", "POST", summary="Approve a milestone",
                 tag="prototypes", response=CommissionOut, errors=(403, 404, 409))
def prototype_milestone_approve(milestone_id: int):
    """The startup approves a delivered milestone (optional JSON `{"comment"}`); its money is released to the
    maker. A second approval answers 409."""
    payload = request.get_json(silent=True) if request.is_json else None
    comment = str(payload.get("comment") or "") if isinstance(payload, dict) else ""
    session = get_session()
    approve_milestone(session, api_user(), milestone_id, comment)
    return _commission(commission_of_milestone(session, milestone_id))


@routes.endpoint("/milestones/<int:milestone_id>/reject", "POST", summary="Send a milestone back",
                 tag="prototypes", body=RejectCreate, response=CommissionOut, errors=(403, 404, 409))
def prototype_milestone_reject(milestone_id: int, body: RejectCreate):
    """The startup sends a delivered milestone back with comments; the maker may deliver again."""
    session = get_session()
    reject_milestone(session, api_user(), milestone_id, body.comment)
    return _commission(commission_of_milestone(session, milestone_id))


@routes.endpoint("/prototype-commissions/<int:commission_id>/messages", "POST", summary="Write in the thread",
                 tag="prototypes", response=CommissionOut, status=201, errors=(404,),
                 content={"application/json": {"type": "object", "properties": {"body": {"type": "string"}}},
                          **multipart(body={"type": "string"}, files={"type": "array", "items": FILE})})
def prototype_commission_message(commission_id: int):
    """One side writes to the other: JSON `{"body"}`, or `multipart/form-data` with a `body` and `files`
    (checked before they are stored; only the two sides and staff can download them). The other side is told."""
    if request.is_json:
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict):
            raise ApiError(400, "bad_json", _("The body is not valid JSON."))
        body, uploads = str(payload.get("body") or ""), []
    elif request.mimetype.startswith("multipart/form-data"):
        body, uploads = request.form.get("body", ""), _uploads()
    else:
        raise ApiError(415, "unsupported_media_type", _("Send JSON or multipart/form-data."))
    post_commission_message(get_session(), api_user(), commission_id, body, uploads)
    return _commission(commission_id)


@routes.endpoint("/prototype-commissions/<int:commission_id>/changes", "POST", summary="Propose a change order",
                 tag="prototypes", body=ChangeCreate, response=CommissionOut, status=201, errors=(404, 409))
def prototype_change_propose(commission_id: int, body: ChangeCreate):
    """One side proposes a new price, lead time or milestone plan; the other accepts or refuses it. A plan that
    alters a funded milestone is refused (422, `milestone_locked`)."""
    propose_change(get_session(), api_user(), commission_id, price_krw=body.price_krw,
                   lead_time_days=body.lead_time_days, milestones=body.milestones, reason=body.reason)
    return _commission(commission_id)


def _change_step(change_id: int, step, comment: str | None = None) -> CommissionOut:
    session = get_session()
    commission_id = commission_of_change(session, change_id)
    if comment is None:
        step(session, api_user(), change_id)
    else:
        step(session, api_user(), change_id, comment)
    return _commission(commission_id or 0)


@routes.endpoint("/prototype-changes/<int:change_id>/accept", "POST", summary="Accept a change order",
                 tag="prototypes", body=ChangeDecision, response=CommissionOut, errors=(403, 404, 409))
def prototype_change_accept(change_id: int, body: ChangeDecision):
    """The other side accepts: the commission's price, lead time and milestones become the proposed ones (409
    when a milestone it would alter was funded since)."""
    return _change_step(change_id, accept_change, body.comment)


@routes.endpoint("/prototype-changes/<int:change_id>/refuse", "POST", summary="Refuse a change order",
                 tag="prototypes", body=ChangeDecision, response=CommissionOut, errors=(403, 404, 409))
def prototype_change_refuse(change_id: int, body: ChangeDecision):
    """The other side refuses: nothing changes."""
    return _change_step(change_id, refuse_change, body.comment)


@routes.endpoint("/prototype-changes/<int:change_id>/withdraw", "POST", summary="Withdraw a change order",
                 tag="prototypes", response=CommissionOut, errors=(403, 404, 409))
def prototype_change_withdraw(change_id: int):
    """The proposer withdraws its change while it waits."""
    return _change_step(change_id, withdraw_change)


@routes.endpoint("/prototype-commissions/<int:commission_id>/ratings", "POST", summary="Rate the other side",
                 tag="prototypes", body=RatingCreate, response=CommissionOut, status=201, errors=(404, 409))
def prototype_rate(commission_id: int, body: RatingCreate):
    """Once the commission is completed, each side rates the other (1–5; a comment for 1 or 2); sending again
    within 7 days changes the rating."""
    rate_commission(get_session(), api_user(), commission_id, body.score, body.comment)
    return _commission(commission_id)


@routes.endpoint("/organizations/<int:org_id>/prototype-ratings", summary="Prototype ratings of an organisation",
                 tag="prototypes", query=RatingsQuery, response=RatingList, auth=False, errors=(404,))
def prototype_ratings(org_id: int, query: RatingsQuery):
    """The ratings a maker or startup received for prototype commissions, newest first, a page at a time."""
    session = get_session()
    org = session.get(Organization, org_id)
    if org is None or org.kind not in (OrganizationKind.maker, OrganizationKind.startup):
        raise not_found()
    average, count = rating_summary(session, org.id)
    return RatingList(org_id=org.id, average=average, count=count, total=count, page=query.page,
                      per_page=query.per_page,
                      items=[RatingOut(id=r.rating.id, side=r.rating.side, rater=_org(r.rater),
                                       ratee_org_id=org.id, score=r.rating.score, comment=r.rating.comment,
                                       created_at=r.rating.created_at)
                             for r in ratings_of(session, org.id, query.page, query.per_page)])
