"""API of matching data and introductions: profiles, technology listings, bulk import, introductions (with the
staged NDA steps), the NDA text and suggestion feedback.

Rights: members of an organisation (and staff) change its profile and listings; others get 403 on what they can
see and 404 on drafts. A listing behind an NDA answers only its anonymous teaser until the viewer's organisation
has accepted the NDA. Introductions are visible to their two parties only (404 for others).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pydantic
from flask import request
from flask_babel import gettext as _

from i18n.locales import current_locale
from market.api import Routes, api_user
from market.db import get_session
from market.errors import ApiError
from matching import introductions as intros
from matching import services
from matching.models import MatchProfile, PublishStatus, TechListing
from matching.services import MatchingError

routes = Routes()

Kind = Literal["maker", "buyer", "ip_holder", "lab", "startup"]
Term = Literal["license", "joint_development", "sale"]
_STATUS = {"invalid": 422, "not_found": 404, "forbidden": 403, "conflict": 409}


def _raise(exc: MatchingError):
    get_session().rollback()
    fields = {exc.field: exc.message} if exc.field else {}
    raise ApiError(_STATUS.get(exc.code, 422), exc.code, exc.message, fields) from exc


class _In(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")


class OrgRef(pydantic.BaseModel):
    """An organisation."""

    id: int
    name: str
    kind: Kind
    country: str


def _org(org) -> OrgRef | None:
    return None if org is None else OrgRef(id=org.id, name=org.name, kind=str(org.kind), country=org.country)


class ProfileTexts(_In):
    """A profile's texts in one language; an empty string removes that text."""

    title: str | None = pydantic.Field(default=None, max_length=200)
    offer: str | None = pydantic.Field(default=None, max_length=5000)
    seek: str | None = pydantic.Field(default=None, max_length=5000)


class ProfileOut(pydantic.BaseModel):
    """A matching profile: what an organisation offers and seeks, per language."""

    id: int
    doc_id: str
    org: OrgRef
    status: Literal["draft", "published"]
    lang: str = pydantic.Field(description="The language the author wrote in")
    title: str
    texts: dict[str, dict[str, str]] = pydantic.Field(description="lang → {title, offer, seek}")
    tags: list[str] = pydantic.Field(description="Glossary concept ids")
    region: str | None
    contact_email: str | None = pydantic.Field(description="Shown to the organisation's members only")
    contact_phone: str | None
    external_ref: str | None
    source: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


def _profile_out(profile: MatchProfile) -> ProfileOut:
    session = get_session()
    card = services.profile_card(session, profile, current_locale())
    editor = services.can_edit(session, api_user(), profile.org_id)
    return ProfileOut(id=profile.id, doc_id=card["doc_id"], org=_org(card["org"]), status=str(profile.status),
                      lang=profile.lang, title=card["title"][0], texts=card["texts"], tags=card["tags"],
                      region=profile.region, contact_email=profile.contact_email if editor else None,
                      contact_phone=profile.contact_phone if editor else None, external_ref=profile.external_ref,
                      source=profile.source, created_at=profile.created_at, updated_at=profile.updated_at)


class ProfileList(pydantic.BaseModel):
    items: list[ProfileOut]
    total: int
    page: int
    per_page: int


class ProfileQuery(pydantic.BaseModel):
    kind: str | None = pydantic.Field(default=None, description="Comma-separated kinds, e.g. `maker,startup`")
    page: int = pydantic.Field(default=1, ge=1)
    per_page: int = pydantic.Field(default=20, ge=1, le=100)


class MeQuery(pydantic.BaseModel):
    org_id: int | None = pydantic.Field(default=None, description="Needed when you belong to several organisations")


class ProfileIn(_In):
    """Changes to a profile; omitted fields stay as they are."""

    lang: str | None = None
    texts: dict[str, ProfileTexts] | None = pydantic.Field(default=None, description="lang → texts")
    tags: list[str] | None = pydantic.Field(default=None, description="Glossary concept ids or names")
    region: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    status: Literal["draft", "published"] | None = None


@routes.endpoint("/matching/profiles", summary="List profiles", tag="matching", query=ProfileQuery,
          response=ProfileList, auth=False)
def list_profiles(query: ProfileQuery):
    """Published matching profiles, newest first; `kind` filters by organisation kind (unknown kinds: 422)."""
    from sqlmodel import func, select

    from market.accounts.models import Organization

    session = get_session()
    try:
        kinds = services.parse_kinds((query.kind or "").split(","))
    except MatchingError as exc:
        _raise(exc)
    stmt = select(MatchProfile).where(MatchProfile.status == PublishStatus.published)
    if kinds:
        stmt = stmt.join(Organization, Organization.id == MatchProfile.org_id).where(Organization.kind.in_(kinds))
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    rows = session.exec(stmt.order_by(MatchProfile.id.desc()).offset((query.page - 1) * query.per_page)
                        .limit(query.per_page))
    return ProfileList(items=[_profile_out(p) for p in rows], total=total, page=query.page,
                       per_page=query.per_page)


def _my_org_id(org_id: int | None) -> int:
    session = get_session()
    if org_id is not None:
        return org_id
    orgs = services.user_orgs(session, api_user())
    if len(orgs) == 1:
        return orgs[0].id
    raise ApiError(422, "invalid", _("Choose the organisation with org_id.") if orgs else
                   _("You do not belong to an organisation."), {"org_id": _("Required")})


@routes.endpoint("/matching/profiles/me", summary="My organisation's profile", tag="matching", query=MeQuery,
          response=ProfileOut, errors=(403, 404))
def my_profile(query: MeQuery):
    """Your organisation's profile (created as a draft the first time); `org_id` when you have several."""
    try:
        profile = services.ensure_org_profile(get_session(), api_user(), _my_org_id(query.org_id))
    except MatchingError as exc:
        _raise(exc)
    return _profile_out(profile)


@routes.endpoint("/matching/profiles/<int:profile_id>", summary="Get a profile", tag="matching", response=ProfileOut,
          auth=False, errors=(404,))
def get_profile(profile_id: int):
    """A published profile (drafts: its organisation's members and staff only)."""
    try:
        profile = services.get_profile(get_session(), profile_id, api_user())
    except MatchingError as exc:
        _raise(exc)
    return _profile_out(profile)


@routes.endpoint("/matching/profiles/<int:profile_id>", "PUT", summary="Change a profile", tag="matching",
          body=ProfileIn, response=ProfileOut, errors=(403, 404))
def put_profile(profile_id: int, body: ProfileIn):
    """Change texts per language, tags, region, contacts, and publish or unpublish; members and staff only."""
    session = get_session()
    fields = body.model_dump(exclude_unset=True)
    status = fields.pop("status", None)
    texts = fields.pop("texts", None)
    try:
        profile = services.update_profile(session, api_user(), profile_id, texts=texts, **fields)
        if status is not None and status != profile.status:
            profile = services.set_profile_status(session, api_user(), profile_id, status == "published")
    except MatchingError as exc:
        _raise(exc)
    return _profile_out(profile)


# --- listings ----------------------------------------------------------------------------------------------------------


class ListingTexts(_In):
    """A listing's texts in one language; an empty string removes that text."""

    title: str | None = pydantic.Field(default=None, max_length=200)
    abstract: str | None = pydantic.Field(default=None, max_length=5000)
    teaser_title: str | None = pydantic.Field(default=None, max_length=200)
    teaser: str | None = pydantic.Field(default=None, max_length=5000)


class ListingOut(pydantic.BaseModel):
    """A technology listing; until disclosed, a listing behind an NDA shows only its anonymous teaser
    (`org`, `patent_number` and the abstract are null/absent)."""

    id: int
    doc_id: str
    org: OrgRef | None
    status: Literal["draft", "published"]
    nda_required: bool
    disclosed: bool
    lang: str
    title: str
    texts: dict[str, dict[str, str]] = pydantic.Field(description="lang → {title, abstract, teaser_title, teaser}")
    patent_number: str | None
    ipc: list[str]
    trl: int | None
    license_terms: list[str]
    tags: list[str]
    region: str | None
    questions: list[str] = pydantic.Field(description="Qualification questions asked before an NDA")
    external_ref: str | None
    source: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


def _listing_out(listing: TechListing) -> ListingOut:
    card = services.listing_card(get_session(), listing, api_user(), current_locale())
    return ListingOut(id=listing.id, doc_id=card["doc_id"], org=_org(card["org"]), status=str(listing.status),
                      nda_required=listing.nda_required, disclosed=card["disclosed"], lang=listing.lang,
                      title=(card["title"] or ("", None))[0], texts=card["texts"],
                      patent_number=card["patent_number"], ipc=card["ipc"], trl=listing.trl,
                      license_terms=card["license_terms"], tags=card["tags"], region=listing.region,
                      questions=card["questions"], external_ref=listing.external_ref, source=listing.source,
                      created_at=listing.created_at, updated_at=listing.updated_at)


class ListingList(pydantic.BaseModel):
    items: list[ListingOut]
    total: int
    page: int
    per_page: int


class ListingQuery(pydantic.BaseModel):
    org_id: int | None = None
    include_drafts: bool = pydantic.Field(default=False, description="Your organisation's drafts too (org_id)")
    page: int = pydantic.Field(default=1, ge=1)
    per_page: int = pydantic.Field(default=20, ge=1, le=100)


class ListingIn(_In):
    """A technology listing's fields; on PUT, omitted fields stay as they are."""

    org_id: int | None = pydantic.Field(default=None, description="POST: the IP holder or lab it belongs to")
    lang: str | None = None
    texts: dict[str, ListingTexts] | None = None
    patent_number: str | None = None
    ipc: list[str] | None = None
    trl: int | None = None
    license_terms: list[Term] | None = None
    nda_required: bool | None = None
    questions: list[str] | None = None
    tags: list[str] | None = None
    region: str | None = None
    status: Literal["draft", "published"] | None = None


@routes.endpoint("/matching/listings", summary="List technology listings", tag="matching", query=ListingQuery,
          response=ListingList, auth=False)
def list_listings(query: ListingQuery):
    """Published technology listings, newest first (teasers for those behind an NDA)."""
    rows, total = services.list_listings(get_session(), api_user(), org_id=query.org_id,
                                         include_drafts=query.include_drafts, page=query.page,
                                         per_page=query.per_page)
    return ListingList(items=[_listing_out(t) for t in rows], total=total, page=query.page, per_page=query.per_page)


@routes.endpoint("/matching/listings", "POST", summary="Add a technology listing", tag="matching", body=ListingIn,
          response=ListingOut, status=201, errors=(403, 404))
def post_listing(body: ListingIn):
    """Add a listing to an IP holder or lab you belong to (`org_id` when you have several); `status:
    published` publishes it at once (it must then be complete)."""
    fields = body.model_dump(exclude_unset=True)
    org_id = fields.pop("org_id", None)
    status = fields.pop("status", None)
    texts = fields.pop("texts", None) or {}
    lang = fields.pop("lang", None) or next(iter(texts), "")
    try:
        listing = services.create_listing(get_session(), api_user(), _my_org_id(org_id), lang=lang, texts=texts,
                                          publish=status == "published", **fields)
    except MatchingError as exc:
        _raise(exc)
    return _listing_out(listing), 201


@routes.endpoint("/matching/listings/<int:listing_id>", summary="Get a technology listing", tag="matching",
          response=ListingOut, auth=False, errors=(404,))
def get_listing(listing_id: int):
    """A listing: in full when disclosed to you, else its anonymous teaser."""
    try:
        listing = services.get_listing(get_session(), listing_id, api_user())
    except MatchingError as exc:
        _raise(exc)
    return _listing_out(listing)


@routes.endpoint("/matching/listings/<int:listing_id>", "PUT", summary="Change a technology listing", tag="matching",
          body=ListingIn, response=ListingOut, errors=(403, 404))
def put_listing(listing_id: int, body: ListingIn):
    """Change a listing's fields and texts, publish or unpublish it; members and staff only."""
    session = get_session()
    fields = body.model_dump(exclude_unset=True)
    fields.pop("org_id", None)
    status = fields.pop("status", None)
    texts = fields.pop("texts", None)
    lang = fields.pop("lang", None)
    try:
        listing = services.update_listing(session, api_user(), listing_id, lang=lang, texts=texts, **fields)
        if status is not None and status != listing.status:
            listing = services.set_listing_status(session, api_user(), listing_id, status == "published")
    except MatchingError as exc:
        _raise(exc)
    return _listing_out(listing)


@routes.endpoint("/matching/listings/<int:listing_id>", "DELETE", summary="Delete a technology listing", tag="matching",
          status=204, errors=(403, 404))
def delete_listing(listing_id: int):
    """Delete a listing with its texts and introductions; members and staff only."""
    try:
        services.delete_listing(get_session(), api_user(), listing_id)
    except MatchingError as exc:
        _raise(exc)
    return None


# --- import ------------------------------------------------------------------------------------------------------------


class RowErrorOut(pydantic.BaseModel):
    line: int
    external_ref: str | None
    reasons: list[str]


class ImportErrorBody(pydantic.BaseModel):
    code: str
    message: str
    fields: dict[str, str] = pydantic.Field(default_factory=dict)


class ImportOut(pydantic.BaseModel):
    """What an import did; when `ok` is false (status 422), `errors` lists every refused row and nothing was
    stored."""

    ok: bool
    source: str
    rows: int
    profiles_created: int
    profiles_updated: int
    listings_created: int
    listings_updated: int
    organizations_created: int
    errors: list[RowErrorOut]
    message: str
    error: ImportErrorBody | None = None


@routes.endpoint("/matching/import", "POST", summary="Import listings and profiles", tag="matching", response=ImportOut,
          errors=(400, 403, 404, 413, 415))
def import_matching():
    """Import a CSV or JSONL file (multipart field `file`) or a JSON body `{"source", "rows": [...]}`, all or
    nothing; query or form fields `source` (default: the file name), `format` and `org_id`. Staff import
    anything; members of an IP holder or lab import their own organisation's listings only."""
    from matching.importer import import_data, import_rows

    session = get_session()
    user = api_user()
    org_id_raw = request.values.get("org_id")
    try:
        org_id = int(org_id_raw) if org_id_raw else None
    except ValueError as exc:
        raise ApiError(422, "invalid", _("Some fields are not valid."), {"org_id": _("Not a number.")}) from exc
    if not user.is_staff and org_id is None:
        own = [o for o in services.user_orgs(session, user) if o.kind in services.LISTING_KINDS]
        if len(own) != 1:
            raise ApiError(403, "forbidden", _("Only staff and members of an IP holder or lab can import; name the "
                                               "organisation with org_id."))
        org_id = own[0].id
    try:
        if request.is_json:
            payload = request.get_json(silent=True)
            if not isinstance(payload, dict) or not isinstance(payload.get("rows"), list):
                raise ApiError(400, "bad_json", _('Send {"source": "...", "rows": [...]}.'))
            source = str(payload.get("source") or request.values.get("source") or "")
            if any(not isinstance(row, dict) for row in payload["rows"]):
                raise ApiError(400, "bad_json", _("Each row must be a JSON object."))
            report = import_rows(session, user, payload["rows"], source=source, org_id=org_id)
        else:
            upload = request.files.get("file")
            if upload is None:
                raise ApiError(415, "unsupported_media_type",
                               _("Send a file in the multipart field “file”, or JSON with a list of rows."))
            name = upload.filename or ""
            data = upload.read(5 * 1024 * 1024 + 1)
            source = request.values.get("source") or name.rsplit(".", 1)[0]
            report = import_data(session, user, data, source=source, fmt=request.values.get("format") or None,
                                 filename=name, org_id=org_id)
    except MatchingError as exc:
        status = 413 if "too large" in exc.message else None
        if status:
            session.rollback()
            raise ApiError(413, "payload_too_large", exc.message) from exc
        _raise(exc)
    out = ImportOut(**{k: v for k, v in report.as_dict().items() if k != "errors"},
                    errors=[RowErrorOut(line=e.line, external_ref=e.external_ref, reasons=e.reasons)
                            for e in report.errors], message=report.summary())
    if not report.ok:
        session.rollback()
        out.error = ImportErrorBody(code="import_refused", message=report.summary())
        return out, 422
    return out


# --- introductions -----------------------------------------------------------------------------------------------------


class QA(pydantic.BaseModel):
    question: str
    answer: str


class Contacts(pydantic.BaseModel):
    """How to reach the other side (only once the introduction is accepted)."""

    org_id: int
    name: str
    emails: list[str]
    phone: str | None
    website: str | None


class Target(pydantic.BaseModel):
    kind: Literal["profile", "listing"]
    id: int
    doc_id: str
    title: str


class NdaOut(pydantic.BaseModel):
    version: int
    text: str


class IntroOut(pydantic.BaseModel):
    """An introduction as one of its parties sees it; `to_org` is null while a confidential holder is not
    disclosed to the requester, `contacts` null until accepted."""

    id: int
    status: Literal["requested", "awaiting_answers", "awaiting_approval", "awaiting_nda", "accepted", "declined",
                    "withdrawn"]
    status_text: str
    staged: bool
    your_role: Literal["requester", "recipient"]
    from_org: OrgRef
    to_org: OrgRef | None
    target: Target
    message: str
    questions: list[QA]
    nda: NdaOut | None
    nda_accepted_at: dt.datetime | None
    decline_reason: str | None
    decline_reason_text: str | None
    decline_note: str | None
    contacts: Contacts | None
    actions: list[str] = pydantic.Field(description="What you may do now: accept, decline, answer, approve, "
                                                    "accept_nda, withdraw")
    created_at: dt.datetime
    updated_at: dt.datetime


def _intro_out(view: intros.IntroView) -> IntroOut:
    intro = view.intro
    prefix = "t" if view.target_kind == "listing" else "p"
    return IntroOut(
        id=intro.id, status=str(intro.status), status_text=view.status_label, staged=intro.staged,
        your_role=str(view.role), from_org=_org(view.from_org), to_org=_org(view.to_org),
        target=Target(kind=view.target_kind, id=view.target_id, doc_id=f"{prefix}:{view.target_id}",
                      title=view.target_title),
        message=intro.message, questions=[QA(question=a.get("question", ""), answer=a.get("answer", ""))
                                          for a in intro.answers or []],
        nda=NdaOut(version=view.nda.version, text=view.nda.text) if view.nda else None,
        nda_accepted_at=intro.nda_accepted_at, decline_reason=intro.decline_reason,
        decline_reason_text=view.decline_reason_label, decline_note=intro.decline_note,
        contacts=Contacts(**view.contacts) if view.contacts else None, actions=list(view.can),
        created_at=intro.created_at, updated_at=intro.updated_at)


class IntroList(pydantic.BaseModel):
    items: list[IntroOut]
    total: int
    page: int
    per_page: int


class IntroQuery(pydantic.BaseModel):
    box: Literal["sent", "received", "all"] = "all"
    status: str | None = pydantic.Field(default=None, description="A status, or `open`")
    page: int = pydantic.Field(default=1, ge=1)
    per_page: int = pydantic.Field(default=20, ge=1, le=100)


class IntroIn(_In):
    """Whom to be introduced to (`to_doc_id` such as `t:12` or `p:3`, or `profile_id`/`listing_id`) and why."""

    to_doc_id: str | None = None
    profile_id: int | None = None
    listing_id: int | None = None
    from_org_id: int | None = pydantic.Field(default=None, description="Needed when you belong to several")
    message: str = pydantic.Field(max_length=2000)


class DeclineIn(_In):
    reason: Literal["not_a_fit", "no_capacity", "outside_region", "already_licensed", "insufficient_information",
                    "not_qualified"]
    note: str | None = pydantic.Field(default=None, max_length=2000)


class AnswersIn(_In):
    answers: list[str] = pydantic.Field(description="One answer per question, in order")


class NdaAcceptIn(_In):
    version: int = pydantic.Field(description="The NDA version you read and accept")


def _intro_view(intro_id: int) -> IntroOut:
    return _intro_out(intros.get_introduction(get_session(), api_user(), intro_id, current_locale()))


@routes.endpoint("/introductions", summary="List introductions", tag="introductions", query=IntroQuery,
          response=IntroList)
def list_introductions(query: IntroQuery):
    """Introductions sent by or to your organisations, most recently changed first."""
    try:
        views, total = intros.list_introductions(get_session(), api_user(), box=query.box, status=query.status,
                                                 page=query.page, per_page=query.per_page, locale=current_locale())
    except MatchingError as exc:
        _raise(exc)
    return IntroList(items=[_intro_out(v) for v in views], total=total, page=query.page, per_page=query.per_page)


@routes.endpoint("/introductions", "POST", summary="Request an introduction", tag="introductions", body=IntroIn,
          response=IntroOut, status=201, errors=(403, 404, 409))
def post_introduction(body: IntroIn):
    """Ask the organisation behind a profile or listing for an introduction; a listing behind an NDA starts the
    staged flow (answers → approval → NDA). Refused: to yourself (422), twice while one is open (409)."""
    try:
        intro = intros.request_introduction(get_session(), api_user(), message=body.message,
                                            to_doc_id=body.to_doc_id, profile_id=body.profile_id,
                                            listing_id=body.listing_id, from_org_id=body.from_org_id)
        return _intro_view(intro.id), 201
    except MatchingError as exc:
        _raise(exc)


@routes.endpoint("/introductions/<int:intro_id>", summary="Get an introduction", tag="introductions",
          response=IntroOut, errors=(404,))
def get_introduction(intro_id: int):
    """One introduction (its parties only); contacts once accepted."""
    try:
        return _intro_view(intro_id)
    except MatchingError as exc:
        _raise(exc)


def _step(fn, intro_id: int, *args) -> IntroOut:
    try:
        fn(get_session(), api_user(), intro_id, *args)
        return _intro_view(intro_id)
    except MatchingError as exc:
        _raise(exc)


@routes.endpoint("/introductions/<int:intro_id>/accept", "POST", summary="Accept an introduction", tag="introductions",
          response=IntroOut, errors=(403, 404, 409))
def accept_introduction(intro_id: int):
    """The recipient accepts a plain request; both sides then get each other's contacts."""
    return _step(intros.accept_introduction, intro_id)


@routes.endpoint("/introductions/<int:intro_id>/decline", "POST", summary="Decline an introduction", tag="introductions",
          body=DeclineIn, response=IntroOut, errors=(403, 404, 409))
def decline_introduction(intro_id: int, body: DeclineIn):
    """The recipient declines with a reason from the fixed list and an optional note."""
    return _step(intros.decline_introduction, intro_id, body.reason, body.note)


@routes.endpoint("/introductions/<int:intro_id>/answers", "POST", summary="Answer the qualification questions",
          tag="introductions", body=AnswersIn, response=IntroOut, errors=(403, 404, 409))
def answer_introduction(intro_id: int, body: AnswersIn):
    """The requester answers every question of a listing behind an NDA."""
    return _step(intros.answer_questions, intro_id, body.answers)


@routes.endpoint("/introductions/<int:intro_id>/approve", "POST", summary="Approve a qualified request",
          tag="introductions", response=IntroOut, errors=(403, 404, 409))
def approve_introduction(intro_id: int):
    """The holder approves; the requester is then asked to accept the NDA."""
    return _step(intros.approve_introduction, intro_id)


@routes.endpoint("/introductions/<int:intro_id>/accept-nda", "POST", summary="Accept the NDA", tag="introductions",
          body=NdaAcceptIn, response=IntroOut, errors=(403, 404, 409))
def accept_nda(intro_id: int, body: NdaAcceptIn):
    """The requester accepts the NDA version shown; details and the holder are disclosed."""
    return _step(intros.accept_nda, intro_id, body.version)


@routes.endpoint("/introductions/<int:intro_id>/withdraw", "POST", summary="Withdraw an introduction request",
          tag="introductions", response=IntroOut, errors=(403, 404, 409))
def withdraw_introduction(intro_id: int):
    """The requester withdraws an open request."""
    return _step(intros.withdraw_introduction, intro_id)


@routes.endpoint("/matching/nda", summary="The current NDA", tag="introductions", response=NdaOut, auth=False)
def current_nda():
    """The NDA text requesters accept before a confidential listing is disclosed, with its version."""
    nda = intros.current_nda(get_session())
    return NdaOut(version=nda.version, text=nda.text)


# --- feedback ---------------------------------------------------------------------------------------------------------


class FeedbackIn(_In):
    doc_id: str = pydantic.Field(max_length=40, description="`p:<id>` or `t:<id>`")
    useful: bool
    org_id: int | None = None
    context: dict = pydantic.Field(default_factory=dict, description="Where it was suggested: query, rank, …")


class FeedbackOut(pydantic.BaseModel):
    id: int
    doc_id: str
    useful: bool
    created_at: dt.datetime


@routes.endpoint("/matching/feedback", "POST", summary="Rate a suggestion", tag="matching", body=FeedbackIn,
          response=FeedbackOut, status=201, errors=(404,))
def post_feedback(body: FeedbackIn):
    """Mark a suggested profile or listing useful or not useful (kept to evaluate the ranking)."""
    try:
        row = services.record_feedback(get_session(), api_user(), body.doc_id, body.useful, org_id=body.org_id,
                                       context=body.context)
    except MatchingError as exc:
        _raise(exc)
    return FeedbackOut(id=row.id, doc_id=row.doc_id, useful=row.useful, created_at=row.created_at), 201
