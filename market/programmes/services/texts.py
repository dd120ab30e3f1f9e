"""Programme (and training course) texts in the five languages, through the translatable content of
:mod:`i18n.content`: the English and Korean texts stay in the row's own per-locale columns (the sources every
page, mail and ledger entry falls back to), Japanese, Chinese and Vietnamese ones are content rows of the
entity (``programme``, ``training_course``) — written by staff, so marked reviewed.

Readers get one dict per field, ``{locale: text}``, merging both (:func:`shown`), and keep using
:func:`market.programmes.labels.text` / ``text_html`` on it, so a text missing in the page's language falls back
to English, then Korean, marked with its language as before. A page reads an entity kind's rows once per
request.
"""

from __future__ import annotations

from flask import g, has_app_context
from sqlmodel import Session, select

from i18n import content
from i18n.locales import LOCALES
from market.db import get_session
from market.programmes.models import Programme

PROGRAMME = "programme"
PROGRAMME_FIELDS = ("title", "summary", "target", "benefit")
COLUMN_LOCALES = ("en", "ko")


class Texts(dict):
    """An entity's texts by field (``t.title`` or ``t["title"]``), each ``{locale: text}``."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _rows(session: Session, entity: str) -> dict[int, dict[str, dict[str, str]]]:
    rows = session.exec(select(content.ContentTranslation.entity_id, content.ContentTranslation.field,
                               content.ContentTranslation.locale, content.ContentTranslation.text)
                        .where(content.ContentTranslation.entity == entity)).all()
    found: dict[int, dict[str, dict[str, str]]] = {}
    for entity_id, field, locale, text in rows:
        found.setdefault(entity_id, {}).setdefault(field, {})[locale] = text
    return found


def _translations(session: Session | None, entity: str, entity_id: int) -> dict[str, dict[str, str]]:
    # In a request every entity of the kind is read once; jobs and the CLI read the one entity.
    if session is None and has_app_context():
        cache = g.setdefault("content_texts", {})
        if entity not in cache:
            cache[entity] = _rows(get_session(), entity)
        return cache[entity].get(entity_id, {})
    session = session or get_session()
    texts = content.load_texts(session, entity, [entity_id])[entity_id]
    return {field: {loc: row.text for loc, row in by_locale.items()} for field, by_locale in texts.items()}


def forget(entity: str) -> None:
    """Drop the request's copy of an entity kind's texts (after saving them)."""
    if has_app_context():
        g.setdefault("content_texts", {}).pop(entity, None)


def shown(entity: str, obj, fields, session: Session | None = None, *, every_locale: bool = False) -> Texts:
    """Each field of ``obj`` as ``{locale: text}``: its columns' texts with the content rows over them (the
    columns hold English and Korean; older rows may hold more, which a content row replaces)."""
    translations = _translations(session, entity, obj.id) if obj.id is not None else {}
    merged = Texts()
    for field in fields:
        value = {k: v for k, v in (getattr(obj, field) or {}).items() if v}
        value.update({k: v for k, v in translations.get(field, {}).items() if v})
        if every_locale:
            value = {loc: value.get(loc, "") for loc in LOCALES}
        merged[field] = value
    return merged


def save_texts(session: Session, entity: str, obj, fields, values: dict, *, user_id: int | None = None) -> None:
    """Store ``values`` (``{field: {locale: text}}``): English and Korean in the row's columns, the other
    languages as reviewed content rows (an empty text removes one). Lengths are checked by the caller."""
    for field in fields:
        given = values.get(field, {})
        setattr(obj, field, {loc: given[loc].strip() for loc in COLUMN_LOCALES if (given.get(loc) or "").strip()})
        for locale in LOCALES:
            if locale in COLUMN_LOCALES:
                continue
            content.set_text(session, entity, obj.id, field, locale, given.get(locale) or "",
                             source=content.TextSource.translator, reviewed=True, user_id=user_id)
    session.add(obj)
    session.flush()
    forget(entity)


def programme_texts(session: Session | None, programme: Programme, *, every_locale: bool = False) -> Texts:
    """A programme's title, summary, target group and benefit, each ``{locale: text}``."""
    return shown(PROGRAMME, programme, PROGRAMME_FIELDS, session, every_locale=every_locale)


def save_programme_texts(session: Session, programme: Programme, values: dict, *, user_id: int | None = None
                         ) -> None:
    """Store a programme's texts in every language (see :func:`save_texts`)."""
    save_texts(session, PROGRAMME, programme, PROGRAMME_FIELDS, values, user_id=user_id)
