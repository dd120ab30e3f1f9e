"""Public verification of credentials: one ``/verify/<code>`` address for every certificate the platform issues.

The co-brand certificates answer there first; every other feature that issues a credential (training
certificates, master-craftsman awards, competition prizes) gives the factory a *verifier* — a function
``(session, code) -> Credential | None`` — and :func:`find_credential` asks each in turn. A feature chooses a code
prefix of its own (``TRN-…``, ``MST-…``) so that two verifiers never claim the same code. A verifier returns a
revoked or expired credential as such (never None), so the public page says "revoked" instead of "unknown".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from flask import Flask, current_app
from sqlmodel import Session


@dataclasses.dataclass(frozen=True)
class Credential:
    """What the public verify page shows of one credential, already in the reader's language."""

    code: str
    kind: str                 # what sort of credential, e.g. "Training certificate"
    title: str                # what it certifies, e.g. "Leather shoe pattern making, level 2"
    holder: str               # the person or organisation it was issued to
    issuer: str               # who issued it
    status: str               # "valid", "expired" or "revoked"
    issued_on: dt.date
    expires_on: dt.date | None = None
    revoked_on: dt.date | None = None
    reason: str | None = None  # why it was revoked, when it was
    facts: tuple[tuple[str, str], ...] = ()  # further (label, value) lines
    link: str | None = None   # the holder's public page, when there is one


Verifier = Callable[[Session, str], "Credential | None"]


def init_app(app: Flask) -> None:
    """Give the app an empty list of verifiers; the factory registers each feature's."""
    app.extensions["verifiers"] = []


def register_verifier(app: Flask, verifier: Verifier) -> None:
    """Add a feature's verifier; they are asked in the order registered."""
    app.extensions.setdefault("verifiers", []).append(verifier)


def normalize_code(code: str) -> str:
    """Codes are matched without surrounding spaces and in upper case."""
    return (code or "").strip().upper()[:40]


def find_credential(session: Session, code: str) -> Credential | None:
    """The credential with this code from whichever feature issued it, or None when no verifier knows it."""
    code = normalize_code(code)
    if not code:
        return None
    for verifier in current_app.extensions.get("verifiers", []):
        found = verifier(session, code)
        if found is not None:
            return found
    return None
