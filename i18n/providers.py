"""Machine translation providers. None runs offline: the default says so, and pages offer no machine
translation instead of failing. A deployment sets ``TRANSLATION_PROVIDER_URL`` to a LibreTranslate-compatible
service (``POST /translate`` with ``q``, ``source``, ``target``, ``format``; optional ``api_key``)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l

EXTENSION = "seoulmade.translation"
# LibreTranslate's language codes for ours.
_PROVIDER_CODES = {"ko": "ko", "en": "en", "ja": "ja", "zh_Hans": "zh", "vi": "vi"}


class TranslationUnavailable(RuntimeError):
    """Machine translation failed or is not configured; the message is for people."""


class OfflineProvider:
    """The embedded default: no machine translation."""

    available = False
    name = "none"
    notice = _l("No machine translation service is configured on this server, so translations are written by "
                "people. An operator can connect one with TRANSLATION_PROVIDER_URL.")

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        raise TranslationUnavailable(str(self.notice))


class LibreTranslateProvider:
    """A LibreTranslate-compatible HTTP service."""

    available = True
    name = "libretranslate"
    notice = _l("Empty fields can be filled by machine translation; review them before publishing.")

    def __init__(self, url: str, api_key: str | None = None, timeout: float = 20.0):
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """Translate each text from ``source`` to ``target`` locale."""
        payload = {"q": texts, "source": _PROVIDER_CODES[source], "target": _PROVIDER_CODES[target],
                   "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        request = urllib.request.Request(f"{self.url}/translate", data=json.dumps(payload).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = json.load(response)
        except (urllib.error.URLError, TimeoutError, json.JSONDecodeError) as exc:
            raise TranslationUnavailable(str(_l("The machine translation service did not answer. "
                                                "Try again later or translate by hand."))) from exc
        translated = body.get("translatedText") if isinstance(body, dict) else None
        if not isinstance(translated, list) or len(translated) != len(texts):
            raise TranslationUnavailable(str(_l("The machine translation service gave an unexpected answer.")))
        return [str(t) for t in translated]


def init_app(app: Flask) -> None:
    """Choose the provider from ``TRANSLATION_PROVIDER_URL``."""
    url = app.config.get("TRANSLATION_PROVIDER_URL")
    app.extensions[EXTENSION] = (LibreTranslateProvider(url, app.config.get("TRANSLATION_PROVIDER_KEY"))
                                 if url else OfflineProvider())


def get_provider():
    """The app's translation provider."""
    return current_app.extensions[EXTENSION]
