"""Refusals render in one place: the JSON envelope for the API, a flash and the way back for pages."""

import pytest
from flask import Blueprint

from market.refusals import Refusal, conflict, not_found


@pytest.fixture(scope="module")
def refusing_app(tmp_path_factory):
    """An app with two routes whose service refuses: one under /api/, one page."""
    from market.app import create_app

    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False,
                      "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('refusals') / 'r.db'}"})
    bp = Blueprint("refusing", __name__)

    @bp.post("/api/v1/test-refusal")
    def api_refusal():
        raise Refusal("Enter a quantity of at least 1.", "quantity", code="too_small")

    @bp.route("/en/test-refusal", methods=["GET", "POST"])
    def page_refusal():
        raise conflict()

    @bp.get("/en/test-missing")
    def page_missing():
        raise not_found()

    app.register_blueprint(bp)
    return app


def test_the_api_answers_the_envelope_with_the_field(refusing_app):
    """An API refusal is the {"error": ...} envelope with the refusal's status, code and field."""
    response = refusing_app.test_client().post("/api/v1/test-refusal")
    assert response.status_code == 422
    assert response.get_json() == {"error": {"code": "too_small", "message": "Enter a quantity of at least 1.",
                                             "fields": {"quantity": "Enter a quantity of at least 1."}}}


def test_a_page_refusal_flashes_and_goes_back_to_the_same_site_page(refusing_app):
    """A refused form post returns to the page it came from with the message; another site's page is not
    followed."""
    client = refusing_app.test_client()
    back = client.post("/en/test-refusal", headers={"Referer": "http://localhost/en/catalog?page=2"})
    assert back.status_code == 303 and back.headers["Location"] == "/en/catalog?page=2"
    shown = client.get("/en/test-refusal")
    assert shown.status_code == 409 and "Reload the page" in shown.get_data(as_text=True)
    elsewhere = client.post("/en/test-refusal", headers={"Referer": "https://evil.example/x"})
    assert elsewhere.status_code == 409


def test_a_missing_object_is_the_404_page(refusing_app):
    """not_found() renders the site's 404 page."""
    assert refusing_app.test_client().get("/en/test-missing").status_code == 404
