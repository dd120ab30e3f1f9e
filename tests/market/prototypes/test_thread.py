"""A commission's thread: the startup and the maker write to each other after the award, with attachments checked
before they are stored; the other side is told in the app and by mail with a link; attachments go only to the
two sides and staff."""

import io
import logging
import re

import pytest
from sqlmodel import select

from market.notifications.models import Notification
from market.prototypes.models import CommissionMessage, CommissionMessageFile
from market.prototypes.services.thread import get_message_file, post_commission_message
from market.refusals import Refusal
from market.storage import get_storage
from market.uploads.files import Upload
from tests.factories.clients import isolated_client
from tests.factories.db import count
from tests.factories.files import pdf_bytes
from tests.helpers import csrf_token


def test_each_side_writes_and_the_other_is_told(db_session, startup, maker, commission, caplog):
    """The maker writes with a drawing; the startup's members get a notice and a mail linking to the thread."""
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        message = post_commission_message(db_session, maker.user, commission.id, "Revised drawing attached.",
                                          [Upload("rev-b.pdf", pdf_bytes("Rev B"))])
        db_session.commit()
    assert message.side == "maker"
    stored = db_session.exec(select(CommissionMessageFile)).one()
    assert get_storage().read(stored.storage_key) == pdf_bytes("Rev B")
    note = db_session.exec(select(Notification).where(Notification.user_id == startup.user.id,
                                                      Notification.kind == "prototype_commission_message")).one()
    assert "Mullae Precision" in note.message and note.url.endswith(f"/prototypes/commissions/{commission.id}#thread")
    mails = [r.getMessage() for r in caplog.records if r.name == "seoulmade.mail"]
    assert any(f"to={startup.user.email}" in m and f"/prototypes/commissions/{commission.id}#thread" in m
               for m in mails)
    assert not any(f"to={maker.user.email}" in m for m in mails)  # the writer is not told of its own message


def test_bad_attachments_and_empty_messages_are_refused(db_session, startup, commission):
    """A file that is not what it claims is refused on ``files`` and nothing is stored; an empty message is
    refused on ``body``."""
    with pytest.raises(Refusal) as bad:
        post_commission_message(db_session, startup.user, commission.id, "See file.",
                                [Upload("drawing.pdf", b"MZ\x90\x00 not a pdf")])
    assert "files" in bad.value.fields
    with pytest.raises(Refusal) as empty:
        post_commission_message(db_session, startup.user, commission.id, "   ")
    assert "body" in empty.value.fields
    db_session.rollback()
    assert count(db_session, CommissionMessage) == 0 and count(db_session, CommissionMessageFile) == 0


def test_attachments_go_only_to_the_two_sides_and_staff(db_session, app, startup, maker, other_maker, buyer,
                                                        commission, make_user):
    """Both sides and staff download an attachment; outsiders get 404, as does a file of another commission."""
    post_commission_message(db_session, startup.user, commission.id, "Spec.", [Upload("spec.pdf", pdf_bytes())])
    db_session.commit()
    item = db_session.exec(select(CommissionMessageFile)).one()
    url = f"/en/prototypes/commissions/{commission.id}/messages/files/{item.id}"
    for party in (startup, maker):
        answer = party.client.get(url)
        assert answer.status_code == 200 and answer.data == pdf_bytes()
    staff = make_user(role="admin", name="Staff")
    assert isolated_client(app, staff).get(url).status_code == 200
    for outsider in (other_maker, buyer):
        assert outsider.client.get(url).status_code == 404
    with pytest.raises(Refusal):
        get_message_file(db_session, other_maker.user, commission.id, item.id)
    assert startup.client.get(f"/en/prototypes/commissions/{commission.id + 1}/messages/files/{item.id}"
                              ).status_code == 404


def test_the_thread_on_the_page(db_session, startup, maker, commission):
    """The maker posts from the page with an attachment; the startup sees it under the maker's name; an empty
    post is refused with the body marked."""
    url = f"/en/prototypes/commissions/{commission.id}"
    sent = maker.client.post(f"{url}/messages", data={"csrf_token": csrf_token(maker.client, url),
                                                      "body": "Which anodising colour?",
                                                      "files": [(io.BytesIO(pdf_bytes()), "colours.pdf")]},
                             content_type="multipart/form-data")
    assert sent.status_code == 302 and sent.headers["Location"].endswith("#thread")
    page = startup.client.get(url).get_data(as_text=True)
    thread = page[page.index('id="thread"'):page.index('id="ratings"')]
    assert "Which anodising colour?" in thread and "colours.pdf" in thread and "Mullae Precision" in thread
    assert "Send to Mullae Precision" in thread
    empty = startup.client.post(f"{url}/messages", data={"csrf_token": csrf_token(startup.client, url), "body": ""},
                                content_type="multipart/form-data")
    html = empty.get_data(as_text=True)
    assert empty.status_code == 422 and 'href="#body"' in html
    assert re.search(r'<textarea aria-describedby="body-error" aria-invalid="true" id="body"', html)
