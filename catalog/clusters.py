"""Seoul's manufacturing clusters (Seongsu, Jongno, Mullae, ...): the table and its queries."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field, Session, SQLModel, select


class Cluster(SQLModel, table=True):
    """A neighbourhood where one trade gathers, e.g. Seongsu-dong's handmade shoes."""

    __tablename__ = "clusters"

    code: str = Field(primary_key=True, max_length=40)
    name_en: str = Field(max_length=120)
    name_ko: str = Field(max_length=120)
    borough_en: str = Field(max_length=120)
    borough_ko: str = Field(max_length=120)
    industry: str = Field(max_length=40)
    districts: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    summary_en: str = Field(default="", sa_type=sa.Text)
    summary_ko: str = Field(default="", sa_type=sa.Text)
    specialties: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)


def list_clusters(session: Session) -> list[Cluster]:
    """All clusters, by English name."""
    return list(session.exec(select(Cluster).order_by(Cluster.name_en)))


def get_cluster(session: Session, code: str) -> Cluster | None:
    """The cluster with ``code``, or None."""
    return session.get(Cluster, code)
