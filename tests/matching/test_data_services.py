"""Matching data services: profiles and listings with rights, publication, disclosure, the engine's feed
(load_docs/docs_for), change hooks, suggestion feedback and saved searches."""

from __future__ import annotations

import pytest
from sqlmodel import select

from matching.errors import MatchingError
from matching.models import MatchProfile, PublishStatus, TechListing
from matching.services import docs as feed
from matching.services import listings, profiles, searches, validation
from matching.services.texts import entity_texts


@pytest.fixture
def lab(make_user, make_org):
    owner = make_user()
    return owner, make_org(owner, kind="lab", name="Hanbit Materials Lab")


def _listing(db_session, user, org, publish=True, nda=False, **extra):
    texts = {"en": {"title": "Low-temperature PVD coating for brass",
                    "abstract": "A PVD process below 150 °C for brass and silver jewelry."}}
    if nda:
        texts["en"].update(teaser_title="A gentle coating for soft metals", teaser="Details after an NDA.")
    listing = listings.create_listing(db_session, user, org.id, lang="en", texts=texts, publish=publish,
                                      nda_required=nda, trl=6, license_terms=["license"], ipc=["C23C 14/06"],
                                      **extra)
    db_session.commit()
    return listing


def test_org_profile_is_created_as_draft_and_edited_by_members(app, db_session, make_user, make_org):
    """A member gets a draft profile titled with the organisation's name and can write and publish it."""
    owner = make_user()
    org = make_org(owner, kind="maker", name="Mullae Precision")
    profile = profiles.ensure_org_profile(db_session, owner, org.id)
    assert profile.status == PublishStatus.draft
    assert profiles.ensure_org_profile(db_session, owner, org.id).id == profile.id
    with pytest.raises(MatchingError) as refused:
        profiles.set_profile_status(db_session, owner, profile.id, True)
    assert refused.value.field == "offer"
    profiles.update_profile(db_session, owner, profile.id, texts={"ko": {"offer": "CNC 밀링과 5축 가공을 합니다."},
                                                                  "en": {"offer": "CNC milling and 5-axis machining."}},
                            tags=["machine_metal.cnc_milling", "5-axis machining"], region="kr-11")
    profiles.set_profile_status(db_session, owner, profile.id, True)
    db_session.commit()
    assert profile.tags == ["machine_metal.cnc_milling", "machine_metal.5_axis_machining"]
    assert profile.region == "KR-11"
    texts = entity_texts(db_session, "match_profile", [profile.id])[profile.id]
    assert texts["en"]["offer"] == "CNC milling and 5-axis machining."


def test_member_of_another_org_cannot_edit(app, db_session, make_user, make_org):
    """Org A's member gets forbidden on B's published profile and not_found on its draft; nothing changes."""
    a_user, b_user = make_user(), make_user()
    make_org(a_user, kind="maker")
    b_org = make_org(b_user, kind="startup")
    profile = profiles.ensure_org_profile(db_session, b_user, b_org.id)
    with pytest.raises(MatchingError) as refused:
        profiles.update_profile(db_session, a_user, profile.id, texts={"en": {"offer": "Hijacked"}})
    assert refused.value.code == "not_found"
    profiles.update_profile(db_session, b_user, profile.id, texts={"en": {"offer": "Smart ring prototypes"}})
    profiles.set_profile_status(db_session, b_user, profile.id, True)
    db_session.commit()
    with pytest.raises(MatchingError) as refused:
        profiles.update_profile(db_session, a_user, profile.id, texts={"en": {"offer": "Hijacked"}})
    assert refused.value.code == "forbidden"
    with pytest.raises(MatchingError):
        profiles.ensure_org_profile(db_session, a_user, b_org.id)
    texts = entity_texts(db_session, "match_profile", [profile.id])[profile.id]
    assert texts["en"]["offer"] == "Smart ring prototypes"


def test_staff_may_edit_any_profile(app, db_session, make_user, make_org):
    """A curator may change another organisation's profile."""
    owner, curator = make_user(), make_user(role="curator")
    org = make_org(owner, kind="buyer", country="JP")
    profile = profiles.ensure_org_profile(db_session, owner, org.id)
    profiles.update_profile(db_session, curator, profile.id, texts={"en": {"offer": "Importer of leather goods"}})
    assert profile.region == "JP"


def test_unknown_tags_kinds_and_codes_are_refused(app, db_session, lab):
    """Tags outside the glossary, unknown kinds, malformed IPC codes and TRL 10 are refused by field."""
    owner, org = lab
    profile = profiles.ensure_org_profile(db_session, owner, org.id)
    with pytest.raises(MatchingError) as refused:
        profiles.update_profile(db_session, owner, profile.id, tags=["quantum teleportation"])
    assert refused.value.field == "tags"
    with pytest.raises(MatchingError) as refused:
        validation.parse_kinds(["maker", "robot"])
    assert refused.value.field == "kinds"
    for field, value in (("ipc", ["not a code"]), ("trl", 10), ("license_terms", ["lease"])):
        with pytest.raises(MatchingError) as refused:
            listings.create_listing(db_session, owner, org.id, lang="en", texts={"en": {"title": "X"}},
                                    **{field: value})
        assert refused.value.field == field
    assert db_session.exec(select(TechListing).where(TechListing.org_id == org.id)).first() is None


def test_only_ip_holders_and_labs_add_listings(app, db_session, make_user, make_org):
    """A maker cannot add a technology listing."""
    owner = make_user()
    org = make_org(owner, kind="maker")
    with pytest.raises(MatchingError) as refused:
        listings.create_listing(db_session, owner, org.id, lang="en", texts={"en": {"title": "X"}})
    assert refused.value.code == "forbidden"


def test_listing_publication_needs_complete_texts(app, db_session, lab):
    """Publishing needs a title and an abstract, and a teaser when details need an NDA."""
    owner, org = lab
    draft = listings.create_listing(db_session, owner, org.id, lang="ko", texts={"ko": {"title": "저온 PVD 코팅"}})
    with pytest.raises(MatchingError) as refused:
        listings.set_listing_status(db_session, owner, draft.id, True)
    assert refused.value.field == "abstract"
    listings.update_listing(db_session, owner, draft.id, texts={"ko": {"abstract": "150℃ 이하 공정"}},
                            nda_required=True)
    with pytest.raises(MatchingError) as refused:
        listings.set_listing_status(db_session, owner, draft.id, True)
    assert refused.value.field == "teaser"
    listings.update_listing(db_session, owner, draft.id, texts={"ko": {"teaser_title": "무른 금속용 코팅",
                                                                       "teaser": "NDA 후 공개"}})
    listings.set_listing_status(db_session, owner, draft.id, True)
    assert draft.status == PublishStatus.published
    assert "machine_metal.pvd_coating" in draft.tags


def test_gated_listing_shows_only_its_teaser(app, db_session, lab, make_user, make_org):
    """Until disclosed, a gated listing's card has the teaser and no abstract, patent number or owner."""
    owner, org = lab
    listing = _listing(db_session, owner, org, nda=True, patent_number="KR 10-2023-0012345")
    outsider = make_user()
    make_org(outsider, kind="maker")
    card = listings.listing_card(db_session, listing, outsider, "en")
    assert not card["disclosed"]
    assert card["title"][0] == "A gentle coating for soft metals"
    assert card["patent_number"] is None and card["org"] is None
    assert all("abstract" not in t and "title" not in t for t in card["texts"].values())
    anonymous = listings.listing_card(db_session, listing, None, "en")
    assert anonymous["abstract"][0] == "Details after an NDA."
    mine = listings.listing_card(db_session, listing, owner, "en")
    assert mine["disclosed"] and mine["patent_number"] == "KR 10-2023-0012345" and mine["org"].id == org.id


def test_drafts_are_hidden_from_others(app, db_session, lab, make_user):
    """A draft listing is not_found for outsiders and listed only for its organisation."""
    owner, org = lab
    draft = _listing(db_session, owner, org, publish=False)
    outsider = make_user()
    with pytest.raises(MatchingError) as refused:
        listings.get_listing(db_session, draft.id, outsider)
    assert refused.value.code == "not_found"
    assert listings.list_listings(db_session, outsider, org_id=org.id, include_drafts=True)[1] == 0
    assert listings.list_listings(db_session, owner, org_id=org.id, include_drafts=True)[1] == 1


def test_load_docs_and_docs_for(app, db_session, lab, make_user, make_org):
    """Published records become MatchDocs; drafts and deleted ids are left out; the hash follows the texts."""
    owner, org = lab
    public = _listing(db_session, owner, org)
    gated = _listing(db_session, owner, org, nda=True)
    draft = _listing(db_session, owner, org, publish=False)
    maker_owner = make_user()
    maker = make_org(maker_owner, kind="maker", cluster_code="mullae")
    profile = profiles.ensure_org_profile(db_session, maker_owner, maker.id)
    profiles.update_profile(db_session, maker_owner, profile.id, lang="ko",
                            texts={"ko": {"offer": "황동 부품 CNC 선반 가공", "seek": "PVD 코팅 기술"},
                                   "en": {"offer": "CNC turning of brass parts"}})
    profiles.set_profile_status(db_session, maker_owner, profile.id, True)
    db_session.commit()
    docs = {d.doc_id: d for d in feed.load_docs(db_session)}
    assert f"t:{draft.id}" not in docs
    doc = docs[f"p:{profile.id}"]
    assert (doc.kind, doc.lang, doc.cluster, doc.region) == ("maker", "ko", "mullae", "KR-11")
    assert doc.offer == "황동 부품 CNC 선반 가공" and doc.translations["en"]["offer"] == "CNC turning of brass parts"
    listing_doc = docs[f"t:{public.id}"]
    assert listing_doc.offer.startswith("Low-temperature PVD coating for brass\n")
    assert (listing_doc.trl, listing_doc.license_terms, listing_doc.ipc) == (6, ("license",), ("C23C 14/06",))
    assert "150 °C" not in docs[f"t:{gated.id}"].offer  # only the teaser is indexed
    before = doc.content_hash
    selected = feed.docs_for(db_session, [f"t:{public.id}", "p:0", f"t:{draft.id}", "junk", f"p:{profile.id}"])
    assert [d.doc_id for d in selected] == [f"t:{public.id}", f"p:{profile.id}"]
    profiles.update_profile(db_session, maker_owner, profile.id, texts={"en": {"seek": "PVD coating"}})
    assert feed.docs_for(db_session, [f"p:{profile.id}"])[0].content_hash != before
    listings.delete_listing(db_session, owner, public.id)
    assert feed.docs_for(db_session, [f"t:{public.id}"]) == []


def test_every_change_queues_the_reindex_after_the_commit(app, db_session, lab, monkeypatch):
    """Creating, editing, publishing and deleting queue one re-index and one announcement of the changed doc
    ids per commit, run (for real, in-process) only after it; a rolled-back change queues nothing."""
    from market.jobs import EXTENSION, InProcessQueue

    class WatchedQueue(InProcessQueue):
        """The in-process queue, noting each job it runs."""

        def __init__(self):
            self.ran = []

        def enqueue(self, func_path, *args, **kwargs):
            self.ran.append((func_path.rsplit(".", 1)[-1], *args))
            return super().enqueue(func_path, *args, **kwargs)

    queue = WatchedQueue()
    monkeypatch.setitem(app.extensions, EXTENSION, queue)
    owner, org = lab
    monkeypatch.setitem(app.config, "MATCHING_ENABLED", True)
    listing = listings.create_listing(db_session, owner, org.id, lang="en", texts={"en": {"title": "T"}})
    profile = profiles.ensure_org_profile(db_session, owner, org.id)
    profiles.update_profile(db_session, owner, profile.id, texts={"en": {"offer": "x"}})
    assert queue.ran == [], "nothing runs before the commit"
    db_session.commit()
    changed = [f"p:{profile.id}", f"t:{listing.id}"]
    assert queue.ran == [("reindex_docs", changed), ("announce_job", changed)]
    queue.ran.clear()
    listings.delete_listing(db_session, owner, listing.id)
    db_session.commit()
    assert queue.ran == [("reindex_docs", [f"t:{listing.id}"]), ("announce_job", [f"t:{listing.id}"])]
    queue.ran.clear()
    profiles.update_profile(db_session, owner, profile.id, texts={"en": {"offer": "y"}})
    db_session.rollback()
    db_session.commit()
    assert queue.ran == []


def test_contacts_of_an_organisation(app, db_session, lab):
    """Contacts list the profile's email first, then members, with phone and website."""
    owner, org = lab
    org.website = "https://lab.example.com"
    profile = profiles.ensure_org_profile(db_session, owner, org.id)
    profiles.update_profile(db_session, owner, profile.id, contact_email="tto@lab.example.com",
                            contact_phone="+82 2 123 4567")
    contacts = profiles.org_contacts(db_session, org.id)
    assert contacts["emails"] == ["tto@lab.example.com", owner.email]
    assert contacts["phone"] == "+82 2 123 4567" and contacts["website"] == "https://lab.example.com"
    with pytest.raises(MatchingError):
        profiles.update_profile(db_session, owner, profile.id, contact_email="not an email")


def test_feedback_and_saved_searches(app, db_session, make_user, make_org):
    """Feedback is stored with its context; saved searches validate kinds and remember seen docs."""
    user, other = make_user(), make_user()
    org = make_org(user, kind="maker")
    row = searches.record_feedback(db_session, user, "t:12", False, org_id=org.id, context={"query": "PVD"})
    assert (row.useful, row.context) == (False, {"query": "PVD"})
    with pytest.raises(MatchingError):
        searches.record_feedback(db_session, user, "x:1", True)
    with pytest.raises(MatchingError):
        searches.record_feedback(db_session, other, "t:1", True, org_id=org.id)
    with pytest.raises(MatchingError) as refused:
        searches.create_saved_search(db_session, user, query="PVD", lang="en", kinds=["wizard"])
    assert refused.value.field == "kinds"
    search = searches.create_saved_search(db_session, user, query=" 저온  PVD ", lang="ko", kinds=["lab"],
                                          filters={"trl_min": 5}, org_id=org.id, known_doc_ids=["t:1"])
    assert search.query == "저온 PVD"
    assert searches.mark_search_checked(db_session, search, ["t:1", "t:2", "t:2"]) == ["t:2"]
    assert search.known_doc_ids == ["t:1", "t:2"] and search.last_checked_at is not None
    assert searches.list_saved_searches(db_session, user) == [search]
    with pytest.raises(MatchingError):
        searches.delete_saved_search(db_session, other, search.id)
    searches.delete_saved_search(db_session, user, search.id)
    assert searches.list_saved_searches(db_session, user) == []


def test_external_ref_is_unique_per_source(app, db_session, lab):
    """The database refuses two profiles with the same (source, external_ref)."""
    import sqlalchemy as sa

    _owner, org = lab
    db_session.add(MatchProfile(org_id=org.id, lang="en", source="bank", external_ref="r1"))
    db_session.flush()
    with pytest.raises(sa.exc.IntegrityError), db_session.begin_nested():
        db_session.add(MatchProfile(org_id=org.id, lang="en", source="bank", external_ref="r1"))
        db_session.flush()
    db_session.add(MatchProfile(org_id=org.id, lang="en", source="other", external_ref="r1"))
    db_session.flush()
