"""Matching pages: the profile editor, the listing editor, the public listing page (teaser or details) with
"Request introduction", and the introductions inbox with its steps."""

from __future__ import annotations

import pytest
from sqlmodel import select

from matching import introductions as intros
from matching.models import Introduction, MatchProfile, TechListing
from matching.services import listings, profiles
from tests.helpers import csrf_token, sign_in


def test_profile_editor_saves_texts_per_language_and_publishes(db_session, signed_in):
    """The editor shows glossary suggestions, saves a language's texts and tags, and publishes."""
    client, user, org = signed_in("maker")
    r = client.get("/en/matching/profile")
    assert r.status_code == 302 and f"/matching/profile/{org.id}/edit" in r.headers["Location"]
    url = f"/en/matching/profile/{org.id}/edit?edit_lang=ko"
    page = client.get(url).get_data(as_text=True)
    assert "Matching profile of" in page and "Texts in 한국어" in page
    token = csrf_token(client, url)
    r = client.post(url, data={"csrf_token": token, "edit_lang": "ko", "title": "문래 정밀",
                               "offer": "CNC 밀링과 와이어 커팅으로 금형 부품을 만듭니다.", "seek": "센서 리트로핏",
                               "lang": "ko", "add_tags": "CNC milling", "region": "KR-11"})
    assert r.status_code == 302
    profile = db_session.exec(select(MatchProfile).where(MatchProfile.org_id == org.id)).one()
    assert profile.lang == "ko" and profile.tags == ["machine_metal.cnc_milling"]
    page = client.get(url).get_data(as_text=True)
    assert "wire EDM" in page  # suggested from the Korean text through the glossary
    r = client.post(f"/en/matching/profile/{org.id}/status", data={"csrf_token": token, "publish": "1"})
    assert r.status_code == 302 and profile.status == "published"
    public = client.get(f"/en/matching/profiles/{profile.id}").get_data(as_text=True)
    assert "CNC 밀링과 와이어 커팅" in public and "This is your own organisation." in public


def test_profile_editor_refuses_bad_input_and_other_orgs(db_session, signed_in, make_user, make_org):
    """A malformed region is shown on its field; another organisation's editor is 404."""
    client, _user, org = signed_in("startup")
    url = f"/en/matching/profile/{org.id}/edit"
    token = csrf_token(client, url)
    r = client.post(url, data={"csrf_token": token, "edit_lang": "en", "offer": "Rings", "lang": "en",
                               "region": "Seoul!!"})
    assert r.status_code == 422 and "subdivision code" in r.get_data(as_text=True)
    other = make_org(make_user(), kind="maker")
    assert client.get(f"/en/matching/profile/{other.id}/edit").status_code == 404


def test_listing_editor_and_public_page(db_session, signed_in, make_user, make_org, app):
    """A lab writes a gated listing; a visitor sees the teaser and can request an introduction."""
    client, _user, lab = signed_in("lab")
    token = csrf_token(client, f"/en/matching/listings/new?org_id={lab.id}")
    r = client.post(f"/en/matching/listings/new?org_id={lab.id}", data={
        "csrf_token": token, "edit_lang": "en", "lang": "en", "title": "Secret alloy for silver casting",
        "abstract": "A deoxidising master alloy.", "teaser_title": "Fewer pores in silver casting",
        "teaser": "Details under NDA.", "patent_number": "JP 2023-012345 A", "ipc": "C22C 5/06, B22D 21/02",
        "trl": "6", "license_terms": ["license"], "nda_required": "y", "questions": "How many castings?\n"})
    assert r.status_code == 302, r.get_data(as_text=True)
    listing = db_session.exec(select(TechListing).where(TechListing.org_id == lab.id)).one()
    assert listing.ipc == ["C22C 5/06", "B22D 21/02"] and listing.questions == ["How many castings?"]
    r = client.post(f"/en/matching/listings/{listing.id}/status", data={"csrf_token": token, "publish": "1"})
    assert r.status_code == 302 and listing.status == "published"
    assert "Secret alloy" in client.get("/en/matching/listings/").get_data(as_text=True)

    visitor_user = make_user()
    make_org(visitor_user, kind="maker", name="Jongno Casting")
    visitor = app.test_client()
    sign_in(visitor, visitor_user)
    page = visitor.get(f"/en/matching/listings/{listing.id}").get_data(as_text=True)
    assert "Fewer pores in silver casting" in page and "Secret alloy" not in page and "JP 2023" not in page
    assert "How many castings?" in page and "Request introduction" in page
    anonymous = app.test_client().get(f"/en/matching/listings/{listing.id}").get_data(as_text=True)
    assert "Sign in to request an introduction." in anonymous
    vtoken = csrf_token(visitor, f"/en/matching/listings/{listing.id}")
    r = visitor.post("/en/introductions/request", data={"csrf_token": vtoken, "to_doc_id": f"t:{listing.id}",
                                                        "message": "We cast silver rings every day."})
    assert r.status_code == 302
    intro = db_session.exec(select(Introduction).where(Introduction.listing_id == listing.id)).one()
    assert intro.status == "awaiting_answers"
    assert client.get(f"/en/matching/listings/{listing.id}/edit").status_code == 200
    assert visitor.get(f"/en/matching/listings/{listing.id}/edit").status_code == 404


def test_inbox_steps_through_the_nda_flow(db_session, signed_in, make_user, make_org, app):
    """Answers, approval, NDA acceptance and contacts, all through the introduction pages."""
    holder_client, holder, lab = signed_in("lab")
    listing = listings.create_listing(db_session, holder, lab.id, lang="en", publish=True, nda_required=True,
                                      questions=["Which machine?"],
                                      texts={"en": {"title": "Real title", "abstract": "Real abstract",
                                                    "teaser_title": "Teaser title", "teaser": "Teaser"}})
    db_session.commit()
    maker_client, maker_user, _maker = signed_in("maker")
    intro = intros.request_introduction(db_session, maker_user, listing_id=listing.id, message="Hello lab")
    db_session.commit()
    url = f"/en/introductions/{intro.id}"
    page = maker_client.get(url).get_data(as_text=True)
    assert "Teaser title" in page and "Real title" not in page and "Which machine?" in page
    token = csrf_token(maker_client, url)
    assert maker_client.post(f"{url}/answers", data={"csrf_token": token, "answer_0": "A 5-axis mill"}
                             ).status_code == 302
    assert intro.status == "awaiting_approval"
    inbox = holder_client.get("/en/introductions/?box=received").get_data(as_text=True)
    assert "Real title" in inbox
    htoken = csrf_token(holder_client, url)
    assert holder_client.post(f"{url}/approve", data={"csrf_token": htoken}).status_code == 302
    page = maker_client.get(url).get_data(as_text=True)
    assert "Non-disclosure agreement, version 1" in page and holder.email not in page
    r = maker_client.post(f"{url}/accept-nda", data={"csrf_token": token, "version": "1"})
    assert r.status_code == 422 and "Tick the box" in r.get_data(as_text=True)
    r = maker_client.post(f"{url}/accept-nda", data={"csrf_token": token, "version": "1", "agree": "y"})
    assert r.status_code == 302 and intro.status == "accepted"
    page = maker_client.get(url).get_data(as_text=True)
    assert holder.email in page and "Real title" in page
    assert "Real abstract" in maker_client.get(f"/en/matching/listings/{listing.id}").get_data(as_text=True)


def test_decline_page_needs_a_reason(db_session, signed_in):
    """Declining without a reason re-shows the form; with one, the requester sees it."""
    maker_client, maker_user, maker = signed_in("maker")
    profile = profiles.ensure_org_profile(db_session, maker_user, maker.id)
    profiles.update_profile(db_session, maker_user, profile.id, texts={"en": {"offer": "Milling"}})
    profiles.set_profile_status(db_session, maker_user, profile.id, True)
    startup_client, startup_user, _s = signed_in("startup")
    intro = intros.request_introduction(db_session, startup_user, profile_id=profile.id, message="Prototype?")
    db_session.commit()
    url = f"/en/introductions/{intro.id}"
    token = csrf_token(maker_client, url)
    r = maker_client.post(f"{url}/decline", data={"csrf_token": token, "reason": ""})
    assert r.status_code == 422 and intro.status == "requested"
    r = maker_client.post(f"{url}/decline", data={"csrf_token": token, "reason": "no_capacity", "note": "Busy"})
    assert r.status_code == 302 and intro.status == "declined"
    assert "No capacity at the moment" in startup_client.get(url).get_data(as_text=True)
    assert "Introductions" in startup_client.get("/en/introductions/?box=sent").get_data(as_text=True)


@pytest.mark.parametrize("locale", ["ko", "ja"])
def test_pages_render_in_other_languages(db_session, signed_in, locale):
    """The inbox and editor render under other locales."""
    client, _user, org = signed_in("lab")
    assert client.get(f"/{locale}/introductions/").status_code == 200
    assert client.get(f"/{locale}/matching/profile/{org.id}/edit").status_code == 200
    assert client.get(f"/{locale}/matching/listings/new?org_id={org.id}").status_code == 200
