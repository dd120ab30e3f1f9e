"""Races, for real, on a database of their own (no shared test transaction), on SQLite and PostgreSQL: two staff
paying one master's grant at the same moment pay it once, and two awards of one year at the same moment get two
different certificate numbers in sequence."""

from __future__ import annotations

import concurrent.futures
import threading

import sqlalchemy as sa


def _selected(race_app, count: int):
    """A curator and ``count`` selected master nominations of this year in one Jongno workshop: (staff id,
    nomination ids)."""
    import datetime as dt

    from market.accounts.services import create_organization, register_user
    from market.db import session_scope
    from market.demo.build import add_clusters
    from market.people.models import Craftsperson, Nomination

    year = dt.date.today().year
    with race_app.app_context(), session_scope(race_app) as session:
        add_clusters(session)
        owner = register_user(session, "owner@example.com", "granite lantern harbour 42", "Owner")
        staff = register_user(session, "staff@example.com", "granite lantern harbour 42", "Staff")
        staff.role = "curator"
        org = create_organization(session, owner, kind="maker", name="Race Gold", country="KR",
                                  cluster_code="jongno")
        ids = []
        for n in range(count):
            person = Craftsperson(org_id=org.id, name=f"Master {n}", trade="jewelry", started_year=year - 25)
            session.add(person)
            session.flush()
            nomination = Nomination(craftsperson_id=person.id, nominator_kind="association", level="master",
                                    year=year, trade="jewelry", status="selected")
            session.add(nomination)
            session.flush()
            ids.append(nomination.id)
        return staff.id, ids


def _race(race_app, work, args):
    """Run ``work(session, staff, arg)`` for each arg in its own thread and transaction, all at once."""
    from market.accounts.models import User
    from market.db import session_scope
    from market.refusals import Refusal

    staff_id, items = args
    barrier = threading.Barrier(len(items))

    def run(item):
        with race_app.app_context(), race_app.test_request_context("/"):
            barrier.wait()
            try:
                with session_scope(race_app) as session:
                    return work(session, session.get(User, staff_id), item)
            except Refusal as exc:
                return exc.code
            except sa.exc.OperationalError:
                return "busy"

    with concurrent.futures.ThreadPoolExecutor(len(items)) as pool:
        return list(pool.map(run, items))


def test_two_staff_paying_one_grant_pay_it_once(race_app):
    """Both click "Pay the grant" at once: one payout and one ledger transaction; the other is refused."""
    from market.db import get_database, session_scope
    from market.people.services import awards

    staff_id, (nomination_id,) = _selected(race_app, 1)
    with race_app.app_context(), race_app.test_request_context("/"), session_scope(race_app) as session:
        from market.accounts.models import User

        code = awards.award(session, session.get(User, staff_id), nomination_id).code
    outcomes = _race(race_app, lambda s, staff, c: awards.pay_grant(s, staff, c).id and "paid", (staff_id,
                                                                                                [code, code]))
    assert sorted(outcomes)[1] == "paid" and sorted(outcomes)[0] in ("already_paid", "busy")
    with get_database(race_app).engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM payouts WHERE grant_kind = 'master_grant'")).scalar() == 1
        assert conn.execute(sa.text("SELECT count(*) FROM ledger_transactions WHERE kind = 'grant'")).scalar() == 1
        assert conn.execute(sa.text("SELECT sum(amount_krw) FROM ledger_entries")).scalar() == 0


def test_two_awards_at_once_get_consecutive_numbers(race_app):
    """Two nominations of the same year awarded at the same moment: two certificates, numbers 1 and 2 (or one
    waits and is told to try again on SQLite's single writer), never the same number twice."""
    import datetime as dt

    from market.db import get_database
    from market.people.services import awards

    staff_id, ids = _selected(race_app, 2)
    outcomes = _race(race_app, lambda s, staff, n: awards.award(s, staff, n).code, (staff_id, ids))
    year = dt.date.today().year
    codes = [o for o in outcomes if o.startswith("MST-")]
    assert codes and len(set(codes)) == len(codes)
    assert set(codes) <= {f"MST-{year}-0001", f"MST-{year}-0002"}
    with get_database(race_app).engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT count(*) FROM master_awards")).scalar()
        last = conn.execute(sa.text("SELECT last FROM sequences WHERE name = 'master_certificate'")).scalar()
    assert stored == len(codes) == last
