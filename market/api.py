"""The ``/api/v1`` base: typed endpoints whose pydantic models both validate and document them (OpenAPI 3).

A feature declares its operations on its own :class:`Routes` (``routes = Routes()``, then
``@routes.endpoint(...)``); nothing is attached at import. The app factory builds the API blueprint from the
list of every feature's routes with :func:`create_blueprint`; the same declarations produce
``/api/v1/openapi.json`` and the readable docs at ``/api/v1/docs``.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import Any

import pydantic
import pydantic.json_schema
from flask import Blueprint, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError as WTFValidationError

from i18n.locales import LOCALES
from i18n.money import CURRENCIES
from market.db import MAX_ID
from market.errors import ApiError

URL_PREFIX = "/api/v1"
EXTENSION = "seoulmade.api.operations"

API_VERSION = "1.0.0"
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class LangQuery(pydantic.BaseModel):
    """The language of the answer; the base of query strings that choose it."""

    model_config = pydantic.ConfigDict(extra="forbid")

    lang: str | None = pydantic.Field(None, description="ko, en, ja, zh_Hans or vi (default: negotiated)",
                                      json_schema_extra={"enum": list(LOCALES)})

    @pydantic.field_validator("lang")
    @classmethod
    def _known_lang(cls, value):
        if value is not None and value not in LOCALES:
            raise ValueError("unknown language; use one of " + ", ".join(LOCALES))
        return value


class DisplayQuery(LangQuery):
    """Language and currency of the answer."""

    currency: str | None = pydantic.Field(None, description="KRW, USD, JPY, CNY, EUR or VND",
                                          json_schema_extra={"enum": list(CURRENCIES)})

    @pydantic.field_validator("currency")
    @classmethod
    def _known_currency(cls, value):
        if value is not None and value.upper() not in CURRENCIES:
            raise ValueError("unknown currency; use one of " + ", ".join(CURRENCIES))
        return value and value.upper()


def vocabulary_ids(name: str):
    """The type of a list item that must be an id of the controlled vocabulary ``name`` (``materials``, ...):
    documented as an enum of the ids, refused with a 422 on the field when unknown."""
    from typing import Annotated

    from i18n.vocabularies import vocabulary

    ids = [entry.code for entry in vocabulary(name).entries]

    def known(value: str) -> str:
        if value not in ids:
            raise ValueError(f"unknown {name} id; see {URL_PREFIX}/vocabularies/{name}")
        return value

    return Annotated[str, pydantic.AfterValidator(known), pydantic.WithJsonSchema({"type": "string", "enum": ids})]


def vocabulary_texts(max_length: int):
    """The type of a free-text "other" value of a vocabulary field: a non-blank text of at most ``max_length``
    characters."""
    from typing import Annotated

    return Annotated[str, pydantic.StringConstraints(max_length=max_length, pattern=r"\S")]


class ErrorBody(pydantic.BaseModel):
    """What went wrong."""

    code: str = pydantic.Field(description="Machine-readable error code, e.g. `not_found`.")
    message: str = pydantic.Field(description="A sentence for people.")
    fields: dict[str, str] = pydantic.Field(default_factory=dict, description="Messages per invalid field.")


class ErrorResponse(pydantic.BaseModel):
    """The envelope of every API error."""

    error: ErrorBody


@dataclasses.dataclass
class Operation:
    """One documented API operation."""

    rule: str
    method: str
    summary: str
    description: str
    tag: str
    body: type[pydantic.BaseModel] | None
    query: type[pydantic.BaseModel] | None
    response: type[pydantic.BaseModel] | None
    status: int
    auth: bool
    errors: tuple[int, ...]
    content: dict[str, dict] | None = None



FILE = {"type": "string", "format": "binary"}


def multipart(*required: str, **properties: dict) -> dict[str, dict]:
    """The ``content`` of an operation that takes ``multipart/form-data``: its parts (use :data:`FILE` for a
    file, ``{"type": "array", "items": FILE}`` for several) and which of them it requires."""
    return {"multipart/form-data": {"type": "object", "properties": properties, "required": list(required)}}


def _field_errors(exc: pydantic.ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for err in exc.errors():
        name = ".".join(str(p) for p in err["loc"]) or "body"
        fields.setdefault(name, err["msg"])
    return fields


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _refuse_unstorable_text(value, path: str = "") -> None:
    """Refuse (422, on the field) text no database stores: NUL characters and lone UTF-16 surrogates."""
    if isinstance(value, str):
        if _UNSTORABLE.search(value):
            raise ApiError(422, "invalid", _("Some fields are not valid."),
                           {path or "body": _("Remove the control characters from this text.")})
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_unstorable_text(key, path or "body")
            _refuse_unstorable_text(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_unstorable_text(item, f"{path}.{index}" if path else str(index))


def _authenticate():
    """Bearer tokens or the browser session; a cookie-authenticated write must carry the CSRF token."""
    from market.accounts.services import authenticate_api_token
    from market.db import get_session

    header = request.headers.get("Authorization", "")
    if header:
        scheme, _sep, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(401, "unauthorized", _("Use the header 'Authorization: Bearer <token>'."))
        user = authenticate_api_token(get_session(), token.strip())
        if user is None:
            raise ApiError(401, "invalid_token", _("This API token is unknown, revoked or its user is disabled."))
        g.api_user = user
        g.api_via_token = True
        return user
    if current_user.is_authenticated:
        if request.method not in _SAFE_METHODS:
            try:
                validate_csrf(request.headers.get("X-CSRFToken", ""))
            except (CSRFError, WTFValidationError) as exc:
                raise ApiError(
                    403, "csrf_failed", _("Send the CSRF token in X-CSRFToken, or use an API token.")
                ) from exc
        g.api_user = current_user._get_current_object()
        g.api_via_token = False
        return g.api_user
    return None


def api_user():
    """The user of the current API request (set by :meth:`Routes.endpoint`), or None."""
    return g.get("api_user")


def authenticated_user():
    """The user of a request to a plain (undocumented) API route, by token or session; 401 without one."""
    user = _authenticate()
    if user is None:
        raise ApiError(401, "unauthorized", _("Sign in or send 'Authorization: Bearer <token>'."))
    return user


class Routes:
    """One feature's API operations, declared with :meth:`endpoint` (documented) or :meth:`route` (a plain
    route such as a file download), and mounted by the factory through :func:`create_blueprint`."""

    def __init__(self):
        self.operations: list[tuple[Operation | None, str, str, Any]] = []

    def route(self, rule: str, method: str = "GET"):
        """Declare a plain route on the API (not in the OpenAPI document); it authenticates itself."""

        def decorator(view):
            self.operations.append((None, rule, method, view))
            return view

        return decorator

    def endpoint(self, rule: str, method: str = "GET", **declaration):
        """Declare a documented operation; see :func:`_endpoint` for the arguments."""

        def decorator(handler):
            operation, view = _endpoint(rule, method, **declaration)(handler)
            self.operations.append((operation, rule, method, view))
            return handler

        return decorator


def create_blueprint(routes: list[Routes]) -> Blueprint:
    """The ``/api/v1`` blueprint of one app: every feature's routes, the OpenAPI document and its docs."""
    bp = Blueprint("market_api", __name__, url_prefix=URL_PREFIX)
    operations: list[Operation] = []
    for feature in routes:
        for operation, rule, method, view in feature.operations:
            bp.add_url_rule(rule, endpoint=view.__name__, view_func=view, methods=[method])
            if operation is not None:
                operations.append(operation)
    bp.add_url_rule("/openapi.json", view_func=openapi_json)
    bp.add_url_rule("/docs", view_func=docs)
    bp.record_once(lambda state: state.app.extensions.__setitem__(EXTENSION, operations))
    return bp


def _endpoint(
    rule: str,
    method: str = "GET",
    *,
    summary: str,
    tag: str,
    body: type[pydantic.BaseModel] | None = None,
    query: type[pydantic.BaseModel] | None = None,
    response: type[pydantic.BaseModel] | None = None,
    status: int = 200,
    auth: bool = True,
    errors: tuple[int, ...] = (),
    content: dict[str, dict] | None = None,
):
    """Declare an API operation: validate its query and JSON body, authenticate, serialise its response.

    The handler receives ``body=`` and ``query=`` model instances when declared, and returns a model (or a
    ``(model, status)`` pair); failures raise :class:`ApiError`. A handler that reads its request body itself
    (files in ``multipart/form-data``) documents it with ``content``: media type → JSON schema of the body.
    ``errors`` lists only the statuses particular to the operation; the document adds those every operation
    of its shape can answer (see :func:`_error_statuses`).
    """

    def decorator(handler):
        operation = Operation(rule, method, summary, (handler.__doc__ or "").strip(), tag, body, query, response,
                              status, auth, errors, content)

        @functools.wraps(handler)
        def view(**path_args):
            user = _authenticate()
            if auth and user is None:
                raise ApiError(401, "unauthorized", _("Sign in or send 'Authorization: Bearer <token>'."))
            kwargs: dict[str, Any] = dict(path_args)
            if query is not None:
                try:
                    # A model may read repeated keys itself (``from_args``); otherwise the last value counts.
                    parse = getattr(query, "from_args", None)
                    kwargs["query"] = (parse(request.args) if parse
                                       else query.model_validate(request.args.to_dict()))
                except pydantic.ValidationError as exc:
                    raise ApiError(422, "invalid", _("Some query parameters are not valid."),
                                   _field_errors(exc)) from exc
            if body is not None:
                if not request.is_json:
                    raise ApiError(415, "unsupported_media_type",
                                   _("Send JSON with Content-Type: application/json."))
                try:
                    payload = request.get_json(silent=True)
                except RecursionError:  # nested deeper than the parser goes
                    payload = None
                if payload is None:
                    raise ApiError(400, "bad_json", _("The body is not valid JSON."))
                _refuse_unstorable_text(payload)
                try:
                    kwargs["body"] = body.model_validate(payload)
                except pydantic.ValidationError as exc:
                    raise ApiError(422, "invalid", _("Some fields are not valid."), _field_errors(exc)) from exc
            result = handler(**kwargs)
            if request.method not in _SAFE_METHODS:
                # The boundary commits once, after the handler succeeded (conventions: services only flush);
                # a read commits nothing, so nothing a reading handler might have flushed is kept.
                from market.db import get_session

                get_session().commit()
            code = status
            if isinstance(result, tuple):
                result, code = result
            if result is None:
                return "", 204
            return jsonify(result.model_dump(mode="json")), code

        view.__name__ = handler.__name__
        return operation, view

    return decorator


def _openapi_path(rule: str) -> tuple[str, list[tuple[str, dict]]]:
    # ``<int:…>`` matches only ids a database column holds (market.db.IdConverter); anything else is a 404.
    params = [(name, {"type": "integer", "minimum": 1, "maximum": MAX_ID} if converter == "int"
               else {"type": "string", "pattern": "^[^/]+$"})
              for converter, name in re.findall(r"<(?:([a-z]+):)?([a-z_]+)>", rule)]
    path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)
    return path, params


def _error_statuses(op: Operation, has_path_params: bool) -> set[int]:
    """The error statuses an operation can answer: its own ``errors`` and those of its shape. Any request may
    carry an unknown or revoked token (401); a signed-in operation may be refused to its user (403); a write
    by browser session needs the CSRF token (403) and may find SQLite busy (503); a URL naming an object may
    name none (404); a body may be malformed (400), too large (413), of another media type (415) or invalid
    (422); a query string may be invalid (422)."""
    codes = set(op.errors) | {401}
    if op.auth:
        codes.add(403)
    if op.method.upper() not in _SAFE_METHODS:
        codes |= {403, 503}
    if has_path_params:
        codes.add(404)
    if op.body is not None or op.content is not None:
        codes |= {400, 413, 415, 422}
    if op.query is not None:
        codes.add(422)
    return codes


def _bound_id(name: str, schema: dict) -> dict:
    """An ``id`` or ``*_id`` integer names a row: from 1 to what an id column holds (a larger one is refused, as
    not found or out of range)."""
    if name == "id" or name.endswith("_id"):
        for option in [schema, *schema.get("anyOf", [])]:
            if option.get("type") == "integer":
                option.setdefault("minimum", 1)
                option.setdefault("maximum", MAX_ID)
    return schema


def _bound_ids(schema: Any) -> None:
    """Bound every id property of a schema and of the schemas nested in it (see :func:`_bound_id`)."""
    if isinstance(schema, dict):
        for name, prop in (schema.get("properties") or {}).items():
            if isinstance(prop, dict):
                _bound_id(name, prop)
        for value in schema.values():
            _bound_ids(value)
    elif isinstance(schema, list):
        for item in schema:
            _bound_ids(item)


def _operation_models(op: Operation) -> list[tuple[type[pydantic.BaseModel], str]]:
    return [(model, mode) for model, mode in ((op.body, "validation"), (op.response, "serialization"))
            if model is not None]


class _SchemaNames(pydantic.json_schema.GenerateJsonSchema):
    """Schema names as pydantic makes them, but a name two features share is qualified with its module in
    dotted form (``market.rfq.api.MessageOut``) rather than with double underscores."""

    def normalize_name(self, name: str) -> str:
        return re.sub(r"[^a-zA-Z0-9.\-_]", "_", name)


def openapi_document() -> dict:
    """Build the OpenAPI 3.1 document from the declared operations and their models."""
    operations = current_app.extensions[EXTENSION]
    # All models at once, so two models of the same class name in different features get distinct schemas.
    keys = list(dict.fromkeys([(ErrorResponse, "serialization"),
                               *(key for op in operations for key in _operation_models(op))]))
    refs, definitions = pydantic.json_schema.models_json_schema(keys, ref_template="#/components/schemas/{model}",
                                                               schema_generator=_SchemaNames)
    schemas: dict[str, Any] = definitions.get("$defs", {})
    for schema in schemas.values():
        _bound_ids(schema)

    def ref(model: type[pydantic.BaseModel], mode: str = "validation") -> dict:
        return refs[(model, mode)]

    error_ref = ref(ErrorResponse, "serialization")
    paths: dict[str, dict] = {}
    for op in operations:
        path, path_params = _openapi_path(op.rule)
        item: dict[str, Any] = {
            "summary": op.summary,
            "description": op.description,
            "tags": [op.tag],
            "operationId": f"{op.method.lower()}_{op.tag}_{op.summary}".replace(" ", "_").lower()[:80],
            "parameters": [
                {"name": name, "in": "path", "required": True, "schema": schema}
                for name, schema in path_params
            ],
            "responses": {},
        }
        if op.query is not None:
            for name, field in op.query.model_fields.items():
                item["parameters"].append(
                    {"name": name, "in": "query", "required": field.is_required(),
                     "description": field.description or "",
                     "schema": _bound_id(name, op.query.model_json_schema()["properties"][name])}
                )
        if op.body is not None:
            item["requestBody"] = {"required": True, "content": {"application/json": {"schema": ref(op.body)}}}
        elif op.content is not None:
            item["requestBody"] = {"required": True,
                                   "content": {media: {"schema": schema} for media, schema in op.content.items()}}
        success: dict[str, Any] = {"description": "Success"}
        if op.response is not None:
            success["content"] = {"application/json": {"schema": ref(op.response, "serialization")}}
        item["responses"][str(op.status)] = success
        for code in sorted(_error_statuses(op, bool(path_params))):
            item["responses"][str(code)] = {
                "description": _ERROR_DESCRIPTIONS.get(code, "Error"),
                "content": {"application/json": {"schema": error_ref}},
            }
        if op.auth:
            item["security"] = [{"bearerAuth": []}, {"cookieSession": []}]
        paths.setdefault(URL_PREFIX + path, {})[op.method.lower()] = item
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Made in Seoul API",
            "version": API_VERSION,
            "description": "Money is integer KRW in `*_krw` fields; times are ISO 8601 UTC; lists answer "
            "`{items, total, page, per_page}`; errors answer `{\"error\": {code, message, fields}}`. Text "
            "holding NUL characters or lone UTF-16 surrogates is refused with a 422 on its field.",
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer",
                               "description": "A personal API token from your account page."},
                "cookieSession": {"type": "apiKey", "in": "cookie", "name": "session",
                                  "description": "The browser session; writes also need X-CSRFToken."},
            },
        },
    }


_ERROR_DESCRIPTIONS = {
    400: "Malformed request",
    401: "Not signed in, or the API token is unknown or revoked",
    403: "Not allowed",
    404: "Not found, or not yours to see",
    409: "Conflicts with the current state",
    413: "Too large",
    422: "Invalid fields",
    429: "Rate limited",
    503: "The database is busy; try again after `Retry-After` seconds",
}


def openapi_json():
    """The OpenAPI document."""
    return jsonify(openapi_document())


def docs():
    """Readable API documentation, rendered on the server from the OpenAPI document (works offline)."""
    return render_template("market/api_docs.html", spec=openapi_document())
