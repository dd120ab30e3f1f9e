"""The texts people write on profiles and listings, kept as translatable content (:mod:`i18n.content`) per
entity, field and language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlmodel import Session, select

from i18n import content


def store_texts(session: Session, entity: str, entity_id: int, source_lang: str,
                texts: Mapping[str, Mapping[str, str]], user_id: int | None) -> None:
    """Set the texts ``{lang: {field: text}}`` of an entity: the author's language as the author's (reviewed),
    the others as translations."""
    for lang, values in texts.items():
        source = content.TextSource.author if lang == source_lang else content.TextSource.translator
        for name, text in values.items():
            content.set_text(session, entity, entity_id, name, lang, text, source,
                             reviewed=source == content.TextSource.author, user_id=user_id)


def add_new_texts(session: Session, entity: str, entity_id: int, source_lang: str,
                  texts: Mapping[str, Mapping[str, str]]) -> None:
    """Add the texts of a new entity without looking for existing rows (bulk loads: demo and import)."""
    for lang, values in texts.items():
        source = content.TextSource.author if lang == source_lang else content.TextSource.translator
        for name, text in values.items():
            if text and text.strip():
                session.add(content.ContentTranslation(entity=entity, entity_id=entity_id, field=name, locale=lang,
                                                       text=text.strip(), source=source,
                                                       reviewed=source == content.TextSource.author))


def entity_texts(session: Session, entity: str, ids: Iterable[int]) -> dict[int, dict[str, dict[str, str]]]:
    """``{id: {lang: {field: text}}}`` of these entities (chunked, for any number of ids)."""
    ids = list(ids)
    result: dict[int, dict[str, dict[str, str]]] = {i: {} for i in ids}
    for start in range(0, len(ids), 500):
        for entity_id, by_field in content.load_texts(session, entity, ids[start:start + 500]).items():
            for name, by_lang in by_field.items():
                for lang, row in by_lang.items():
                    result[entity_id].setdefault(lang, {})[name] = row.text
    return result


def all_entity_texts(session: Session, entity: str) -> dict[int, dict[str, dict[str, str]]]:
    """``{id: {lang: {field: text}}}`` of every entity of this kind (one query, for loading the whole index)."""
    result: dict[int, dict[str, dict[str, str]]] = {}
    rows = session.exec(select(content.ContentTranslation.entity_id, content.ContentTranslation.field,
                               content.ContentTranslation.locale, content.ContentTranslation.text)
                        .where(content.ContentTranslation.entity == entity))
    for entity_id, name, lang, text in rows:
        result.setdefault(entity_id, {}).setdefault(lang, {})[name] = text
    return result


def resolve_text(texts: Mapping[str, Mapping[str, str]], name: str, locale: str) -> tuple[str, str] | None:
    """``(text, locale it is in)`` of one field for ``locale``, falling back to English, Korean, then any."""
    for candidate in (locale, *content.FALLBACK_CHAIN, *sorted(texts)):
        text = (texts.get(candidate) or {}).get(name)
        if text:
            return text, candidate
    return None

