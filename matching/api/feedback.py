"""API of suggestion feedback: a user's verdict on a suggested profile or listing (kept to evaluate the
ranking)."""

from __future__ import annotations

import datetime as dt

import pydantic

from market.api import Routes, api_user
from market.db import get_session
from matching.api.common import StrictIn
from matching.services.searches import record_feedback

routes = Routes()


class FeedbackIn(StrictIn):
    doc_id: str = pydantic.Field(max_length=40, pattern=r"^[pt]:[0-9]{1,9}$", description="`p:<id>` or `t:<id>`")
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
    row = record_feedback(get_session(), api_user(), body.doc_id, body.useful, org_id=body.org_id,
                          context=body.context)
    return FeedbackOut(id=row.id, doc_id=row.doc_id, useful=row.useful, created_at=row.created_at), 201
