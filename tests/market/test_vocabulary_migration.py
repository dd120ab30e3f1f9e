"""Migration 0043 keeps free-text data stored before the controlled vocabularies working: names of vocabulary
values become their ids (so readers see them in their language), everything else stays as written."""

from __future__ import annotations

import json

import sqlalchemy as sa

from market.db import make_engine


def test_upgrade_maps_known_names_to_ids_and_keeps_the_rest(fresh_database_url):
    """A maker's "소가죽" and "CNC 선반" and an organisation's "Goodyear welting" become ids; "leather soles"
    (not a material of the vocabulary) and "hand-lasted shoes" stay as written; requests get an empty list."""
    from market.migrate import upgrade

    upgrade(fresh_database_url, revision="0035")
    engine = make_engine(fresh_database_url)
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO organizations (name, slug, kind, country, capabilities, created_at) VALUES "
            "('Saesol', 'saesol', 'maker', 'KR', :caps, '2026-01-01')"),
            {"caps": json.dumps(["Goodyear welting", "hand-lasted shoes"])})
        org_id = conn.execute(sa.text("SELECT id FROM organizations")).scalar()
        conn.execute(sa.text(
            "INSERT INTO maker_profiles (organization_id, materials, equipment, certifications, min_order_unit, "
            "photos, updated_at) VALUES (:id, :materials, :equipment, '[]', 'pair', '[]', '2026-01-01')"),
            {"id": org_id, "materials": json.dumps(["소가죽", "leather soles", "cowhide"]),
             "equipment": json.dumps(["CNC 선반"])})
    upgrade(fresh_database_url, revision="0043")
    with engine.connect() as conn:
        caps = conn.execute(sa.text("SELECT capabilities FROM organizations")).scalar()
        materials, equipment = conn.execute(sa.text("SELECT materials, equipment FROM maker_profiles")).one()
        rfq_materials = conn.execute(sa.text(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'rfqs' AND "
            "column_name = 'materials'") if engine.dialect.name == "postgresql" else sa.text(
            "SELECT name FROM pragma_table_info('rfqs') WHERE name = 'materials'")).scalar()
    engine.dispose()

    def _list(value):
        return json.loads(value) if isinstance(value, str) else value

    assert _list(caps) == ["shoes_leather.goodyear_welt_construction", "hand-lasted shoes"]
    assert _list(materials) == ["shoes_leather.cowhide", "leather soles"]
    assert _list(equipment) == ["machine_metal.cnc_lathe"]
    assert rfq_materials == "materials"
