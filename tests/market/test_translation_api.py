"""``POST /api/v1/translate``: a text and its languages in, the provider's translation out, marked machine-made
and with the glossary's names of the trade terms it contains; bad input answers the JSON error envelope with
the field named; a server without a provider says so; the endpoint is rate-limited. ``GET /api/v1/vocabularies``
names the ids structured fields take, in the asked language."""

from __future__ import annotations

import pytest

from i18n import providers
from i18n.glossary import load_glossary
from i18n.machine import MAX_TRANSLATED
from market.translation import MAX_API_TEXT
from tests.factories.clients import bearer

URL = "/api/v1/translate"


@pytest.fixture
def headers(db_session, make_user):
    """A signed-in API user's header."""
    return bearer(db_session, make_user())


@pytest.fixture
def with_provider(app, fake_service):
    """The app with the LibreTranslate-compatible fake as its provider, for the test."""
    saved = app.extensions[providers.EXTENSION]
    app.extensions[providers.EXTENSION] = providers.LibreTranslateProvider(fake_service, api_key="secret-key")
    yield
    app.extensions[providers.EXTENSION] = saved


def test_translates_with_provider_name_and_glossary_terms(client, headers, with_provider):
    """A Korean text comes back in Japanese from the provider, marked as machine-made, naming the provider, with
    the glossary's Japanese names for the trade terms it holds."""
    text = "소가죽으로 만든 수제 첼시 부츠, 로스트왁스 주조 장식"
    response = client.post(URL, json={"text": text, "source": "ko", "target": "ja"}, headers=headers)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["text"] == f"[ja] {text}" and body["machine"] is True
    assert (body["source"], body["target"], body["provider"]) == ("ko", "ja", "libretranslate")
    cowhide = load_glossary().get("shoes_leather.cowhide")
    terms = {t["id"]: t for t in body["terms"]}
    assert terms["shoes_leather.cowhide"]["original"] == "소가죽"
    assert terms["shoes_leather.cowhide"]["name"] == cowhide.name("ja")
    assert terms["shoes_leather.cowhide"]["in_translation"] is False
    assert "jewelry.lost_wax_casting" in terms

    # The source language is recognised when it is not given; the same text is answered from what was kept.
    again = client.post(URL, json={"text": text, "target": "ja"}, headers=headers)
    assert again.status_code == 200 and again.get_json()["source"] == "ko"


def test_same_language_answers_the_text_itself(client, headers, with_provider):
    """Nothing is sent to an engine when the text is already in the target language."""
    body = client.post(URL, json={"text": "Full-grain cowhide", "target": "en"}, headers=headers).get_json()
    assert body["text"] == "Full-grain cowhide" and body["machine"] is False
    assert "shoes_leather.cowhide" in [t["id"] for t in body["terms"]]


@pytest.mark.parametrize(("payload", "field"), [
    ({"text": "안녕하세요", "target": "de"}, "target"),
    ({"text": "안녕하세요", "source": "xx", "target": "en"}, "source"),
    ({"text": "", "target": "en"}, "text"),
    ({"text": "   ", "target": "en"}, "text"),
    ({"text": "가" * (MAX_API_TEXT + 1), "target": "en"}, "text"),
    ({"target": "en"}, "text"),
    ({"text": "안녕하세요", "target": "en", "extra": 1}, "extra"),
])
def test_bad_input_is_refused_on_its_field(client, headers, with_provider, payload, field):
    """Unknown languages, empty, blank or too long texts answer 422 in the JSON envelope, naming the field."""
    assert MAX_API_TEXT < MAX_TRANSLATED
    response = client.post(URL, json=payload, headers=headers)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid" and field in error["fields"]


def test_without_a_provider_it_says_so(client, headers):
    """The embedded default has no engine: 409 with a sentence for people, and nothing else breaks."""
    response = client.post(URL, json={"text": "소가죽 지갑", "target": "ja"}, headers=headers)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "not_translatable"


def test_a_failing_provider_answers_503(app, client, headers):
    """A provider that does not answer gives 503 in the envelope, and nothing is kept."""
    saved = app.extensions[providers.EXTENSION]
    app.extensions[providers.EXTENSION] = providers.LibreTranslateProvider("http://127.0.0.1:9", timeout=2)
    try:
        response = client.post(URL, json={"text": "소가죽 지갑", "target": "ja"}, headers=headers)
    finally:
        app.extensions[providers.EXTENSION] = saved
    assert response.status_code == 503 and response.get_json()["error"]["code"] == "translation_unavailable"


def test_needs_a_user_and_is_rate_limited(app, client, headers, with_provider):
    """Anonymous callers get 401; past the limit a caller gets 429 in the envelope with Retry-After."""
    assert client.post(URL, json={"text": "지갑", "target": "en"}).status_code == 401
    app.config["RATELIMIT_TRANSLATE"] = "2 per minute"
    try:
        codes = [client.post(URL, json={"text": f"지갑 {i}", "target": "en"}, headers=headers).status_code
                 for i in range(3)]
        limited = client.post(URL, json={"text": "지갑", "target": "en"}, headers=headers)
    finally:
        app.config["RATELIMIT_TRANSLATE"] = "60 per minute"
    assert codes[:2] == [200, 200] and limited.status_code == 429
    assert limited.get_json()["error"]["code"] == "rate_limited" and limited.headers.get("Retry-After")


def test_documented_in_openapi(client):
    """The operation, its body's languages and its error statuses are in the OpenAPI document."""
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/translate"]["post"]
    assert {"200", "401", "409", "422", "429"} <= set(operation["responses"])
    body = spec["components"]["schemas"]["TranslateIn"]
    assert body["properties"]["text"]["maxLength"] == MAX_API_TEXT
    assert "/api/v1/vocabularies/{name}" in spec["paths"]


def test_vocabulary_names_ids_in_the_asked_language(client):
    """A client learns the ids a field takes and their names, in Japanese when it asks; unknown names 404."""
    body = client.get("/api/v1/vocabularies/materials?lang=ja").get_json()
    items = {i["id"]: i for i in body["items"]}
    assert items["shoes_leather.cowhide"]["name"] == load_glossary().get("shoes_leather.cowhide").name("ja")
    assert items["shoes_leather.cowhide"]["group"] == "shoes_leather"
    assert client.get("/api/v1/vocabularies/incoterms?lang=ko").get_json()["items"][0]["id"]
    missing = client.get("/api/v1/vocabularies/colours")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/vocabularies/materials?lang=de").status_code == 422
