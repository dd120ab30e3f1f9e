"""API of technology listings: list, get, add, change and delete; a listing behind an NDA answers only its
anonymous teaser until it is disclosed to the caller."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pydantic

from i18n.locales import current_locale
from market.api import Routes, api_user
from market.db import get_session
from market.pages import ListPage, PageQuery
from matching.api.common import OrgRef, StrictIn, Term, my_org_id, org_ref
from matching.models import TechListing
from matching.services import listings

routes = Routes()


class ListingTexts(StrictIn):
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
    card = listings.listing_card(get_session(), listing, api_user(), current_locale())
    return ListingOut(id=listing.id, doc_id=card["doc_id"], org=org_ref(card["org"]), status=str(listing.status),
                      nda_required=listing.nda_required, disclosed=card["disclosed"], lang=listing.lang,
                      title=(card["title"] or ("", None))[0], texts=card["texts"],
                      patent_number=card["patent_number"], ipc=card["ipc"], trl=listing.trl,
                      license_terms=card["license_terms"], tags=card["tags"], region=listing.region,
                      questions=card["questions"], external_ref=listing.external_ref, source=listing.source,
                      created_at=listing.created_at, updated_at=listing.updated_at)


class ListingList(ListPage):
    items: list[ListingOut]


class ListingQuery(PageQuery):
    org_id: int | None = None
    include_drafts: bool = pydantic.Field(default=False, description="Your organisation's drafts too (org_id)")


class ListingIn(StrictIn):
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
    rows, total = listings.list_listings(get_session(), api_user(), org_id=query.org_id,
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
    listing = listings.create_listing(get_session(), api_user(), my_org_id(org_id), lang=lang, texts=texts,
                                      publish=status == "published", **fields)
    return _listing_out(listing), 201


@routes.endpoint("/matching/listings/<int:listing_id>", summary="Get a technology listing", tag="matching",
                 response=ListingOut, auth=False, errors=(404,))
def get_listing(listing_id: int):
    """A listing: in full when disclosed to you, else its anonymous teaser."""
    return _listing_out(listings.get_listing(get_session(), listing_id, api_user()))


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
    listing = listings.update_listing(session, api_user(), listing_id, lang=lang, texts=texts, **fields)
    if status is not None and status != listing.status:
        listing = listings.set_listing_status(session, api_user(), listing_id, status == "published")
    return _listing_out(listing)


@routes.endpoint("/matching/listings/<int:listing_id>", "DELETE", summary="Delete a technology listing", tag="matching",
                 status=204, errors=(403, 404))
def delete_listing(listing_id: int):
    """Delete a listing with its texts and introductions; members and staff only."""
    listings.delete_listing(get_session(), api_user(), listing_id)
    return None
