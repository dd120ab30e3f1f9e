"""Numbers in sequence: one counter per name and year, taken atomically, so concurrent transactions never share a
number (certificate codes, invoice numbers)."""

import threading

from sqlmodel import Session

from catalog.certification import services
from market.db import make_engine
from market.payments import services as payments
from market.sequences import Sequence, next_in_sequence


def test_numbers_count_up_per_year(db_session):
    """Each year starts at 000001 and counts up; codes read MIS-<year>-<6 digits>."""
    assert services.next_certificate_number(db_session, 2031) == ("MIS-2031-000001", 1)
    assert services.next_certificate_number(db_session, 2031) == ("MIS-2031-000002", 2)
    assert services.next_certificate_number(db_session, 2032) == ("MIS-2032-000001", 1)


def test_each_sequence_counts_on_its_own(db_session):
    """Invoices and certificates of the same year are numbered apart."""
    assert services.next_certificate_number(db_session, 2033)[1] == 1
    assert payments.next_invoice_number(db_session, 2033) == ("INV-2033-000001", 1)
    assert next_in_sequence(db_session, "certificate", 2033) == 2


def test_concurrent_transactions_take_different_numbers(fresh_database_url):
    """Two transactions taking a number at the same time on separate connections get 1 and 2, never the same."""
    engine = make_engine(fresh_database_url)
    Sequence.__table__.create(engine)
    taken: list[int] = []
    errors: list[BaseException] = []
    first_took = threading.Event()

    def take(hold: bool):
        try:
            with Session(engine) as session:
                if not hold:
                    first_took.wait(5)
                _code, number = services.next_certificate_number(session, 2030)
                if hold:
                    first_took.set()
                    # Keep the transaction open while the other one tries to take a number.
                    threading.Event().wait(0.4)
                session.commit()
                taken.append(number)
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=take, args=(hold,)) for hold in (True, False)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    engine.dispose()
    assert errors == [] and sorted(taken) == [1, 2]


def test_the_migration_keeps_the_numbers_already_given(fresh_database_url):
    """Migration 0033 moves the invoice and certificate counters into the sequences, so the next numbers follow
    the ones already given instead of starting again."""
    import sqlalchemy as sa

    from market.migrate import upgrade

    upgrade(fresh_database_url, revision="0022")
    engine = make_engine(fresh_database_url)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO invoice_counters (year, last_sequence) VALUES (2026, 41)"))
        conn.execute(sa.text("INSERT INTO certificate_counters (year, last_sequence) VALUES (2026, 7)"))
    upgrade(fresh_database_url, revision="0033")
    with Session(engine) as session:
        assert payments.next_invoice_number(session, 2026) == ("INV-2026-000042", 42)
        assert services.next_certificate_number(session, 2026) == ("MIS-2026-000008", 8)
        assert "invoice_counters" not in sa.inspect(engine).get_table_names()
    engine.dispose()
