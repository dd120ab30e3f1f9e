"""Introductions across languages: the request's message and the thread show phrasebook sentences in the
reader's language and say plainly which words are in the writer's; the writer gets the phrasebook."""

from __future__ import annotations

import pytest

from i18n.phrasebook import load_phrasebook
from matching import deals
from matching import introductions as intros
from matching.services import listings, profiles
from tests.factories.clients import isolated_client

MEETING = load_phrasebook().by_id["message.meeting"]


@pytest.fixture
def accepted(db_session, make_user, make_org):
    """A Korean lab accepted an English-writing maker's introduction to its listing."""
    holder = make_user(email="tto@lab.example.com", name="Park Holder")
    lab = make_org(holder, kind="lab", name="Seoul Casting Lab")
    listing = listings.create_listing(
        db_session, holder, lab.id, lang="ko", publish=True,
        texts={"ko": {"title": "은 주조 기공 저감 합금", "abstract": "탈산 모합금으로 기공을 줄입니다."}})
    maker_user = make_user(email="boss@works.example.com", name="Sam Maker")
    maker = make_org(maker_user, kind="maker", name="Bay Works", country="US")
    profile = profiles.ensure_org_profile(db_session, maker_user, maker.id)
    profiles.update_profile(db_session, maker_user, profile.id,
                            texts={"en": {"offer": "CNC machining", "seek": "Casting porosity licences"}})
    profiles.set_profile_status(db_session, maker_user, profile.id, True)
    intro = intros.request_introduction(db_session, maker_user, to_doc_id=f"t:{listing.id}",
                                        message=f"We cast silver rings. {MEETING.text('en')}")
    intros.accept_introduction(db_session, holder, intro.id)
    db_session.commit()
    return holder, maker_user, intro


def test_the_holder_reads_the_request_and_thread_in_korean_where_it_can(app, db_session, accepted):
    """The phrasebook sentence of the request and of a thread message is in Korean; the note names English."""
    holder, maker_user, intro = accepted
    deals.post_intro_message(db_session, maker_user, intro.id, f"{MEETING.text('en')} Tuesday suits us.")
    db_session.commit()
    page = isolated_client(app, holder).get(f"/ko/introductions/{intro.id}").get_data(as_text=True)
    assert page.count('<span class="phrase" lang="ko"') == 2
    assert page.count(f">{MEETING.text('ko')}</span>") == 2
    assert 'lang="en">We cast silver rings. ' in page and "Tuesday suits us." in page
    assert page.count("영어") >= 2
    assert 'data-phrasebook-for="body"' in page
