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
from flask import Blueprint, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError as WTFValidationError

from i18n.locales import LOCALES
from i18n.money import CURRENCIES
from market.errors import ApiError

URL_PREFIX = "/api/v1"
EXTENSION = "seoulmade.api.operations"

API_VERSION = "1.0.0"
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class LangQuery(pydantic.BaseModel):
    """The language of the answer; the base of query strings that choose it."""

    model_config = pydantic.ConfigDict(extra="forbid")

    lang: str | None = pydantic.Field(None, description="ko, en, ja, zh_Hans or vi (default: negotiated)")

    @pydantic.field_validator("lang")
    @classmethod
    def _known_lang(cls, value):
        if value is not None and value not in LOCALES:
            raise ValueError("unknown language; use one of " + ", ".join(LOCALES))
        return value


class DisplayQuery(LangQuery):
    """Language and currency of the answer."""

    currency: str | None = pydantic.Field(None, description="KRW, USD, JPY, CNY, EUR or VND")

    @pydantic.field_validator("currency")
    @classmethod
    def _known_currency(cls, value):
        if value is not None and value.upper() not in CURRENCIES:
            raise ValueError("unknown currency; use one of " + ", ".join(CURRENCIES))
        return value and value.upper()


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
):
    """Declare an API operation: validate its query and JSON body, authenticate, serialise its response.

    The handler receives ``body=`` and ``query=`` model instances when declared, and returns a model (or a
    ``(model, status)`` pair); failures raise :class:`ApiError`.
    """

    def decorator(handler):
        operation = Operation(rule, method, summary, (handler.__doc__ or "").strip(), tag, body, query, response,
                              status, auth, errors)

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
            # The boundary commits once, after the handler succeeded (conventions: services only flush).
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


def _openapi_path(rule: str) -> tuple[str, list[tuple[str, str]]]:
    params = [(name, "integer" if converter == "int" else "string")
              for converter, name in re.findall(r"<(?:([a-z]+):)?([a-z_]+)>", rule)]
    path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)
    return path, params


def openapi_document() -> dict:
    """Build the OpenAPI 3.1 document from the declared operations and their models."""
    schemas: dict[str, Any] = {}

    def ref(model: type[pydantic.BaseModel], mode: str = "validation") -> dict:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}", mode=mode)
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
        return {"$ref": f"#/components/schemas/{model.__name__}"}

    error_ref = ref(ErrorResponse, "serialization")
    paths: dict[str, dict] = {}
    for op in current_app.extensions[EXTENSION]:
        path, path_params = _openapi_path(op.rule)
        item: dict[str, Any] = {
            "summary": op.summary,
            "description": op.description,
            "tags": [op.tag],
            "operationId": f"{op.method.lower()}_{op.tag}_{op.summary}".replace(" ", "_").lower()[:80],
            "parameters": [
                {"name": name, "in": "path", "required": True, "schema": {"type": kind}}
                for name, kind in path_params
            ],
            "responses": {},
        }
        if op.query is not None:
            for name, field in op.query.model_fields.items():
                item["parameters"].append(
                    {"name": name, "in": "query", "required": field.is_required(),
                     "description": field.description or "",
                     "schema": op.query.model_json_schema()["properties"][name]}
                )
        if op.body is not None:
            item["requestBody"] = {"required": True, "content": {"application/json": {"schema": ref(op.body)}}}
        success: dict[str, Any] = {"description": "Success"}
        if op.response is not None:
            success["content"] = {"application/json": {"schema": ref(op.response, "serialization")}}
        item["responses"][str(op.status)] = success
        codes = set(op.errors)
        if op.auth:
            codes.add(401)
        if op.body is not None or op.query is not None:
            codes.update({400, 422} if op.body is not None else {422})
        for code in sorted(codes):
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
            "`{items, total, page, per_page}`; errors answer `{\"error\": {code, message, fields}}`.",
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
}


def openapi_json():
    """The OpenAPI document."""
    return jsonify(openapi_document())


def docs():
    """Readable API documentation, rendered on the server from the OpenAPI document (works offline)."""
    return render_template("market/api_docs.html", spec=openapi_document())
