"""Prototype commission services: posting, NDA, questions and messages, suggestions and invitations, bids,
the award, milestones delivered, approved or rejected, completion and ratings, with every refusal."""

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlmodel import select

from i18n import content
from market.notifications.models import Notification
from market.prototypes.models import (
    ENTITY,
    BidStatus,
    Commission,
    CommissionEvent,
    DeliveryFile,
    Milestone,
    MilestoneStatus,
    NdaAcceptance,
    PrototypeBid,
    PrototypeFile,
    PrototypeRequest,
    Rating,
    Side,
)
from market.prototypes.services.base import AWARD_WINDOW_DAYS, NDA_VERSION, request_state
from market.prototypes.services.bids import award_bid, submit_bid, withdraw_bid
from market.prototypes.services.details import commission_detail, request_detail
from market.prototypes.services.files import add_files, get_request_file
from market.prototypes.services.milestones import (
    approve_milestone,
    deliver_milestone,
    move_milestone,
    reject_milestone,
)
from market.prototypes.services.nda import accept_nda
from market.prototypes.services.queries import BoardFilters, list_board, list_commissions, list_invitations
from market.prototypes.services.questions import answer_question, ask_question, post_message
from market.prototypes.services.ratings import rate_commission, rating_summary, ratings_of
from market.prototypes.services.requests import cancel_request, create_request, set_translation
from market.prototypes.services.suggestions import invite_maker, suggest_makers
from market.refusals import Refusal
from market.uploads.files import Upload
from tests.factories.db import count
from tests.factories.files import image_bytes, pdf_bytes, step_bytes
from tests.factories.prototypes import PLAN, fund, milestones_of, request_fields


def _notified(session, user, kind) -> int:
    return count(session, Notification, Notification.user_id == user.id, Notification.kind == kind)


# --- posting ---------------------------------------------------------------------------------------------------


def test_post_request_with_texts_and_files(db_session, startup, app):
    """A startup posts a request: texts stored as the author's, files checked and stored privately."""
    req = create_request(db_session, startup.user, files=[Upload("bracket.pdf", pdf_bytes()),
                                                          Upload("bracket.step", step_bytes())],
                         **request_fields(locale="ko", title="카고 바이크 브래킷"))
    assert (req.status, req.nda_required, req.nda_version, req.source_locale) == ("open", True,
                                                                                  NDA_VERSION, "ko")
    assert req.materials == ["machine_metal.aluminium_6061", "stainless bolts"]  # a listed material by its id
    texts = content.load_texts(db_session, ENTITY, [req.id])[req.id]
    assert texts["title"]["ko"].text == "카고 바이크 브래킷" and texts["title"]["ko"].source == "author"
    stored = list(db_session.exec(select(PrototypeFile).where(PrototypeFile.request_id == req.id)))
    assert [(f.filename, f.content_type) for f in stored] == [("bracket.pdf", "application/pdf"),
                                                               ("bracket.step", "model/step")]
    from market.storage import get_storage

    assert all(f.storage_key.startswith("private/") and get_storage().exists(f.storage_key) for f in stored)
    # Translations: another language beside the author's, resolved with fallback.
    set_translation(db_session, startup.user, req.id, "en", "Cargo-bike bracket", "A bracket.")
    detail = request_detail(db_session, startup.user, req.id, "en")
    assert (detail.title.text, detail.title.is_fallback) == ("Cargo-bike bracket", False)
    assert request_detail(db_session, startup.user, req.id, "ja").title.text == "Cargo-bike bracket"


@pytest.mark.parametrize(("overrides", "field"), [
    ({"title": " "}, "title"),
    ({"category": "pottery"}, "category"),
    ({"quantity": 0}, "quantity"),
    ({"budget_min_krw": 2_000_000, "budget_max_krw": 1_000_000}, "budget_max_krw"),
    ({"budget_min_krw": "lots"}, "budget_min_krw"),
    ({"deadline": dt.date.today() - dt.timedelta(days=1)}, "deadline"),
    ({"deadline": "next week"}, "deadline"),
    ({"cluster_code": "atlantis"}, "cluster_code"),
])
def test_bad_request_fields_are_refused(db_session, startup, overrides, field):
    """Each bad field is refused with a message on that field and nothing is stored."""
    with pytest.raises(Refusal) as refused:
        create_request(db_session, startup.user, **request_fields(**overrides))
    assert refused.value.status == 422 and field in refused.value.fields
    assert count(db_session, PrototypeRequest) == 0


def test_bad_file_refuses_the_request(db_session, startup, app):
    """A file that is not what it claims refuses the whole request."""
    with pytest.raises(Refusal) as refused:
        create_request(db_session, startup.user, files=[Upload("drawing.pdf", image_bytes())],
                       **request_fields())
    assert "files" in refused.value.fields and count(db_session, PrototypeRequest) == 0


def test_only_startups_post(db_session, maker, buyer):
    """Makers and buyers cannot post prototype requests."""
    for party in (maker, buyer):
        with pytest.raises(Refusal) as refused:
            create_request(db_session, party.user, **request_fields())
        assert refused.value.status == 403


def test_add_files_later_only_by_the_startup(db_session, posted, startup, maker):
    """The startup adds files to its open request; a maker cannot."""
    added = add_files(db_session, startup.user, posted.id, [Upload("side.png", image_bytes())])
    assert [f.content_type for f in added] == ["image/png"]
    with pytest.raises(Refusal) as refused:
        add_files(db_session, maker.user, posted.id, [Upload("x.png", image_bytes())])
    assert refused.value.status == 403


# --- NDA and files ---------------------------------------------------------------------------------------------


def test_nda_protects_files_until_accepted(db_session, posted, maker, other_maker, buyer, startup):
    """Makers see neither the list nor the file before accepting the NDA; acceptance records version and time."""
    drawing = db_session.exec(select(PrototypeFile).where(PrototypeFile.request_id == posted.id)).one()
    detail = request_detail(db_session, maker.user, posted.id)
    assert detail.needs_nda and detail.files == [] and detail.file_count == 1
    with pytest.raises(Refusal) as refused:
        get_request_file(db_session, maker.user, posted.id, drawing.id)
    assert refused.value.status == 404
    acceptance = accept_nda(db_session, maker.user, posted.id)
    assert (acceptance.nda_version, acceptance.user_id) == (NDA_VERSION, maker.user.id)
    assert acceptance.accepted_at is not None
    assert accept_nda(db_session, maker.user, posted.id).id == acceptance.id  # once only
    assert count(db_session, NdaAcceptance) == 1
    assert get_request_file(db_session, maker.user, posted.id, drawing.id).id == drawing.id
    assert request_detail(db_session, maker.user, posted.id).files[0].id == drawing.id
    # Another maker still cannot, buyers never, the startup always.
    for party in (other_maker, buyer):
        with pytest.raises(Refusal):
            get_request_file(db_session, party.user, posted.id, drawing.id)
    assert get_request_file(db_session, startup.user, posted.id, drawing.id)
    assert _notified(db_session, startup.user, "prototype_nda") == 1


def test_without_nda_makers_see_files(db_session, startup, maker, buyer):
    """Without an NDA every maker sees the files; others do not."""
    req = create_request(db_session, startup.user, files=[Upload("a.png", image_bytes())],
                         **request_fields(nda_required=False))
    item = db_session.exec(select(PrototypeFile).where(PrototypeFile.request_id == req.id)).one()
    assert get_request_file(db_session, maker.user, req.id, item.id)
    with pytest.raises(Refusal):
        get_request_file(db_session, buyer.user, req.id, item.id)
    with pytest.raises(Refusal) as refused:
        accept_nda(db_session, maker.user, req.id)
    assert refused.value.code == "no_nda"


# --- questions and messages ------------------------------------------------------------------------------------


def test_public_questions_and_answers(db_session, posted, maker, startup, other_maker):
    """A maker asks publicly, the startup answers once; everyone sees both; only the startup answers."""
    question = ask_question(db_session, maker.user, posted.id, "Is anodising required?")
    with pytest.raises(Refusal) as refused:
        answer_question(db_session, maker.user, question.id, "Yes.")
    assert refused.value.status == 403
    answer_question(db_session, startup.user, question.id, "Yes, black anodising.")
    with pytest.raises(Refusal) as twice:
        answer_question(db_session, startup.user, question.id, "Again")
    assert twice.value.status == 409
    seen = request_detail(db_session, other_maker.user, posted.id).questions
    assert [(q.question.body, q.question.answer, q.maker.id) for q in seen] == [
        ("Is anodising required?", "Yes, black anodising.", maker.org.id)]
    assert _notified(db_session, startup.user, "prototype_question") == 1
    assert _notified(db_session, maker.user, "prototype_answer") == 1


def test_private_messages_need_the_nda(db_session, posted, maker, startup, other_maker):
    """Private messages start once the maker accepted the NDA; each maker sees only its own thread."""
    with pytest.raises(Refusal) as refused:
        post_message(db_session, maker.user, posted.id, "Can we talk tolerances?")
    assert refused.value.code == "nda_required"
    with pytest.raises(Refusal):
        post_message(db_session, startup.user, posted.id, "Hello", maker_org_id=maker.org.id)
    accept_nda(db_session, maker.user, posted.id)
    post_message(db_session, maker.user, posted.id, "Can we talk tolerances?")
    post_message(db_session, startup.user, posted.id, "±0.1 mm is fine.", maker_org_id=maker.org.id)
    threads = request_detail(db_session, startup.user, posted.id).threads
    assert [(t.maker.id, [m.body for m in t.messages]) for t in threads] == [
        (maker.org.id, ["Can we talk tolerances?", "±0.1 mm is fine."])]
    accept_nda(db_session, other_maker.user, posted.id)
    other = request_detail(db_session, other_maker.user, posted.id).threads
    assert [(t.maker.id, t.messages) for t in other] == [(other_maker.org.id, [])]


# --- suggestions and invitations -------------------------------------------------------------------------------


def test_suggestions_prefer_the_fitting_cluster(db_session, posted, maker, other_maker, leather_maker):
    """While no maker has a published matching profile (the engine finds none), makers of the clusters that
    specialise in the category come first, with the reasons in plain words; a leather workshop is not suggested
    for a machined part."""
    suggestions = suggest_makers(db_session, posted, k=5)
    orgs = [org.id for org, _score, _lines in suggestions]
    assert orgs[0] == maker.org.id and other_maker.org.id in orgs and leather_maker.org.id not in orgs
    _org, score, lines = suggestions[0]
    assert 0 < score <= 1 and "specialises in" in lines[0] and any("aluminium" in line for line in lines)


def test_suggestions_come_from_the_matching_engine_when_makers_have_profiles(db_session, posted, maker,
                                                                            other_maker, leather_maker, tmp_path,
                                                                            monkeypatch):
    """Once makers have published matching profiles, the engine ranks them by the request's text (within the
    category's clusters) and explains itself with shared concepts and signals."""
    from flask import current_app

    from matching.services import profiles as matching

    monkeypatch.setitem(current_app.config, "MATCHING_DIR", str(tmp_path / "matching"))
    for party, offer in ((other_maker, "Sheet metal bending and laser cutting of steel enclosures."),
                         (maker, "CNC milling and turning of aluminium 6061 brackets and precision parts."),
                         (leather_maker, "Handmade leather bags and wallets.")):
        profile = matching.ensure_org_profile(db_session, party.user, party.org.id)
        matching.update_profile(db_session, party.user, profile.id, lang="en",
                                texts={"en": {"title": party.org.name, "offer": offer, "seek": ""}})
        matching.set_profile_status(db_session, party.user, profile.id, True)
    db_session.commit()
    suggestions = suggest_makers(db_session, posted, k=5)
    orgs = [org.id for org, _score, _lines in suggestions]
    assert orgs[0] == maker.org.id and leather_maker.org.id not in orgs
    _org, score, lines = suggestions[0]
    assert 0 < score <= 1 and lines and "specialises in" not in lines[0]


def test_invite_a_suggested_maker(db_session, posted, startup, maker, other_startup):
    """The startup invites a maker once; the maker is notified and sees the invitation; others cannot invite."""
    invite = invite_maker(db_session, startup.user, posted.id, maker.org.id, 0.8, "Mullae")
    assert invite_maker(db_session, startup.user, posted.id, maker.org.id).id == invite.id
    assert _notified(db_session, maker.user, "prototype_invite") == 1
    assert [r.request.id for r in list_invitations(db_session, maker.user)] == [posted.id]
    with pytest.raises(Refusal) as refused:
        invite_maker(db_session, other_startup.user, posted.id, maker.org.id)
    assert refused.value.status == 403


# --- bids ------------------------------------------------------------------------------------------------------


def test_bid_requires_nda_and_one_bid_per_maker(db_session, posted, maker, startup):
    """A maker bids after the NDA; bidding again updates the same bid; the startup is notified."""
    with pytest.raises(Refusal) as refused:
        submit_bid(db_session, maker.user, posted.id, price_krw=1_200_000, lead_time_days=20,
                   milestones=PLAN)
    assert (refused.value.status, refused.value.code) == (403, "nda_required")
    accept_nda(db_session, maker.user, posted.id)
    first = submit_bid(db_session, maker.user, posted.id, price_krw=1_200_000, lead_time_days=20,
                       milestones=PLAN)
    second = submit_bid(db_session, maker.user, posted.id, price_krw=1_000_000, lead_time_days=15,
                        milestones=[{"title": "All", "amount_krw": 1_000_000}])
    assert second.id == first.id and (second.price_krw, second.revision) == (1_000_000, 2)
    assert count(db_session, PrototypeBid) == 1
    assert _notified(db_session, startup.user, "prototype_bid") == 2


@pytest.mark.parametrize(("milestones", "fragment"), [
    ([{"title": "A", "amount_krw": 100}], "must be equal"),
    ([], "at least one"),
    ([{"title": "", "amount_krw": 1_200_000}], "title"),
    ([{"title": "A", "amount_krw": -5}, {"title": "B", "amount_krw": 1_200_005}], "above zero"),
    ([{"title": "A", "amount_krw": 1.5}], "above zero"),
])
def test_milestones_must_sum_to_the_price(db_session, posted, maker, milestones, fragment):
    """Bad milestone plans are refused with 422 on ``milestones``."""
    accept_nda(db_session, maker.user, posted.id)
    with pytest.raises(Refusal) as refused:
        submit_bid(db_session, maker.user, posted.id, price_krw=1_200_000, lead_time_days=20,
                   milestones=milestones)
    assert refused.value.status == 422 and fragment in refused.value.fields["milestones"]
    assert count(db_session, PrototypeBid) == 0


def test_bids_after_the_deadline_are_refused(db_session, posted, maker):
    """Once the deadline has passed, bids are refused with 409."""
    accept_nda(db_session, maker.user, posted.id)
    db_session.exec(sa.update(PrototypeRequest).where(PrototypeRequest.id == posted.id)
                    .values(deadline=dt.date.today() - dt.timedelta(days=1)))
    db_session.refresh(posted)
    with pytest.raises(Refusal) as refused:
        submit_bid(db_session, maker.user, posted.id, price_krw=1_200_000, lead_time_days=20,
                   milestones=PLAN)
    assert (refused.value.status, refused.value.code) == (409, "deadline_passed")
    assert request_state(posted) == "closed"


def test_only_makers_bid(db_session, posted, buyer, startup):
    """Buyers and the startup itself cannot bid."""
    for party in (buyer, startup):
        with pytest.raises(Refusal) as refused:
            submit_bid(db_session, party.user, posted.id, price_krw=1_000, lead_time_days=1,
                       milestones=[{"title": "A", "amount_krw": 1_000}])
        assert refused.value.status == 403


# --- the award -------------------------------------------------------------------------------------------------


def test_award_starts_the_commission_and_tells_the_others(db_session, posted, startup, maker, other_maker, bid):
    """Awarding creates the commission and its milestones; the winner is told, the other bidder too."""
    accept_nda(db_session, other_maker.user, posted.id)
    loser = submit_bid(db_session, other_maker.user, posted.id, price_krw=900_000, lead_time_days=30,
                       milestones=[{"title": "All at once", "amount_krw": 900_000}])
    commission = award_bid(db_session, startup.user, bid.id)
    assert (commission.price_krw, commission.maker_org_id, commission.status) == (1_200_000, maker.org.id,
                                                                                  "active")
    assert [(m.position, m.title, m.amount_krw, m.status) for m in milestones_of(db_session, commission)] == [
        (1, "Design review", 200_000, "awaiting_funding"), (2, "First article", 400_000, "awaiting_funding"),
        (3, "Final batch", 600_000, "awaiting_funding")]
    db_session.refresh(loser)
    db_session.refresh(posted)
    assert (posted.status, loser.status) == ("awarded", BidStatus.not_chosen)
    assert _notified(db_session, maker.user, "prototype_awarded") == 1
    assert _notified(db_session, other_maker.user, "prototype_not_chosen") == 1
    # Awarded requests take no more bids, and a second award is refused.
    with pytest.raises(Refusal) as late:
        submit_bid(db_session, other_maker.user, posted.id, price_krw=800_000, lead_time_days=30,
                   milestones=[{"title": "All", "amount_krw": 800_000}])
    assert (late.value.status, late.value.code) == (409, "not_open")
    with pytest.raises(Refusal) as again:
        award_bid(db_session, startup.user, loser.id)
    assert again.value.status == 409
    assert db_session.exec(select(Commission)).one().id == commission.id


def test_only_the_startup_awards(db_session, posted, maker, bid, other_startup):
    """The bidding maker and other startups cannot award."""
    for party in (maker, other_startup):
        with pytest.raises(Refusal) as refused:
            award_bid(db_session, party.user, bid.id)
        assert refused.value.status == 403
    assert count(db_session, Commission) == 0


def test_award_after_the_window_is_refused(db_session, posted, startup, bid):
    """An open request more than 30 days past its deadline is expired and cannot be awarded."""
    db_session.exec(sa.update(PrototypeRequest).where(PrototypeRequest.id == posted.id)
                    .values(deadline=dt.date.today() - dt.timedelta(days=AWARD_WINDOW_DAYS + 1)))
    db_session.refresh(posted)
    assert request_state(posted) == "expired"
    with pytest.raises(Refusal) as refused:
        award_bid(db_session, startup.user, bid.id)
    assert refused.value.code == "expired"


def test_cancel_request_tells_bidders(db_session, posted, startup, maker, bid):
    """The startup cancels an open request; bids become not chosen and their makers are told."""
    cancel_request(db_session, startup.user, posted.id)
    db_session.refresh(bid)
    assert (posted.status, bid.status) == ("cancelled", "not_chosen")
    assert _notified(db_session, maker.user, "prototype_cancelled") == 1
    with pytest.raises(Refusal) as again:
        cancel_request(db_session, startup.user, posted.id)
    assert (again.value.status, again.value.code) == (409, "wrong_state")


def test_awarded_requests_cannot_be_cancelled(db_session, posted, startup, commission):
    """Once awarded, a request is no longer the startup's to cancel (its table has no such step)."""
    with pytest.raises(Refusal) as refused:
        cancel_request(db_session, startup.user, posted.id)
    assert (refused.value.status, refused.value.code) == (409, "wrong_state")
    db_session.refresh(posted)
    assert posted.status == "awarded"


def test_withdraw_then_bid_again(db_session, posted, maker, startup, bid):
    """A maker withdraws its bid once (a second withdrawal is refused) and may bid again while the request is
    open; the startup cannot withdraw it; an awarded bid can no longer change."""
    with pytest.raises(Refusal) as outsider:
        withdraw_bid(db_session, startup.user, bid.id)
    assert outsider.value.status == 404
    assert withdraw_bid(db_session, maker.user, bid.id).status == "withdrawn"
    with pytest.raises(Refusal) as twice:
        withdraw_bid(db_session, maker.user, bid.id)
    assert (twice.value.status, twice.value.code) == (409, "wrong_state")
    again = submit_bid(db_session, maker.user, posted.id, price_krw=1_100_000, lead_time_days=18,
                       milestones=[{"title": "All", "amount_krw": 1_100_000}])
    assert (again.id, again.status, again.revision, again.price_krw) == (bid.id, "open", 2, 1_100_000)
    award_bid(db_session, startup.user, bid.id)
    db_session.refresh(posted)
    with pytest.raises(Refusal) as decided:
        withdraw_bid(db_session, maker.user, bid.id)
    assert decided.value.status == 409


# --- milestones ------------------------------------------------------------------------------------------------


def test_milestone_lifecycle_to_completion_and_ratings(db_session, startup, maker, commission):
    """Fund, deliver with photos, reject with comments, deliver again, approve; every milestone approved
    completes the commission and the request; then both sides rate each other once."""
    first, second, third = milestones_of(db_session, commission)
    with pytest.raises(Refusal) as unfunded:
        deliver_milestone(db_session, maker.user, first.id, "Done", [Upload("p.jpg", image_bytes("JPEG"))])
    assert unfunded.value.code == "not_funded"
    fund(db_session, first)
    db_session.refresh(first)
    assert first.status == "funded" and first.funded_at is not None
    assert _notified(db_session, maker.user, "prototype_funded") == 1
    delivery = deliver_milestone(db_session, maker.user, first.id, "Design attached.",
                                 [Upload("review.pdf", pdf_bytes("Design review"))])
    assert count(db_session, DeliveryFile, DeliveryFile.delivery_id == delivery.id) == 1
    with pytest.raises(Refusal) as no_comment:
        reject_milestone(db_session, startup.user, first.id, " ")
    assert "comment" in no_comment.value.fields
    reject_milestone(db_session, startup.user, first.id, "Add the bolt pattern, please.")
    db_session.refresh(delivery)
    assert (first.status, delivery.decision, delivery.decision_comment) == (
        "rejected", "rejected", "Add the bolt pattern, please.")
    deliver_milestone(db_session, maker.user, first.id, "Bolt pattern added.",
                      [Upload("v2.png", image_bytes())])
    approve_milestone(db_session, startup.user, first.id, "Looks right.")
    assert first.status == "approved" and first.approved_at is not None
    with pytest.raises(Refusal) as twice:
        approve_milestone(db_session, startup.user, first.id)
    assert twice.value.status == 409
    with pytest.raises(Refusal) as early:
        rate_commission(db_session, startup.user, commission.id, 5)
    assert early.value.code == "not_completed"
    for milestone in (second, third):
        fund(db_session, milestone)
        deliver_milestone(db_session, maker.user, milestone.id, "Delivered.",
                          [Upload("photo.webp", image_bytes("WEBP"))])
        approve_milestone(db_session, startup.user, milestone.id)
    db_session.refresh(commission)
    req = db_session.get(PrototypeRequest, commission.request_id)
    assert (commission.status, req.status) == ("completed", "completed")
    kinds = [e.kind for e in db_session.exec(select(CommissionEvent).where(
        CommissionEvent.commission_id == commission.id).order_by(CommissionEvent.id))]
    assert kinds[0] == "awarded" and kinds[-1] == "completed" and kinds.count("approved") == 3
    rate_commission(db_session, startup.user, commission.id, 5, "Precise and on time.")
    rate_commission(db_session, maker.user, commission.id, "4", "Clear drawings.")
    with pytest.raises(Refusal) as bad:
        rate_commission(db_session, startup.user, commission.id, 6)
    assert "score" in bad.value.fields
    assert rating_summary(db_session, maker.org.id) == (5.0, 1)
    assert rating_summary(db_session, startup.org.id) == (4.0, 1)
    assert [r.rater.id for r in ratings_of(db_session, maker.org.id)] == [startup.org.id]
    assert count(db_session, Rating) == 2


def test_only_the_startup_approves_and_only_the_maker_delivers(db_session, startup, maker, other_maker,
                                                               commission):
    """The maker cannot approve or reject, the startup cannot deliver, outsiders get not_found."""
    first = milestones_of(db_session, commission)[0]
    fund(db_session, first)
    with pytest.raises(Refusal) as startup_delivers:
        deliver_milestone(db_session, startup.user, first.id, "x")
    assert startup_delivers.value.status == 403
    deliver_milestone(db_session, maker.user, first.id, "Done.")
    for action in (approve_milestone, reject_milestone):
        with pytest.raises(Refusal) as refused:
            action(db_session, maker.user, first.id, "ok")
        assert refused.value.status == 403
        with pytest.raises(Refusal) as outsider:
            action(db_session, other_maker.user, first.id, "ok")
        assert outsider.value.status == 404
    assert db_session.get(Milestone, first.id).status == "delivered"


def test_concurrent_approvals_apply_once(db_session, startup, maker, commission):
    """Two approvals from the same page: the second sees the row already changed and is refused, so the
    milestone is approved (and its money released) once."""
    first = milestones_of(db_session, commission)[0]
    fund(db_session, first)
    deliver_milestone(db_session, maker.user, first.id, "Done.")
    # Another request approves it behind this session's back; this session still holds "delivered".
    db_session.exec(sa.update(Milestone).where(Milestone.id == first.id).values(status="approved")
                    .execution_options(synchronize_session=False))
    assert first.status == "delivered"
    with pytest.raises(Refusal) as refused:
        move_milestone(db_session, first, MilestoneStatus.approved, Side.startup)
    assert refused.value.status == 409
    with pytest.raises(Refusal):
        approve_milestone(db_session, startup.user, first.id)
    approvals = count(db_session, CommissionEvent, CommissionEvent.milestone_id == first.id,
                      CommissionEvent.kind == "approved")
    assert approvals == 0


def test_commission_pages_are_for_the_two_sides(db_session, startup, maker, other_maker, commission):
    """Only the two sides see the commission; each sees its side."""
    assert commission_detail(db_session, startup.user, commission.id).side == "startup"
    assert commission_detail(db_session, maker.user, commission.id).side == "maker"
    with pytest.raises(Refusal) as refused:
        commission_detail(db_session, other_maker.user, commission.id)
    assert refused.value.status == 404
    assert [r.commission.id for r in list_commissions(db_session, maker.user)] == [commission.id]


# --- the board -------------------------------------------------------------------------------------------------


def test_board_filters(db_session, startup, posted):
    """The board filters by category, cluster, budget, deadline and NDA, and pages."""
    create_request(db_session, startup.user, **request_fields(
        title="Leather pouch", category="leather", budget_min_krw=100_000, budget_max_krw=300_000,
        nda_required=False, deadline=dt.date.today() + dt.timedelta(days=5)))
    cancelled = create_request(db_session, startup.user, **request_fields(title="Old idea"))
    cancel_request(db_session, startup.user, cancelled.id)

    def titles(**filters):
        rows, total = list_board(db_session, BoardFilters(**filters), "en")
        assert total == len(rows) or filters.get("per_page")
        return [r.title.text for r in rows]

    assert titles() == ["Leather pouch", "Cargo-bike frame bracket"]
    assert titles(category="leather") == ["Leather pouch"]
    assert titles(cluster="mullae") == ["Cargo-bike frame bracket"]
    assert titles(cluster="seongsu") == ["Leather pouch"]
    assert titles(budget_min_krw=500_000) == ["Cargo-bike frame bracket"]
    assert titles(budget_max_krw=200_000) == ["Leather pouch"]
    assert titles(deadline_before=dt.date.today() + dt.timedelta(days=10)) == ["Leather pouch"]
    assert titles(nda=True) == ["Cargo-bike frame bracket"]
    assert titles(nda=False, sort="deadline") == ["Leather pouch"]
    assert titles(sort="budget") == ["Cargo-bike frame bracket", "Leather pouch"]
    rows, total = list_board(db_session, BoardFilters(per_page=1, page=2), "en")
    assert total == 2 and [r.title.text for r in rows] == ["Cargo-bike frame bracket"]


def test_closed_requests_are_hidden_from_outsiders(db_session, startup, posted, other_maker, maker, bid):
    """Once awarded, the request is visible to the startup and the makers involved only."""
    award_bid(db_session, startup.user, bid.id)
    assert request_detail(db_session, maker.user, posted.id).commission is not None
    with pytest.raises(Refusal) as refused:
        request_detail(db_session, other_maker.user, posted.id)
    assert refused.value.status == 404
    assert db_session.exec(select(NdaAcceptance)).one().maker_org_id == maker.org.id
