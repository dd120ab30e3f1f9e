"""Checks of user input shared by forms, the API and the importer: each returns the clean value or refuses with
a :class:`~matching.errors.MatchingError` naming the field."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from flask_babel import gettext as _

from matching.documents import KINDS, LICENSE_TERMS
from matching.errors import MatchingError

MAX_TITLE = 200
MAX_TEXT = 5000
MAX_QUESTIONS = 10
MAX_QUESTION = 500
MAX_TAGS = 40
IPC_RE = re.compile(r"^[A-H][0-9]{2}[A-Z](?:\s?[0-9]{1,4}/[0-9]{1,6})?$")
REGION_RE = re.compile(r"^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$")


def parse_kinds(values: Iterable[str] | None) -> tuple[str, ...]:
    """Organisation kinds from user input; refuses unknown kinds (``invalid``, field ``kinds``)."""
    kinds = tuple(dict.fromkeys(v.strip() for v in (values or ()) if v and v.strip()))
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise MatchingError(_("Unknown kind: %(kinds)s. Choose from: %(known)s.", kinds=", ".join(unknown),
                              known=", ".join(KINDS)), "kinds")
    return kinds


MAX_VOCABULARY_EACH = 30  # ids, and free texts, per vocabulary field
MAX_VOCABULARY_TEXT = 80


def clean_vocabulary(name: str, codes: Iterable[str] | None, others: Iterable[str] | None) -> list[str]:
    """A vocabulary field's values to store (``capabilities``, ``equipment``): ids, then free texts (a name of an
    id becomes the id). Refuses an unknown id, a blank or overlong text and too many values, on the field."""
    from i18n.vocabularies import VocabularyError, compose_values

    try:
        return compose_values(name, codes, others, max_other=MAX_VOCABULARY_TEXT, max_each=MAX_VOCABULARY_EACH)
    except VocabularyError as exc:
        raise MatchingError(str(exc), name) from exc


def clean_tags(values: Iterable[str] | None) -> list[str]:
    """Glossary concept ids from ids or names in any language; refuses what the glossary does not know."""
    from i18n.glossary import load_glossary

    glossary = load_glossary()
    tags: list[str] = []
    for raw in values or ():
        value = (raw or "").strip()
        if not value:
            continue
        term = glossary.get(value)
        if term is None:
            folded = value.casefold()
            term = next((t for t in glossary.search(value, limit=5)
                         if any(f.casefold() == folded for lang in t.names for f in t.forms(lang))), None)
        if term is None:
            raise MatchingError(_("Unknown tag “%(tag)s”: choose a term of the glossary.", tag=value), "tags")
        if term.id not in tags:
            tags.append(term.id)
    if len(tags) > MAX_TAGS:
        raise MatchingError(_("Choose at most %(n)d tags.", n=MAX_TAGS), "tags")
    return tags


def clean_region(value: str | None) -> str | None:
    """A country code or a subdivision code such as KR-11, upper-cased; empty gives None."""
    value = (value or "").strip().upper()
    if not value:
        return None
    if not REGION_RE.match(value):
        raise MatchingError(_("Enter a region as a country code or a subdivision code such as KR-11."), "region")
    return value


def clean_ipc(values: Iterable[str] | None) -> list[str]:
    """IPC/CPC codes such as "B23Q 17/09" or "C22C"; refuses malformed codes."""
    codes: list[str] = []
    for raw in values or ():
        code = " ".join((raw or "").upper().split())
        if not code:
            continue
        if not IPC_RE.match(code):
            raise MatchingError(_("“%(code)s” is not an IPC/CPC code such as B23Q 17/09.", code=raw.strip()), "ipc")
        if code not in codes:
            codes.append(code)
    if len(codes) > 20:
        raise MatchingError(_("List at most %(n)d IPC/CPC codes.", n=20), "ipc")
    return codes


def clean_trl(value) -> int | None:
    """A technology readiness level 1–9, or None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        trl = int(str(value).strip())
    except ValueError:
        trl = 0
    if not 1 <= trl <= 9:
        raise MatchingError(_("The technology readiness level is a whole number from 1 to 9."), "trl")
    return trl


def clean_license_terms(values: Iterable[str] | None) -> list[str]:
    """A subset of license, joint_development, sale."""
    terms = list(dict.fromkeys((v or "").strip() for v in values or () if (v or "").strip()))
    unknown = [t for t in terms if t not in LICENSE_TERMS]
    if unknown:
        raise MatchingError(_("Unknown terms: %(terms)s. Choose from: %(known)s.", terms=", ".join(unknown),
                              known=", ".join(LICENSE_TERMS)), "license_terms")
    return terms


def clean_questions(values: Iterable[str] | None) -> list[str]:
    """The holder's qualification questions: at most 10, each at most 500 characters."""
    questions = [" ".join((q or "").split()) for q in values or ()]
    questions = [q for q in questions if q]
    if len(questions) > MAX_QUESTIONS:
        raise MatchingError(_("Ask at most %(n)d questions.", n=MAX_QUESTIONS), "questions")
    if any(len(q) > MAX_QUESTION for q in questions):
        raise MatchingError(_("Keep each question under %(n)d characters.", n=MAX_QUESTION), "questions")
    return questions


def clean_lang(value: str | None, field: str = "lang") -> str:
    """One of the site's languages."""
    from i18n.locales import LOCALES

    if value not in LOCALES:
        raise MatchingError(_("Unknown language."), field)
    return value


def _clean_text(value: str | None, field: str, limit: int) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise MatchingError(_("The text is too long (at most %(n)d characters).", n=limit), field)
    return text


def clean_texts(texts: Mapping[str, Mapping[str, str | None]] | None, fields: tuple[str, ...]
                ) -> dict[str, dict[str, str]]:
    """``{lang: {field: text}}`` with known languages and fields, trimmed and length-checked."""
    cleaned: dict[str, dict[str, str]] = {}
    for lang, values in (texts or {}).items():
        clean_lang(lang, "texts")
        row = {}
        for name, value in (values or {}).items():
            if name not in fields:
                raise MatchingError(_("Unknown field."), name)
            row[name] = _clean_text(value, name, MAX_TITLE if "title" in name else MAX_TEXT)
        cleaned[lang] = row
    return cleaned

