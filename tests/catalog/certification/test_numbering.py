"""Certificate numbers: one counter per year, taken atomically, so concurrent approvals never share a code."""

import threading

from sqlmodel import Session

from catalog.certification import services
from catalog.certification.models import CertificateCounter
from market.db import make_engine


def test_numbers_count_up_per_year(db_session):
    """Each year starts at 000001 and counts up; codes read MIS-<year>-<6 digits>."""
    assert services.next_certificate_number(db_session, 2031) == ("MIS-2031-000001", 1)
    assert services.next_certificate_number(db_session, 2031) == ("MIS-2031-000002", 2)
    assert services.next_certificate_number(db_session, 2032) == ("MIS-2032-000001", 1)


def test_concurrent_transactions_take_different_numbers(fresh_database_url):
    """Two transactions taking a number at the same time on separate connections get 1 and 2, never the same."""
    engine = make_engine(fresh_database_url)
    CertificateCounter.__table__.create(engine)
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
