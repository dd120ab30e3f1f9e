"""Keeping the always-on engine current: a committed change to a profile or listing is re-embedded through
the job queue and reaches search without a rebuild; a deleted or unpublished one disappears."""

from __future__ import annotations

import pytest

from matching.engine import EXTENSION, get_engine


@pytest.fixture
def live_engine(app, tmp_path):
    """The app's engine in a fresh directory, loaded from the (test) database; removed afterwards so other
    tests' commits do not re-index."""
    original = app.config.get("MATCHING_DIR")
    app.config["MATCHING_DIR"] = str(tmp_path / "matching")
    app.extensions.pop(EXTENSION, None)
    try:
        yield get_engine(app)
    finally:
        app.extensions.pop(EXTENSION, None)
        app.config["MATCHING_DIR"] = original


def _publish_profile(db_session, user, org, texts):
    from matching.services import profiles

    profile = profiles.ensure_org_profile(db_session, user, org.id)
    profiles.update_profile(db_session, user, profile.id, lang="en", texts=texts)
    profiles.set_profile_status(db_session, user, profile.id, True)
    db_session.commit()
    return profile


def test_committed_changes_are_reindexed_through_the_queue(app, db_session, make_user, make_org, live_engine):
    """Publishing, editing and unpublishing a profile each reach the engine after the commit."""
    from matching.services import profiles

    user = make_user()
    org = make_org(user, kind="maker")
    before = len(live_engine)
    profile = _publish_profile(db_session, user, org, {"en": {
        "title": "Mullae Titanium", "offer": "Five-axis CNC machining of titanium bicycle frames and lugs.",
        "seek": "Bicycle startups that need frame prototypes."}})
    doc_id = f"p:{profile.id}"
    assert len(live_engine) == before + 1
    assert live_engine.search("titanium bicycle frame machining", "en", k=1)[0].doc_id == doc_id

    profiles.update_profile(db_session, user, profile.id, texts={"en": {
        "title": "Mullae Titanium", "offer": "Precision grinding of titanium surgical instruments.",
        "seek": "Medical device makers."}})
    db_session.commit()
    top = live_engine.search("surgical instrument grinding", "en", k=1)[0]
    assert top.doc_id == doc_id and "surgical" in top.explanation.doc_sentence
    assert len(live_engine) == before + 1  # replaced, not added

    profiles.set_profile_status(db_session, user, profile.id, False)
    db_session.commit()
    assert live_engine.doc(doc_id) is None
    assert doc_id not in [m.doc_id for m in live_engine.search("titanium surgical instruments", "en", k=20)]


def test_apps_without_an_engine_do_not_queue(app, db_session, make_user, make_org):
    """Without MATCHING_ENABLED and without an engine in this process, a commit leaves the index alone."""
    app.extensions.pop(EXTENSION, None)
    user = make_user()
    org = make_org(user, kind="maker")
    _publish_profile(db_session, user, org, {"en": {"title": "Quiet", "offer": "Hand-sewn aprons."}})
    assert EXTENSION not in app.extensions
