"""Outcomes per programme for staff: applications, selection rate, days to decision and money granted; and the
programmes one organisation was selected for in a period."""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics

from sqlmodel import Session, select

from market.programmes.models import Application, ApplicationStatus, Programme
from market.programmes.services.access import require_staff

DECIDED = (ApplicationStatus.selected, ApplicationStatus.rejected, ApplicationStatus.waitlisted,
           ApplicationStatus.agreement, ApplicationStatus.in_progress, ApplicationStatus.reported,
           ApplicationStatus.closed)
SELECTED = (ApplicationStatus.selected, ApplicationStatus.agreement, ApplicationStatus.in_progress,
            ApplicationStatus.reported, ApplicationStatus.closed)


@dataclasses.dataclass
class Outcome:
    """One programme's figures."""

    programme: Programme
    applications: int
    decided: int
    selected: int
    selection_rate: float | None
    median_days_to_decision: float | None
    granted_krw: int


def outcomes(session: Session, user) -> list[Outcome]:
    """Figures for every programme that received applications (drafts not counted)."""
    require_staff(user)
    rows = list(session.exec(select(Application, Programme).join(Programme, Programme.id == Application.programme_id)
                             .where(Application.status != ApplicationStatus.draft)))
    by_programme: dict[int, list] = {}
    for application, programme in rows:
        by_programme.setdefault(programme.id, [programme]).append(application)
    result = []
    for programme, *apps in by_programme.values():
        decided = [a for a in apps if a.status in DECIDED and a.decided_at]
        selected = [a for a in apps if a.status in SELECTED]
        days = [(a.decided_at - a.submitted_at).total_seconds() / 86400 for a in decided if a.submitted_at]
        result.append(Outcome(programme, len(apps), len(decided), len(selected),
                              round(len(selected) / len(decided), 2) if decided else None,
                              round(statistics.median(days), 1) if days else None,
                              sum(a.amount_krw or 0 for a in selected)))
    return sorted(result, key=lambda o: o.programme.closes_at)


def selections_of(session: Session, org_id: int, start: dt.datetime, end: dt.datetime
                  ) -> list[tuple[Application, Programme]]:
    """The programmes ``org_id`` was selected for (selected, or further on: agreement, in progress, reported,
    closed), decided in [``start``, ``end``), oldest first: the support the firm received in that period."""
    return list(session.exec(
        select(Application, Programme).join(Programme, Programme.id == Application.programme_id)
        .where(Application.organization_id == org_id, Application.status.in_(SELECTED),
               Application.decided_at >= start, Application.decided_at < end)
        .order_by(Application.decided_at, Application.id)))
