"""The master craftsman's grant: due from the award, paid once by staff as a grant payout of the payments core
(ledger: the grants expense against the funds, balanced), shown with its state on the certificate, the person's
page and the workshop's earnings; a second payment, a revoked certificate, a recognition without a grant and
non-staff are refused and change nothing. Certificate numbers come from the one numbering of the app."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import func, select

from market.notifications.models import Notification
from market.payments import ledger
from market.payments.models import LedgerKind, LedgerTransaction, Payout
from market.people.models import MasterAward
from market.people.services import awards, nominations
from market.refusals import Refusal
from market.reviews.services import assignments_for, declare_interest, submit_scores
from market.sequences import Sequence
from tests.factories.clients import isolated_client
from tests.factories.people import make_person
from tests.helpers import csrf_token


def _award(db_session, make_user, org_owner, org, *, level="master", name="Kim Geum-seok"):
    """A craftsperson of ``org`` nominated, reviewed, selected and awarded: (staff, award)."""
    person = make_person(db_session, org_owner, org, name=name, years=22)
    staff = make_user(role="curator")
    reviewer = make_user()
    nomination = nominations.nominate(db_session, make_user(), craftsperson_id=person.id,
                                      nominator_kind="association", level=level, career="Jongno since 2004.")
    nominations.start_review(db_session, staff, nomination.id, [reviewer])
    for assignment in assignments_for(db_session, nominations.REVIEW_KIND, nomination.id):
        declare_interest(db_session, assignment.id, reviewer, conflict=False)
        submit_scores(db_session, assignment.id, reviewer, {c: (4, "") for c, _l, _w in nominations.RUBRIC})
    nominations.decide(db_session, staff, nomination.id, True, "Outstanding filigree work.")
    record = awards.award(db_session, staff, nomination.id)
    db_session.commit()
    return staff, record


def _payouts(db_session) -> int:
    return db_session.exec(select(func.count()).select_from(Payout).where(Payout.grant_kind == awards.GRANT_KIND)).one()


def test_staff_pay_the_grant_once_and_the_ledger_balances(app, db_session, make_user, make_org):
    """Due after the award; paid as one bank-transfer grant payout of 5,000,000 won to the workshop, whose members
    are told with a link to its earnings; the ledger's grants expense up and its funds down by the same (nothing
    owed to the workshop moves); a second payment is refused (409) and adds nothing."""
    owner = make_user()
    org = make_org(owner, name="Jongno Gold Studio", cluster_code="jongno")
    staff, record = _award(db_session, make_user, owner, org)
    assert awards.grant_state(db_session, record).status == "due"
    owed_before = ledger.payee_balances(db_session, org.id)
    payout = awards.pay_grant(db_session, staff, record.code)
    db_session.commit()
    assert (payout.payee_org_id, payout.amount_krw, payout.currency, payout.method) == (
        org.id, 5_000_000, "KRW", "bank_transfer")
    assert record.code in payout.note
    told = db_session.exec(select(Notification).where(Notification.user_id == owner.id,
                                                      Notification.kind == "grant_paid")).one()
    assert record.code in told.message and told.url == f"/ko/earnings?org={org.id}"  # the workshop reads Korean
    state = awards.grant_state(db_session, record)
    assert state.status == "paid" and state.payout.id == payout.id
    txn = db_session.exec(select(LedgerTransaction).where(LedgerTransaction.payout_id == payout.id)).one()
    assert txn.kind == LedgerKind.grant and txn.dedupe_key == f"grant:master_grant:{record.id}"
    by_account = {(b.account, b.org_id): b.amount_krw for b in ledger.balances(db_session)}
    assert by_account[("grants", org.id)] == 5_000_000 and by_account[("funds:manual", None)] == -5_000_000
    assert ledger.payee_balances(db_session, org.id) == owed_before
    assert ledger.unbalanced_transactions(db_session) == []
    with pytest.raises(Refusal) as refused:
        awards.pay_grant(db_session, staff, record.code)
    assert (refused.value.status, refused.value.code) == (409, "already_paid")
    db_session.rollback()
    assert _payouts(db_session) == 1


def test_what_is_refused_changes_nothing(app, db_session, make_user, make_org):
    """A member of the workshop may not pay (403), an excellent skilled worker's recognition carries no grant
    (409), and a certificate revoked before its grant was paid is refused (409) and shows the grant withheld."""
    owner = make_user()
    org = make_org(owner, cluster_code="jongno")
    staff, record = _award(db_session, make_user, owner, org)
    with pytest.raises(Refusal) as refused:
        awards.pay_grant(db_session, owner, record.code)
    assert refused.value.status == 403
    _staff, skilled = _award(db_session, make_user, owner, org, level="excellent", name="Lee Eun-bi")
    assert skilled.grant_krw == 0 and awards.grant_state(db_session, skilled).status == "none"
    with pytest.raises(Refusal) as refused:
        awards.pay_grant(db_session, staff, skilled.code)
    assert refused.value.code == "no_grant"
    awards.revoke(db_session, staff, record.code, "The dossier's prize was not the nominee's.")
    db_session.commit()
    with pytest.raises(Refusal) as refused:
        awards.pay_grant(db_session, staff, record.code)
    assert refused.value.code == "revoked"
    db_session.rollback()
    assert awards.grant_state(db_session, record).status == "withheld" and _payouts(db_session) == 0


def test_the_grant_on_the_pages(app, db_session, make_user, make_org):
    """Staff pay from the certificate page's button; the certificate and the person's page then show it paid to
    the workshop's members with a link to its earnings, where the payout appears as a grant; the public sees
    the amount, not the payment."""
    owner = make_user()
    org = make_org(owner, name="Jongno Gold Studio", cluster_code="jongno")
    staff, record = _award(db_session, make_user, owner, org)
    staff_client = isolated_client(app, staff)
    page = staff_client.get(f"/en/masters/certificates/{record.code}").get_data(as_text=True)
    assert 'id="pay-grant"' in page and 'data-state="due"' in page
    token = csrf_token(staff_client, f"/en/masters/certificates/{record.code}")
    response = staff_client.post(f"/en/masters/certificates/{record.code}/grant", data={"csrf_token": token})
    assert response.status_code == 302
    again = staff_client.post(f"/en/masters/certificates/{record.code}/grant", data={"csrf_token": token})
    assert again.status_code == 409
    assert _payouts(db_session) == 1
    member = isolated_client(app, owner)
    cert = member.get(f"/en/masters/certificates/{record.code}").get_data(as_text=True)
    assert 'data-state="paid"' in cert and "Paid on" in cert and 'id="pay-grant"' not in cert
    person_page = member.get(f"/en/people/{record.craftsperson_id}").get_data(as_text=True)
    assert 'data-state="paid"' in person_page and f"/en/earnings?org={org.id}" in person_page
    earnings = member.get(f"/en/earnings?org={org.id}").get_data(as_text=True)
    assert record.code in earnings and ">Grant</span>" in earnings and "5,000,000" in earnings
    public = isolated_client(app).get(f"/en/masters/certificates/{record.code}").get_data(as_text=True)
    assert "5,000,000" in public and 'id="grant-state"' not in public


def test_certificate_numbers_come_from_the_sequence(app, db_session, make_user, make_org):
    """An award takes the next number of the year's ``master_certificate`` sequence, which carries on from the
    numbers given before (as the migration seeds it from existing certificates)."""
    year = dt.date.today().year
    db_session.add(Sequence(name=awards.SEQUENCE, year=year, last=41))
    db_session.commit()
    owner = make_user()
    _staff, record = _award(db_session, make_user, owner, make_org(owner, cluster_code="jongno"))
    assert record.code == f"MST-{year}-0042"
    assert db_session.get(Sequence, (awards.SEQUENCE, year)).last == 42
    assert db_session.exec(select(MasterAward).where(MasterAward.code == record.code)).one().id == record.id


def test_the_migration_carries_the_numbering_on_from_existing_certificates(fresh_database_url):
    """Migration 0039 starts each year's ``master_certificate`` sequence at the highest number already given, so
    the next award after an upgrade does not take a number twice."""
    import sqlalchemy as sa

    from market.db import make_engine
    from market.migrate import upgrade

    upgrade(fresh_database_url, revision="0035")
    engine = make_engine(fresh_database_url)
    now = "'2025-11-20 00:00:00'"
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO organizations (name, slug, kind, country, capabilities, created_at) "
                             f"VALUES ('Gold', 'gold', 'maker', 'KR', '[]', {now})"))
        conn.execute(sa.text("INSERT INTO craftspeople (org_id, name, trade, started_year, source_locale, created_at) "
                             f"SELECT id, 'Kim', 'jewelry', 2000, 'ko', {now} FROM organizations"))
        for year, number in [(2024, 3), (2024, 11), (2025, 7)]:
            conn.execute(sa.text(
                "INSERT INTO nominations (craftsperson_id, nominator_kind, level, year, trade, career, qualifications, "
                "prizes, apprentices, \"references\", work_files, site_visit, interview, decision_reason, status, "
                f"created_at, updated_at) SELECT id, 'peer', 'master', {year}, 'jewelry', '', '', '', 0, '', '[]', "
                f"'', '', '', 'awarded', {now}, {now} FROM craftspeople"))
            conn.execute(sa.text(
                "INSERT INTO master_awards (code, nomination_id, craftsperson_id, org_id, level, trade, year, "
                f"grant_krw, issued_at) SELECT 'MST-{year}-{number:04d}', (SELECT max(id) FROM nominations), c.id, "
                f"c.org_id, 'master', 'jewelry', {year}, 5000000, {now} FROM craftspeople c"))
    upgrade(fresh_database_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT year, last FROM sequences WHERE name = 'master_certificate' "
                                    "ORDER BY year")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [(2024, 11), (2025, 7)]
