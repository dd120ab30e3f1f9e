"""State machines: one way to move an object from one status to the next.

A feature declares its machine as a table ``{(from, to): roles}`` (a role, or a set of roles, that may take the
step). :func:`apply_transition` checks the step against the table, applies it with one conditional
``UPDATE … WHERE id = :id AND status = :expected`` (so of two concurrent requests exactly one wins), records the
timeline event the caller gives, and refuses the illegal step (409), the other party's step (403) and the lost
race (409) with a :class:`~market.refusals.Refusal`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session

from i18n.times import utcnow
from market.refusals import Refusal, conflict, forbidden

Table = Mapping[tuple[Any, Any], Any]


def _roles(allowed) -> Collection:
    if isinstance(allowed, (set, frozenset, tuple, list)):
        return allowed
    return (allowed,)


def _value(status):
    return status.value if isinstance(status, enum.Enum) else status


def allowed_steps(table: Table, status, role) -> list:
    """The statuses ``role`` may move an object to from ``status``, in the table's order."""
    return [to for (frm, to), who in table.items() if _value(frm) == _value(status) and role in _roles(who)]


def check_transition(table: Table, current, to, role, *, label: Callable[[Any], str] = str) -> None:
    """Refuse a step outside ``table`` (409, ``wrong_state``) or one that is not ``role``'s (403)."""
    allowed = next((who for (frm, dst), who in table.items()
                    if _value(frm) == _value(current) and _value(dst) == _value(to)), None)
    if allowed is None:
        raise Refusal(_("This is %(status)s now, so it cannot become %(to)s.", status=label(current),
                        to=label(to)), code="wrong_state", status=409)
    if role not in _roles(allowed):
        raise forbidden(_("Only the other party can do this."))


def apply_transition(session: Session, obj, table: Table, to, *, role, expected=None, status_attr: str = "status",
                     values: Mapping[str, Any] | None = None, event=None, label: Callable[[Any], str] = str,
                     stamp: bool = True, where: Iterable = ()):
    """Move ``obj`` to ``to`` as ``role``, from the status the actor saw (``expected``, else the current one);
    returns the status it left.

    ``values`` are set in the same UPDATE; ``updated_at`` is stamped when the table has it (unless ``stamp`` is
    False); ``where`` adds conditions the row must still meet (a quote still valid today); ``event`` (a row, or
    a callable given the old status that returns one) is added only when the step applied. Refuses an illegal
    step (409), another role's step (403) and a status that changed since, or a condition no longer met (409).
    """
    current = expected if expected is not None else getattr(obj, status_attr)
    check_transition(table, current, to, role, label=label)
    model = type(obj)
    column = getattr(model, status_attr)
    updates = dict(values or {})
    updates[status_attr] = to
    if stamp and "updated_at" in model.__table__.c and "updated_at" not in updates:
        updates["updated_at"] = utcnow()
    result = session.exec(sa.update(model).where(model.id == obj.id, column == current, *where).values(**updates)
                          .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise conflict()
    if event is not None:
        session.add(event(current) if callable(event) else event)
    session.flush()
    session.refresh(obj)
    return current
