"""Craftspeople's profiles: public only with consent, stories in several languages, added by the workshop."""

from __future__ import annotations

import pytest

from market.people.services import profiles
from market.people.services.common import PeopleError
from market.refusals import Refusal
from tests.factories.people import make_person


def test_a_profile_without_consent_stays_private(app, db_session, client, make_user, make_org):
    """Without consent the page is 404 to the public and shown to the workshop; with consent it is public and
    linked from the maker page's people."""
    from tests.factories.clients import isolated_client

    owner = make_user()
    org = make_org(owner, cluster_code="jongno")
    person = make_person(db_session, owner, org, consent=False)
    assert client.get(f"/en/people/{person.id}").status_code == 404
    assert isolated_client(app, owner).get(f"/en/people/{person.id}").status_code == 200
    assert profiles.workshop_people(db_session, org.id, public_only=True) == []
    profiles.set_consent(db_session, owner, person.id, True)
    db_session.commit()
    page = client.get(f"/en/people/{person.id}").get_data(as_text=True)
    assert "Kim Geum-seok" in page and "A goldsmith of Jongno." in page


def test_the_story_is_shown_in_the_readers_language(app, db_session, client, make_user, make_org):
    """A Korean reader gets the Korean story; a Vietnamese reader the English one (fallback) until translated."""
    owner = make_user()
    org = make_org(owner, cluster_code="jongno")
    person = make_person(db_session, owner, org)
    assert "종로에서" in client.get(f"/ko/people/{person.id}").get_data(as_text=True)
    assert "A goldsmith of Jongno." in client.get(f"/vi/people/{person.id}").get_data(as_text=True)
    profiles.set_story(db_session, owner, person.id, "vi", "Thợ kim hoàn ở Jongno.")
    db_session.commit()
    assert "Thợ kim hoàn ở Jongno." in client.get(f"/vi/people/{person.id}").get_data(as_text=True)


def test_only_the_workshop_adds_its_people_and_bad_input_is_refused(app, db_session, make_user, make_org):
    """An outsider cannot add to a workshop (403); a start year in the future or an unknown trade is refused."""
    owner = make_user()
    org = make_org(owner)
    with pytest.raises(Refusal) as refused:
        profiles.add_craftsperson(db_session, make_user(), org_id=org.id, name="X", trade="jewelry",
                                  started_year=2000)
    assert refused.value.status == 403
    with pytest.raises(PeopleError) as refused:
        profiles.add_craftsperson(db_session, owner, org_id=org.id, name="X", trade="jewelry", started_year=2999)
    assert "started_year" in refused.value.fields
    with pytest.raises(PeopleError) as refused:
        profiles.add_craftsperson(db_session, owner, org_id=org.id, name="X", trade="pottery", started_year=2000)
    assert "trade" in refused.value.fields


def test_the_profile_offers_an_introduction_through_the_workshops_matching_profile(app, db_session, client,
                                                                                  make_user, make_org):
    """When the workshop has a published matching profile, a master's page links to it to request an
    introduction; without one there is no such link."""
    from matching.services.profiles import ensure_org_profile

    owner = make_user()
    org = make_org(owner, cluster_code="mullae")
    person = make_person(db_session, owner, org, trade="machine_metal")
    assert 'id="intro-link"' not in client.get(f"/en/people/{person.id}").get_data(as_text=True)
    profile = ensure_org_profile(db_session, owner, org.id)
    profile.status = "published"
    db_session.add(profile)
    db_session.commit()
    html = client.get(f"/en/people/{person.id}").get_data(as_text=True)
    assert f"/en/matching/profiles/{profile.id}#intro-request-h" in html
