"""Seoul's manufacturing clusters (Seongsu, Jongno, Mullae, ...): the table every organisation points at, its
queries and names in the visitor's language. What a cluster page shows is the catalog's (``catalog.clusters``)."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlmodel import Field, Session, SQLModel, select

from i18n.content import LocalizedText

INDUSTRY_LABELS = {
    "shoes_leather": _l("Handmade shoes and leather goods"),
    "jewelry": _l("Jewelry"),
    "machine_metal": _l("Machining and metalwork"),
    "printing": _l("Printing and bookbinding"),
    "sewing": _l("Sewing and knitwear"),
    "electronics": _l("Electronics"),
}


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


def industry_name(code: str) -> str:
    """What a cluster's industry is called in the current locale."""
    return str(INDUSTRY_LABELS.get(code, code))


def cluster_name(cluster: Cluster, locale: str) -> str:
    """The cluster's name for ``locale``: Korean for Korean pages, the romanised name otherwise."""
    return cluster.name_ko if locale == "ko" and cluster.name_ko else cluster.name_en


def cluster_borough(cluster: Cluster, locale: str) -> str:
    """The cluster's borough (gu) for ``locale``, like :func:`cluster_name`."""
    return cluster.borough_ko if locale == "ko" and cluster.borough_ko else cluster.borough_en


def cluster_summary(cluster: Cluster, locale: str) -> LocalizedText | None:
    """The cluster's history for ``locale``: the Korean text for Korean pages, the English one otherwise (a
    marked fallback for the other languages, and for Korean when only English is written)."""
    texts = {"ko": cluster.summary_ko.strip(), "en": cluster.summary_en.strip()}
    for candidate in (locale, "en", "ko"):
        if texts.get(candidate):
            return LocalizedText(texts[candidate], candidate, locale, "author", True)
    return None


REFERENCE_FILE = Path(__file__).with_name("clusters.json")


def reference_clusters() -> list[dict]:
    """Seoul's ten manufacturing clusters with their names, districts, stories and specialties: reference data
    that the migrations put in every database (and the demo builds on)."""
    return json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))


def cluster_row(data: dict) -> dict:
    """The ``clusters`` columns of one reference cluster."""
    return {"code": data["code"], "name_en": data["name_en"], "name_ko": data["name_ko"],
            "borough_en": data["borough_en"], "borough_ko": data["borough_ko"], "industry": data["industry"],
            "districts": data["districts"], "summary_en": data["summary_en"], "summary_ko": data["summary_ko"],
            "specialties": data["specialties_en"]}
