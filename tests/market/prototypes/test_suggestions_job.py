"""Suggested makers are found by a job after the request is committed and stored; the page shows progress until
they are there, then the stored makers (no search while the page waits); a lost or failed search can be
started again."""

import datetime as dt

from sqlmodel import select

from market.db import utcnow
from market.prototypes.models import PrototypeRequest, PrototypeSuggestion
from market.prototypes.services.requests import create_request
from market.prototypes.services.suggestions import find_suggestions_job, suggestions_state
from tests.factories.prototypes import request_fields
from tests.helpers import csrf_token


def test_posting_queues_the_search_which_stores_the_makers(db_session, startup, maker, other_maker):
    """Before the commit the request's suggestions are pending and nothing is stored; the job queued for after
    the commit stores the Mullae makers, best first, and marks them ready."""
    req = create_request(db_session, startup.user, **request_fields(nda_required=False))
    assert req.suggestions_status == "pending" and suggestions_state(req) == "pending"
    assert db_session.exec(select(PrototypeSuggestion)).all() == []
    db_session.commit()
    db_session.refresh(req)
    assert req.suggestions_status == "ready" and req.suggestions_at is not None
    rows = list(db_session.exec(select(PrototypeSuggestion).where(PrototypeSuggestion.request_id == req.id)
                                .order_by(PrototypeSuggestion.position)))
    assert {r.maker_org_id for r in rows} >= {maker.org.id, other_maker.org.id}
    assert [r.position for r in rows] == list(range(1, len(rows) + 1)) and all(r.reasons for r in rows)


def test_a_refused_post_queues_nothing(db_session, startup):
    """A request that is rolled back leaves no search behind."""
    create_request(db_session, startup.user, **request_fields())
    db_session.rollback()
    assert db_session.exec(select(PrototypeRequest)).all() == []


def test_the_page_shows_progress_then_the_makers(db_session, startup, maker, posted):
    """While pending, the block says "Finding makers…" and asks to be refreshed from its own address; once the
    job has run, the block (page and fragment) lists the stored makers."""
    db_session.get(PrototypeRequest, posted.id).suggestions_status = "pending"
    db_session.get(PrototypeRequest, posted.id).suggestions_at = utcnow()
    db_session.commit()
    url = f"/en/prototypes/{posted.id}"
    page = startup.client.get(url).get_data(as_text=True)
    assert "Finding makers…" in page and 'data-state="pending"' in page
    assert f'data-refresh="{url}/suggestions"' in page and "js/refresh.js" in page
    fragment = startup.client.get(f"{url}/suggestions")
    assert fragment.status_code == 200 and fragment.get_data(as_text=True).lstrip().startswith("<section")
    assert 'data-state="pending"' in fragment.get_data(as_text=True)
    assert find_suggestions_job(posted.id) == "ready"
    done = startup.client.get(f"{url}/suggestions").get_data(as_text=True)
    assert 'data-state="ready"' in done and "data-refresh" not in done and "Mullae Precision" in done
    assert maker.client.get(f"{url}/suggestions").status_code == 404  # the startup's block only


def test_a_lost_search_can_be_started_again(db_session, startup, posted):
    """A search pending for longer than five minutes is shown as not done with a button that queues it again."""
    req = db_session.get(PrototypeRequest, posted.id)
    req.suggestions_status, req.suggestions_at = "pending", utcnow() - dt.timedelta(minutes=6)
    db_session.commit()
    url = f"/en/prototypes/{posted.id}"
    page = startup.client.get(url).get_data(as_text=True)
    assert 'data-state="stale"' in page and 'id="find-makers-form"' in page
    again = startup.client.post(f"{url}/suggestions", data={"csrf_token": csrf_token(startup.client, url)})
    assert again.status_code == 302
    db_session.refresh(req)
    assert req.suggestions_status == "ready"
