"""Operations: health and readiness, request ids and log lines, security headers, error pages."""

import logging

from market.app import create_app


def test_healthz(client):
    """/healthz answers while the process is up."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_readyz_when_migrated(client):
    """/readyz is 200 with each check when the database is reachable and at the newest migration."""
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"] == {"database": "ok", "migrations": "ok", "index": "off"}


def test_readyz_fails_without_migrations(tmp_path):
    """/readyz is 503 and names the problem when migrations were not applied."""
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}"})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "not ready"
    assert response.json["checks"]["migrations"].startswith("at none")


def test_a_server_on_a_database_never_migrated_starts_and_says_what_to_run(tmp_path):
    """Warming up before serving on an empty database does not crash: it says to run `seoulmade db upgrade`
    and the site answers /readyz 503 until then."""
    from market.app import warm_up

    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'never.db'}"})
    said = []
    assert warm_up(app, said.append) is False
    assert "seoulmade db upgrade" in said[0]
    assert app.test_client().get("/readyz").status_code == 503


def test_each_request_is_logged_with_id_duration_and_status(client, caplog):
    """One log line per request carries its id, duration and status; the id is echoed in X-Request-ID."""
    with caplog.at_level(logging.INFO, logger="seoulmade.request"):
        response = client.get("/healthz", headers={"X-Request-ID": "proxy-req-12345"})
    assert response.headers["X-Request-ID"] == "proxy-req-12345"
    lines = [r.getMessage() for r in caplog.records if r.name == "seoulmade.request"]
    assert len(lines) == 1
    assert "request_id=proxy-req-12345" in lines[0]
    assert "status=200" in lines[0] and "duration_ms=" in lines[0]


def test_invalid_incoming_request_id_is_replaced(client):
    """A request id with odd characters is not trusted; a new one is issued."""
    response = client.get("/healthz", headers={"X-Request-ID": "<script>"})
    assert response.headers["X-Request-ID"] != "<script>"
    assert len(response.headers["X-Request-ID"]) == 32


def test_security_headers_and_csp(client):
    """Pages carry a strict content security policy and the usual hardening headers."""
    response = client.get("/en/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_not_found_is_html_for_pages_and_json_for_api(client):
    """A missing page renders the 404 page; a missing API path answers the JSON error envelope."""
    page = client.get("/en/no-such-page")
    assert page.status_code == 404
    assert "text/html" in page.content_type and "Nothing was found" in page.get_data(as_text=True)
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404
    assert api.json == {"error": {"code": "not_found", "message": "Nothing was found at this address.",
                                  "fields": {}}}


def test_server_error_pages(tmp_path):
    """An unexpected failure shows the 500 page (HTML) or the JSON envelope (API), without the traceback."""
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'e.db'}"})

    @app.get("/en/boom")
    def boom():
        raise RuntimeError("secret detail")

    @app.get("/api/v1/boom")
    def api_boom():
        raise RuntimeError("secret detail")

    client = app.test_client()
    page = client.get("/en/boom")
    assert page.status_code == 500 and "secret detail" not in page.get_data(as_text=True)
    assert "Something went wrong" in page.get_data(as_text=True)
    api = client.get("/api/v1/boom")
    assert api.status_code == 500 and api.json["error"]["code"] == "server_error"


def test_root_negotiates_locale(client):
    """/ sends people to their language's front page."""
    assert client.get("/", headers={"Accept-Language": "ja,en;q=0.5"}).headers["Location"].endswith("/ja/")
    assert client.get("/", headers={"Accept-Language": "zh-CN"}).headers["Location"].endswith("/zh-hans/")
    assert client.get("/", headers={"Accept-Language": "de"}).headers["Location"].endswith("/en/")


def test_pages_have_hreflang_alternates(client):
    """Every page lists its address in each locale."""
    html = client.get("/en/account/signin").get_data(as_text=True)
    for lang, segment in (("ko", "ko"), ("en", "en"), ("ja", "ja"), ("zh-Hans", "zh-hans"), ("vi", "vi")):
        assert f'hreflang="{lang}" href="http://localhost/{segment}/account/signin"' in html


def test_staff_only_pages_answer_403_to_members(tmp_path):
    """A member opening a staff page sees the 403 page; anonymous visitors are sent to sign in."""
    from market.security import staff_required
    from tests.helpers import sign_in

    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}"})

    @app.get("/en/staff-only")
    @staff_required("curator", "admin")
    def staff_only():
        return "staff"

    from market.accounts.services import register_user
    from market.db import session_scope
    from market.migrate import upgrade

    upgrade(app.config["DATABASE_URL"])
    with app.app_context(), session_scope(app) as session:
        member = register_user(session, "member@example.com", "granite otter lantern 42", "Member")
        curator = register_user(session, "curator@example.com", "granite otter lantern 42", "Curator",
                                role="curator")
    anonymous = app.test_client()
    assert "/account/signin" in anonymous.get("/en/staff-only").headers["Location"]
    client = app.test_client()
    sign_in(client, member)
    response = client.get("/en/staff-only")
    assert response.status_code == 403 and "You are not allowed to do this." in response.get_data(as_text=True)
    sign_in(client, curator)
    assert client.get("/en/staff-only").get_data(as_text=True) == "staff"
