"""Outgoing mail: SMTP when ``MAIL_SERVER`` is set, otherwise written to the log; sent as a background job."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import Flask, current_app
from sqlmodel import Session

from market import jobs

log = logging.getLogger("seoulmade.mail")


def init_app(app: Flask) -> None:
    """Nothing to open at start: SMTP connections are made per message."""
    app.extensions["seoulmade.mail"] = "smtp" if app.config.get("MAIL_SERVER") else "log"


def send_mail(session: Session, to: str, subject: str, body: str) -> None:
    """Send a plain-text mail to ``to`` once ``session`` commits (a rolled-back transaction sends nothing)."""
    jobs.after_commit(session, "market.mail.deliver_mail", to, subject, body)


def deliver_mail(to: str, subject: str, body: str) -> str:
    """Deliver one mail now (the job behind :func:`send_mail`); returns how it went out."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        log.info("mail (no MAIL_SERVER set, printed instead) to=%s subject=%s\n%s", to, subject, body)
        return "log"
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)
    return "smtp"
