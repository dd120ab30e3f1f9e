"""A real installation without the demo: a database made by the migrations alone holds the reference data the
product needs, so the first maker can sign up, choose its cluster and list a product."""

import sqlalchemy as sa


def test_migrations_alone_give_the_clusters_a_maker_needs(backend, fresh_database_url):
    """After `db upgrade` only, the ten clusters are there, a maker organisation is created in one and lists a
    product, and the maker pages show its cluster."""
    from catalog.products.models import ProductStatus
    from catalog.products.services import add_product
    from market.accounts.services import create_organization, register_user
    from market.app import create_app
    from market.clusters import list_clusters, reference_clusters
    from market.db import get_database, session_scope
    from market.migrate import upgrade

    app = create_app({"TESTING": True, "DATABASE_URL": fresh_database_url})
    engine = get_database(app).engine
    with engine.begin() as conn:
        upgrade(connection=conn)
    with app.app_context(), session_scope(app) as session:
        assert {c.code for c in list_clusters(session)} == {c["code"] for c in reference_clusters()}
        owner = register_user(session, "first-maker@example.com", "granite lantern harbour 42", "Ha-eun Seo")
        org = create_organization(session, owner, kind="maker", name="Seongsu First Shoes", country="KR",
                                  cluster_code="seongsu", source_locale="ko")
        add_product(session, org, status=ProductStatus.published, category="shoes", price_krw=189_000, moq=10,
                    unit="pair", lead_time_days=30, materials=["calfskin"],
                    title={"ko": "수제 첼시 부츠", "en": "Handmade Chelsea boots"},
                    description={"ko": "성수동에서 만든 부츠.", "en": "Made in Seongsu-dong."})
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT cluster_code FROM organizations")).scalar() == "seongsu"
    assert "성수동" in app.test_client().get("/ko/clusters/").get_data(as_text=True)
    engine.dispose()
