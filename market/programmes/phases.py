"""Where a programme stands, by its dates: upcoming before its window opens, open inside it, closed after the
deadline — and "results published" once staff published them (the one phase only staff set).

Every reader asks here — the directory's lists and ``status`` filter, the API, the apply and submit checks — in
Python (:func:`phase`) or in SQL (:func:`phase_expr`), so a programme closes at its deadline everywhere at the
same instant, without waiting for anyone. The stored ``status`` column follows the dates through
:func:`market.programmes.services.staff.sync_statuses` (run by ``seoulmade programmes tick``) for whoever reads
the column directly; nothing in this slice trusts it for more than "results published".
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from i18n.times import utcnow
from market.programmes.models import Programme, ProgrammeStatus


def phase(programme: Programme, now: dt.datetime | None = None) -> ProgrammeStatus:
    """The programme's status at ``now`` (default: this instant)."""
    now = now or utcnow()
    if str(programme.status) == ProgrammeStatus.results:
        return ProgrammeStatus.results
    if now < programme.opens_at:
        return ProgrammeStatus.upcoming
    if now <= programme.closes_at:
        return ProgrammeStatus.open
    return ProgrammeStatus.closed


def phase_expr(now: dt.datetime | None = None):
    """:func:`phase` as a SQL expression, for filters and ordering."""
    now = now or utcnow()
    return sa.case(
        (Programme.status == ProgrammeStatus.results.value, sa.literal(ProgrammeStatus.results.value)),
        (Programme.opens_at > now, sa.literal(ProgrammeStatus.upcoming.value)),
        (Programme.closes_at >= now, sa.literal(ProgrammeStatus.open.value)),
        else_=sa.literal(ProgrammeStatus.closed.value))
