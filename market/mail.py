"""Outgoing mail: SMTP when ``MAIL_SERVER`` is set, otherwise written to the log; sent as a background job.

A mail is plain text with optional attachments (:class:`Attachment`: a calendar file, a PDF). Attachments travel
to the job as JSON-able dicts (the data base64-encoded), so an RQ worker receives them as any other argument.
"""

from __future__ import annotations

import base64
import dataclasses
import logging
import re
import smtplib
from collections.abc import Iterable
from email.message import EmailMessage

from flask import Flask, current_app
from sqlmodel import Session

from market import jobs

log = logging.getLogger("seoulmade.mail")

MAX_ATTACHMENTS_BYTES = 10 * 1024 * 1024  # far under what mail servers accept (often 25 MB after base64)
_CONTENT_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")


@dataclasses.dataclass(frozen=True)
class Attachment:
    """A file sent with a mail: its name as the reader sees it, its content type (``text/calendar``) and bytes."""

    filename: str
    content_type: str
    data: bytes

    def to_job(self) -> dict:
        """The attachment as JSON-able job arguments."""
        return {"filename": self.filename, "content_type": self.content_type,
                "data": base64.b64encode(self.data).decode("ascii")}

    @classmethod
    def from_job(cls, value: dict) -> Attachment:
        """The attachment back from :meth:`to_job`."""
        return cls(value["filename"], value["content_type"], base64.b64decode(value["data"]))


def _checked(attachments: Iterable[Attachment]) -> list[Attachment]:
    """The attachments with safe names; refuses (ValueError: a programming error, not user input) a malformed
    content type, empty data and more than :data:`MAX_ATTACHMENTS_BYTES` in all."""
    checked = []
    for item in attachments:
        if not isinstance(item, Attachment) or not _CONTENT_TYPE.fullmatch(item.content_type or ""):
            raise ValueError("an attachment needs a content type such as text/calendar")
        if not isinstance(item.data, bytes) or not item.data:
            raise ValueError("an attachment needs data (bytes)")
        name = _UNSAFE_NAME.sub("_", item.filename or "").strip(" .")[:100] or "attachment"
        checked.append(Attachment(name, item.content_type, item.data))
    if sum(len(a.data) for a in checked) > MAX_ATTACHMENTS_BYTES:
        raise ValueError("attachments over the mail size limit")
    return checked


def init_app(app: Flask) -> None:
    """Nothing to open at start: SMTP connections are made per message."""
    app.extensions["seoulmade.mail"] = "smtp" if app.config.get("MAIL_SERVER") else "log"


def send_mail(session: Session, to: str, subject: str, body: str, attachments: Iterable[Attachment] = ()) -> None:
    """Send a plain-text mail (with ``attachments``, if any) to ``to`` once ``session`` commits (a rolled-back
    transaction sends nothing)."""
    files = [a.to_job() for a in _checked(attachments)]
    if files:
        jobs.after_commit(session, "market.mail.deliver_mail", to, subject, body, files)
    else:
        jobs.after_commit(session, "market.mail.deliver_mail", to, subject, body)


def build_message(sender: str, to: str, subject: str, body: str, attachments: Iterable[Attachment] = ()
                  ) -> EmailMessage:
    """The MIME message: the text, then each attachment as its own part (multipart/mixed when there are any)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    for item in attachments:
        maintype, subtype = item.content_type.split("/", 1)
        params = {"method": "PUBLISH"} if item.content_type == "text/calendar" else {}
        message.add_attachment(item.data, maintype=maintype, subtype=subtype, filename=item.filename,
                               params=params)
    return message


def deliver_mail(to: str, subject: str, body: str, attachments: list[dict] | None = None) -> str:
    """Deliver one mail now (the job behind :func:`send_mail`); ``attachments`` as :meth:`Attachment.to_job`
    gives them. Returns how it went out."""
    config = current_app.config
    files = _checked(Attachment.from_job(a) for a in attachments or ())
    if not config.get("MAIL_SERVER"):
        listed = "".join(f"\n[attachment {a.filename} {a.content_type} {len(a.data)} bytes]" for a in files)
        log.info("mail (no MAIL_SERVER set, printed instead) to=%s subject=%s\n%s%s", to, subject, body, listed)
        return "log"
    message = build_message(config["MAIL_SENDER"], to, subject, body, files)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)
    return "smtp"
