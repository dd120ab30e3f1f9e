"""Notifications: stored for each user and mailed, counted unread in the header, listed, opened and marked
read by their owner only."""

import logging

import pytest
from sqlmodel import select

from market.notifications import services
from market.notifications.models import Notification
from tests.factories.clients import isolated_client
from tests.helpers import csrf_token


@pytest.fixture
def people(app, make_user):
    """Two users, each with a signed-in client."""
    alice, bob = make_user(name="Alice"), make_user(name="Bob")
    return (alice, isolated_client(app, alice)), (bob, isolated_client(app, bob))


def test_notify_stores_and_mails_each_user_once(app, db_session, people, make_user, caplog):
    """Each listed user gets one notification and one mail with an absolute link; inactive users get none."""
    (alice, _c), (bob, _d) = people
    gone = make_user(name="Gone")
    gone.is_active = False
    db_session.add(gone)
    db_session.commit()
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        notes = services.notify(db_session, [alice.id, bob.id, alice.id, gone.id], "test.kind",
                                "Your sample is ready.", "/en/rfqs/1")
        assert [r for r in caplog.records if r.name == "seoulmade.mail"] == []  # nothing before the commit
        db_session.commit()
    assert sorted(n.user_id for n in notes) == sorted([alice.id, bob.id])
    mails = [r.getMessage() for r in caplog.records if r.name == "seoulmade.mail"]
    assert len(mails) == 2
    assert all("subject=Your sample is ready." in m and "http://localhost/en/rfqs/1" in m for m in mails)
    assert {alice.email, bob.email} == {m.split("to=")[1].split()[0] for m in mails}


def test_a_rolled_back_transaction_sends_no_mail(app, db_session, people, caplog):
    """When the work that notified is rolled back, neither the notice nor its mail goes out."""
    (alice, _c), _other = people
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        services.notify(db_session, [alice.id], "test.kind", "This never happened.", "/en/rfqs/1")
        db_session.rollback()
        db_session.commit()
    assert [r for r in caplog.records if r.name == "seoulmade.mail"] == []
    assert db_session.exec(select(Notification).where(Notification.message == "This never happened.")).all() == []


def test_notify_members_writes_to_each_member_in_their_language(app, db_session, make_user, make_org, caplog):
    """An organisation's members are told in their own language with a link in it; the one who acted is not."""
    owner = make_user(name="Owner")
    org = make_org(owner, kind="maker")
    japanese, korean = make_user(name="Hanako"), make_user(name="Minji")
    japanese.locale, korean.locale = "ja", "ko"
    from market.accounts.models import Membership, MembershipRole

    for user in (japanese, korean):
        db_session.add(user)
        db_session.add(Membership(user_id=user.id, organization_id=org.id, role=MembershipRole.member))
    db_session.commit()
    from flask_babel import gettext as _

    with app.test_request_context(), caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        notes = services.notify_members(db_session, org.id, "test.kind", lambda: _("Nothing was found at this address."),
                                        "market_notifications.index", exclude_user_id=owner.id)
        db_session.commit()
    by_user = {n.user_id: n for n in notes}
    assert set(by_user) == {japanese.id, korean.id}
    assert by_user[japanese.id].url == "/ja/notifications/" and by_user[korean.id].url == "/ko/notifications/"
    assert by_user[japanese.id].message != by_user[korean.id].message  # each in its own language
    assert len([r for r in caplog.records if r.name == "seoulmade.mail"]) == 2


def test_notify_refuses_external_links(db_session, people):
    """A notification only points inside the site."""
    (alice, _c), _other = people
    for url in ("https://evil.example/", "//evil.example/x", ""):
        with pytest.raises(ValueError):
            services.notify(db_session, [alice.id], "k", "m", url)


def test_header_count_page_and_marking_read(db_session, people):
    """The header counts unread notifications; opening one marks it read and follows its link."""
    (alice, client), _other = people
    for text in ("First news", "Second news"):
        services.notify(db_session, [alice.id], "test", text, "/en/notifications/")
    db_session.commit()
    page = client.get("/en/notifications/").get_data(as_text=True)
    assert "2 unread" in page and "First news" in page and "Second news" in page
    note = db_session.exec(select(Notification).where(Notification.message == "First news")).one()
    opened = client.post(f"/en/notifications/{note.id}/open",
                         data={"csrf_token": csrf_token(client, "/en/notifications/")})
    assert opened.status_code == 302 and opened.headers["Location"] == "/en/notifications/"
    assert "1 unread" in client.get("/en/account/").get_data(as_text=True)
    marked = client.post("/en/notifications/read", data={"csrf_token": csrf_token(client, "/en/notifications/")})
    assert marked.status_code == 302
    assert services.unread_count(db_session, alice.id) == 0
    assert "unread" not in client.get("/en/account/").get_data(as_text=True)


def test_others_cannot_open_my_notifications(db_session, people):
    """Another user's notification answers 404 and stays unread."""
    (alice, _client), (_bob, bob_client) = people
    note = services.notify(db_session, [alice.id], "test", "Private", "/en/")[0]
    db_session.commit()
    response = bob_client.post(f"/en/notifications/{note.id}/open",
                               data={"csrf_token": csrf_token(bob_client, "/en/notifications/")})
    assert response.status_code == 404
    db_session.refresh(note)
    assert note.read_at is None
    assert "Private" not in bob_client.get("/en/notifications/").get_data(as_text=True)


def test_marking_needs_csrf(db_session, people):
    """Marking read without the form's token is refused."""
    (alice, client), _other = people
    services.notify(db_session, [alice.id], "test", "News", "/en/")
    db_session.commit()
    assert client.post("/en/notifications/read").status_code == 400
    assert services.unread_count(db_session, alice.id) == 1


def test_visitors_see_no_count(app):
    """Signed-out visitors have no notifications link."""
    page = isolated_client(app).get("/en/").get_data(as_text=True)
    assert "/en/notifications/" not in page
