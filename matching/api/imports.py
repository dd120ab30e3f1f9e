"""API of the bulk import of technology listings and profiles (``POST /api/v1/matching/import``), all or
nothing; a refused file answers with every refused row (:mod:`matching.importer`)."""

from __future__ import annotations

import pydantic
from flask import request
from flask_babel import gettext as _

from market.api import FILE, Routes, api_user, multipart
from market.db import get_session
from market.errors import ApiError
from matching.importer import MAX_BYTES, import_data, import_rows
from matching.services.listings import LISTING_KINDS
from matching.services.rights import user_orgs

routes = Routes()


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
                 errors=(403, 404),
                 content={"application/json": {"type": "object", "required": ["rows"], "properties": {
                     "source": {"type": "string"}, "rows": {"type": "array", "items": {"type": "object"}}}},
                     **multipart("file", file=FILE, source={"type": "string"}, format={"enum": ["csv", "jsonl"]},
                                 org_id={"type": "integer"})})
def import_matching():
    """Import a CSV or JSONL file (multipart field `file`) or a JSON body `{"source", "rows": [...]}`, all or
    nothing; query or form fields `source` (default: the file name), `format` and `org_id`. Staff import
    anything; members of an IP holder or lab import their own organisation's listings only."""
    session = get_session()
    user = api_user()
    org_id_raw = request.values.get("org_id")
    try:
        org_id = int(org_id_raw) if org_id_raw else None
    except ValueError as exc:
        raise ApiError(422, "invalid", _("Some fields are not valid."), {"org_id": _("Not a number.")}) from exc
    if not user.is_staff and org_id is None:
        own = [o for o in user_orgs(session, user) if o.kind in LISTING_KINDS]
        if len(own) != 1:
            raise ApiError(403, "forbidden", _("Only staff and members of an IP holder or lab can import; name the "
                                               "organisation with org_id."))
        org_id = own[0].id
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
        data = upload.read(MAX_BYTES + 1)
        source = request.values.get("source") or name.rsplit(".", 1)[0]
        report = import_data(session, user, data, source=source, fmt=request.values.get("format") or None,
                             filename=name, org_id=org_id)
    out = ImportOut(**{k: v for k, v in report.as_dict().items() if k != "errors"},
                    errors=[RowErrorOut(line=e.line, external_ref=e.external_ref, reasons=e.reasons)
                            for e in report.errors], message=report.summary())
    if not report.ok:
        session.rollback()
        out.error = ImportErrorBody(code="import_refused", message=report.summary())
        return out, 422
    return out
