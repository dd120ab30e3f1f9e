"""A translation over the limit comes back with its field marked and the whole text kept, never a server error
or a silent cut."""

from __future__ import annotations

from tests.catalog.translations.test_editor import listing  # noqa: F401
from tests.helpers import csrf_token


def test_long_translation_is_refused_on_its_field(listing):  # noqa: F811
    """A Japanese description over 8,000 characters re-renders with the field marked and the text whole."""
    client, _maker, product = listing
    url = f"/en/translations/product/{product.id}"
    text = "説明" * 4100
    data = {"csrf_token": csrf_token(client, url), "action": "save",
            "title__ko": "CNC 밀링 알루미늄 하우징", "description__ko": "와이어 커팅과 아노다이징 마감을 한 CNC 밀링 부품입니다.",
            "description__ja": text}
    response = client.post(url, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "At most 8000 characters." in html and text in html
    assert 'data-maxchars="8000"' in html
