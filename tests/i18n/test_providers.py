"""Machine translation: offline by default (and said so), a LibreTranslate-compatible service when set.

The service cannot run here, so a faithful fake of its HTTP API (``POST /translate`` with ``q`` as a list,
answering ``{"translatedText": [...]}``) stands in at the HTTP boundary.
"""

import pytest

from i18n.providers import LibreTranslateProvider, OfflineProvider, TranslationUnavailable


def test_offline_provider_says_it_is_unavailable(app):
    """Without a service, machine translation is off and says so in words."""
    provider = OfflineProvider()
    assert provider.available is False
    with pytest.raises(TranslationUnavailable, match="No machine translation service is configured"):
        provider.translate(["x"], "ko", "en")


def test_libretranslate_provider_translates_batches(app, fake_service):
    """Texts go to the service in one request and come back in order, Chinese mapped to its code."""
    provider = LibreTranslateProvider(fake_service, api_key="secret-key")
    assert provider.translate(["수제 첼시 부츠", "가죽"], "ko", "ja") == ["手作りチェルシーブーツ", "[ja] 가죽"]
    assert provider.translate(["가죽"], "ko", "zh_Hans") == ["[zh] 가죽"]


def test_service_errors_become_a_clear_message(app, fake_service):
    """A refused key or a dead service raises TranslationUnavailable, not a crash."""
    with pytest.raises(TranslationUnavailable, match="did not answer"):
        LibreTranslateProvider(fake_service, api_key="wrong").translate(["x"], "ko", "en")
    with pytest.raises(TranslationUnavailable):
        LibreTranslateProvider("http://127.0.0.1:9", timeout=2).translate(["x"], "ko", "en")
