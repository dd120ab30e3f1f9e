"""Listings in several languages: one text per entity, field and locale, with where it came from and whether
it was reviewed. Pages ask for a locale and fall back to English, then Korean, and say when they did.

Entities are named by a short kind ("organization", "product", ...) and an id, so every package can store its
translatable fields here without a table of its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterable

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Field, Session, SQLModel, select

from i18n.locales import LOCALES
from i18n.times import UTCDateTime, utcnow

FALLBACK_CHAIN = ("en", "ko")
MAX_TEXT = 20_000


class TextSource(enum.StrEnum):
    """Who wrote a text: its author (the source), a human translator, or a machine."""

    author = "author"
    translator = "translator"
    machine = "machine"


class ContentTranslation(SQLModel, table=True):
    """One field of one entity in one locale."""

    __tablename__ = "content_translations"
    __table_args__ = (sa.UniqueConstraint("entity", "entity_id", "field", "locale"),
                      sa.Index("ix_content_translations_entity_entity_id", "entity", "entity_id"),
                      sa.Index("ix_content_translations_entity_updated_at", "entity", "updated_at"))

    id: int | None = Field(default=None, primary_key=True)
    entity: str = Field(max_length=40)
    entity_id: int
    field: str = Field(max_length=40)
    locale: str = Field(max_length=16)
    text: str = Field(sa_type=sa.Text)
    source: TextSource = Field(sa_type=sa.String(16), nullable=False)
    reviewed: bool = Field(default=False)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")


class ContentError(ValueError):
    """A refused translation."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclasses.dataclass(frozen=True)
class LocalizedText:
    """The text a page shows for a field, and which locale it really is in."""

    text: str
    locale: str
    requested: str
    source: str
    reviewed: bool

    @property
    def is_fallback(self) -> bool:
        """True when the requested locale had no text and another one is shown."""
        return self.locale != self.requested

    def __str__(self) -> str:
        return self.text


def set_text(session: Session, entity: str, entity_id: int, field: str, locale: str, text: str,
             source: TextSource | str = TextSource.translator, reviewed: bool = False,
             user_id: int | None = None) -> ContentTranslation | None:
    """Store (or replace) a field's text in ``locale``; an empty text removes that translation."""
    if locale not in LOCALES:
        raise ContentError(_("Unknown language."), "locale")
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise ContentError(_("The text is too long (at most %(n)d characters).", n=MAX_TEXT), field)
    row = session.exec(select(ContentTranslation).where(
        ContentTranslation.entity == entity, ContentTranslation.entity_id == entity_id,
        ContentTranslation.field == field, ContentTranslation.locale == locale)).first()
    if not text:
        if row is not None:
            session.delete(row)
            session.flush()
        return None
    if row is None:
        row = ContentTranslation(entity=entity, entity_id=entity_id, field=field, locale=locale, text=text,
                                 source=TextSource(source), reviewed=reviewed, updated_by_id=user_id)
    else:
        row.text, row.source, row.reviewed = text, TextSource(source), reviewed
        row.updated_at, row.updated_by_id = utcnow(), user_id
    session.add(row)
    session.flush()
    return row


def load_texts(session: Session, entity: str, entity_ids: Iterable[int]
               ) -> dict[int, dict[str, dict[str, ContentTranslation]]]:
    """All texts of these entities: ``{entity_id: {field: {locale: row}}}`` in one query."""
    ids = list(entity_ids)
    result: dict[int, dict[str, dict[str, ContentTranslation]]] = {i: {} for i in ids}
    if not ids:
        return result
    rows = session.exec(select(ContentTranslation).where(ContentTranslation.entity == entity,
                                                         ContentTranslation.entity_id.in_(ids)))
    for row in rows:
        result[row.entity_id].setdefault(row.field, {})[row.locale] = row
    return result


def resolve_many(session: Session, entity: str, entity_ids: Iterable[int | None], field: str, locale: str
                 ) -> dict[int, LocalizedText]:
    """One field of many entities in ``locale`` (with fallback), by id, in one query; ids without it are left out."""
    ids = sorted({i for i in entity_ids if i is not None})
    texts = load_texts(session, entity, ids)
    found = {i: resolve(texts[i].get(field, {}), locale) for i in ids}
    return {i: text for i, text in found.items() if text is not None}


def resolve(texts: dict[str, ContentTranslation], locale: str) -> LocalizedText | None:
    """The text for ``locale`` from one field's texts, falling back to English then Korean (then any)."""
    for candidate in (locale, *FALLBACK_CHAIN, *sorted(texts)):
        row = texts.get(candidate)
        if row is not None:
            return LocalizedText(row.text, candidate, locale, row.source, row.reviewed)
    return None


def localize(session: Session, entity: str, entity_id: int, fields: Iterable[str], locale: str
             ) -> dict[str, LocalizedText | None]:
    """Each field of one entity resolved for ``locale``."""
    texts = load_texts(session, entity, [entity_id])[entity_id]
    return {f: resolve(texts.get(f, {}), locale) for f in fields}


@dataclasses.dataclass(frozen=True)
class Completeness:
    """How much of an entity is written in each locale."""

    fields: tuple[str, ...]
    present: dict[str, tuple[str, ...]]
    reviewed: dict[str, tuple[str, ...]]

    def percent(self, locale: str) -> int:
        """Share of fields that have text in ``locale``, 0–100."""
        return round(100 * len(self.present.get(locale, ())) / len(self.fields)) if self.fields else 100

    def missing(self, locale: str) -> tuple[str, ...]:
        """Fields without text in ``locale``."""
        return tuple(f for f in self.fields if f not in self.present.get(locale, ()))


def completeness(texts: dict[str, dict[str, ContentTranslation]], fields: Iterable[str]) -> Completeness:
    """Which fields exist (and are reviewed) per locale, from :func:`load_texts` output for one entity."""
    fields = tuple(fields)
    present = {loc: tuple(f for f in fields if loc in texts.get(f, {})) for loc in LOCALES}
    reviewed = {loc: tuple(f for f in fields if loc in texts.get(f, {}) and texts[f][loc].reviewed)
                for loc in LOCALES}
    return Completeness(fields, present, reviewed)
