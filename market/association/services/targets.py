"""The forum paper's targets as the association uses them: the paper's figures
(:data:`~market.association.reference.TARGETS`) unless staff changed a target's baseline, target, years or source,
which the dashboard, the report and its charts then show."""

from __future__ import annotations

import dataclasses

from flask_babel import gettext as _
from sqlmodel import Session, select

from i18n.times import utcnow
from market.association.models import TargetSetting
from market.association.reference import TARGETS, Target
from market.association.services.access import require_staff
from market.refusals import Refusal, not_found

YEARS = (2000, 2100)


def current_targets(session: Session) -> list[Target]:
    """Every target with staff's figures where they set them, in the paper's order."""
    settings = {row.code: row for row in session.exec(select(TargetSetting))}
    out = []
    for target in TARGETS:
        row = settings.get(target.code)
        out.append(target if row is None else dataclasses.replace(
            target, baseline=row.baseline, target=row.target, baseline_year=row.baseline_year,
            target_year=row.target_year, source=row.source, edited=True))
    return out


def get_target(session: Session, code: str) -> Target:
    """One target as in force, or 404."""
    for target in current_targets(session):
        if target.code == code:
            return target
    raise not_found()


def set_target(session: Session, user, code: str, *, baseline: float | None, target: float | None,
               baseline_year: int | None, target_year: int | None, source: str | None) -> Target:
    """Change a target's baseline and target shares (0–100%), their years (the target year after the baseline
    year) and its source (staff only). Refuses each bad figure on its field and keeps nothing then."""
    require_staff(user)
    get_target(session, code)
    problems: dict[str, str] = {}
    for name, value in (("baseline", baseline), ("target", target)):
        if value is None or not 0 <= value <= 100:
            problems[name] = _("Enter a share from %(low)d to %(high)d%%.", low=0, high=100)
    for name, value in (("baseline_year", baseline_year), ("target_year", target_year)):
        if value is None or not YEARS[0] <= value <= YEARS[1]:
            problems[name] = _("Choose a year from %(low)d to %(high)d.", low=YEARS[0], high=YEARS[1])
    if "baseline_year" not in problems and "target_year" not in problems and target_year <= baseline_year:
        problems["target_year"] = _("The target year comes after the baseline year.")
    source = (source or "").strip()
    if not source:
        problems["source"] = _("Name the source of these figures.")
    elif len(source) > 200:
        problems["source"] = _("Keep the source under %(max)d characters.", max=200)
    if problems:
        raise Refusal(_("Some fields are not valid."), fields=problems)
    row = session.get(TargetSetting, code) or TargetSetting(code=code, baseline=0, target=0, baseline_year=0,
                                                            target_year=0, source="")
    row.baseline, row.target, row.baseline_year, row.target_year = baseline, target, baseline_year, target_year
    row.source, row.updated_by_id, row.updated_at = source, user.id, utcnow()
    session.add(row)
    session.flush()
    return get_target(session, code)
