"""Facility and machine names and descriptions in the five languages, through the translatable content of
:mod:`i18n.content` (entities ``centre_facility`` and ``centre_equipment``): the English and Korean names stay in
their columns (the sources every page and mail falls back to), Japanese, Chinese and Vietnamese names and every
description are content rows. Pages read a locale's names once per request (:func:`translated_name`)."""

from __future__ import annotations

from flask import g
from flask_babel import gettext as _
from sqlmodel import Session, select

from i18n import content
from i18n.locales import LOCALES
from market.centres.models import Equipment, Facility
from market.centres.services.access import require_staff
from market.db import get_session
from market.refusals import Refusal, not_found

FACILITY = "centre_facility"
EQUIPMENT = "centre_equipment"
FIELDS = ("name", "description")
COLUMN_LOCALES = {"en": "name", "ko": "name_ko"}  # names kept in the row's own columns
MAX_NAME = 160
MAX_DESCRIPTION = 4000


def translated_name(entity: str, entity_id: int | None, locale: str) -> str | None:
    """The stored name of an entity in ``locale`` (Japanese, Chinese, Vietnamese), read for every entity of the
    kind in one query per request and locale; None when there is none."""
    if entity_id is None or locale in COLUMN_LOCALES:
        return None
    cache = g.setdefault("centre_names", {})
    key = (entity, locale)
    if key not in cache:
        rows = get_session().exec(select(content.ContentTranslation.entity_id, content.ContentTranslation.text).where(
            content.ContentTranslation.entity == entity, content.ContentTranslation.field == "name",
            content.ContentTranslation.locale == locale)).all()
        cache[key] = dict(rows)
    return cache[key].get(entity_id)


def description(session: Session, entity: str, entity_id: int, locale: str) -> content.LocalizedText | None:
    """The description in ``locale``, or in the language it falls back to (marked as such)."""
    return content.localize(session, entity, entity_id, ["description"], locale)["description"]


def _target(session: Session, entity: str, entity_id: int) -> tuple[Facility | Equipment, Facility]:
    if entity == FACILITY:
        facility = session.get(Facility, entity_id)
        if facility is None:
            raise not_found(_("There is no such centre."))
        return facility, facility
    equipment = session.get(Equipment, entity_id)
    if equipment is None:
        raise not_found(_("There is no such machine."))
    return equipment, session.get(Facility, equipment.facility_id)


def current_texts(session: Session, entity: str, entity_id: int) -> dict[str, str]:
    """The form's values: ``name_<locale>`` and ``description_<locale>`` for every locale."""
    target, _facility = _target(session, entity, entity_id)
    stored = content.load_texts(session, entity, [entity_id])[entity_id]
    values = {}
    for locale in LOCALES:
        for field in FIELDS:
            row = stored.get(field, {}).get(locale)
            values[f"{field}_{locale}"] = row.text if row else ""
        if locale in COLUMN_LOCALES:
            values[f"name_{locale}"] = getattr(target, COLUMN_LOCALES[locale]) or ""
    return values


def save_texts(session: Session, staff, entity: str, entity_id: int, values: dict[str, str]) -> None:
    """Save a facility's or machine's names and descriptions in every locale (its facility's staff): English and
    Korean names in their columns, the rest as reviewed translations; an empty text removes one. Refuses
    non-staff (403), an empty English name and texts over their length (422 on the field)."""
    if entity not in (FACILITY, EQUIPMENT):
        raise not_found()
    target, facility = _target(session, entity, entity_id)
    require_staff(session, staff, facility)
    cleaned = {key: (values.get(key) or "").strip() for key in (f"{f}_{loc}" for loc in LOCALES for f in FIELDS)}
    if not cleaned["name_en"]:
        raise Refusal(_("Give the name in English."), field="name_en")
    for key, text in cleaned.items():
        limit = MAX_NAME if key.startswith("name_") else MAX_DESCRIPTION
        if len(text) > limit:
            raise Refusal(_("Keep it under %(n)d characters.", n=limit), field=key)
    for locale in LOCALES:
        for field in FIELDS:
            text = cleaned[f"{field}_{locale}"]
            if field == "name" and locale in COLUMN_LOCALES:
                setattr(target, COLUMN_LOCALES[locale], text)
                continue
            content.set_text(session, entity, entity_id, field, locale, text, source=content.TextSource.translator,
                             reviewed=True, user_id=staff.id)
    session.add(target)
    session.flush()
