"""Numbers that run in sequence without gaps, per name and year — invoice numbers, certificate numbers, award
numbers: one table and one way to take the next one, for every feature that numbers its documents.

:func:`next_in_sequence` creates the year's row if missing (``INSERT … ON CONFLICT DO NOTHING``, so the first two
numbers of a year do not collide) and increments it with one atomic ``UPDATE … RETURNING``: its row lock makes a
concurrent caller wait and take the number after ours, and a rolled-back transaction gives its number back.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field, Session, SQLModel


class Sequence(SQLModel, table=True):
    """The last number given in a sequence (``name``) for a year."""

    __tablename__ = "sequences"

    name: str = Field(primary_key=True, max_length=40)
    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last: int = Field(default=0)


def next_in_sequence(session: Session, name: str, year: int) -> int:
    """Take the next number of sequence ``name`` in ``year`` (1 for the first)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.exec(insert(Sequence).values(name=name, year=year, last=0)
                 .on_conflict_do_nothing(index_elements=["name", "year"]))
    return session.exec(
        sa.update(Sequence).where(Sequence.name == name, Sequence.year == year)
        .values(last=Sequence.last + 1).returning(Sequence.last)
        .execution_options(synchronize_session=False)).scalar_one()
