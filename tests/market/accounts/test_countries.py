"""Country lists in forms read in the page's language, with the same names the pages show."""

import pytest


@pytest.mark.parametrize("lang, japan, korea", [("ja", "日本", "韓国"), ("ko", "일본", "대한민국"), ("en", "Japan", "South Korea")])
def test_the_country_list_of_a_form_is_in_the_page_language(client, make_user, lang, japan, korea):
    """The organisation form's country list names Japan and Korea in the page's language (Korea first)."""
    from tests.helpers import sign_in

    sign_in(client, make_user())
    html = client.get(f"/{lang}/organizations/new").get_data(as_text=True)
    assert f'<option value="JP">{japan}</option>' in html
    assert html.index(f'<option value="KR">{korea}</option>') < html.index('<option value="JP">')
    assert "Korea, Republic of" not in html
