"""The support ledger (ordinance art. 10): every benefit an organisation received on the platform or declared,
keyed by business registration number, and the overlap check screening runs."""

from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa
from sqlmodel import Session, select

from market.programmes.models import Application, LedgerEntry, Programme
from market.programmes.services.profiles import profile_of


def record_benefit(session: Session, *, business_number: str, organization_id: int | None, support_type: str,
                   title: str, granted_on: dt.date, amount_krw: int | None = None, programme_id: int | None = None,
                   application_id: int | None = None, source: str = "platform") -> LedgerEntry:
    """Add one benefit to the ledger."""
    entry = LedgerEntry(business_number=business_number, organization_id=organization_id,
                        support_type=str(support_type), title=title[:300], granted_on=granted_on,
                        amount_krw=amount_krw, programme_id=programme_id, application_id=application_id,
                        source=source)
    session.add(entry)
    session.flush()
    return entry


def entries_for(session: Session, org_id: int) -> list[LedgerEntry]:
    """The ledger of an organisation: entries under its business registration number or its id, newest first."""
    profile = profile_of(session, org_id)
    condition = LedgerEntry.organization_id == org_id
    if profile is not None and profile.business_number:
        condition = sa.or_(condition, LedgerEntry.business_number == profile.business_number)
    return list(session.exec(select(LedgerEntry).where(condition)
                             .order_by(LedgerEntry.granted_on.desc(), LedgerEntry.id.desc())))


def support_dates(session: Session, org_id: int, declaration: dict | None = None) -> dict[str, tuple[dt.date, ...]]:
    """Dates of support received per support type: the ledger plus what an application declared."""
    dates: dict[str, list[dt.date]] = {}
    for entry in entries_for(session, org_id):
        dates.setdefault(entry.support_type, []).append(entry.granted_on)
    for item in (declaration or {}).get("items", []):
        try:
            dates.setdefault(str(item["support_type"]), []).append(dt.date(int(item["year"]), 1, 1))
        except (KeyError, TypeError, ValueError):
            continue
    return {kind: tuple(sorted(days)) for kind, days in dates.items()}


@dataclasses.dataclass(frozen=True)
class Overlap:
    """Support of the programme's type found within its window."""

    title: str
    support_type: str
    granted_on: dt.date
    source: str  # platform | declared
    amount_krw: int | None = None

    def as_dict(self) -> dict:
        return {"title": self.title, "support_type": self.support_type, "granted_on": self.granted_on.isoformat(),
                "source": self.source, "amount_krw": self.amount_krw}


def find_overlaps(session: Session, application: Application, today: dt.date) -> list[Overlap]:
    """Support of the same type as the application's programme received within the programme's window, from the
    ledger (by business registration number or organisation) and from the application's own declaration; the
    application's own ledger entry does not count."""
    programme = session.get(Programme, application.programme_id)
    since = today - dt.timedelta(days=365 * programme.overlap_years + programme.overlap_years // 4)
    found = [Overlap(e.title, e.support_type, e.granted_on, e.source, e.amount_krw)
             for e in entries_for(session, application.organization_id)
             if e.support_type == programme.support_type and e.granted_on >= since
             and e.application_id != application.id]
    for item in (application.declaration or {}).get("items", []):
        try:
            day = dt.date(int(item["year"]), 1, 1)
        except (KeyError, TypeError, ValueError):
            continue
        if str(item.get("support_type")) == programme.support_type and day.year >= since.year:
            found.append(Overlap(str(item.get("title", "")), programme.support_type, day, "declared",
                                 item.get("amount_krw")))
    return found
