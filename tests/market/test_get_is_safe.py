"""Reading is safe: no GET request, page or API, creates, deletes or replaces a row, whoever asks.

Signed in as each kind of user (a buyer, a maker, staff; with and without a matching or maker profile), every
GET route without URL parameters (the language aside) is requested, with those that take an organisation
given the user's own, and a few with the ids of existing objects; the row count of every table in the model
metadata is the same afterwards.
"""

from __future__ import annotations

import pytest

from tests.factories.db import row_counts
from tests.factories.makers import make_maker, make_product
from tests.helpers import sign_in

# Not pages of the product: files served from disk, and the favicon-like redirect at the root.
_SKIPPED_ENDPOINTS = {"static", "market_media.media", "payments_public.static"}


def _urls(app, org_id: int | None) -> list[str]:
    """Every GET route whose only URL parameters are the language and, when the user has one, an organisation."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in _SKIPPED_ENDPOINTS:
            continue
        params = set(rule.arguments) - {"lang"}
        if params and (params != {"org_id"} or org_id is None):
            continue
        values = {"lang": "en"} if "lang" in rule.arguments else {}
        if params:
            values["org_id"] = org_id
        urls.append(app.url_map.bind("localhost").build(rule.endpoint, values, method="GET"))
    return urls


@pytest.fixture
def reader(app, db_session, make_user, make_org):
    """A signed-in user of one kind (``kind``: buyer, maker or staff; ``profiles``: with a matching profile and,
    for makers, a published maker profile with a product): returns (client, user, org or None, object urls)."""
    from matching.services import profiles

    def _make(kind: str, with_profiles: bool):
        user = make_user(role="admin" if kind == "staff" else "member")
        org, urls = None, []
        if kind == "maker":
            org = make_maker(db_session, make_org, user, published=with_profiles)
            if with_profiles:
                product = make_product(db_session, org, title={"en": "Hand-lasted loafers"})
                urls += [f"/en/products/{product.id}", f"/en/products/{product.id}/edit",
                         f"/api/v1/products/{product.id}", f"/en/makers/{org.slug}",
                         f"/en/makers/{org.slug}/profile", f"/api/v1/makers/{org.slug}"]
        elif kind == "buyer":
            org = make_org(user, kind="buyer", country="JP")
        if org is not None:
            urls += [f"/en/organizations/{org.id}", f"/en/organizations/{org.id}/edit",
                     f"/api/v1/organizations/{org.id}"]
            if with_profiles:
                profile = profiles.ensure_org_profile(db_session, user, org.id)
                db_session.commit()
                urls += [f"/en/matching/profiles/{profile.id}", f"/api/v1/matching/profiles/{profile.id}"]
        client = app.test_client()
        sign_in(client, user)
        return client, user, org, urls

    return _make


@pytest.mark.parametrize(("kind", "with_profiles"), [
    ("buyer", False), ("buyer", True), ("maker", False), ("maker", True), ("staff", False)])
def test_no_get_request_changes_any_table(app, db_session, reader, kind, with_profiles):
    """Every GET page and API route answers without adding or removing a row of any table."""
    client, _user, org, object_urls = reader(kind, with_profiles)
    urls = _urls(app, org.id if org else None) + object_urls
    assert len(urls) > 60
    before = row_counts(db_session)
    answers = {}
    for url in urls:
        answers[url] = client.get(url).status_code
    db_session.expire_all()
    after = row_counts(db_session)
    assert {t: (before[t], n) for t, n in after.items() if before[t] != n} == {}
    assert [url for url, status in answers.items() if status >= 500] == []
    assert org is None or answers[f"/en/matching/profile/{org.id}/edit"] == 200
