"""Job alerts for guests: an e-mail address subscribes (optionally for one trade and cluster) without an
account; each new post is mailed to the matching alerts in the subscriber's language, with a signed link that
unsubscribes in one click."""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlmodel import Session, or_, select

from i18n.content import localize
from i18n.locales import LOCALES
from market import jobs
from market.careers.models import ENTITY, JobAlert, JobPost
from market.careers.services.common import CareersError
from market.db import session_scope, utcnow
from market.mail import send_mail
from market.people.trades import TRADES, trade_label

SALT = "seoulmade.job-alerts.unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def unsubscribe_token(alert: JobAlert) -> str:
    """The signed token of one alert's unsubscribe link (it never expires, and names only that alert)."""
    return _serializer().dumps({"id": alert.id, "email": alert.email})


def unsubscribe_url(alert: JobAlert, locale: str) -> str:
    """The absolute unsubscribe link of an alert."""
    return url_for("market_careers.unsubscribe", lang=locale, token=unsubscribe_token(alert), _external=True)


def subscribe(session: Session, email: str, locale: str, trade: str = "", cluster_code: str = "") -> JobAlert:
    """Subscribe ``email`` to new posts (of ``trade`` and ``cluster_code`` when given); subscribing again
    revives the alert. Mails a confirmation with the unsubscribe link. Refuses an address without "@", an
    unknown trade or language."""
    email = (email or "").strip().lower()
    if "@" not in email or len(email) > 254 or " " in email:
        raise CareersError(_("Give a valid e-mail address."), "email")
    if trade and trade not in TRADES:
        raise CareersError(_("Choose one of the trades."), "trade")
    if locale not in LOCALES:
        raise CareersError(_("Unknown language."), "locale")
    alert = session.exec(select(JobAlert).where(JobAlert.email == email, JobAlert.trade == (trade or ""),
                                                JobAlert.cluster_code == (cluster_code or ""))).first()
    if alert is None:
        alert = JobAlert(email=email, trade=trade or "", cluster_code=cluster_code or "", locale=locale)
    alert.unsubscribed_at, alert.locale = None, locale
    session.add(alert)
    session.flush()
    with force_locale(locale):
        body = _("You will receive new skilled jobs in Seoul's workshops by mail.\n\nTo stop, open:\n%(link)s\n",
                 link=unsubscribe_url(alert, locale))
        send_mail(session, email, _("Job alerts from Made in Seoul"), body)
    return alert


def unsubscribe(session: Session, token: str) -> JobAlert:
    """Stop the alert the signed token names; refuses a token that was altered or made elsewhere."""
    try:
        data = _serializer().loads(token or "")
    except BadSignature as exc:
        raise CareersError(_("This unsubscribe link is not valid."), "token", status=400) from exc
    alert = session.get(JobAlert, int(data.get("id", 0)))
    if alert is None or alert.email != data.get("email"):
        raise CareersError(_("This unsubscribe link is not valid."), "token", status=400)
    if alert.unsubscribed_at is None:
        alert.unsubscribed_at = utcnow()
        session.add(alert)
        session.flush()
    return alert


def matching_alerts(session: Session, post: JobPost) -> list[JobAlert]:
    """The active alerts a post matches: its trade (or any) and its cluster (or any)."""
    return list(session.exec(select(JobAlert).where(
        JobAlert.unsubscribed_at.is_(None), or_(JobAlert.trade == "", JobAlert.trade == post.trade),
        or_(JobAlert.cluster_code == "", JobAlert.cluster_code == (post.cluster_code or ""))).order_by(JobAlert.id)))


def mail_alerts_for_post(session: Session, post: JobPost) -> int:
    """Mail a new post to every matching alert, each in its language; returns how many mails were queued."""
    sent = 0
    for alert in matching_alerts(session, post):
        with force_locale(alert.locale):
            texts = localize(session, ENTITY, post.id, ("title",), alert.locale)
            title = str(texts["title"]) if texts["title"] else ""
            link = url_for("market_careers.detail", lang=alert.locale, post_id=post.id, _external=True)
            body = _("A new job in %(trade)s: %(title)s\n\n%(link)s\n\nTo stop these mails, open:\n%(unsubscribe)s\n",
                     trade=trade_label(post.trade), title=title, link=link,
                     unsubscribe=unsubscribe_url(alert, alert.locale))
            # This runs in the job after the post was committed: the mail goes out now, not after another commit.
            jobs.enqueue("market.mail.deliver_mail", alert.email, _("New job: %(title)s", title=title), body)
        sent += 1
    return sent


def send_job_alerts(post_id: int) -> int:
    """The job after a post is committed: mail it to the matching alerts."""
    with session_scope() as session:
        post = session.get(JobPost, post_id)
        if post is None:
            return 0
        return mail_alerts_for_post(session, post)
