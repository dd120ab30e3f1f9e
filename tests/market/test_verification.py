"""The one public verify address answers for every feature's credentials, after the co-brand certificates."""

import datetime as dt

import pytest

from market.verification import Credential, find_credential, register_verifier


def _verifier(session, code):
    if code == "TST-2026-000001":
        return Credential(code=code, kind="Test certificate", title="Hand-stitched welt, level 2",
                          holder="Kim Minji", issuer="Seongsu training centre", status="valid",
                          issued_on=dt.date(2026, 3, 2), expires_on=dt.date(2029, 3, 1),
                          facts=(("Hours", "40"),), link="/en/people/1")
    if code == "TST-2026-000002":
        return Credential(code=code, kind="Test certificate", title="Casting", holder="Lee Jun",
                          issuer="Jongno centre", status="revoked", issued_on=dt.date(2025, 1, 5),
                          revoked_on=dt.date(2026, 2, 1), reason="Issued by mistake.")
    return None


@pytest.fixture
def with_verifier(app):
    """The test verifier registered on the session's app for one test."""
    register_verifier(app, _verifier)
    yield
    app.extensions["verifiers"].remove(_verifier)


def test_a_feature_credential_verifies_at_the_shared_address(client, with_verifier, db_session):
    """A code no co-brand certificate has is found by the feature that issued it, typed in any case."""
    assert find_credential(db_session, " tst-2026-000001 ").holder == "Kim Minji"
    html = client.get("/en/verify/tst-2026-000001").get_data(as_text=True)
    assert "Valid" in html and "Hand-stitched welt, level 2" in html and "Kim Minji" in html
    assert 'href="/en/people/1"' in html and "Seongsu training centre" in html and "40" in html
    korean = client.get("/ko/verify/TST-2026-000001").get_data(as_text=True)
    assert "발급 대상" in korean and "유효" in korean


def test_a_revoked_credential_says_so(client, with_verifier):
    """A revoked credential is shown as revoked with the date and reason, never as unknown or valid."""
    response = client.get("/en/verify/TST-2026-000002")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Revoked" in html and "Issued by mistake." in html
    assert "<strong>Valid</strong>" not in html


def test_an_unknown_code_is_still_not_found(client, with_verifier):
    """A code no feature knows answers 404 with the code named."""
    response = client.get("/en/verify/TST-2026-999999")
    assert response.status_code == 404 and "TST-2026-999999" in response.get_data(as_text=True)
