"""Master-craftsman recognition: eligibility on submit, review through the review piece, award within the
quota, the certificate at /verify (revoked shown as revoked), the plaque PDF, the Open Badges export, the
registry and API, the maker page's badge and the catalog filter."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import func, select

from market.people.models import Nomination
from market.people.services import awards, nominations
from market.people.services.common import PeopleError
from market.refusals import Refusal
from market.reviews.services import assignments_for, declare_interest, submit_scores
from tests.factories.people import make_person


@pytest.fixture
def goldsmith(db_session, make_user, make_org):
    owner = make_user(name="Kim Owner")
    org = make_org(owner, name="Jongno Gold Studio", cluster_code="jongno")
    return owner, org, make_person(db_session, owner, org, name="Kim Geum-seok", years=22)


def _nominate(db_session, user, person, level="master"):
    nomination = nominations.nominate(db_session, user, craftsperson_id=person.id, nominator_kind="association",
                                      level=level, career="Goldsmith in Jongno since 2004.", apprentices=6)
    db_session.commit()
    return nomination


def _score(db_session, nomination, reviewers, score=4):
    for assignment in assignments_for(db_session, nominations.REVIEW_KIND, nomination.id):
        reviewer = next(r for r in reviewers if r.id == assignment.reviewer_user_id)
        declare_interest(db_session, assignment.id, reviewer, conflict=False)
        submit_scores(db_session, assignment.id, reviewer,
                      {code: (score, "") for code, _labels, _w in nominations.RUBRIC})
    db_session.commit()


def _awarded(db_session, make_user, goldsmith):
    staff = make_user(role="curator")
    reviewers = [make_user(name="Reviewer A"), make_user(name="Reviewer B")]
    association = make_user(name="Association")
    nomination = _nominate(db_session, association, goldsmith[2])
    nominations.start_review(db_session, staff, nomination.id, reviewers)
    db_session.commit()
    _score(db_session, nomination, reviewers)
    nominations.decide(db_session, staff, nomination.id, True, "Outstanding filigree work.")
    record = awards.award(db_session, staff, nomination.id)
    db_session.commit()
    return staff, record


def test_a_nominee_under_the_years_required_is_refused_and_nothing_is_stored(app, db_session, make_user, make_org):
    """Ten years is enough for an excellent skilled worker but not for a master craftsman (15)."""
    owner = make_user()
    org = make_org(owner, cluster_code="mullae")
    person = make_person(db_session, owner, org, trade="machine_metal", years=10)
    before = db_session.exec(select(func.count()).select_from(Nomination)).one()
    with pytest.raises(PeopleError) as refused:
        _nominate(db_session, make_user(), person, "master")
    assert "level" in refused.value.fields and "15" in refused.value.message
    db_session.rollback()
    assert db_session.exec(select(func.count()).select_from(Nomination)).one() == before
    assert _nominate(db_session, make_user(), person, "excellent").status == "submitted"


def test_a_workshop_outside_seoul_is_not_eligible(app, db_session, make_user, make_org):
    """A workshop with no Seoul cluster and another city is refused (makers made on the site always have a
    cluster; imported ones may not)."""
    owner = make_user()
    org = make_org(owner)
    org.cluster_code, org.city = None, "Busan"
    db_session.add(org)
    db_session.commit()
    person = make_person(db_session, owner, org, years=30)
    with pytest.raises(PeopleError, match="Seoul"):
        _nominate(db_session, make_user(), person)


def test_a_second_nomination_for_the_same_year_is_refused(app, db_session, make_user, goldsmith):
    """The same person cannot be nominated twice for one level and year (409)."""
    _nominate(db_session, make_user(), goldsmith[2])
    with pytest.raises(Refusal) as refused:
        _nominate(db_session, make_user(), goldsmith[2])
    assert refused.value.status == 409


def test_review_then_award_gives_a_verifiable_certificate(app, db_session, client, make_user, goldsmith):
    """Two reviewers score, staff select and award: the certificate verifies as valid, names the holder, and
    the award carries the 5 million won grant."""
    _staff, record = _awarded(db_session, make_user, goldsmith)
    assert record.code.startswith(f"MST-{dt.date.today().year}-") and len(record.code) <= 20
    assert record.grant_krw == 5_000_000
    page = client.get(f"/verify/{record.code.lower()}", follow_redirects=True).get_data(as_text=True)
    assert "Kim Geum-seok" in page and record.code in page
    api = client.get("/api/v1/masters?trade=jewelry").get_json()
    assert record.code in [m["certificate_code"] for m in api["items"]]


def test_selection_needs_reasons_and_a_review(app, db_session, make_user, goldsmith):
    """Selecting without reasons, or before any reviewer scored, is refused; a reviewer of the nominee's own
    workshop is refused."""
    owner, _org, person = goldsmith
    staff = make_user(role="curator")
    nomination = _nominate(db_session, make_user(), person)
    with pytest.raises(PeopleError):
        nominations.start_review(db_session, staff, nomination.id, [owner])
    nominations.start_review(db_session, staff, nomination.id, [make_user()])
    with pytest.raises(PeopleError) as refused:
        nominations.decide(db_session, staff, nomination.id, True, "")
    assert "reason" in refused.value.fields
    with pytest.raises(PeopleError, match="No reviewer"):
        nominations.decide(db_session, staff, nomination.id, True, "Good")
    with pytest.raises(Refusal) as refused:
        nominations.decide(db_session, make_user(), nomination.id, False, "No")
    assert refused.value.status == 403


def test_a_revoked_certificate_verifies_as_revoked(app, db_session, client, make_user, goldsmith):
    """After revocation /verify says revoked with the reason, the badge leaves the registry and the Open Badges
    export carries the revocation; revoking twice is refused."""
    staff, record = _awarded(db_session, make_user, goldsmith)
    with pytest.raises(PeopleError):
        awards.revoke(db_session, staff, record.code, "  ")
    awards.revoke(db_session, staff, record.code, "False statements in the dossier.")
    db_session.commit()
    credential = awards.verify_master(db_session, record.code)
    assert credential.status == "revoked" and credential.reason == "False statements in the dossier."
    page = client.get(f"/verify/{record.code}", follow_redirects=True).get_data(as_text=True)
    assert "False statements in the dossier." in page
    assert record.code not in [m["certificate_code"] for m in client.get("/api/v1/masters").get_json()["items"]]
    badge = client.get(f"/api/v1/masters/{record.code}/open-badge").get_json()
    assert badge["credentialStatus"]["revoked"] is True
    with pytest.raises(Refusal) as refused:
        awards.revoke(db_session, staff, record.code, "again")
    assert refused.value.status == 409


def test_the_open_badge_is_an_openbadgecredential(app, db_session, client, make_user, goldsmith):
    """The export is an Open Badges 3.0 credential with achievement criteria, subject and evidence."""
    _staff, record = _awarded(db_session, make_user, goldsmith)
    badge = client.get(f"/api/v1/masters/{record.code}/open-badge").get_json()
    assert "OpenBadgeCredential" in badge["type"]
    assert "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" in badge["@context"]
    assert badge["credentialSubject"]["name"] == "Kim Geum-seok"
    assert "15" in badge["credentialSubject"]["achievement"]["criteria"]["narrative"]
    assert badge["evidence"][0]["id"].endswith(f"/verify/{record.code}")
    assert "credentialStatus" not in badge


def test_the_plaque_is_a_real_pdf_with_the_certificate(app, db_session, client, make_user, goldsmith):
    """The plaque downloads as a one-page PDF that names the holder and the certificate number."""
    import io

    from pypdf import PdfReader

    _staff, record = _awarded(db_session, make_user, goldsmith)
    response = client.get(f"/en/masters/certificates/{record.code}/plaque.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = reader.pages[0].extract_text()
    assert len(reader.pages) == 1 and record.code in text and "Kim Geum-seok" in text


def test_the_quota_of_a_trade_is_enforced(app, db_session, make_user, goldsmith, monkeypatch):
    """When the year's quota of the trade is used up, awarding is refused (409) and nothing changes."""
    monkeypatch.setitem(awards.QUOTAS, dt.date.today().year, {"jewelry": 0})
    staff = make_user(role="curator")
    reviewers = [make_user()]
    nomination = _nominate(db_session, make_user(), goldsmith[2])
    nominations.start_review(db_session, staff, nomination.id, reviewers)
    _score(db_session, nomination, reviewers)
    nominations.decide(db_session, staff, nomination.id, True, "Good")
    db_session.commit()
    with pytest.raises(Refusal) as refused:
        awards.award(db_session, staff, nomination.id)
    assert refused.value.code == "quota_full"
    db_session.rollback()
    assert db_session.get(Nomination, nomination.id).status == "selected"


def test_the_maker_page_has_the_badge_and_the_catalog_filter_finds_its_products(app, db_session, client,
                                                                                make_user, make_org, goldsmith):
    """The workshop's maker page shows the master's badge and links the person; the catalog's "made in a
    master's workshop" filter keeps its products and drops another workshop's."""
    from catalog.makers.models import MakerProfile
    from catalog.search.services import CatalogQuery, search_catalog
    from market.db import utcnow
    from tests.factories.makers import make_product

    _owner, org, _person = goldsmith
    db_session.add(MakerProfile(organization_id=org.id, published_at=utcnow()))
    other = make_org(make_user(), cluster_code="jongno")
    db_session.commit()
    ring = make_product(db_session, org, title={"en": "Filigree ring", "ko": "세공 반지"})
    plain = make_product(db_session, other, title={"en": "Plain ring", "ko": "반지"})
    _awarded(db_session, make_user, goldsmith)
    page = client.get(f"/en/makers/{org.slug}").get_data(as_text=True)
    assert "master-badge" in page and "Kim Geum-seok" in page
    found = [card.product.id for card in search_catalog(db_session, CatalogQuery(master=True, lang="en",
                                                                                 currency="KRW")).items]
    assert ring.id in found and plain.id not in found
    everything = [card.product.id for card in search_catalog(db_session, CatalogQuery(lang="en", currency="KRW",
                                                                                      per_page=100)).items]
    assert plain.id in everything


def test_the_nomination_form_marks_the_level_of_someone_too_junior(app, db_session, make_user, make_org):
    """Posting the nomination form for a master with 10 years re-renders it (422) with the message on the level."""
    from tests.factories.clients import isolated_client
    from tests.helpers import csrf_token

    owner = make_user()
    org = make_org(owner, cluster_code="euljiro")
    person = make_person(db_session, owner, org, trade="printing", years=10)
    client = isolated_client(app, make_user())
    token = csrf_token(client, f"/en/masters/nominate/{person.id}")
    response = client.post(f"/en/masters/nominate/{person.id}", data={
        "csrf_token": token, "nominator_kind": "association", "level": "master", "career": "Printer.",
        "apprentices": "1"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="level-error"' in html and "15" in html
    assert db_session.exec(select(func.count()).select_from(Nomination)
                           .where(Nomination.craftsperson_id == person.id)).one() == 0
