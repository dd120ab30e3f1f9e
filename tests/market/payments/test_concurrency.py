"""Races, for real: threads with sessions of their own on a database of their own (a fresh SQLite file, or a
fresh PostgreSQL schema), committing as production does. Two deliveries of one webhook, two events about one
payment, and two refunds at once each leave exactly one payment applied and never more refunded than paid."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlmodel import Session, func, select

from market.payments import services
from market.payments.models import LedgerTransaction, Payment, Refund, StripeEvent
from tests.factories.payments import stripe_client
from tests.market.payments.webhook_helpers import pay_at_stripe, sign, with_new_id


@pytest.fixture(scope="module")
def race_app(backend, tmp_path_factory, localstripe):
    """An app with the Stripe provider on localstripe, on a freshly migrated database of the backend."""
    import os

    from market.app import create_app
    from market.db import get_database, make_engine
    from market.migrate import upgrade
    from tests.factories.db import prepare_postgres

    schema = f"payments_race_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('race') / 'race.db'}"
    else:
        url = prepare_postgres(schema)
    engine = make_engine(url)
    with engine.begin() as conn:
        upgrade(connection=conn)
    engine.dispose()
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SERVER_NAME": "localhost", **localstripe.settings()})
    with app.app_context():
        session = get_database(app).new_session()
        from market.demo.build import add_clusters

        add_clusters(session)
        session.commit()
        session.close()
    yield app
    get_database(app).engine.dispose()
    if backend == "postgresql":
        prepare_postgres(schema)


def _new_session(app) -> Session:
    from market.db import get_database

    return get_database(app).new_session()


def _paid_at_stripe(app, localstripe):
    """A committed order with a payment whose intent was paid on the payer's device: (payment id, delivery)."""
    from catalog.products.services import add_product
    from market.accounts import services as accounts
    from market.accounts.models import User
    from market.orders.services import cart as carts

    tag = uuid.uuid4().hex[:8]
    with app.app_context():
        session = _new_session(app)
        try:
            people = []
            for kind in ("maker", "buyer"):
                user = User(email=f"{kind}-{tag}@example.com", display_name=kind, password_hash="x",
                            session_nonce=tag)
                session.add(user)
                session.flush()
                org = accounts.create_organization(session, user, name=f"{kind} {tag}", kind=kind, country="KR",
                                                   cluster_code="mullae" if kind == "maker" else None)
                people.append((user, org))
            (_maker, maker_org), (buyer, _buyer_org) = people
            product = add_product(session, maker_org, status="published", category="leather_goods",
                                  price_krw=50_000, moq=2, unit="piece", title={"en": "Wallet"},
                                  description={"en": "A wallet."})
            carts.add_to_cart(session, buyer, product.id, 2)
            (order,) = carts.checkout(session, buyer, fingerprint=carts.load_cart(session, buyer).fingerprint,
                                       shipping_address="Tokyo", shipping_country="JP")
            payment = services.start_payment(session, buyer, "wholesale_order", order.id)
            session.commit()
            payment_id, intent_id = payment.id, payment.provider_ref
        finally:
            session.close()
    pay_at_stripe(localstripe, intent_id)
    return payment_id, localstripe.inbox.wait_for("payment_intent.succeeded", intent_id)


def _race(app, *jobs):
    """Run each job(session) in its own thread and session at the same moment; commit what succeeds. Returns
    each job's result or the exception it raised."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        with app.app_context():
            session = _new_session(app)
            try:
                barrier.wait(timeout=10)
                results[index] = job(session)
                session.commit()
            except Exception as exc:  # the losing side's refusal is the result under test
                session.rollback()
                results[index] = exc
            finally:
                session.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _count(app, model, *where) -> int:
    with app.app_context():
        session = _new_session(app)
        try:
            return session.exec(select(func.count()).select_from(model).where(*where)).one()
        finally:
            session.close()


def _receive(body, signature):
    return lambda session: services.receive_stripe_webhook(session, body, signature)[0]


def test_same_webhook_delivered_twice_at_once(race_app, localstripe):
    """Two simultaneous deliveries of one event: one applies, the other is a duplicate."""
    payment_id, delivery = _paid_at_stripe(race_app, localstripe)
    outcomes = _race(race_app, _receive(delivery.body, delivery.signature),
                     _receive(delivery.body, delivery.signature))
    assert sorted(outcomes) == ["applied", "duplicate"]
    assert _count(race_app, StripeEvent, StripeEvent.event_id == delivery.event["id"]) == 1
    assert _count(race_app, LedgerTransaction, LedgerTransaction.payment_id == payment_id) == 1


def test_two_events_about_one_payment_at_once(race_app, localstripe):
    """Two different events about the same success, processed at the same moment: applied exactly once."""
    payment_id, delivery = _paid_at_stripe(race_app, localstripe)
    copy = with_new_id(delivery.body, f"evt_race_{uuid.uuid4().hex[:10]}")
    outcomes = _race(race_app, _receive(delivery.body, delivery.signature), _receive(copy, sign(copy)))
    assert sorted(outcomes) == ["already_applied", "applied"]
    assert _count(race_app, LedgerTransaction, LedgerTransaction.payment_id == payment_id) == 1
    with race_app.app_context():
        session = _new_session(race_app)
        assert session.get(Payment, payment_id).status == "paid"
        session.close()


def _paid(race_app, localstripe) -> tuple[int, object]:
    from market.accounts.models import User

    payment_id, delivery = _paid_at_stripe(race_app, localstripe)
    _race(race_app, _receive(delivery.body, delivery.signature))
    with race_app.app_context():
        session = _new_session(race_app)
        admin = User(email=f"admin-{uuid.uuid4().hex[:8]}@example.com", display_name="Admin", password_hash="x",
                     session_nonce="n", role="admin")
        session.add(admin)
        session.commit()
        session.close()
    return payment_id, admin


@pytest.mark.parametrize("amount", [100_000, 60_000], ids=["full", "sixty-percent"])
def test_two_refunds_at_once_never_exceed_the_payment(race_app, localstripe, amount):
    """Two staff refunds asked at the same moment (each alone acceptable, together too much): one is made,
    the other refused; Stripe got one refund; the ledger says so."""
    payment_id, admin = _paid(race_app, localstripe)

    def refund(session):
        staff = session.get(type(admin), admin.id)
        return services.refund(session, staff, payment_id, amount, "Race").id

    outcomes = _race(race_app, refund, refund)
    made = [o for o in outcomes if isinstance(o, int)]
    refused = [o for o in outcomes if isinstance(o, services.PaymentError)]
    assert len(made) == 1 and len(refused) == 1, outcomes
    # PostgreSQL: the second waits for the first's row lock, then finds too little left. SQLite: the second
    # waits for the write lock, and its transaction (which had read before the first committed) is refused.
    assert refused[0].code in ("exceeds_paid", "wrong_state", "busy")
    assert _count(race_app, Refund, Refund.payment_id == payment_id) == 1
    with race_app.app_context():
        session = _new_session(race_app)
        payment = session.get(Payment, payment_id)
        intent = payment.provider_ref
        session.close()
    remote = stripe_client(localstripe).v1.refunds.list(params={"payment_intent": intent}).data
    assert [r.amount for r in remote] == [amount]
