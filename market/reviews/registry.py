"""The contract between reviews and the features whose objects are reviewed.

A feature offers one :class:`SubjectAdapter` for its ``kind``; the app factory hands the list to
:func:`init_app`, so this core module never imports a feature.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from flask import Flask, current_app
from sqlmodel import Session

EXTENSION = "seoulmade.review_subjects"


@dataclass(frozen=True)
class SubjectFile:
    """What a reviewer may read of one object, already in the reader's language.

    ``organisation`` is hidden by the review service in blind mode; ``sections`` are (label, text) pairs that
    must not name the organisation themselves."""

    kind: str
    id: int
    scope_kind: str
    scope_id: int
    title: str
    organisation: str
    sections: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    scope_title: str = ""


class SubjectAdapter(Protocol):
    """One kind of reviewed object."""

    kind: str

    def scope_of(self, session: Session, subject_id: int) -> tuple[str, int]:
        """The scope (``("programme", 7)``) the object belongs to; raises the feature's 404 refusal when unknown."""
        ...

    def describe(self, session: Session, subject_id: int) -> SubjectFile:
        """What a reviewer reads."""
        ...


def init_app(app: Flask, adapters: Iterable[SubjectAdapter]) -> None:
    """Make ``adapters`` the kinds this app reviews; a kind given twice is a wiring mistake (ValueError)."""
    registry: dict[str, SubjectAdapter] = {}
    for adapter in adapters:
        if adapter.kind in registry:
            raise ValueError(f"review subject kind {adapter.kind!r} is given twice")
        registry[adapter.kind] = adapter
    app.extensions[EXTENSION] = registry


def get_adapter(kind: str) -> SubjectAdapter:
    """The adapter of ``kind``; KeyError when the app has none."""
    return current_app.extensions.get(EXTENSION, {})[kind]
