"""Lists a page at a time, the same way on pages and in the API.

Pages read ``?page=`` with :func:`page_number` (anything that is not a sensible page number reads as the first
page, and numbers are bounded so no database sees an out-of-range offset); API lists answer a subclass of
:class:`ListPage` that names its ``items`` and take a subclass of :class:`PageQuery`.
"""

from __future__ import annotations

import pydantic
from flask import request, url_for

MAX_PAGE = 10_000
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


def page_number(name: str = "page") -> int:
    """The page asked for in the query string, from 1 to :data:`MAX_PAGE` (1 when missing or not a number)."""
    value = request.args.get(name, 1, type=int)
    if not value or value < 1:
        return 1
    return min(value, MAX_PAGE)


def page_url(page: int) -> str:
    """This page's address with another page number, keeping the other query parameters (every value of a
    repeated one) and the page's own language."""
    query = {k: v for k, v in request.args.to_dict(flat=False).items() if k not in ("lang", "page")}
    return url_for(request.endpoint, **{**query, **(request.view_args or {}), "page": page})


def offset(page: int, per_page: int) -> int:
    """The row offset of ``page`` (pages start at 1)."""
    return (max(1, page) - 1) * per_page


class PageQuery(pydantic.BaseModel):
    """The paging part of an API list's query string."""

    page: int = pydantic.Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    per_page: int = pydantic.Field(DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE, description="Items per page.")


class ListPage(pydantic.BaseModel):
    """One page of an API list; a subclass declares ``items: list[TheItemModel]``."""

    items: list
    total: int = pydantic.Field(description="How many items match in all.")
    page: int
    per_page: int
