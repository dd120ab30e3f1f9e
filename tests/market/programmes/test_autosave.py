"""A draft saves itself as the applicant types: the page loads the autosave script and a status line; the form
posted asking for JSON is saved and answers "saved at …", a refused answer comes back on its field with nothing
saved; a submission is never made that way; without JavaScript the form posts as before."""

from __future__ import annotations

import pytest

from tests.factories.programmes import add_profile, add_programme
from tests.helpers import csrf_token

JSON = {"Accept": "application/json"}


@pytest.fixture
def draft(signed_in, db_session):
    client, user, org = signed_in(kind="maker", name="Changsin Hillside Sewing", cluster_code="changsin",
                                  staff_count=6, founded_year=1996)
    add_profile(db_session, org)
    programme = add_programme(db_session)
    token = csrf_token(client, f"/en/programmes/{programme.id}")
    url = client.post(f"/en/programmes/{programme.id}/apply", data={"csrf_token": token}).headers["Location"]
    return client, token, url


def test_the_draft_saves_itself(app, db_session, draft):
    client, token, url = draft
    page = client.get(url).get_data(as_text=True)
    assert "js/autosave.js" in page and 'id="autosave-status"' in page and "data-autosave" in page
    saved = client.post(url, data={"csrf_token": token, "plan": "Barcode cutting orders", "workers": "6"},
                        headers=JSON)
    assert saved.status_code == 200 and saved.get_json()["saved"] is True
    assert saved.get_json()["message"].startswith("Draft saved at")
    assert "Barcode cutting orders" in client.get(url).get_data(as_text=True)


def test_a_refused_answer_comes_back_on_its_field(app, db_session, draft):
    client, token, url = draft
    refused = client.post(url, data={"csrf_token": token, "plan": "Changed plan", "workers": "six"}, headers=JSON)
    body = refused.get_json()
    assert refused.status_code == 422 and body["saved"] is False and "workers" in body["errors"]
    assert "Changed plan" not in client.get(url).get_data(as_text=True)


def test_autosave_never_submits_and_the_form_still_posts_without_javascript(app, db_session, draft):
    client, token, url = draft
    asked = client.post(url, data={"csrf_token": token, "plan": "Plan", "workers": "6", "action": "submit"},
                        headers=JSON)
    assert asked.status_code == 422 and "text/html" in asked.content_type  # a submission answers with the page
    plain = client.post(url, data={"csrf_token": token, "plan": "Plan", "workers": "6", "action": "save"})
    assert plain.status_code == 302
