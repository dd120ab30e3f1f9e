"""An upload larger than its limit is refused from its Content-Length before its body is read (413: the API's JSON
envelope, the form's page with the file marked), and a body sent without a Content-Length is read only up to
the limit."""

from __future__ import annotations

import io

import pytest

from tests.factories.files import mesh_bytes
from tests.helpers import csrf_token, sign_in

LIMIT = 1024 * 1024  # the test's upload limit: 1 MB
BOUNDARY = "seoulmade-test-boundary"


class Body(io.RawIOBase):
    """A multipart body of ``size`` bytes made while it is read (one file field, then zeros), counting what the
    server read of it."""

    def __init__(self, size: int, fields: dict[str, str] | None = None):
        head = "".join(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
                       for name, value in (fields or {}).items())
        head += (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.stl"\r\n'
                 "Content-Type: application/octet-stream\r\n\r\n")
        self.head, self.size, self.consumed = head.encode(), size, 0

    def readable(self) -> bool:
        return True

    def environ(self, content_length: int | None = None) -> dict:
        """The WSGI environment of a request carrying this body: with a Content-Length, or chunked (the server
        then terminates the stream, as gunicorn does)."""
        if content_length is not None:
            return {"wsgi.input": self, "CONTENT_LENGTH": str(content_length)}
        return {"wsgi.input": self, "HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input_terminated": True}

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self.size - self.consumed)
        if n <= 0:
            return 0
        chunk = (self.head + b"\x00" * n)[self.consumed:self.consumed + n] if self.consumed < len(self.head) \
            else b"\x00" * n
        buffer[:n] = chunk
        self.consumed += n
        return n


@pytest.fixture
def small_limit(app, monkeypatch):
    monkeypatch.setitem(app.config, "JEWELRY_MAX_UPLOAD_BYTES", LIMIT)


@pytest.fixture
def api_client(app, db_session, customer):
    from market.accounts.services import create_api_token

    secret = create_api_token(db_session, customer, "tests")[1]
    db_session.commit()
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


@pytest.fixture
def customer(make_user):
    return make_user(name="Mina Customer")


def test_the_app_wide_ceiling_is_above_the_jewelry_limit(app):
    """MAX_CONTENT_LENGTH (70 MB) stays the ceiling of every request; the 64 MB jewelry limit is enforced per
    request below it."""
    assert app.config["MAX_CONTENT_LENGTH"] == 70 * 1024 * 1024
    from market.jewelry import formats

    assert formats.DEFAULT_LIMITS.max_bytes == 64 * 1024 * 1024 < app.config["MAX_CONTENT_LENGTH"]


def test_api_refuses_from_the_content_length_without_reading(app, api_client, small_limit):
    body = Body(50 * LIMIT)
    response = api_client.post("/api/v1/jewelry/designs", data=b"", environ_overrides=body.environ(50 * LIMIT),
                               content_type=f"multipart/form-data; boundary={BOUNDARY}")
    assert response.status_code == 413
    error = response.get_json()["error"]
    assert error["code"] == "too_large" and error["message"] == "The file is larger than 1 MB."
    assert error["fields"] == {"file": "The file is larger than 1 MB."}
    assert body.consumed == 0


def test_api_stops_reading_a_body_without_content_length_at_the_limit(app, api_client, small_limit):
    """A chunked body (no Content-Length; the server terminates the stream) is read up to the limit only."""
    body = Body(40 * LIMIT)
    response = api_client.post("/api/v1/jewelry/designs", data=b"", environ_overrides=body.environ(),
                               content_type=f"multipart/form-data; boundary={BOUNDARY}")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"
    assert body.consumed < 2 * LIMIT


def test_api_takes_a_file_under_the_limit(app, api_client, small_limit):
    response = api_client.post("/api/v1/jewelry/designs", content_type="multipart/form-data",
                               data={"file": (io.BytesIO(mesh_bytes("trimesh_soup.stl")), "soup.stl")})
    assert response.status_code == 201, response.get_json()


def test_form_refuses_from_the_content_length_with_a_page(app, client, customer, small_limit):
    sign_in(client, customer)
    token = csrf_token(client, "/en/jewelry/")
    body = Body(50 * LIMIT, {"csrf_token": token, "unit": "mm"})
    response = client.post("/en/jewelry/designs", data=b"", environ_overrides=body.environ(50 * LIMIT),
                           content_type=f"multipart/form-data; boundary={BOUNDARY}")
    assert response.status_code == 413 and body.consumed == 0
    page = response.get_data(as_text=True)
    assert 'id="design-file-error"' in page and "The file is larger than 1 MB." in page
    assert 'aria-invalid="true"' in page and 'id="design-upload"' in page


def test_form_stops_reading_without_content_length(app, client, customer, small_limit):
    sign_in(client, customer)
    token = csrf_token(client, "/en/jewelry/")
    body = Body(40 * LIMIT, {"csrf_token": token, "unit": "mm"})
    response = client.post("/en/jewelry/designs", data=b"", environ_overrides=body.environ(),
                           content_type=f"multipart/form-data; boundary={BOUNDARY}",
                           headers={"Accept": "application/json"})
    assert response.status_code == 413 and body.consumed < 2 * LIMIT
    assert response.get_json()["error"]["fields"]["file"] == "The file is larger than 1 MB."


def test_form_refusal_is_in_the_users_language(app, client, customer, small_limit):
    sign_in(client, customer)
    body = Body(50 * LIMIT)
    response = client.post("/ko/jewelry/designs", data=b"", environ_overrides=body.environ(50 * LIMIT),
                           content_type=f"multipart/form-data; boundary={BOUNDARY}")
    assert response.status_code == 413
    assert "The file is larger than" not in response.get_data(as_text=True)


def test_upload_form_still_checks_its_csrf_token(app, client, customer):
    """The upload view reads its own body, so the global CSRF hook skips it: the form checks the token."""
    sign_in(client, customer)
    response = client.post("/en/jewelry/designs", content_type="multipart/form-data",
                           data={"unit": "mm", "file": (io.BytesIO(mesh_bytes("trimesh_soup.stl")), "soup.stl")})
    assert response.status_code == 422 and "The form expired" in response.get_data(as_text=True)
