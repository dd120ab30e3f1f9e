"""A design's size: the unit its file is read in, and the check that keeps a design in the wrong unit from being
quoted and ordered.

A design whose size in its unit is implausible for jewelry (under 3 mm or over 150 mm across:
:data:`~market.jewelry.services.designs.PLAUSIBLE_MM`) can be neither quoted nor ordered until its customer
either changes the unit (mm, cm, inch) or confirms the size, both on the design's page without uploading again.
The stored analysis is in the file's own units (:mod:`market.jewelry.analysis`), so a new unit re-scales it at
once: nothing is parsed again. Changing the unit withdraws the design's open quotes (they were priced at the
old size) and is refused once the design has been ordered.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session, select

from market.db import utcnow
from market.jewelry import formats
from market.jewelry.models import JewelryDesign, JewelryOrder, JewelryQuote, MeshAnalysis
from market.jewelry.services.access import JewelryError
from market.jewelry.services.designs import UNITS, get_design, summarize
from market.refusals import conflict


def unit_changeable(analysis: MeshAnalysis) -> bool:
    """Whether the customer chooses the unit of this file (STL, OBJ and PLY carry none; 3MF and glTF declare
    theirs, which applies)."""
    return analysis.format not in formats.UNIT_DECLARING


def ensure_size_settled(design: JewelryDesign, analysis: MeshAnalysis) -> None:
    """Refuse (409 ``size_unconfirmed``) to quote or order a design whose size is implausible for jewelry until
    its customer confirms it or changes the unit."""
    if summarize(design, analysis).needs_size_check:
        raise JewelryError(_("The size of this design looks wrong for jewelry. On the design's page, change the "
                             "unit it was drawn in, or confirm that the size is right."), code="size_unconfirmed",
                           status=409)


def ensure_design_orderable(session: Session, design_id: int) -> None:
    """:func:`ensure_size_settled` for the design of a quote about to be ordered."""
    design = session.get(JewelryDesign, design_id)
    if design is not None:
        ensure_size_settled(design, session.get(MeshAnalysis, design.analysis_id))


def _ordered(session: Session, design_id: int) -> bool:
    return session.exec(select(JewelryOrder.id).join(JewelryQuote, JewelryQuote.id == JewelryOrder.quote_id)
                        .where(JewelryQuote.design_id == design_id)).first() is not None


def change_unit(session: Session, user, design_id: int, unit: str) -> JewelryDesign:
    """Read the customer's design in another unit (``mm``, ``cm`` or ``inch``): its measures, warnings and
    prices follow at once; its open quotes are withdrawn and a size confirmation is dropped.

    Refuses other people's designs (not_found), unknown units, files that declare their own unit, and designs
    already ordered (409)."""
    design, analysis = get_design(session, user, design_id)
    unit = (unit or "").strip().lower()
    if unit not in UNITS:
        raise JewelryError(_("Choose the unit the design was drawn in: mm, cm or inch."), "unit")
    if not unit_changeable(analysis):
        raise JewelryError(_("This file declares its own unit, which is used. Export it again in the right unit "
                             "if its size is wrong."), "unit")
    if _ordered(session, design.id):
        raise conflict(_("This design has been ordered: its unit can no longer change."))
    if unit == design.unit:
        return design
    design.unit, design.mm_per_unit, design.size_confirmed_at = unit, UNITS[unit], None
    session.add(design)
    now = utcnow()
    session.exec(sa.update(JewelryQuote).where(JewelryQuote.design_id == design.id, JewelryQuote.valid_until > now)
                 .values(valid_until=now).execution_options(synchronize_session=False))
    session.flush()
    return design


def confirm_size(session: Session, user, design_id: int) -> JewelryDesign:
    """The customer confirms that their design's size is right although it looks implausible for jewelry; it
    can then be quoted and ordered. Refuses other people's designs (not_found) and designs whose analysis is
    not done (409)."""
    design, analysis = get_design(session, user, design_id)
    summary = summarize(design, analysis)
    if summary.status != "analysed":
        raise conflict(_("The design is still being analysed. Try again in a moment."))
    if summary.size_issue is not None and design.size_confirmed_at is None:
        design.size_confirmed_at = utcnow()
        session.add(design)
        session.flush()
    return design
