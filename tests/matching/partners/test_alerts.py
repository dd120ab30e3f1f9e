"""Always on: a newly published record is matched against everyone at once; both sides of a strong match are
notified in the app once, mailed at most daily; saved searches alert their owner of new results."""

from __future__ import annotations

import datetime as dt
import logging

from sqlmodel import func, select

from market.notifications.models import Notification
from matching.errors import MatchingError
from matching.partners import alerts
from matching.partners import services as partners
from matching.partners.models import MatchMail, MatchNotice
from matching.services import listings, profiles


def _publish_machine_shop(db_session, make_user, make_org):
    user = make_user()
    org = make_org(user, kind="maker", name="Euljiro Metalworks", cluster_code="mullae")
    profile = profiles.ensure_org_profile(db_session, user, org.id)
    profiles.update_profile(db_session, user, profile.id, lang="en", texts={"en": {
        "title": "Euljiro Metalworks",
        "offer": "CNC milling and turning of aluminium robot housings and precision machined parts.",
        "seek": "Tool wear sensors and smart factory retrofits for our CNC machines."}})
    profiles.set_profile_status(db_session, user, profile.id, True)
    db_session.commit()  # after the commit, the queued in-process jobs run: re-index, then announce
    # The announcement's work is committed in turn (a job's session_scope commits; here it shares the test's
    # session): only then does its digest mail go out.
    db_session.commit()
    return user, org, profile


def _mail_lines(caplog):
    return [r for r in caplog.records if r.name == "seoulmade.mail"]


def test_new_profile_is_announced_to_both_sides_once(app, world, db_session, make_user, make_org, caplog):
    partners.engine()  # the app keeps an engine, as a served app does
    caplog.set_level(logging.INFO, logger="seoulmade.mail")
    user, org, profile = _publish_machine_shop(db_session, make_user, make_org)
    notices = list(db_session.exec(select(MatchNotice).where(MatchNotice.doc_id == f"p:{profile.id}")))
    assert notices, "the new maker profile has strong matches"
    others = {n.other_org_id for n in notices}
    assert world["startup"].id in others or world["lab"].id in others
    for notice in notices:  # the other side heard of it too
        assert db_session.exec(select(MatchNotice).where(MatchNotice.org_id == notice.other_org_id,
                                                         MatchNotice.other_doc_id == f"p:{profile.id}")).first()
    in_app = db_session.exec(select(func.count()).select_from(Notification)
                             .where(Notification.user_id == user.id, Notification.kind == "match")).one()
    assert in_app == len(notices)
    mails_to_user = [r for r in _mail_lines(caplog) if user.email in r.getMessage()]
    assert len(mails_to_user) == 1, "one digest mail, not one per match"
    assert db_session.get(MatchMail, user.id) is not None

    # Announcing again changes nothing: each match is announced once.
    before = db_session.exec(select(func.count()).select_from(MatchNotice)).one()
    assert alerts.announce(db_session, [f"p:{profile.id}"]) == 0
    assert db_session.exec(select(func.count()).select_from(MatchNotice)).one() == before


def test_match_mail_goes_out_at_most_daily(app, world, db_session, make_user, make_org, caplog):
    partners.engine()
    caplog.set_level(logging.INFO, logger="seoulmade.mail")
    user, _org, _profile = _publish_machine_shop(db_session, make_user, make_org)
    first = db_session.get(MatchMail, user.id).last_sent_at
    # A new match an hour later: in the app at once, by mail only after a day.
    lab_user = world["lab_user"]
    listings.create_listing(db_session, lab_user, world["lab"].id, lang="en", publish=True, trl=7,
                            license_terms=["license"], texts={"en": {
                                "title": "Edge AI retrofit kit for CNC spindle monitoring",
                                "abstract": "Retrofit kit that monitors spindle load and tool wear on CNC milling "
                                            "machines for machine shops."}})
    db_session.commit()
    assert alerts.send_due_mails(db_session, first + dt.timedelta(hours=1)) == 0
    assert alerts.send_due_mails(db_session, first + dt.timedelta(days=1, minutes=1)) >= 1
    assert db_session.get(MatchMail, user.id).last_sent_at > first


def test_saved_search_alerts_on_a_new_listing(app, world, db_session):
    partners.engine()
    maker_user, maker = world["maker_user"], world["maker"]
    saved = alerts.save_search(db_session, maker_user, maker, "laser welding of stainless steel", "en",
                               kinds=["lab"])
    db_session.commit()
    assert saved.known_doc_ids == [] or all(d.startswith("t:") or d.startswith("p:") for d in saved.known_doc_ids)
    listing = listings.create_listing(db_session, world["lab_user"], world["lab"].id, lang="en", publish=True,
                                      trl=5, license_terms=["joint_development"], texts={"en": {
                                          "title": "Fibre laser welding of thin stainless steel sheets",
                                          "abstract": "A laser welding process for stainless steel with low "
                                                      "distortion, for enclosures and precision parts."}})
    db_session.commit()
    notice = db_session.exec(select(MatchNotice).where(MatchNotice.org_id == maker.id,
                                                       MatchNotice.doc_id == f"s:{saved.id}")).first()
    assert notice is not None and notice.other_doc_id == f"t:{listing.id}"
    db_session.refresh(saved)
    assert f"t:{listing.id}" in saved.known_doc_ids


def test_saved_search_refuses_bad_input(app, world, db_session):
    import pytest

    with pytest.raises(MatchingError) as refused:
        alerts.save_search(db_session, world["maker_user"], world["maker"], "   ", "en")
    assert (refused.value.status, refused.value.field) == (422, "text")
    with pytest.raises(MatchingError) as refused:
        alerts.save_search(db_session, world["maker_user"], world["maker"], "cnc", "en", kinds=["wizard"])
    assert (refused.value.status, refused.value.field) == (422, "kinds")
