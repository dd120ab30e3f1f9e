"""The "Translate" piece for texts one party writes to the other: what the ``party_text`` and ``phrasebook``
macros (``templates/_macros/translate.html``) need on every page, the page endpoint that asks the machine
translation provider for a text and keeps the answer, and the API's ``POST /api/v1/translate`` and
``GET /api/v1/vocabularies/<name>``.

A page may only have translated what it showed: the macro signs the text's hash for the reader
(``token``), and the endpoint refuses a text whose hash and reader do not match a valid token. A translation is
kept by content hash (:mod:`i18n.machine`), so it is found only by someone who can show the original.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

import pydantic
from flask import Blueprint, current_app, flash, jsonify, redirect, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from itsdangerous import BadSignature, URLSafeTimedSerializer
from markupsafe import Markup

from i18n import machine, vocabularies
from i18n.glossary import guess_lang, load_glossary
from i18n.locales import LOCALES, current_locale, hreflang, language_name
from i18n.party import PartyText, read_party_text
from i18n.phrasebook import GROUPS, Phrase, load_phrasebook
from i18n.providers import TranslationUnavailable, get_provider
from market.api import LangQuery, Routes
from market.db import get_session
from market.errors import ApiError, error_envelope
from market.security import limiter

bp = Blueprint("market_translation", __name__, url_prefix="/<locale:lang>/translate")
routes = Routes()
TOKEN_MAX_AGE = 7 * 24 * 3600  # a page left open for a week can still ask
MAX_API_TEXT = 5000  # characters of one text sent to the API: the longest message a party can write


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="party-text")


def _reader_id() -> int:
    return current_user.id if current_user.is_authenticated else 0


@bp.app_template_global("read_party_text")
def party_text_for_page(text: str | None) -> PartyText | None:
    """The party's text as the current reader sees it (None for an empty text)."""
    if not text or not text.strip():
        return None
    return read_party_text(get_session(), get_provider(), text, current_locale())


@bp.app_template_global("party_text_token")
def party_text_token(text: str) -> str:
    """A signed token that lets the current reader ask for the translation of exactly ``text``."""
    return _serializer().dumps([machine.content_hash(text), _reader_id()])


@bp.app_template_global("phrasebook_phrases")
def phrasebook_phrases(groups) -> list[tuple[Phrase, str]]:
    """The phrases a writer may insert, for the given groups (``rfq``, ``quote``, ``order``, ``message``), each
    with its text in the page's language."""
    locale = current_locale()
    return [(p, p.text(locale)) for p in load_phrasebook().group(*[g for g in groups if g in GROUPS])]


@bp.app_template_filter("vocab_label")
def vocab_label(value: str | None, name: str) -> Markup:
    """A structured field's stored value in the page's language (``"FOB" | vocab_label("incoterms")``); a
    free-text "other" value as written, inside ``<span lang="...">`` when it is in another language."""
    if not value:
        return Markup("")
    text, lang = vocabularies.label(name, str(value), current_locale())
    if lang is None:
        return Markup("{}").format(text)
    return Markup('<span class="as-written" lang="{}" title="{}">{}</span>').format(
        hreflang(lang), _("In %(language)s, as the writer wrote it.", language=language_name(lang)), text)


@bp.app_template_global("vocab_other_languages")
def vocab_other_languages(*fields) -> str:
    """The names of the languages, other than the page's, that the "other" values of the given ``(vocabulary,
    values)`` pairs are written in, joined for a sentence ("" when every value is shown in the page's
    language)."""
    return ", ".join(language_name(lang) for lang in vocabularies.foreign_other_languages(fields, current_locale()))


@bp.app_template_filter("lead_time")
def lead_time_filter(days: int | None) -> str:
    """A lead time stored in days, in the page's language (``21 | lead_time`` → "3 weeks")."""
    return vocabularies.lead_time_text(days)


@bp.app_template_global("translate_return_to")
def translate_return_to() -> str:
    """The current page's path and query, for the form to come back to."""
    return request.full_path.rstrip("?")


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _back() -> str:
    """Where the form came from (a path on this site only), else the home page."""
    target = request.form.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.scheme and not parts.netloc:
        return target
    return f"/{current_locale().replace('_', '-').lower()}/"


def _refuse(status: int, code: str, message: str):
    if _wants_json():
        return error_envelope(status, code, message)
    flash(message, "error")
    return redirect(_back())


@bp.post("/")
@login_required
@limiter.limit("60 per minute")
def translate():
    """Translate one text the page showed into the page's language (kept for the next reader); answers JSON
    to scripts and redirects back to the page otherwise."""
    text = request.form.get("text", "")
    try:
        signed_hash, reader = _serializer().loads(request.form.get("token", ""), max_age=TOKEN_MAX_AGE)
    except (BadSignature, ValueError, TypeError):
        return _refuse(400, "bad_token", _("This page is too old to translate from. Reload it and try again."))
    if signed_hash != machine.content_hash(text) or reader != _reader_id():
        return _refuse(400, "bad_token", _("This page is too old to translate from. Reload it and try again."))
    session = get_session()
    provider = get_provider()
    shown = read_party_text(session, provider, text, current_locale())
    if not shown.can_translate:
        return _refuse(409, "not_translatable",
                       _("Machine translation is not available for this text on this server."))
    try:
        row = machine.translate_text(session, provider, text, shown.written_in, shown.reader)
    except TranslationUnavailable as exc:
        session.rollback()
        return _refuse(503, "translation_unavailable", str(exc))
    session.commit()
    if _wants_json():
        return jsonify(translation={"text": row.text, "source": row.source, "target": row.target,
                                    "provider": row.provider, "machine": True})
    return redirect(_back())


# --- the API -------------------------------------------------------------------------------------------------

Lang = Literal[LOCALES]  # the site's languages, as an enum in the schema


class TranslateIn(pydantic.BaseModel):
    """A text to translate."""

    model_config = pydantic.ConfigDict(extra="forbid")

    text: str = pydantic.Field(min_length=1, max_length=MAX_API_TEXT, pattern=r"\S",
                               description="The text, as the other party wrote it")
    source: Lang | None = pydantic.Field(None, description="Its language (default: recognised from its script)")
    target: Lang = pydantic.Field(description="The language to translate into")


class TermOut(pydantic.BaseModel):
    """A glossary term found in the text, with the glossary's own name for it in the target language."""

    id: str = pydantic.Field(description="The glossary term's id")
    original: str = pydantic.Field(description="The term as the text writes it")
    name: str = pydantic.Field(description="The glossary's name in the target language")
    in_translation: bool = pydantic.Field(description="Whether the translation uses the glossary's name")


class TranslationOut(pydantic.BaseModel):
    """A translation, marked as machine-made, with the glossary terms of the original kept."""

    text: str = pydantic.Field(description="The translation (the text itself when source and target agree)")
    source: Lang
    target: Lang
    provider: str = pydantic.Field(description="The machine translation provider that made it")
    machine: bool = pydantic.Field(description="True when a machine translated it; may contain mistakes")
    terms: list[TermOut] = pydantic.Field(description="Glossary terms of the original, in text order")


def glossary_terms(original: str, translation: str, source: str, target: str) -> list[TermOut]:
    """The glossary terms in ``original`` (first occurrence each) with their names in ``target``, so the reader
    has the trade's exact word even where the engine chose another."""
    folded = translation.casefold()
    return [TermOut(id=match.term.id, original=match.text, name=name, in_translation=name.casefold() in folded)
            for match, name in load_glossary().suggest(original, source, target)]


@routes.endpoint("/translate", "POST", summary="Translate a text", tag="translation", body=TranslateIn,
                 response=TranslationOut, errors=(409, 429))
@limiter.limit(lambda: current_app.config["RATELIMIT_TRANSLATE"])
def translate_api(body: TranslateIn):
    """Translate a text one party wrote to the other with this server's machine translation provider (kept, so
    the same text is translated once), marked as machine-made, with the glossary's names of the trade terms
    it contains. The same language answers the text itself; a pair the provider does not offer (or a server
    without a provider) answers 409, a provider that fails 503; rate-limited per address."""
    source = body.source or guess_lang(body.text)
    provider = get_provider()
    if source == body.target:
        return TranslationOut(text=body.text, source=source, target=body.target, provider=provider.name,
                              machine=False, terms=glossary_terms(body.text, body.text, source, body.target))
    if not (provider.available and provider.supports(source, body.target)):
        raise ApiError(409, "not_translatable",
                       _("Machine translation is not available for this text on this server."))
    session = get_session()
    try:
        row = machine.translate_text(session, provider, body.text, source, body.target)
    except TranslationUnavailable as exc:
        session.rollback()
        raise ApiError(503, "translation_unavailable", str(exc)) from exc
    return TranslationOut(text=row.text, source=source, target=body.target, provider=row.provider, machine=True,
                          terms=glossary_terms(body.text, row.text, source, body.target))


class VocabularyItemOut(pydantic.BaseModel):
    """One value of a controlled vocabulary."""

    id: str = pydantic.Field(description="What fields store and accept")
    name: str = pydantic.Field(description="In the answer's language")
    group: str | None = pydantic.Field(description="The trade it belongs to (glossary domain), if any")


class VocabularyOut(pydantic.BaseModel):
    """A controlled vocabulary: the values a structured field takes, named in the answer's language."""

    name: str
    lang: str
    items: list[VocabularyItemOut]


@routes.endpoint("/vocabularies/<name>", summary="Get a vocabulary", tag="translation", query=LangQuery,
                 response=VocabularyOut, auth=False)
def vocabulary_get(name: str, query: LangQuery):
    """The ids and names of a controlled vocabulary (materials, capabilities, equipment, incoterms,
    payment_terms, lead_times); unknown names answer 404."""
    if name not in vocabularies.VOCABULARIES:
        raise ApiError(404, "not_found", _("Nothing was found at this address."))
    lang = query.lang or current_locale()
    return VocabularyOut(name=name, lang=lang, items=[
        VocabularyItemOut(id=e.code, name=e.label(lang), group=e.group or None)
        for e in vocabularies.vocabulary(name).entries])
