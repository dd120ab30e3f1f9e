"""Training fees through payments (kind ``"training_enrolment"``): :data:`ADAPTER`, which the app factory
registers with :mod:`market.payments` (nothing registers when this module is imported).

An enrolment in a session with a fee holds its seat as ``awaiting_payment`` at the fee frozen on the enrolment;
the trainee pays through the payments checkout (an invoice with the bank details, or a card through Stripe), and
payments calls :meth:`EnrolmentPayable.on_paid` once, in the transaction that records the money, which confirms
the seat (one conditional UPDATE) and mails the confirmation with the session's calendar file. The platform
collects the fees for the city's training operator (``payee_ref`` ``trainings:seoul``, no commission).

When a place ends before the session starts (the trainee cancels, or staff cancel the session),
:func:`release_fee` cancels an unpaid fee's payment or refunds a paid one in full through payments' own
cancellation refund (:func:`market.payments.services.refund_payable`). The adapter never moves money.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from sqlmodel import Session

from i18n.locales import current_locale
from i18n.times import utcnow
from market.accounts.models import User
from market.payments.payables import PayableInfo, PayableLine
from market.refusals import not_found
from market.trainings.models import Course, Enrolment, EnrolmentStatus, TrainingSession
from market.trainings.notices import PAYABLE_KIND, tell_enrolment
from market.trainings.texts import course_texts

KIND = PAYABLE_KIND
SEOUL = ZoneInfo("Asia/Seoul")
CURRENCY = "KRW"
PAYEE_REF = "trainings:seoul"


def _why_not_payable(enrolment: Enrolment, training_session: TrainingSession) -> str | None:
    if training_session.cancelled_at is not None:
        return _("This session was cancelled: there is nothing to pay.")
    if enrolment.status == EnrolmentStatus.waitlisted:
        return _("You are on the waitlist: the fee is due once a seat opens for you.")
    if enrolment.status != EnrolmentStatus.awaiting_payment:
        return _("Nothing is due for this enrolment.")
    if training_session.starts_at <= utcnow():
        return _("This session has already started.")
    if enrolment.fee_krw <= 0:
        return _("Nothing is due for this enrolment.")
    return None


class EnrolmentPayable:
    """What payments needs to know about an enrolment's fee, and what happens when it is paid or refunded."""

    kind = KIND

    def describe(self, session: Session, payable_id: int) -> PayableInfo:
        """What the trainee owes for the seat (the fee frozen on the enrolment); payable only while the seat is
        held awaiting payment in a session that is neither cancelled nor started."""
        enrolment = session.get(Enrolment, payable_id)
        if enrolment is None:
            raise not_found(_("There is no such enrolment."))
        training_session = session.get(TrainingSession, enrolment.session_id)
        course = session.get(Course, training_session.course_id)
        from market.programmes.labels import text

        title = text(course_texts(session, course).title)
        when = training_session.starts_at.astimezone(SEOUL).strftime("%Y-%m-%d")
        description = _("Training fee: %(course)s, session of %(when)s (enrolment #%(id)d)", course=title,
                        when=when, id=enrolment.id)
        reason = _why_not_payable(enrolment, training_session)
        fee = max(int(enrolment.fee_krw), 0)
        return PayableInfo(
            kind=KIND, id=enrolment.id, currency=CURRENCY, amount_minor=fee, amount_krw=fee,
            description=description, payer_user_id=enrolment.user_id, payer_org_id=None, payee_org_id=None,
            payable=reason is None, reason=reason, lines=(PayableLine(description, 1, fee, fee),),
            payee_ref=PAYEE_REF, payee_name=_("Seoul manufacturing trainings (collected by Made in Seoul)"),
            commission_bps=0)

    def on_paid(self, session: Session, payable_id: int, payment_id: int) -> None:
        """The fee is paid: a held seat becomes a seat (once, by a conditional UPDATE) and the trainee is sent
        the confirmation with the calendar file. Money that arrives for a place no longer held (cancelled
        meanwhile) is recorded on the enrolment and left for staff to refund from the payment's page."""
        now = utcnow()
        confirmed = session.exec(sa.update(Enrolment).where(
            Enrolment.id == payable_id, Enrolment.status == EnrolmentStatus.awaiting_payment)
            .values(status=EnrolmentStatus.enrolled, paid_at=now).execution_options(synchronize_session=False))
        enrolment = session.get(Enrolment, payable_id)
        if enrolment is None:
            return
        session.refresh(enrolment)
        if confirmed.rowcount != 1:
            if enrolment.paid_at is None:
                enrolment.paid_at = now
                session.add(enrolment)
                session.flush()
            return
        training_session = session.get(TrainingSession, enrolment.session_id)
        tell_enrolment(session, session.get(User, enrolment.user_id), training_session, enrolment)

    def on_refunded(self, session: Session, payable_id: int, payment_id: int, amount_minor: int,
                    fully_refunded: bool) -> None:
        """Refunded in full, the enrolment is no longer paid (its place was ended by whoever refunded it)."""
        enrolment = session.get(Enrolment, payable_id)
        if fully_refunded and enrolment is not None and enrolment.paid_at is not None:
            enrolment.paid_at = None
            session.add(enrolment)
            session.flush()

    def return_url(self, payable_id: int) -> str:
        """The trainee's trainings page."""
        return url_for("market_trainings.mine", lang=current_locale())


ADAPTER = EnrolmentPayable()


def checkout_url(enrolment: Enrolment, locale: str | None = None) -> str:
    """Where the trainee pays an enrolment's fee: the payments checkout."""
    return url_for("payments.checkout", lang=locale or current_locale(), kind=KIND, payable_id=enrolment.id)


def release_fee(session: Session, actor, enrolment: Enrolment, reason: str) -> str:
    """End the money side of a place that ends before its session: cancel an open payment, or refund a paid
    one in full (payments' cancellation refund). Returns ``released``, ``refunded`` or ``none``. A card
    payment that succeeded at the very moment of the cancellation is applied by payments, then refunded."""
    from market.payments.models import PAID_STATUSES
    from market.payments.services import PaymentError, cancel_payment_for, payment_for, refund_payable

    payment = payment_for(session, KIND, enrolment.id)
    if payment is None:
        return "none"
    if payment.status not in PAID_STATUSES:
        try:
            cancel_payment_for(session, KIND, enrolment.id)
            return "released"
        except PaymentError as exc:
            if exc.code != "already_paid":
                raise
    return "refunded" if refund_payable(session, actor, KIND, enrolment.id, reason) is not None else "none"


def release_expired_holds(session: Session, now=None) -> int:
    """Release the seats whose fee was not paid by the end of their hold (a timed step): the open payment is
    cancelled, the trainee told, and the first on the waitlist takes the seat. A card payment that succeeded at
    that very moment is applied by payments instead, and the seat kept. Each release is one conditional UPDATE
    under the session's row lock, so overlapping runs release a seat once. Returns how many were released."""
    from sqlmodel import select

    from market.payments.services import PaymentError, cancel_payment_for
    from market.trainings.notices import tell_released
    from market.trainings.seats import promote_waitlist

    now = now or utcnow()
    due = list(session.exec(select(Enrolment.id).where(
        Enrolment.status == EnrolmentStatus.awaiting_payment, Enrolment.hold_until.is_not(None),
        Enrolment.hold_until <= now).order_by(Enrolment.hold_until, Enrolment.id)))
    released = 0
    for enrolment_id in due:
        enrolment = session.get(Enrolment, enrolment_id)
        training_session = session.exec(select(TrainingSession).where(TrainingSession.id == enrolment.session_id)
                                        .with_for_update()).first()
        session.refresh(enrolment)
        if enrolment.status != EnrolmentStatus.awaiting_payment:
            continue
        try:
            cancel_payment_for(session, KIND, enrolment.id)
        except PaymentError as exc:
            if exc.code == "already_paid":
                continue  # paid at the last moment: payments applied it and the seat is confirmed
            raise
        claimed = session.exec(sa.update(Enrolment).where(
            Enrolment.id == enrolment.id, Enrolment.status == EnrolmentStatus.awaiting_payment)
            .values(status=EnrolmentStatus.cancelled, hold_until=None).execution_options(synchronize_session=False))
        if claimed.rowcount != 1:
            continue
        session.refresh(enrolment)
        released += 1
        tell_released(session, session.get(User, enrolment.user_id), training_session)
        if training_session.cancelled_at is None and training_session.starts_at > now:
            promote_waitlist(session, training_session, now)
    session.flush()
    return released
