"""Trainings that qualify users for machines, as data: the safety training (중대재해 안전교육) every machine
requires, and the machine trainings some require; each lapses after its days without use (as NEMO's do)."""

from __future__ import annotations

import dataclasses

from flask_babel import lazy_gettext as _l

SAFETY = "safety"


@dataclasses.dataclass(frozen=True)
class Training:
    """A training: its code, name and the days without use after which the qualification lapses."""

    code: str
    name: object
    lapse_days: int


TRAININGS: dict[str, Training] = {t.code: t for t in (
    Training(SAFETY, _l("Workplace safety training (Serious Accidents Act)"), 365),
    Training("cnc", _l("CNC machining training"), 180),
    Training("laser", _l("Laser cutter training"), 180),
    Training("casting", _l("Casting training"), 180),
    Training("sewing", _l("Automated sewing training"), 180),
)}


def required_trainings(equipment) -> list[str]:
    """The trainings a user needs for ``equipment``: always safety, then the machine's own."""
    codes = [SAFETY]
    if equipment.required_training and equipment.required_training != SAFETY:
        codes.append(equipment.required_training)
    return codes


def training_name(code: str) -> str:
    """A training's name in the current language."""
    training = TRAININGS.get(code)
    return str(training.name) if training else code
