"""Introductions: plain requests accepted or declined with a reason, the staged NDA flow for confidential
listings, contacts revealed only on acceptance, refusals that change nothing, and notifications."""

from __future__ import annotations

import pytest
from sqlmodel import select

from market.notifications.models import Notification
from market.refusals import Refusal
from matching import introductions as intros
from matching.errors import MatchingError
from matching.models import Introduction, IntroStatus
from matching.services import listings, profiles


@pytest.fixture
def parties(db_session, make_user, make_org):
    """A lab with a public and an NDA-gated listing, and a maker with a published profile."""
    holder = make_user(email="tto@lab.example.com")
    lab = make_org(holder, kind="lab", name="Seoul Casting Lab", website="https://casting.example.com")
    public = listings.create_listing(
        db_session, holder, lab.id, lang="en", publish=True,
        texts={"en": {"title": "Vacuum casting of platinum", "abstract": "Thin walls without misruns."}})
    gated = listings.create_listing(
        db_session, holder, lab.id, lang="ko", publish=True, nda_required=True, patent_number="KR 10-2023-0099999",
        questions=["월 주조량은?", "사용하는 주조기는?"],
        texts={"ko": {"title": "은 주조 기공 저감 합금", "abstract": "탈산 모합금으로 기공을 70% 줄입니다.",
                      "teaser_title": "은 주조 기공을 줄이는 기술", "teaser": "세부 내용은 NDA 후 공개"}})
    maker_user = make_user(email="boss@mullae.example.com")
    maker = make_org(maker_user, kind="maker", name="Mullae Works")
    profile = profiles.ensure_org_profile(db_session, maker_user, maker.id)
    profiles.update_profile(db_session, maker_user, profile.id, texts={"ko": {"offer": "CNC 가공"}},
                            contact_phone="+82 2 555 0101")
    profiles.set_profile_status(db_session, maker_user, profile.id, True)
    db_session.commit()
    return {"holder": holder, "lab": lab, "public": public, "gated": gated, "maker_user": maker_user,
            "maker": maker, "profile": profile}


def _notes(db_session, user, kind):
    return list(db_session.exec(select(Notification).where(Notification.user_id == user.id,
                                                           Notification.kind == kind)))


def test_plain_request_accepted_reveals_contacts(app, db_session, parties):
    """The recipient is notified; contacts appear on both sides only after acceptance."""
    p = parties
    intro = intros.request_introduction(db_session, p["maker_user"], to_doc_id=f"t:{p['public'].id}",
                                        message="We cast platinum rings in Jongno.")
    db_session.commit()
    assert intro.status == IntroStatus.requested and intro.to_org_id == p["lab"].id
    assert len(_notes(db_session, p["holder"], "intro_requested")) == 1
    view = intros.get_introduction(db_session, p["maker_user"], intro.id)
    assert view.contacts is None and view.can == ("withdraw",)
    assert intros.get_introduction(db_session, p["holder"], intro.id).can == ("accept", "decline")
    intros.accept_introduction(db_session, p["holder"], intro.id)
    db_session.commit()
    mine = intros.get_introduction(db_session, p["maker_user"], intro.id)
    assert mine.contacts["emails"] == ["tto@lab.example.com"]
    assert mine.contacts["website"] == "https://casting.example.com"
    theirs = intros.get_introduction(db_session, p["holder"], intro.id)
    assert theirs.contacts["emails"] == ["boss@mullae.example.com"] and theirs.contacts["phone"] == "+82 2 555 0101"
    assert len(_notes(db_session, p["maker_user"], "intro_accepted")) == 1
    assert intro.open_key is None


def test_decline_needs_a_reason_from_the_list(app, db_session, parties):
    """An unknown reason is refused; a listed one closes the request and tells the requester why."""
    p = parties
    intro = intros.request_introduction(db_session, p["holder"], to_doc_id=f"p:{p['profile'].id}",
                                        message="We have a casting method for you.")
    with pytest.raises(MatchingError) as refused:
        intros.decline_introduction(db_session, p["maker_user"], intro.id, "too busy")
    assert refused.value.field == "reason"
    intros.decline_introduction(db_session, p["maker_user"], intro.id, "no_capacity", "Try again in spring.")
    view = intros.get_introduction(db_session, p["holder"], intro.id)
    assert view.intro.status == IntroStatus.declined and view.decline_reason_label == "No capacity at the moment"
    assert view.contacts is None
    note = _notes(db_session, p["holder"], "intro_declined")[0]
    # in the requester's language (the notification is written in the recipient's locale)
    from flask_babel import force_locale, gettext

    labels = set()
    for locale in ("en", "ko", "ja", "zh_Hans", "vi"):
        with force_locale(locale):
            labels.add(gettext("No capacity at the moment"))
    assert any(label in note.message for label in labels)
    # Once closed, another request may be sent.
    again = intros.request_introduction(db_session, p["holder"], to_doc_id=f"p:{p['profile'].id}",
                                        message="Second try")
    assert again.status == IntroStatus.requested


def test_refusals_change_nothing(app, db_session, parties, make_user):
    """Requests to oneself, duplicates while open, unknown targets and outsiders are refused."""
    p = parties
    count = lambda: len(list(db_session.exec(select(Introduction))))  # noqa: E731
    with pytest.raises(MatchingError) as refused:
        intros.request_introduction(db_session, p["holder"], to_doc_id=f"t:{p['public'].id}", message="Hi")
    assert refused.value.code == "invalid" and "own organisation" in refused.value.message
    intro = intros.request_introduction(db_session, p["maker_user"], listing_id=p["public"].id, message="Hi")
    with pytest.raises(MatchingError) as refused:
        intros.request_introduction(db_session, p["maker_user"], to_doc_id=f"t:{p['public'].id}", message="Again")
    assert refused.value.code == "conflict"
    for target in ("t:999999", "x:1", "p:abc"):
        with pytest.raises(MatchingError) as refused:
            intros.request_introduction(db_session, p["maker_user"], to_doc_id=target, message="Hi")
        assert refused.value.code == "not_found"
    with pytest.raises(MatchingError) as refused:
        intros.request_introduction(db_session, p["maker_user"], to_doc_id=f"t:{p['gated'].id}", message="  ")
    assert refused.value.field == "message"
    stranger = make_user()
    with pytest.raises(MatchingError) as refused:
        intros.get_introduction(db_session, stranger, intro.id)
    assert refused.value.code == "not_found"
    with pytest.raises(MatchingError) as refused:
        intros.accept_introduction(db_session, p["maker_user"], intro.id)
    assert refused.value.code == "forbidden"
    assert count() == 1


def test_staged_nda_flow_discloses_only_at_the_end(app, db_session, parties):
    """Answers → approval → NDA (time, user, version recorded) → details and holder disclosed."""
    p = parties
    gated, requester = p["gated"], p["maker_user"]
    assert not listings.is_disclosed(db_session, gated, requester)
    intro = intros.request_introduction(db_session, requester, to_doc_id=f"t:{gated.id}", message="Silver casting")
    assert intro.staged and intro.status == IntroStatus.awaiting_answers
    view = intros.get_introduction(db_session, requester, intro.id, "ko")
    assert view.to_org is None and view.target_title == "은 주조 기공을 줄이는 기술"
    assert view.questions == ["월 주조량은?", "사용하는 주조기는?"]
    with pytest.raises(Refusal) as refused:  # not before the answers are in
        intros.approve_introduction(db_session, p["holder"], intro.id)
    assert (refused.value.status, refused.value.code) == (409, "wrong_state")
    with pytest.raises(MatchingError) as refused:
        intros.answer_questions(db_session, requester, intro.id, ["300개"])
    assert refused.value.field == "answers"
    intros.answer_questions(db_session, requester, intro.id, ["300개", "진공 원심 주조기"])
    assert intro.status == IntroStatus.awaiting_approval and intro.answers[1]["answer"] == "진공 원심 주조기"
    holder_view = intros.get_introduction(db_session, p["holder"], intro.id, "ko")
    assert holder_view.target_title == "은 주조 기공 저감 합금" and holder_view.can == ("approve", "decline")
    with pytest.raises(MatchingError) as refused:
        intros.accept_introduction(db_session, p["holder"], intro.id)
    assert refused.value.code == "conflict"
    intros.approve_introduction(db_session, p["holder"], intro.id)
    nda = intros.current_nda(db_session)
    assert intro.status == IntroStatus.awaiting_nda and intro.nda_version_id == nda.id
    assert not listings.is_disclosed(db_session, gated, requester)
    assert intros.get_introduction(db_session, requester, intro.id).contacts is None
    with pytest.raises(MatchingError) as refused:
        intros.accept_nda(db_session, requester, intro.id, nda.version + 1)
    assert refused.value.code == "conflict"
    with pytest.raises(MatchingError) as refused:
        intros.accept_nda(db_session, p["holder"], intro.id, nda.version)
    assert refused.value.code == "forbidden"
    intros.accept_nda(db_session, requester, intro.id, nda.version)
    db_session.commit()
    assert intro.status == IntroStatus.accepted
    assert intro.nda_accepted_by_id == requester.id and intro.nda_accepted_at is not None
    assert listings.is_disclosed(db_session, gated, requester)
    card = listings.listing_card(db_session, gated, requester, "ko")
    assert card["patent_number"] == "KR 10-2023-0099999" and card["org"].id == p["lab"].id
    view = intros.get_introduction(db_session, requester, intro.id)
    assert view.to_org.id == p["lab"].id and view.contacts["emails"] == ["tto@lab.example.com"]
    kinds = {n.kind for n in db_session.exec(select(Notification))}
    assert {"intro_requested", "intro_answered", "intro_approved", "intro_nda_accepted"} <= kinds


def test_a_new_nda_version_does_not_change_what_was_asked(app, db_session, parties, make_user):
    """The requester accepts the version it was shown; staff publishing a new version is refused for others."""
    p = parties
    intro = intros.request_introduction(db_session, p["maker_user"], to_doc_id=f"t:{p['gated'].id}", message="Hi")
    intros.answer_questions(db_session, p["maker_user"], intro.id, ["a", "b"])
    intros.approve_introduction(db_session, p["holder"], intro.id)
    shown = intro.nda_version_id
    with pytest.raises(MatchingError):
        intros.publish_nda(db_session, p["holder"], "x" * 80)
    admin = make_user(role="admin")
    newer = intros.publish_nda(db_session, admin, "Version two of the agreement. " * 3)
    assert newer.version == intros.current_nda(db_session).version
    old_version = db_session.get(type(newer), shown).version
    intros.accept_nda(db_session, p["maker_user"], intro.id, old_version)
    assert intro.nda_version_id == shown


def test_a_stale_step_is_refused(app, db_session, parties):
    """A step computed on an out-of-date status is refused by the conditional update, and changes nothing."""
    p = parties
    intro = intros.request_introduction(db_session, p["maker_user"], listing_id=p["public"].id, message="Hi")
    db_session.commit()
    from sqlalchemy import update

    # Another request withdraws it behind this session's back: the loaded introduction still says "requested".
    db_session.execute(update(Introduction).where(Introduction.id == intro.id)
                       .values(status="withdrawn", open_key=None).execution_options(synchronize_session=False))
    assert intro.status == IntroStatus.requested
    with pytest.raises(Refusal) as refused:
        intros.accept_introduction(db_session, p["holder"], intro.id)
    assert (refused.value.status, refused.value.code) == (409, "conflict")
    db_session.refresh(intro)
    assert intro.status == IntroStatus.withdrawn and intro.responded_by_id is None


def test_withdraw_and_lists(app, db_session, parties):
    """The requester withdraws; the inbox lists sent and received, and filters open ones."""
    p = parties
    first = intros.request_introduction(db_session, p["maker_user"], listing_id=p["public"].id, message="One")
    intros.request_introduction(db_session, p["maker_user"], listing_id=p["gated"].id, message="Two")
    intros.withdraw_introduction(db_session, p["maker_user"], first.id)
    sent, total = intros.list_introductions(db_session, p["maker_user"], box="sent")
    assert total == 2 and {v.role for v in sent} == {intros.IntroRole.requester}
    received, total = intros.list_introductions(db_session, p["holder"], box="received", status="open")
    assert total == 1 and received[0].intro.listing_id == p["gated"].id
    with pytest.raises(MatchingError):
        intros.list_introductions(db_session, p["holder"], status="lost")
