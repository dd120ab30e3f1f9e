"""Participants' outcomes per programme, as the association's annual returns report them: for every organisation
selected, its verified return of the year before the decision against its latest verified return of the decision
year or after — the change in jobs, revenue, value added and exports, summed over the participants who have both.

The figures come from the association's services (:func:`market.association.services.aggregates.verified_rows`)
and follow its confidentiality rule: a programme's changes are shown only when at least
:data:`market.association.confidentiality.MIN_FIRMS` participants reported, so no firm's figures can be read off.
"""

from __future__ import annotations

import dataclasses

from sqlmodel import Session, select

from i18n.times import utcnow
from market.association.confidentiality import MIN_FIRMS
from market.association.services.aggregates import Row, verified_rows
from market.programmes.models import Application
from market.programmes.services.access import require_staff
from market.programmes.services.outcomes import SELECTED

MEASURES = ("jobs", "revenue_krw", "value_added_krw", "exports_krw")


@dataclasses.dataclass
class ParticipantOutcomes:
    """One programme's participants as their returns report them."""

    programme_id: int
    participants: int
    reporting: int
    changes: dict[str, int] | None  # measure → summed change; None when too few reported to show

    @property
    def suppressed(self) -> bool:
        """Too few participants reported to show their figures."""
        return self.changes is None and self.reporting > 0


def _value(row: Row, measure: str) -> int:
    return row.jobs if measure == "jobs" else int(getattr(row.ret, measure) or 0)


def participant_outcomes(session: Session, user, programme_ids=None) -> dict[int, ParticipantOutcomes]:
    """For each programme (or those given) with selected organisations: how many, how many reported before and
    after, and the summed change per measure (staff only)."""
    require_staff(user)
    query = select(Application).where(Application.status.in_(SELECTED), Application.decided_at.is_not(None))
    if programme_ids is not None:
        query = query.where(Application.programme_id.in_(list(programme_ids)))
    selected = list(session.exec(query))
    if not selected:
        return {}
    this_year = utcnow().year
    first = min(a.decided_at.year for a in selected) - 1
    by_org_year: dict[tuple[int, int], Row] = {}
    for year in range(first, this_year + 1):
        for row in verified_rows(session, year):
            if row.member.organization_id is not None:
                by_org_year[(row.member.organization_id, year)] = row
    result: dict[int, ParticipantOutcomes] = {}
    pairs: dict[int, list[tuple[Row, Row]]] = {}
    for application in selected:
        entry = result.setdefault(application.programme_id,
                                  ParticipantOutcomes(application.programme_id, 0, 0, None))
        entry.participants += 1
        year = application.decided_at.year
        before = by_org_year.get((application.organization_id, year - 1))
        after = next((by_org_year[(application.organization_id, y)] for y in range(this_year, year - 1, -1)
                      if (application.organization_id, y) in by_org_year), None)
        if before is not None and after is not None:
            entry.reporting += 1
            pairs.setdefault(application.programme_id, []).append((before, after))
    for programme_id, entry in result.items():
        found = pairs.get(programme_id, [])
        if len(found) >= MIN_FIRMS:
            entry.changes = {m: sum(_value(after, m) - _value(before, m) for before, after in found)
                             for m in MEASURES}
    return result
