"""Stored machine translations: a party's text is translated once per provider and kept by its content hash,
so a page shown again (or to another reader of the same language) needs no engine; failures keep nothing."""

import pytest
from sqlmodel import select

from i18n.machine import MachineTranslation, content_hash, stored_translation, translate_text
from i18n.providers import LibreTranslateProvider, OfflineProvider, TranslationUnavailable


class CountingProvider(LibreTranslateProvider):
    """The HTTP provider against the fake service, counting the requests it makes."""

    def __init__(self, url):
        super().__init__(url, api_key="secret-key")
        self.calls = 0

    def translate(self, texts, source, target):
        self.calls += 1
        return super().translate(texts, source, target)


def test_a_translation_is_asked_once_and_kept(app, db_session, fake_service):
    """The second request for the same text, pair and provider is answered from the table."""
    provider = CountingProvider(fake_service)
    first = translate_text(db_session, provider, "수제 첼시 부츠", "ko", "en")
    again = translate_text(db_session, provider, "수제 첼시 부츠", "ko", "en")
    assert first.text == again.text == "Handmade Chelsea boots"
    assert first.id == again.id and provider.calls == 1
    assert stored_translation(db_session, "수제 첼시 부츠", "ko", "en", "libretranslate").text == first.text
    assert stored_translation(db_session, "수제 첼시 부츠", "ko", "ja", "libretranslate") is None
    assert stored_translation(db_session, "수제 첼시 부츠", "ko", "en", "fxtranslate") is None


def test_the_key_is_the_hash_of_the_text_not_the_text(app, db_session, fake_service):
    """The table keeps the SHA-256 of the NFC text (the same words from two keyboards hash the same) and never
    the original."""
    translate_text(db_session, CountingProvider(fake_service), "가죽 지갑", "ko", "ja")
    row = db_session.exec(select(MachineTranslation).where(MachineTranslation.target == "ja")).one()
    assert row.content_hash == content_hash("가죽 지갑") and len(row.content_hash) == 64
    decomposed = "\u1100\u1161\u110c\u116e\u11a8 \u110c\u1175\u1100\u1161\u11b8"  # 가죽 지갑 in jamo
    assert content_hash(decomposed) == row.content_hash
    assert "가죽" not in row.content_hash


def test_failures_keep_nothing(app, db_session, fake_service):
    """Without a provider, with a dead service, or for an empty or overlong text: a message, and no row."""
    with pytest.raises(TranslationUnavailable):
        translate_text(db_session, OfflineProvider(), "안녕하세요", "ko", "en")
    with pytest.raises(TranslationUnavailable, match="did not answer"):
        translate_text(db_session, LibreTranslateProvider("http://127.0.0.1:9", timeout=2), "안녕", "ko", "en")
    with pytest.raises(TranslationUnavailable, match="nothing to translate"):
        translate_text(db_session, CountingProvider(fake_service), "  \n", "ko", "en")
    with pytest.raises(TranslationUnavailable, match="too long"):
        translate_text(db_session, CountingProvider(fake_service), "가" * 20_001, "ko", "en")
    assert db_session.exec(select(MachineTranslation)).all() == []


def test_a_row_kept_by_a_concurrent_request_is_reused(app, db_session, fake_service):
    """When another request kept the same translation between the look-up and the insert, the unique key
    refuses the second row and that one is used."""
    provider = CountingProvider(fake_service)

    class Racing(CountingProvider):
        def translate(self, texts, source, target):
            db_session.add(MachineTranslation(content_hash=content_hash(texts[0]), source=source, target=target,
                                              provider=self.name, text="kept first"))
            db_session.flush()
            return super().translate(texts, source, target)

    row = translate_text(db_session, Racing(fake_service), "마감은 3월입니다", "ko", "en")
    assert row.text == "kept first"
    assert provider.calls == 0
    assert len(db_session.exec(select(MachineTranslation)).all()) == 1
