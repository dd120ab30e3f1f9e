"""Locales: which ones exist, the locale segment of page URLs, negotiation, and Flask-Babel wiring.

Page URLs start with the locale (``/en/account``, ``/ja/...``); the URL segment is the locale in lower case with
a hyphen (``zh-hans`` for ``zh_Hans``). ``/`` negotiates from the saved preference and Accept-Language.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g, has_request_context, redirect, request, url_for
from flask_babel import Babel
from werkzeug.routing import BaseConverter, ValidationError

LOCALES = ("ko", "en", "ja", "zh_Hans", "vi")
DEFAULT_LOCALE = "en"
LOCALE_NAMES = {"ko": "한국어", "en": "English", "ja": "日本語", "zh_Hans": "简体中文", "vi": "Tiếng Việt"}
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"


def url_segment(locale: str) -> str:
    """``zh_Hans`` → ``zh-hans``."""
    return locale.replace("_", "-").lower()


def hreflang(locale: str) -> str:
    """``zh_Hans`` → ``zh-Hans`` (BCP 47)."""
    return locale.replace("_", "-")


_BY_SEGMENT = {url_segment(loc): loc for loc in LOCALES}


class LocaleConverter(BaseConverter):
    """Matches only known locale segments and gives the view the locale code."""

    regex = "(?:" + "|".join(_BY_SEGMENT) + ")"

    def to_python(self, value: str) -> str:
        if value not in _BY_SEGMENT:
            raise ValidationError()
        return _BY_SEGMENT[value]

    def to_url(self, value: str) -> str:
        return url_segment(value)


def negotiate_locale() -> str:
    """The signed-in user's saved locale, else the best Accept-Language match, else English."""
    from flask_login import current_user

    if not has_request_context():
        return DEFAULT_LOCALE
    saved = getattr(current_user, "locale", None) if current_user else None
    if saved in LOCALES:
        return saved
    best = request.accept_languages.best_match([hreflang(loc) for loc in LOCALES] + ["zh-CN", "zh"])
    if best in ("zh-CN", "zh"):
        return "zh_Hans"
    if best:
        return best.replace("-", "_")
    return DEFAULT_LOCALE


def current_locale() -> str:
    """The locale of this request: the URL's, else negotiated."""
    return g.get("locale") or negotiate_locale()


def init_app(app: Flask) -> None:
    """Register the locale converter, pull the locale out of URLs and fill it into ``url_for``."""
    app.url_map.converters["locale"] = LocaleConverter
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    Babel(app, locale_selector=current_locale)

    @app.url_value_preprocessor
    def _pull_locale(endpoint, values):
        if values and "lang" in values:
            g.locale = values.pop("lang")

    @app.url_defaults
    def _add_locale(endpoint, values):
        if "lang" in values or not endpoint:
            return
        if app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = current_locale()

    from flask_babel import format_date, format_decimal

    from i18n.times import format_datetime, format_time

    app.add_template_filter(country_name)
    app.add_template_filter(vocabulary_tag_html, "vocab")
    app.add_template_filter(lang_attr)
    app.add_template_global(language_name)
    app.add_template_filter(format_decimal, "format_number")
    app.add_template_filter(format_date, "format_date")
    app.add_template_filter(format_datetime, "format_datetime")
    app.add_template_filter(format_datetime, "datetimeformat")
    app.add_template_filter(format_time, "format_time")
    app.add_template_filter(format_time, "timeformat")
    app.add_template_global(hreflang)
    app.add_template_global(LOCALE_NAMES, "LOCALE_NAMES")

    @app.context_processor
    def _locale_context():
        return {"locale_alternates": locale_alternates, "current_locale": current_locale}

    @app.get("/")
    def root():
        return redirect(url_for("market_home.index", lang=negotiate_locale()))


def country_name(code: str | None) -> str:
    """The country's name in the current locale (``JP`` → "Japan", "日本", ...)."""
    from flask_babel import get_locale

    if not code:
        return ""
    return get_locale().territories.get(code.upper(), code)


def language_name(code: str) -> str:
    """A language's name in the page's language (``en`` → "영어" on Korean pages)."""
    from babel import Locale, UnknownLocaleError
    from flask_babel import get_locale

    try:
        return Locale.parse(code).get_display_name(get_locale()) or code
    except (ValueError, UnknownLocaleError):
        return code


def lang_attr(text: str | None):
    """For a text a person wrote (a message, a question, a notification), `` lang="..."`` naming the language it
    seems written in (guessed from its script) when that is not the page's, else nothing: put inside the tag
    of the element that shows it, so that words in another language are marked as such."""
    from markupsafe import Markup

    from i18n.glossary import guess_lang

    if not text or not text.strip():
        return ""
    lang = guess_lang(text)
    return "" if lang == current_locale() else Markup(' lang="{}"').format(hreflang(lang))


def vocabulary_tag_html(tag: str | None):
    """A vocabulary tag (material, equipment, certification, capability, specialty) for the page: the
    glossary's name in the page's language when the tag is a glossary term, else the tag as written inside
    ``<span lang="...">`` naming the language it is written in."""
    from markupsafe import Markup, escape

    from i18n.glossary import vocabulary_tag

    if not tag:
        return ""
    text, lang = vocabulary_tag(str(tag), current_locale())
    if lang is None:
        return escape(text)
    return Markup('<span lang="{}">{}</span>').format(hreflang(lang), text)


def localized_redirect():
    """For a page URL without its locale (``/account/``), a redirect to it in the negotiated locale."""
    from werkzeug.exceptions import HTTPException

    first = request.path.lstrip("/").split("/", 1)[0]
    if first in _BY_SEGMENT or request.method not in ("GET", "HEAD"):
        return None
    target = f"/{url_segment(negotiate_locale())}{request.path}"
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        endpoint, _args = adapter.match(target, method="GET")
    except HTTPException:
        return None
    if endpoint == "static":
        return None
    query = request.query_string.decode()
    return redirect(target + (f"?{query}" if query else ""))


def locale_alternates() -> list[tuple[str, str]]:
    """``(locale, url)`` of the current page in every locale, for hreflang links and the switcher."""
    if request.url_rule is None or "lang" not in request.url_rule.arguments:
        return []
    # The page's own arguments and query string are kept; a "lang" in the query string would clash.
    args = {**{k: v for k, v in request.args.to_dict(flat=False).items() if k != "lang"},
            **(request.view_args or {})}
    return [(loc, url_for(request.endpoint, **{**args, "lang": loc}, _external=True)) for loc in LOCALES]
