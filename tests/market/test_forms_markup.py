"""Form markup is accessible: no attribute is written out as the text "None"; errors are announced."""

from tests.helpers import csrf_token


def test_fields_do_not_render_none_attributes(client):
    """Sign-in fields carry no aria-invalid/aria-describedby unless there is an error or a hint."""
    html = client.get("/en/account/signin").get_data(as_text=True)
    assert '"None"' not in html and 'aria-describedby=""' not in html and "aria-invalid" not in html
    assert 'autocomplete="username"' in html


def test_invalid_field_is_marked_and_described(client):
    """A missing email marks that field invalid and points it at its error message."""
    response = client.post("/en/account/signin", data={"email": "", "password": "x",
                                                       "csrf_token": csrf_token(client)})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'aria-describedby="email-error"' in html and 'aria-invalid="true"' in html and '"None"' not in html
