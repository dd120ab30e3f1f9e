"""Migration 0047 keeps prototype requests' free-text materials working under the controlled vocabulary: names of
vocabulary materials (in any language, any case) become their ids so readers see them in their language, other
text stays as written; requests for quote get an empty list of accepted payment terms."""

from __future__ import annotations

import json

import sqlalchemy as sa

from market.db import make_engine


def test_upgrade_maps_prototype_materials_and_adds_payment_terms(fresh_database_url):
    """"Aluminium 6061", "티타늄" and "brass" become ids ("Brass" after "brass" is the same id, kept once);
    "stainless bolts" stays; an RFQ stored before has no payment terms."""
    from market.migrate import upgrade

    upgrade(fresh_database_url, revision="0044")
    engine = make_engine(fresh_database_url)
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO organizations (name, slug, kind, country, capabilities, created_at) VALUES "
            "('Mapo Bike Works', 'mapo', 'startup', 'KR', '[]', '2026-01-01'), "
            "('Mullae Precision', 'mullae-precision', 'maker', 'KR', '[]', '2026-01-01'), "
            "('Tokyo Select', 'tokyo', 'buyer', 'JP', '[]', '2026-01-01')"))
        ids = dict(conn.execute(sa.text("SELECT slug, id FROM organizations")).all())
        conn.execute(sa.text(
            "INSERT INTO prototype_requests (startup_org_id, category, quantity, materials, budget_min_krw, "
            "budget_max_krw, deadline, nda_required, source_locale, status, created_at, updated_at) VALUES "
            "(:org, 'machine_metal', 5, :materials, 100000, 200000, '2027-01-01', false, 'en', 'open', "
            "'2026-01-01', '2026-01-01'), "
            "(:org, 'machine_metal', 5, '[]', 100000, 200000, '2027-01-01', false, 'en', 'open', "
            "'2026-01-01', '2026-01-01')"),
            {"org": ids["mapo"], "materials": json.dumps(["Aluminium 6061", "티타늄", "brass", "Brass",
                                                          "stainless bolts"])})
        conn.execute(sa.text(
            "INSERT INTO rfqs (buyer_org_id, maker_org_id, quantity, message, materials, completeness, status, "
            "created_at, updated_at) VALUES (:buyer, :maker, 10, 'Hello', '[]', 50, 'open', '2026-01-01', "
            "'2026-01-01')"), {"buyer": ids["tokyo"], "maker": ids["mullae-precision"]})
    upgrade(fresh_database_url, revision="0047")
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT materials FROM prototype_requests ORDER BY id")).scalars().all()
        terms = conn.execute(sa.text("SELECT payment_terms FROM rfqs")).scalar()
    engine.dispose()

    def _list(value):
        return json.loads(value) if isinstance(value, str) else value

    assert _list(rows[0]) == ["machine_metal.aluminium_6061", "machine_metal.titanium", "machine_metal.brass",
                              "stainless bolts"]
    assert _list(rows[1]) == []
    assert _list(terms) == []
