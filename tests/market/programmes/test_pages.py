"""Programme pages: the directory with eligibility for the member, a programme's rules and why, the application
form saved as a draft and refused with fields marked, and staff pages closed to members."""

from __future__ import annotations

import pytest

from tests.factories.programmes import add_profile, add_programme
from tests.helpers import csrf_token


@pytest.fixture
def workshop(signed_in, db_session):
    client, user, org = signed_in(kind="maker", name="Changsin Hillside Sewing", cluster_code="changsin",
                                  staff_count=6, founded_year=1996)
    add_profile(db_session, org)
    return client, user, org


@pytest.mark.parametrize("lang", ["en", "ko", "ja", "zh-hans", "vi"])
def test_the_directory_in_every_language(app, client, db_session, lang):
    add_programme(db_session)
    response = client.get(f"/{lang}/programmes/")
    title = "스마트공장 1단계" if lang == "ko" else "Smart factory stage 1"
    assert response.status_code == 200 and title in response.get_data(as_text=True)


def test_a_programme_page_says_why_for_each_rule(app, db_session, workshop):
    client, _user, _org = workshop
    programme = add_programme(db_session)
    html = client.get(f"/en/programmes/{programme.id}").get_data(as_text=True)
    assert "You have 6 workers, fewer than 10." in html and 'id="apply-button"' in html
    assert html.count('data-result="met"') == 4


def test_a_draft_is_saved_and_a_bad_answer_is_marked(app, db_session, workshop):
    client, _user, _org = workshop
    programme = add_programme(db_session)
    token = csrf_token(client, f"/en/programmes/{programme.id}")
    response = client.post(f"/en/programmes/{programme.id}/apply", data={"csrf_token": token})
    assert response.status_code == 302
    url = response.headers["Location"]
    saved = client.post(url, data={"csrf_token": token, "plan": "Cutting table", "workers": "6", "action": "save"})
    assert saved.status_code == 302
    assert "Cutting table" in client.get(url).get_data(as_text=True)
    refused = client.post(url, data={"csrf_token": token, "plan": "Cutting table", "workers": "six",
                                     "action": "save"})
    assert refused.status_code == 422 and 'id="workers-error"' in refused.get_data(as_text=True)
    missing = client.post(url, data={"csrf_token": token, "plan": "Cutting table", "workers": "6",
                                     "action": "submit"})
    html = missing.get_data(as_text=True)
    assert missing.status_code == 422 and 'href="#document_registration"' in html and 'href="#consent"' in html


def test_staff_pages_are_for_staff(app, db_session, workshop, make_user):
    client, _user, _org = workshop
    assert client.get("/en/programmes/staff/").status_code == 403
    assert client.get("/en/programmes/staff/outcomes").status_code == 403


def test_the_support_profile_refuses_a_bad_business_number(app, db_session, workshop):
    """A number whose check digit is wrong is marked on its field and nothing is saved."""
    client, _user, org = workshop
    page = client.get("/en/programmes/profile")
    assert page.status_code == 200 and 'value="220-81-62517"' in page.get_data(as_text=True)
    token = csrf_token(client, "/en/programmes/profile")
    refused = client.post("/en/programmes/profile", data={"csrf_token": token, "business_number": "220-81-62518",
                                                          "ksic_codes": "14111", "workplace_in_seoul": "yes"})
    assert refused.status_code == 422 and "is not valid" in refused.get_data(as_text=True)
    from market.programmes.services.profiles import profile_of

    assert profile_of(db_session, org.id).business_number == "2208162517"


def test_staff_screen_and_decide_on_their_page(app, db_session, workshop, make_user):
    """Staff's page shows the application; screening runs the check; a rejection without reasons is marked."""
    from market.programmes.services import applications as apps
    from market.programmes.services import staff as staff_steps
    from tests.factories.clients import isolated_client
    from tests.factories.programmes import complete_application

    _client, owner, org = workshop
    application = complete_application(db_session, add_programme(db_session), org, owner)
    apps.submit_application(db_session, application.id, owner)
    db_session.commit()
    officer = make_user(role="programme_staff")
    staff = isolated_client(app, officer)
    url = f"/en/programmes/staff/applications/{application.id}"
    assert staff.get(url).status_code == 200
    token = csrf_token(staff, url)
    assert staff.post(f"{url}/screen", data={"csrf_token": token}).status_code == 302
    assert 'id="no-overlap"' in staff.get(url).get_data(as_text=True)
    staff_steps.send_to_review(db_session, application.id, officer)
    db_session.commit()
    refused = staff.post(f"{url}/decide", data={"csrf_token": token, "d-outcome": "rejected", "d-reason": ""})
    assert refused.status_code == 422 and 'id="d-reason-error"' in refused.get_data(as_text=True)
    chosen = staff.post(f"{url}/decide", data={"csrf_token": token, "d-outcome": "selected", "d-reason": "Welcome.",
                                               "d-amount_krw": "1000000"})
    assert chosen.status_code == 302 and 'data-status="selected"' in staff.get(url).get_data(as_text=True)
    assert staff.get("/en/programmes/staff/outcomes").status_code == 200
