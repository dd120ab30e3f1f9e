"""The "Find partners", "Suggested for you" and alerts pages: results with explanations, field errors, saving a
search, rating a suggestion."""

from __future__ import annotations

import html as html_lib
import re

from sqlmodel import select

from matching.models import SavedSearch, SuggestionFeedback
from tests.helpers import sign_in


def _client(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def test_search_page_shows_explained_results(app, world):
    client = _client(app, world["maker_user"])
    r = client.get("/ko/partners/?q=CNC+공구+마모+감지+센서")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "Vibration sensor for tool wear detection" in html
    assert 'class="why"' in html and "chip concept" in html
    assert f'/ko/matching/listings/{world["lab_listing"].id}' in html


def test_search_page_shows_field_errors(app, world):
    client = _client(app, world["maker_user"])
    r = client.get("/en/partners/?q=cnc&trl_min=7&trl_max=3")
    assert r.status_code == 422
    assert "must not be below the lower one" in r.get_data(as_text=True)
    r = client.get("/en/partners/?q=")
    assert r.status_code == 422 and "This field is required." in r.get_data(as_text=True)


def test_search_page_needs_sign_in(app, world):
    r = app.test_client().get("/en/partners/?q=cnc")
    assert r.status_code == 302 and "signin" in r.headers["Location"]


def test_save_search_then_delete_it(app, world, db_session):
    client = _client(app, world["maker_user"])
    html = client.get("/en/partners/?q=laser+welding&kind=lab").get_data(as_text=True)
    form = re.search(r'<form method="post" action="/en/partners/saved".*?</form>', html, re.S).group(0)
    fields = {k: html_lib.unescape(v) for k, v in re.findall(r'name="([a-z_]+)"[^>]*value="([^"]*)"', form)}
    r = client.post("/en/partners/saved", data=fields)
    assert r.status_code == 302
    saved = db_session.exec(select(SavedSearch).where(SavedSearch.user_id == world["maker_user"].id)).one()
    assert saved.query == "laser welding" and saved.kinds == ["lab"]
    page = client.get("/en/partners/alerts").get_data(as_text=True)
    assert "laser welding" in page
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    assert client.post(f"/en/partners/saved/{saved.id}/delete", data={"csrf_token": token}).status_code == 302
    assert db_session.get(SavedSearch, saved.id) is None
    other = _client(app, world["lab_user"])
    assert other.post(f"/en/partners/saved/{saved.id}/delete", data={"csrf_token": token}).status_code in (400, 404)


def test_suggestions_page_and_rating(app, world, db_session):
    client = _client(app, world["maker_user"])
    html = client.get("/en/partners/suggestions").get_data(as_text=True)
    assert "KAIST Smart Machining Lab" in html or "Vibration sensor" in html
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)
    doc_id = re.search(r'data-doc-id="([^"]+)"', html).group(1)
    r = client.post("/en/partners/feedback", data={"csrf_token": token, "doc_id": doc_id, "useful": "y",
                                                   "context": "suggestions"})
    assert r.status_code == 302
    row = db_session.exec(select(SuggestionFeedback).where(SuggestionFeedback.doc_id == doc_id)).one()
    assert row.useful is True and row.user_id == world["maker_user"].id
