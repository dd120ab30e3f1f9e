"""Co-applicants sign an application off: the applicant names members of the organisation; each is told with a
link and must confirm before the application can be submitted; the submit button says who is still missing; a
change to the answers after a sign-off asks again; each step is on the timeline with who and when; the API's
submit answers 422 naming the missing sign-offs. Bad input changes nothing."""

from __future__ import annotations

import logging

import pytest
from sqlmodel import select

from market.accounts.models import Membership
from market.notifications.models import Notification
from market.programmes.models import ApplicationEvent, ApplicationStatus, CoApplicant
from market.programmes.services import applications as apps
from market.programmes.services import coapplicants
from market.refusals import Refusal
from tests.factories.clients import bearer, isolated_client
from tests.factories.programmes import add_profile, add_programme, complete_application
from tests.helpers import csrf_token


@pytest.fixture
def team(make_user, make_org, db_session):
    """A workshop with its owner, a partner and a second member; and an outsider of another organisation."""
    owner = make_user(name="Kim Soon-ja")
    org = make_org(owner, name="Changsin Hillside Sewing", cluster_code="changsin", staff_count=6, founded_year=1996)
    add_profile(db_session, org)
    partner, cutter = make_user(name="Park Dong-su"), make_user(name="Lee Mi-ra")
    partner.locale = "en"  # the others read the organisation's Korean
    for user in (partner, cutter):
        db_session.add(Membership(user_id=user.id, organization_id=org.id))
    outsider = make_user(name="Choi Outsider")
    make_org(outsider, name="Elsewhere Metal")
    db_session.commit()
    return owner, org, partner, cutter, outsider


def _events(db_session, application_id):
    return [(e.status, e.actor_user_id) for e in db_session.exec(
        select(ApplicationEvent).where(ApplicationEvent.application_id == application_id)
        .order_by(ApplicationEvent.id))]


def test_submission_waits_for_every_sign_off(app, db_session, team, caplog):
    """Named co-applicants are told with a link; submit is refused naming who has not signed off; once both
    sign, it goes through, and the timeline says who signed and when."""
    owner, org, partner, cutter, _outsider = team
    draft = complete_application(db_session, add_programme(db_session), org, owner)
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        coapplicants.name_co_applicant(db_session, draft.id, owner, partner.id)
        coapplicants.name_co_applicant(db_session, draft.id, owner, str(cutter.id))
        db_session.commit()
    notice = db_session.exec(select(Notification).where(Notification.user_id == partner.id)).one()
    assert notice.url.endswith(f"/programmes/applications/{draft.id}") and "Kim Soon-ja" in notice.message
    assert any(partner.email in r.getMessage() for r in caplog.records if r.name == "seoulmade.mail")
    with pytest.raises(Refusal) as refused:
        apps.submit_application(db_session, draft.id, owner)
    assert refused.value.status == 422
    assert refused.value.fields == {f"signoff_{partner.id}": "Park Dong-su has not signed off yet.",
                                    f"signoff_{cutter.id}": "Lee Mi-ra has not signed off yet."}
    db_session.rollback()
    signed = coapplicants.sign_off(db_session, draft.id, partner, True)
    assert signed.signed and signed.signed_at is not None
    db_session.commit()
    assert set(apps.missing_for_submission(db_session, draft)) == {f"signoff_{cutter.id}"}
    coapplicants.sign_off(db_session, draft.id, cutter, True, cutter.id)
    apps.submit_application(db_session, draft.id, owner)
    db_session.commit()
    assert draft.status == ApplicationStatus.submitted
    events = _events(db_session, draft.id)
    assert ("signoff_asked", owner.id) in events and ("signed_off", partner.id) in events
    assert ("signed_off", cutter.id) in events and events[-1] == ("submitted", owner.id)
    # The applicant was told of each sign-off.
    assert db_session.exec(select(Notification).where(Notification.user_id == owner.id,
                                                      Notification.kind == "programme_signoff")).all()


def test_a_change_after_a_sign_off_asks_again(app, db_session, team):
    """Changing an answer or attaching a document clears the sign-offs given and asks again; saving the same
    answers does not."""
    owner, org, partner, _cutter, _outsider = team
    draft = complete_application(db_session, add_programme(db_session), org, owner)
    coapplicants.name_co_applicant(db_session, draft.id, owner, partner.id)
    coapplicants.sign_off(db_session, draft.id, partner, True)
    db_session.commit()
    apps.save_answers(db_session, draft.id, owner, dict(draft.answers), {"none": True, "items": []})
    assert coapplicants.sign_offs(db_session, draft.id)[0].signed
    apps.save_answers(db_session, draft.id, owner, {"plan": "Two cutting tables"})
    db_session.commit()
    [again] = coapplicants.sign_offs(db_session, draft.id)
    assert not again.signed
    assert ("signoff_again", owner.id) in _events(db_session, draft.id)
    asked = db_session.exec(select(Notification).where(Notification.user_id == partner.id)
                            .order_by(Notification.id)).all()
    assert len(asked) == 2 and "changed after you signed it off" in asked[-1].message
    with pytest.raises(Refusal) as refused:
        apps.submit_application(db_session, draft.id, owner)
    assert f"signoff_{partner.id}" in refused.value.fields


@pytest.mark.parametrize("who", ["outsider", "owner", "twice", "unknown", "nobody"])
def test_naming_someone_who_cannot_be_a_co_applicant_is_refused(app, db_session, team, who):
    """A non-member, the applicant, someone named already, an unknown id or none: 422 on ``co_applicant`` with a
    clear message, nothing added."""
    owner, org, partner, _cutter, outsider = team
    draft = complete_application(db_session, add_programme(db_session), org, owner)
    if who == "twice":
        coapplicants.name_co_applicant(db_session, draft.id, owner, partner.id)
        db_session.commit()
    chosen = {"outsider": outsider.id, "owner": owner.id, "twice": partner.id, "unknown": 999_999,
              "nobody": None}[who]
    before = db_session.exec(select(CoApplicant)).all()
    with pytest.raises(Refusal) as refused:
        coapplicants.name_co_applicant(db_session, draft.id, owner, chosen)
    assert refused.value.status == 422 and list(refused.value.fields) == ["co_applicant"]
    message = refused.value.message
    assert {"outsider": "Only members of Changsin Hillside Sewing", "owner": "name another member",
            "twice": "Park Dong-su is already", "unknown": "Only members of", "nobody": "Choose a member"}[who] in message
    db_session.rollback()
    assert db_session.exec(select(CoApplicant)).all() == before


def test_nobody_signs_someone_elses_sign_off(app, db_session, team):
    """Signing for another co-applicant, signing without being one, signing without ticking, and signing twice
    are refused; the sign-off stays as it was."""
    owner, org, partner, cutter, outsider = team
    draft = complete_application(db_session, add_programme(db_session), org, owner)
    coapplicants.name_co_applicant(db_session, draft.id, owner, partner.id)
    db_session.commit()
    with pytest.raises(Refusal) as other:
        coapplicants.sign_off(db_session, draft.id, cutter, True, partner.id)
    assert other.value.status == 403 and "Park Dong-su" in other.value.message
    with pytest.raises(Refusal) as owner_for_partner:
        coapplicants.sign_off(db_session, draft.id, owner, True, partner.id)
    assert owner_for_partner.value.status == 403
    with pytest.raises(Refusal) as not_named:
        coapplicants.sign_off(db_session, draft.id, cutter, True)
    assert not_named.value.status == 403
    with pytest.raises(Refusal) as stranger:
        coapplicants.sign_off(db_session, draft.id, outsider, True)
    assert stranger.value.status == 404
    with pytest.raises(Refusal) as unticked:
        coapplicants.sign_off(db_session, draft.id, partner, False)
    assert unticked.value.status == 422 and list(unticked.value.fields) == ["confirm"]
    db_session.rollback()
    assert not coapplicants.sign_offs(db_session, draft.id)[0].signed
    coapplicants.sign_off(db_session, draft.id, partner, True)
    db_session.commit()
    with pytest.raises(Refusal) as twice:
        coapplicants.sign_off(db_session, draft.id, partner, True)
    assert twice.value.status == 409 and twice.value.code == "already_signed"


def test_removing_a_co_applicant_lets_the_application_go(app, db_session, team):
    """A co-applicant taken off no longer holds the submission back; the removal is on the timeline."""
    owner, org, partner, _cutter, _outsider = team
    draft = complete_application(db_session, add_programme(db_session), org, owner)
    coapplicants.name_co_applicant(db_session, draft.id, owner, partner.id)
    coapplicants.remove_co_applicant(db_session, draft.id, owner, partner.id)
    apps.submit_application(db_session, draft.id, owner)
    db_session.commit()
    assert draft.status == ApplicationStatus.submitted
    assert ("signoff_removed", owner.id) in _events(db_session, draft.id)
    with pytest.raises(Refusal) as late:
        coapplicants.name_co_applicant(db_session, draft.id, owner, partner.id)
    assert late.value.status == 409


def test_the_pages_explain_who_is_missing_and_take_the_sign_off(app, db_session, team):
    """The applicant names a co-applicant on the page; the submit button says whose sign-off is missing; the
    co-applicant ticks and signs; the timeline shows who signed."""
    owner, org, partner, _cutter, outsider = team
    draft = complete_application(db_session, add_programme(db_session), org, owner)
    url = f"/en/programmes/applications/{draft.id}"
    mine = isolated_client(app, owner)
    named = mine.post(f"{url}/co-applicants", data={"csrf_token": csrf_token(mine, url), "co_applicant": partner.id})
    assert named.status_code == 302
    page = mine.get(url).get_data(as_text=True)
    assert 'id="submit-waiting"' in page and "Park Dong-su" in page
    refused = mine.post(url, data={"csrf_token": csrf_token(mine, url), "action": "submit", "plan": "New cutting table",
                                   "workers": "6", "consent": "y", "declaration": "none"})
    assert refused.status_code == 422 and "Park Dong-su has not signed off yet." in refused.get_data(as_text=True)
    bad = mine.post(f"{url}/co-applicants", data={"csrf_token": csrf_token(mine, url), "co_applicant": outsider.id})
    assert bad.status_code == 422 and "Only members of Changsin Hillside Sewing" in bad.get_data(as_text=True)
    theirs = isolated_client(app, partner)
    assert 'id="sign-off-form"' in theirs.get(url).get_data(as_text=True)
    unticked = theirs.post(f"{url}/sign-off", data={"csrf_token": csrf_token(theirs, url), "user_id": partner.id})
    assert unticked.status_code == 422
    forged = mine.post(f"{url}/sign-off", data={"csrf_token": csrf_token(mine, url), "user_id": partner.id,
                                                "confirm": "y"})
    assert forged.status_code == 403
    assert not coapplicants.sign_offs(db_session, draft.id)[0].signed
    signed = theirs.post(f"{url}/sign-off", data={"csrf_token": csrf_token(theirs, url), "user_id": partner.id,
                                                  "confirm": "y"})
    assert signed.status_code == 302
    page = mine.get(url).get_data(as_text=True)
    assert 'id="submit-waiting"' not in page and 'data-signed="yes"' in page and "(by Park Dong-su)" in page


def test_the_api_names_missing_sign_offs(app, db_session, team):
    """POST co-applicants, submit → 422 with ``signoff_<id>``, the co-applicant's own sign-off, then submit."""
    owner, org, partner, _cutter, outsider = team
    draft = complete_application(db_session, add_programme(db_session), org, owner)
    client, mine, theirs = isolated_client(app), bearer(db_session, owner), bearer(db_session, partner)
    base = f"/api/v1/applications/{draft.id}"
    bad = client.post(f"{base}/co-applicants", json={"user_id": outsider.id}, headers=mine)
    assert bad.status_code == 422 and list(bad.get_json()["error"]["fields"]) == ["co_applicant"]
    named = client.post(f"{base}/co-applicants", json={"user_id": partner.id}, headers=mine)
    assert named.status_code == 201
    assert named.get_json()["co_applicants"] == [{"user_id": partner.id, "name": "Park Dong-su", "signed": False,
                                                 "signed_at": None}]
    refused = client.post(f"{base}/submit", headers=mine)
    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"] == {f"signoff_{partner.id}": "Park Dong-su has not signed off yet."}
    forged = client.post(f"{base}/sign-off", json={"confirm": True, "user_id": partner.id}, headers=mine)
    assert forged.status_code == 403
    signed = client.post(f"{base}/sign-off", json={"confirm": True}, headers=theirs)
    assert signed.status_code == 200 and signed.get_json()["co_applicants"][0]["signed"] is True
    assert any(e["status"] == "signed_off" and e["by"] == "Park Dong-su" for e in signed.get_json()["timeline"])
    again = client.post(f"{base}/sign-off", json={"confirm": True}, headers=theirs)
    assert again.status_code == 409
    submitted = client.post(f"{base}/submit", headers=mine)
    assert submitted.status_code == 200 and submitted.get_json()["status"] == "submitted"
