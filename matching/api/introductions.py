"""API of introductions: list, request, get, and the steps of each (accept, decline, answers, approval, NDA
acceptance, withdrawal), plus the current NDA text."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pydantic

from i18n.locales import current_locale
from market.api import Routes, api_user
from market.db import get_session
from market.pages import ListPage, PageQuery
from matching import introductions as intros
from matching.api.common import OrgRef, StrictIn, org_ref

routes = Routes()


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
        your_role=str(view.role), from_org=org_ref(view.from_org), to_org=org_ref(view.to_org),
        target=Target(kind=view.target_kind, id=view.target_id, doc_id=f"{prefix}:{view.target_id}",
                      title=view.target_title),
        message=intro.message, questions=[QA(question=a.get("question", ""), answer=a.get("answer", ""))
                                          for a in intro.answers or []],
        nda=NdaOut(version=view.nda.version, text=view.nda.text) if view.nda else None,
        nda_accepted_at=intro.nda_accepted_at, decline_reason=intro.decline_reason,
        decline_reason_text=view.decline_reason_label, decline_note=intro.decline_note,
        contacts=Contacts(**view.contacts) if view.contacts else None, actions=list(view.can),
        created_at=intro.created_at, updated_at=intro.updated_at)


class IntroList(ListPage):
    items: list[IntroOut]


class IntroQuery(PageQuery):
    box: Literal["sent", "received", "all"] = "all"
    status: Literal["requested", "awaiting_answers", "awaiting_approval", "awaiting_nda", "accepted", "declined",
                    "withdrawn", "open"] | None = pydantic.Field(default=None, description="A status, or `open`")


class IntroIn(StrictIn):
    """Whom to be introduced to (`to_doc_id` such as `t:12` or `p:3`, or `profile_id`/`listing_id`) and why."""

    model_config = pydantic.ConfigDict(json_schema_extra={"anyOf": [
        {"required": ["to_doc_id"], "properties": {"to_doc_id": {"type": "string"}}},
        {"required": ["profile_id"], "properties": {"to_doc_id": {"type": "null"}, "profile_id": {"type": "integer"},
                                                    "listing_id": {"type": "null"}}},
        {"required": ["listing_id"], "properties": {"to_doc_id": {"type": "null"}, "profile_id": {"type": "null"},
                                                    "listing_id": {"type": "integer"}}}]})

    to_doc_id: str | None = pydantic.Field(default=None, pattern=r"^[pt]:[0-9]{1,9}$")
    profile_id: int | None = None
    listing_id: int | None = None
    from_org_id: int | None = pydantic.Field(default=None, description="Needed when you belong to several")
    message: str = pydantic.Field(max_length=2000)


class DeclineIn(StrictIn):
    reason: Literal["not_a_fit", "no_capacity", "outside_region", "already_licensed", "insufficient_information",
                    "not_qualified"]
    note: str | None = pydantic.Field(default=None, max_length=2000)


class AnswersIn(StrictIn):
    answers: list[str] = pydantic.Field(description="One answer per question, in order")


class NdaAcceptIn(StrictIn):
    version: int = pydantic.Field(description="The NDA version you read and accept")


def _intro_view(intro_id: int) -> IntroOut:
    return _intro_out(intros.get_introduction(get_session(), api_user(), intro_id, current_locale()))


@routes.endpoint("/introductions", summary="List introductions", tag="introductions", query=IntroQuery,
                 response=IntroList)
def list_introductions(query: IntroQuery):
    """Introductions sent by or to your organisations, most recently changed first."""
    views, total = intros.list_introductions(get_session(), api_user(), box=query.box, status=query.status,
                                             page=query.page, per_page=query.per_page, locale=current_locale())
    return IntroList(items=[_intro_out(v) for v in views], total=total, page=query.page, per_page=query.per_page)


@routes.endpoint("/introductions", "POST", summary="Request an introduction", tag="introductions", body=IntroIn,
                 response=IntroOut, status=201, errors=(403, 404, 409))
def post_introduction(body: IntroIn):
    """Ask the organisation behind a profile or listing for an introduction; a listing behind an NDA starts the
    staged flow (answers → approval → NDA). Refused: to yourself (422), twice while one is open (409)."""
    intro = intros.request_introduction(get_session(), api_user(), message=body.message, to_doc_id=body.to_doc_id,
                                        profile_id=body.profile_id, listing_id=body.listing_id,
                                        from_org_id=body.from_org_id)
    return _intro_view(intro.id), 201


@routes.endpoint("/introductions/<int:intro_id>", summary="Get an introduction", tag="introductions",
                 response=IntroOut, errors=(404,))
def get_introduction(intro_id: int):
    """One introduction (its parties only); contacts once accepted."""
    return _intro_view(intro_id)


def _step(fn, intro_id: int, *args) -> IntroOut:
    fn(get_session(), api_user(), intro_id, *args)
    return _intro_view(intro_id)


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
    nda = intros.latest_nda(get_session())
    return NdaOut(version=nda.version, text=nda.text)
