"""The JSON API: authentication, the error envelope, organisations, and the OpenAPI document."""

import pytest

from market.accounts import services
from tests.helpers import csrf_token


@pytest.fixture
def token_client(signed_in, db_session):
    """A client, a user with a maker organisation, and that user's bearer header."""
    client, user, org = signed_in("maker")
    _token, secret = services.create_api_token(db_session, user, "tests")
    db_session.commit()
    anonymous = client.application.test_client()
    return anonymous, user, org, {"Authorization": f"Bearer {secret}"}


def test_me_with_bearer_token(token_client):
    """GET /api/v1/me with a token answers the user and their organisations."""
    client, user, org, auth = token_client
    response = client.get("/api/v1/me", headers=auth)
    assert response.status_code == 200
    body = response.json
    assert body["email"] == user.email and body["role"] == "member"
    assert body["memberships"] == [{"role": "owner", "organization": body["memberships"][0]["organization"]}]
    assert body["memberships"][0]["organization"]["id"] == org.id
    assert body["created_at"].endswith("Z") or body["created_at"].endswith("+00:00")


def test_me_with_browser_session(signed_in):
    """The browser session authenticates API reads too."""
    client, user, _org = signed_in("buyer", country="DE")
    assert client.get("/api/v1/me").json["email"] == user.email


@pytest.mark.parametrize("header", [None, "Bearer ms_unknown", "Basic dXNlcjpwYXNz", "Bearer "])
def test_bad_or_missing_credentials_answer_401(client, header):
    """Missing, unknown or malformed credentials answer 401 in the error envelope."""
    response = client.get("/api/v1/me", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert set(response.json["error"]) == {"code", "message", "fields"}


def test_organisation_of_another_is_404_and_unchanged(token_client, make_org, make_user, db_session):
    """Another organisation can be neither read nor changed through the API."""
    client, _user, own, auth = token_client
    theirs = make_org(make_user(), kind="lab", name="KIMM Lab")
    assert client.get(f"/api/v1/organizations/{own.id}", headers=auth).status_code == 200
    assert client.get(f"/api/v1/organizations/{theirs.id}", headers=auth).status_code == 404
    response = client.patch(f"/api/v1/organizations/{theirs.id}", json={"name": "Hijacked"}, headers=auth)
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
    db_session.refresh(theirs)
    assert theirs.name == "KIMM Lab"


def test_update_own_organisation(token_client):
    """An owner renames their organisation through PATCH."""
    client, _user, own, auth = token_client
    response = client.patch(f"/api/v1/organizations/{own.id}", json={"name": "Hanbit Precision"}, headers=auth)
    assert response.status_code == 200 and response.json["name"] == "Hanbit Precision"


def test_create_organisation_validation(token_client, db_session):
    """Invalid bodies answer 422 with per-field messages; bad JSON 400; other content types 415."""
    client, _user, _own, auth = token_client
    response = client.post("/api/v1/organizations", json={"name": "X", "kind": "factory", "country": "KR"},
                           headers=auth)
    assert response.status_code == 422
    assert "kind" in response.json["error"]["fields"]
    response = client.post("/api/v1/organizations", json={"kind": "buyer", "country": "KR", "colour": "red"},
                           headers=auth)
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"name", "colour"}
    response = client.post("/api/v1/organizations", data="{not json", content_type="application/json",
                           headers=auth)
    assert response.status_code == 400 and response.json["error"]["code"] == "bad_json"
    response = client.post("/api/v1/organizations", data="name=x", headers=auth)
    assert response.status_code == 415
    created = client.post("/api/v1/organizations", json={"name": "Lyon Ateliers", "kind": "buyer",
                                                          "country": "FR"}, headers=auth)
    assert created.status_code == 201 and created.json["kind"] == "buyer" and created.json["cluster_code"] is None


def test_cookie_session_writes_need_csrf_header(signed_in):
    """A browser-session API write without X-CSRFToken is refused; with it, it succeeds."""
    client, _user, org = signed_in("buyer", country="GB")
    refused = client.patch(f"/api/v1/organizations/{org.id}", json={"name": "Changed"})
    assert refused.status_code == 403 and refused.json["error"]["code"] == "csrf_failed"
    token = csrf_token(client, "/en/account/")
    accepted = client.patch(f"/api/v1/organizations/{org.id}", json={"name": "Changed"},
                            headers={"X-CSRFToken": token})
    assert accepted.status_code == 200


def test_too_large_body_answers_413(token_client, app):
    """A body over the size limit answers 413 in the envelope."""
    client, _user, _own, auth = token_client
    limit = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 1000
    try:
        response = client.post("/api/v1/organizations", json={"name": "x" * 2000, "kind": "buyer",
                                                               "country": "KR"}, headers=auth)
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit
    assert response.status_code == 413 and response.json["error"]["code"] == "payload_too_large"


def test_wrong_method_answers_405_json(client):
    """A method an endpoint does not have answers 405 in the envelope with Allow."""
    response = client.delete("/api/v1/me")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]
    assert response.json["error"]["code"] == "method_not_allowed"


def test_openapi_document_describes_the_handlers(client):
    """The OpenAPI document lists each operation with the models it validates and answers with."""
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    me = spec["paths"]["/api/v1/me"]["get"]
    assert me["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/MeOut"}
    assert "401" in me["responses"]
    create = spec["paths"]["/api/v1/organizations"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/OrganizationCreate")
    assert {"201", "401", "422"} <= set(create["responses"])
    schemas = spec["components"]["schemas"]
    assert {"MeOut", "OrganizationOut", "OrganizationCreate", "ErrorResponse"} <= set(schemas)
    assert "name" in schemas["OrganizationCreate"]["required"]
    assert spec["paths"]["/api/v1/organizations/{org_id}"]["get"]["parameters"][0]["name"] == "org_id"


def test_openapi_document_keeps_each_model_and_the_statuses_of_each_shape(client):
    """Models of the same name in two features keep a schema each (an RFQ message has an author, a prototype
    message does not); every operation documents the statuses its shape can answer; ids are bounded."""
    spec = client.get("/api/v1/openapi.json").json
    schemas = spec["components"]["schemas"]
    assert "author_name" in schemas["market.rfq.api.MessageOut"]["required"]
    assert "author_name" not in schemas["market.prototypes.api_models.MessageOut"]["properties"]
    assert set(schemas["matching.api.introductions.NdaOut"]["properties"]) == {"version", "text"}
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            codes = set(op["responses"])
            assert "401" in codes, (method, path)
            if "security" in op or method != "get":
                assert "403" in codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            if "requestBody" in op:
                assert {"400", "413", "415", "422"} <= codes, (method, path)
            for param in op["parameters"]:
                if param["schema"].get("type") == "integer" and param["in"] == "path":
                    assert param["schema"]["maximum"] == 2**31 - 1
    upload = spec["paths"]["/api/v1/prototype-requests/{request_id}/files"]["post"]["requestBody"]["content"]
    assert "files" in upload["multipart/form-data"]["schema"]["required"]


def test_readable_docs_page(client):
    """The docs page shows every operation and schema, readable offline."""
    html = client.get("/api/v1/docs").get_data(as_text=True)
    assert "/api/v1/organizations/{org_id}" in html and "OrganizationCreate" in html and "Bearer" in html
