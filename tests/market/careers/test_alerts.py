"""Guests' job alerts: a new post is mailed to the matching alerts in their language; the signed link stops them,
an altered one does nothing."""

from __future__ import annotations

import logging

import pytest

from market.careers.services import alerts
from market.careers.services.common import CareersError
from tests.factories.people import make_post


def test_a_new_post_is_mailed_to_matching_alerts_with_a_working_unsubscribe_link(app, db_session, client,
                                                                                 make_user, make_org, caplog):
    """A guest subscribed for shoes gets the new shoe job in Japanese with an unsubscribe link; a printing alert
    gets nothing; the link's page stops the alert; a tampered token is refused."""
    shoes = alerts.subscribe(db_session, "guest@example.com", "ja", trade="shoes")
    alerts.subscribe(db_session, "printer@example.com", "en", trade="printing")
    db_session.commit()
    owner = make_user()
    org = make_org(owner, cluster_code="seongsu")
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        post = make_post(db_session, owner, org)
    mailed = [r.getMessage() for r in caplog.records if "to=guest@example.com" in r.getMessage()]
    assert mailed and f"/ja/jobs/{post.id}" in mailed[-1]
    assert not any("to=printer@example.com" in r.getMessage() and f"/jobs/{post.id}" in r.getMessage()
                   for r in caplog.records)
    token = alerts.unsubscribe_token(shoes)
    assert f"/ja/jobs/alerts/unsubscribe/{token}" in mailed[-1]
    page = client.get(f"/ja/jobs/alerts/unsubscribe/{token}")
    assert page.status_code == 200
    from tests.helpers import csrf_token

    csrf = csrf_token(client, f"/ja/jobs/alerts/unsubscribe/{token}")
    assert client.post(f"/ja/jobs/alerts/unsubscribe/{token}x", data={"csrf_token": csrf}).status_code == 400
    assert shoes.unsubscribed_at is None
    assert client.post(f"/ja/jobs/alerts/unsubscribe/{token}", data={"csrf_token": csrf}).status_code == 200
    db_session.refresh(shoes)
    assert shoes.unsubscribed_at is not None
    assert alerts.matching_alerts(db_session, post) == []


def test_a_bad_address_is_refused(app, db_session):
    """An address without "@" is refused on its field."""
    with pytest.raises(CareersError) as refused:
        alerts.subscribe(db_session, "not-an-address", "en")
    assert "email" in refused.value.fields
