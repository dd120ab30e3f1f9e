"""Mail attachments, added once to the mail mechanism: a mail with a calendar file reaches a real SMTP server as
multipart/mixed with a text/calendar part that ``icalendar`` reads; without MAIL_SERVER the log names the
attachment; a mail without attachments stays plain text; bad attachments are refused before anything is queued;
attachments travel to a job as JSON."""

from __future__ import annotations

import json
import logging

import icalendar
import pytest

from market.app import create_app
from market.mail import Attachment, build_message, deliver_mail

ICS = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tests//EN\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\n"
       b"UID:t-1@madeinseoul\r\nDTSTAMP:20261207T000000Z\r\nDTSTART:20261214T000000Z\r\nDTEND:20261214T080000Z\r\n"
       b"SUMMARY:Overlock basics\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def test_a_calendar_attachment_reaches_smtp_as_a_text_calendar_part(tmp_path, smtp_inbox):
    """The delivered message is multipart/mixed: the text, then a text/calendar part icalendar parses."""
    inbox, port = smtp_inbox
    app = create_app({"TESTING": True, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port,
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}"})
    with app.app_context():
        sent = deliver_mail("trainee@example.com", "You are enrolled", "See you there.",
                            [Attachment("training-1.ics", "text/calendar", ICS).to_job()])
    assert sent == "smtp"
    (message,) = inbox.messages
    assert message.get_content_type() == "multipart/mixed"
    parts = [p for p in message.walk() if not p.is_multipart()]
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/calendar"]
    assert "See you there." in parts[0].get_payload(decode=True).decode()
    calendar_part = parts[1]
    assert calendar_part.get_filename() == "training-1.ics"
    assert calendar_part.get_param("method") == "PUBLISH"
    event = next(iter(icalendar.Calendar.from_ical(calendar_part.get_payload(decode=True)).walk("VEVENT")))
    assert str(event["summary"]) == "Overlock basics"


def test_without_a_mail_server_the_log_names_the_attachment(tmp_path, caplog):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}"})
    with app.app_context(), caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        assert deliver_mail("a@example.com", "Hi", "Body", [Attachment("x.ics", "text/calendar", ICS).to_job()]) \
            == "log"
    assert f"[attachment x.ics text/calendar {len(ICS)} bytes]" in caplog.text


def test_attachments_travel_to_the_job_as_json_and_unsafe_names_are_cleaned():
    job = Attachment("../../etc/passwd.ics", "text/calendar", ICS).to_job()
    back = Attachment.from_job(json.loads(json.dumps(job)))
    assert back.data == ICS and back.content_type == "text/calendar"
    message = build_message("from@example.com", "to@example.com", "S", "B",
                            [Attachment("ok.pdf", "application/pdf", b"%PDF-1.4")])
    assert [p.get_content_type() for p in message.iter_attachments()] == ["application/pdf"]


@pytest.mark.parametrize("attachment", [Attachment("x.ics", "calendar", ICS), Attachment("x.ics", "text/calendar", b""),
                                        Attachment("big.bin", "application/octet-stream", b"x" * (10 * 1024 * 1024 + 1))])
def test_bad_attachments_are_refused_before_anything_is_queued(app, db_session, attachment):
    """A malformed type, empty data or over 10 MB is a programming error: ValueError, nothing queued."""
    from market.mail import send_mail

    with pytest.raises(ValueError):
        send_mail(db_session, "a@example.com", "S", "B", [attachment])
    assert not db_session.info.get("seoulmade.jobs.after_commit")
