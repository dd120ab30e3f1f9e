"""A listing behind an NDA shows outsiders only its teaser, through every path: its tags, the engine's document
(search, suggestions, explanations), the listing API and the organisation's list of listings."""

import pytest

from market.accounts.services import create_api_token
from matching.services import docs, listings

HIDDEN = ("Coordinate measuring machine with a high-speed spindle for turbine blades; five-axis probing "
          "compensates thermal drift.")
TEXTS = {"en": {"title": "Five-axis metrology for blades", "abstract": HIDDEN,
                "teaser_title": "Precision metrology for lightweight parts",
                "teaser": "A European lab offers a measuring method for thin parts. Details after an NDA."}}


@pytest.fixture
def gated(db_session, make_user, make_org):
    """A published listing of a lab, behind an NDA, whose hidden abstract names glossary concepts its teaser
    does not."""
    holder = make_user()
    lab = make_org(holder, kind="lab", name="Nordic Metrology Lab", country="FI")
    listing = listings.create_listing(db_session, holder, lab.id, lang="en", texts=TEXTS, publish=True,
                                      nda_required=True, trl=5, license_terms=["license"])
    db_session.commit()
    return listing, lab


def test_tags_come_from_the_teaser_only(gated):
    """Automatic tags of a gated listing name nothing found only in its hidden abstract."""
    listing, _lab = gated
    assert "machine_metal.coordinate_measuring_machine" not in listing.tags
    assert "machine_metal.spindle" not in listing.tags
    open_texts = {"en": {**TEXTS["en"]}}
    assert "machine_metal.spindle" in docs.listing_tags(open_texts, nda_required=False)


def test_the_engine_document_holds_only_the_teaser(db_session, gated):
    """Search, suggestions and explanations work on the document: neither its texts nor its tags carry the
    hidden words."""
    listing, _lab = gated
    (doc,) = docs.docs_for(db_session, [docs.listing_doc_id(listing.id)])
    flat = repr(doc).lower()
    assert "turbine" not in flat and "spindle" not in flat and "coordinate measuring" not in flat
    assert "precision metrology" in flat


def test_outsiders_do_not_see_an_organisations_gated_listings(app, client, db_session, gated, make_user):
    """The organisation's list of listings shows outsiders none of its gated ones (that would name the
    anonymous holder); the listing itself answers with the teaser only."""
    listing, lab = gated
    anonymous = client.get(f"/api/v1/matching/listings?org_id={lab.id}").get_json()
    assert [item["id"] for item in anonymous["items"]] == []
    single = client.get(f"/api/v1/matching/listings/{listing.id}").get_json()
    assert "turbine" not in repr(single).lower() and "spindle" not in repr(single).lower()
    member = lab_member_headers(db_session, make_user, lab)
    mine = client.get(f"/api/v1/matching/listings?org_id={lab.id}", headers=member).get_json()
    assert [item["id"] for item in mine["items"]] == [listing.id]


def lab_member_headers(db_session, make_user, lab) -> dict:
    """An API token header of a member of the lab."""
    from market.accounts.models import Membership, MembershipRole

    member = make_user()
    db_session.add(Membership(user_id=member.id, organization_id=lab.id, role=MembershipRole.member))
    db_session.commit()
    _token, secret = create_api_token(db_session, member, "test")
    db_session.commit()
    return {"Authorization": f"Bearer {secret}"}
