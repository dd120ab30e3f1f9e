"""The products API carries the suggested retail price: ``srp_krw`` in won and converted into the asked currency,
null when the maker set none; the search list carries ``srp_krw`` too."""

from __future__ import annotations

from tests.factories.makers import make_maker, make_product


def test_product_api_gives_the_retail_price_in_won_and_currency(client, db_session, make_org):
    """``GET /api/v1/products/{id}`` answers ``srp_krw`` and ``srp`` in the requested currency with the rate's
    date; a product without one answers null for both; the list has ``srp_krw``."""
    maker = make_maker(db_session, make_org, name="Saesol Shoes")
    boots = make_product(db_session, maker, title={"ko": "첼시 부츠", "en": "Chelsea boots"})
    plain = make_product(db_session, maker, title={"ko": "로퍼", "en": "Loafers"})
    boots.srp_krw = 390_000
    db_session.add(boots)
    db_session.commit()
    one = client.get(f"/api/v1/products/{boots.id}?lang=en&currency=KRW").get_json()
    assert one["srp_krw"] == 390_000 and one["srp"] == {"amount": "390000", "currency": "KRW", "rate_date": None}
    usd = client.get(f"/api/v1/products/{boots.id}?lang=en&currency=USD").get_json()["srp"]
    assert usd["currency"] == "USD" and 0 < float(usd["amount"]) < 390_000 and usd["rate_date"]
    none = client.get(f"/api/v1/products/{plain.id}?lang=en").get_json()
    assert none["srp_krw"] is None and none["srp"] is None
    listed = {item["id"]: item["srp_krw"] for item in client.get("/api/v1/products?lang=en").get_json()["items"]}
    assert listed[boots.id] == 390_000 and listed[plain.id] is None
