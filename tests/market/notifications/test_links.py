"""Every notice is a link to its object: the list and the workspaces link each one, and opening it marks it
read and goes to the object."""

from __future__ import annotations

from market.notifications import services
from market.notifications.models import Notification
from tests.factories.clients import isolated_client


def test_list_links_each_notice_and_opening_marks_it_read(app, db_session, make_user):
    """A notice in the list is a plain link; following it goes to the notice's page and marks it read."""
    alice, bob = make_user(name="Alice"), make_user(name="Bob")
    (note,) = services.notify(db_session, [alice.id], "rfq.new", "New request for quote #7.", "/en/rfqs/7",
                              mail=False)
    db_session.commit()
    client = isolated_client(app, alice)
    html = client.get("/en/notifications/").get_data(as_text=True)
    link = f'<a href="/en/notifications/{note.id}/open" class="notification-link">New request for quote #7.</a>'
    assert link in html

    # Someone else's notice is not found and stays unread.
    assert isolated_client(app, bob).get(f"/en/notifications/{note.id}/open").status_code == 404
    db_session.refresh(note)
    assert note.read_at is None

    opened = client.get(f"/en/notifications/{note.id}/open")
    assert opened.status_code == 302 and opened.headers["Location"] == "/en/rfqs/7"
    assert db_session.get(Notification, note.id).read_at is not None
    assert services.unread_count(db_session, alice.id) == 0


def test_workspace_links_the_newest_unread(app, db_session, make_user):
    """The buying workspace shows the newest unread notices as links, and no longer once they are read."""
    alice = make_user(name="Alice")
    for n in range(7):
        services.notify(db_session, [alice.id], "order.placed", f"Order #{n} was placed.", f"/en/orders/{n}",
                        mail=False)
    db_session.commit()
    client = isolated_client(app, alice)
    html = client.get("/en/workspace/buying").get_data(as_text=True)
    assert html.count('class="notification-link"') == 5
    assert "Order #6 was placed." in html and "Order #1 was placed." not in html
    services.mark_all_read(db_session, alice.id)
    db_session.commit()
    assert 'class="notification-link"' not in client.get("/en/workspace/buying").get_data(as_text=True)
