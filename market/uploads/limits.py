"""A request's body bounded before it is read: an upload larger than its limit is refused from its
``Content-Length`` alone, and a body sent without one (chunked) is read only up to the limit.

Werkzeug enforces the request's ``max_content_length`` both ways (a ``Content-Length`` over it, or a stream that
passes it); :func:`limited_body` sets it for one request — to the file's limit plus room for the form around
the file — and turns what Werkzeug raises into the upload's refusal: 413 on the file's field, in the user's
language, which the one handler answers as the API's JSON envelope and a form view shows on its field. The
app-wide ``MAX_CONTENT_LENGTH`` (70 MB by default, :mod:`market.config`) stays the ceiling for every other
request.

A view that uses this must be read before anything else reads the body: the upload views are exempt from the
global CSRF hook (which reads the form first) and check their form's CSRF token themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import request
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from market.refusals import Refusal

# The form fields around the file (CSRF token, name, unit) and the multipart boundaries.
FORM_SLACK = 256 * 1024


class BodyTooLarge(Refusal):
    """An upload refused for its size before it was read."""


def too_large(max_bytes: int, field: str = "file") -> BodyTooLarge:
    """The refusal of a file larger than ``max_bytes`` (413, on ``field``)."""
    return BodyTooLarge(_("The file is larger than %(mb)d MB.", mb=max_bytes // 2**20), field, code="too_large",
                        status=413)


@contextmanager
def limited_body(max_bytes: int, field: str = "file") -> Iterator[None]:
    """Refuse the request at once when its ``Content-Length`` says the body is larger than a file of
    ``max_bytes`` with its form; inside the block, reading the body (``request.files``, ``request.form``) stops at
    that size, with or without a ``Content-Length``, and is refused the same way."""
    allowed = max_bytes + FORM_SLACK
    if request.content_length is not None and request.content_length > allowed:
        raise too_large(max_bytes, field)
    request.max_content_length = allowed
    try:
        yield
    except RequestEntityTooLarge:
        raise too_large(max_bytes, field) from None
