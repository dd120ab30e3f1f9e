"""Seoul's manufacturing clusters (Seongsu, Jongno, Mullae, ...): the table every organisation points at, its
queries and names in the visitor's language. What a cluster page shows is the catalog's (``catalog.clusters``)."""

from __future__ import annotations

import functools
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


CLUSTER_TEXT_FIELDS = ("name", "borough", "summary")


def cluster_text(cluster: Cluster, field: str, locale: str) -> LocalizedText | None:
    """The cluster's ``field`` (name, borough or summary) in ``locale``.

    English and Korean come from the table's columns, the other languages from the reference data
    (``clusters.json``, written in all five languages); when ``locale`` has no text, the English (then the
    Korean) one is returned, its ``locale`` telling pages to mark its language.
    """
    if field not in CLUSTER_TEXT_FIELDS:
        raise ValueError(f"unknown cluster text field {field!r}")
    reference = _reference_by_code().get(cluster.code, {})
    stored = {"en": getattr(cluster, f"{field}_en", "") or "", "ko": getattr(cluster, f"{field}_ko", "") or ""}
    for candidate in (locale, "en", "ko"):
        text = (stored.get(candidate) or reference.get(f"{field}_{candidate}") or "").strip()
        if text:
            return LocalizedText(text, candidate, locale, "author", True)
    return None


def cluster_specialties(cluster: Cluster, locale: str) -> list[LocalizedText]:
    """The cluster's specialties in ``locale``: English as stored in the table, the other languages from the
    reference data; else the English ones (their ``locale`` marks them)."""
    reference = _reference_by_code().get(cluster.code, {})
    names = [] if locale == "en" else reference.get(f"specialties_{locale}") or []
    if names:
        return [LocalizedText(name, locale, locale, "author", True) for name in names]
    english = cluster.specialties or reference.get("specialties_en") or []
    return [LocalizedText(name, "en", locale, "author", True) for name in english]


def district_name(district: str, locale: str) -> LocalizedText:
    """A neighbourhood (dong) of a cluster in ``locale``: in Hangul on Korean pages, else romanised (its
    ``locale`` is then ``ko-Latn``: Korean written in Latin letters)."""
    if locale == "ko" and district in _districts_ko():
        return LocalizedText(_districts_ko()[district], "ko", locale, "author", True)
    return LocalizedText(district, "ko-Latn", locale, "author", True)


def cluster_name_by_code(code: str | None, locale: str) -> str:
    """The name in ``locale`` of the reference cluster with ``code`` (for pages that hold only the code); the
    code itself for a cluster that is not reference data."""
    reference = _reference_by_code().get(code or "", {})
    return reference.get(f"name_{locale}") or reference.get("name_en") or (code or "")


def cluster_name(cluster: Cluster, locale: str) -> str:
    """The cluster's name in ``locale`` (the romanised English name when it has none)."""
    text = cluster_text(cluster, "name", locale)
    return text.text if text else cluster.code


def cluster_borough(cluster: Cluster, locale: str) -> str:
    """The cluster's borough (gu) in ``locale``, like :func:`cluster_name`."""
    text = cluster_text(cluster, "borough", locale)
    return text.text if text else ""


def cluster_summary(cluster: Cluster, locale: str) -> LocalizedText | None:
    """The cluster's history in ``locale``, or a marked fallback in English (else Korean)."""
    return cluster_text(cluster, "summary", locale)


REFERENCE_FILE = Path(__file__).with_name("clusters.json")


def reference_clusters() -> list[dict]:
    """Seoul's ten manufacturing clusters with their names, districts, stories and specialties: reference data
    that the migrations put in every database (and the demo builds on)."""
    return json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))


@functools.cache
def _reference_by_code() -> dict[str, dict]:
    return {c["code"]: c for c in reference_clusters()}


@functools.cache
def _districts_ko() -> dict[str, str]:
    return {romanised: hangul for c in reference_clusters()
            for romanised, hangul in zip(c["districts"], c.get("districts_ko", []), strict=False)}


def reference_cluster_codes() -> list[str]:
    """The codes of the reference clusters (what the API documents as the known cluster codes)."""
    return [c["code"] for c in reference_clusters()]


def cluster_row(data: dict) -> dict:
    """The ``clusters`` columns of one reference cluster."""
    return {"code": data["code"], "name_en": data["name_en"], "name_ko": data["name_ko"],
            "borough_en": data["borough_en"], "borough_ko": data["borough_ko"], "industry": data["industry"],
            "districts": data["districts"], "summary_en": data["summary_en"], "summary_ko": data["summary_ko"],
            "specialties": data["specialties_en"]}
