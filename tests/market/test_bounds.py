"""Out-of-range numbers, over-long fields and text no database stores get a clear answer, never a 500 (on both
backends): ids in URLs beyond the id columns match nothing, and what reaches a query anyway is a 422."""

import pytest

from tests.factories.clients import bearer, isolated_client


@pytest.mark.parametrize("path", ["/en/products/2147483648", "/en/products/99999999999999999999",
                                  "/en/prototypes/2147483648", "/en/matching/listings/9223372036854775808"])
def test_page_ids_beyond_the_id_columns_are_not_found(client, path):
    """A page id no row can have is a 404 page, not a database error."""
    assert client.get(path).status_code == 404


def test_api_ids_beyond_the_id_columns_are_not_found_in_the_envelope(client):
    """The API answers such ids with its 404 envelope."""
    response = client.get("/api/v1/products/9223372036854775808")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


def test_api_writes_to_ids_beyond_the_id_columns_are_not_found(client):
    """A write to such an id is a 404 too, not a 405 naming methods the path allows (werkzeug checks methods
    before it converts the id)."""
    for path in ("/api/v1/organizations/2147483648", "/api/v1/organizations/99999999999"):
        response = client.patch(path, json={"name": "Changed"})
        assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found", path


def test_over_long_form_fields_are_marked_not_crashed(client):
    """An over-long field is refused on the field with the length in the message (sign-in, public search)."""
    from tests.helpers import csrf_token

    response = client.post("/en/account/signin", data={"csrf_token": csrf_token(client, "/en/account/signin"),
                                                       "email": "a" * 300 + "@example.com", "password": "x"})
    assert response.status_code == 422
    assert "cannot be longer than" in response.get_data(as_text=True)
    assert client.get("/en/makers/?q=" + "x" * 101).status_code in (200, 422)
    ko = client.get("/ko/makers/?q=" + "x" * 101)
    assert ko.status_code in (200, 422) and "Field cannot be longer" not in ko.get_data(as_text=True)


def test_numbers_beyond_a_column_in_an_api_body_are_422(app, db_session, make_user, make_org):
    """A number no column holds, sent in a JSON body, is refused as out of range (422), and nothing changes."""
    from market.rfq.models import Rfq
    from tests.factories.db import count

    user = make_user()
    make_org(user, kind="buyer")
    headers = bearer(db_session, user)
    before = count(db_session, Rfq)
    response = isolated_client(app).post("/api/v1/rfqs", headers=headers, json={
        "product_id": 2**40, "quantity": 10, "message": "Ten wallets in black full-grain leather, please."})
    assert response.status_code in (404, 422), response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] in ("not_found", "out_of_range", "invalid")
    huge = isolated_client(app).post("/api/v1/rfqs", headers=headers, json={
        "product_id": 2**70, "quantity": 10, "message": "Ten wallets in black full-grain leather, please."})
    assert huge.status_code in (404, 422)
    assert count(db_session, Rfq) == before


def test_nested_json_and_unstorable_text_are_refused(app, db_session, make_user, make_org):
    """JSON nested deeper than the parser goes is a 400; NUL characters and lone surrogates are a 422 on the
    field that holds them."""
    user = make_user()
    make_org(user, kind="buyer")
    headers = {**bearer(db_session, user), "Content-Type": "application/json"}
    client = isolated_client(app)
    deep = client.post("/api/v1/rfqs", headers=headers, data="[" * 100_000 + "]" * 100_000)
    assert deep.status_code == 400 and deep.get_json()["error"]["code"] == "bad_json"
    for text in ("Ten wallets\x00 please, in black leather for our shop.", "Ten wallets \\ud800 please."):
        escaped = text.replace("\x00", "\\u0000")
        body = '{"maker_id": 1, "quantity": 10, "message": "' + escaped + '"}'
        response = client.post("/api/v1/rfqs", headers=headers, data=body)
        assert response.status_code == 422, text
        assert "message" in response.get_json()["error"]["fields"]
