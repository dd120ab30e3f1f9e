"""Faithful fakes of outside services at their HTTP boundary: a LibreTranslate-compatible translator."""

import json
import threading

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

_FAKE_DICTIONARY = {("ko", "en"): {"수제 첼시 부츠": "Handmade Chelsea boots"},
                    ("ko", "ja"): {"수제 첼시 부츠": "手作りチェルシーブーツ"}}


@Request.application
def _fake_libretranslate(request: Request) -> Response:
    if request.path != "/translate" or request.method != "POST":
        return Response(json.dumps({"error": "Not found"}), 404, content_type="application/json")
    body = request.get_json()
    if body.get("api_key") != "secret-key":
        return Response(json.dumps({"error": "Invalid API key"}), 403, content_type="application/json")
    table = _FAKE_DICTIONARY.get((body["source"], body["target"]), {})
    texts = body["q"] if isinstance(body["q"], list) else [body["q"]]
    out = [table.get(t, f"[{body['target']}] {t}") for t in texts]
    return Response(json.dumps({"translatedText": out if isinstance(body["q"], list) else out[0]}),
                    content_type="application/json")


@pytest.fixture
def fake_service():
    """The URL of a LibreTranslate-compatible fake: API key "secret-key", a tiny dictionary, else "[target] text"."""
    server = make_server("127.0.0.1", 0, _fake_libretranslate)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


