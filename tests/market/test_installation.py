"""A real installation without the demo: a database made by the migrations alone holds the reference data the
product needs (clusters, jewelry metals with prices, finishes, exchange rates), so the first maker can sign up,
choose its cluster, list a product and publish a matching profile, a customer can have a jewelry design quoted
in their currency, and the server reports itself ready."""

from decimal import Decimal

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


def test_migrations_alone_let_a_new_installation_work_end_to_end(backend, fresh_database_url):
    """After `db upgrade` only: a maker lists a product and publishes its matching profile, a customer uploads a
    ring and gets it quoted in dollars and in won (metals, prices, finishes and rates come with the migrations),
    the admin can change a metal's price and a rate later, and /readyz answers 200."""
    import datetime as dt

    from catalog.products.models import ProductStatus
    from catalog.products.services import add_product
    from i18n import money
    from market.accounts.services import create_organization, register_user
    from market.app import create_app
    from market.db import get_database, session_scope
    from market.jewelry import shapes
    from market.jewelry.models import MeshAnalysis
    from market.jewelry.services.designs import analyse_now, upload_design
    from market.jewelry.services.metals import list_finishes, list_metals, set_metal_price
    from market.jewelry.services.quotes import QuoteRequest, create_quote
    from market.migrate import upgrade
    from matching.models import PublishStatus
    from matching.services.profiles import ensure_org_profile, set_profile_status, update_profile

    app = create_app({"TESTING": True, "DATABASE_URL": fresh_database_url, "SERVER_NAME": "localhost"})
    engine = get_database(app).engine
    with engine.begin() as conn:
        upgrade(connection=conn)
    with app.app_context(), session_scope(app) as session:
        metals = list_metals(session, active_only=True)
        assert metals and all(row.price is not None for row in metals)
        assert {f.code for f in list_finishes(session, active_only=True)} >= {"polish"}
        assert set(money.latest_rates(session)) == set(money.CURRENCIES)

        owner = register_user(session, "maker@example.com", "granite lantern harbour 42", "Ji-ho Han")
        maker = create_organization(session, owner, kind="maker", name="Jongno First Gold", country="KR",
                                    cluster_code="jongno", source_locale="ko")
        product = add_product(session, maker, status=ProductStatus.published, category="jewelry", price_krw=420_000,
                              moq=1, unit="piece", lead_time_days=14, materials=["gold"],
                              title={"ko": "금 반지", "en": "Gold ring"},
                              description={"ko": "종로에서 만든 반지.", "en": "Made in Jongno."})
        profile = ensure_org_profile(session, owner, maker.id)
        update_profile(session, owner, profile.id, lang="ko", texts={"ko": {
            "title": "종로 금 세공", "offer": "금과 은 반지 주조, 소량 생산.", "seek": "해외 주얼리 브랜드."}})
        set_profile_status(session, owner, profile.id, True)
        assert profile.status == PublishStatus.published

        customer = register_user(session, "customer@example.com", "violet harbour lantern 58", "Ana Silva")
        design, needs_analysis = upload_design(session, customer, shapes.to_stl(*shapes.band()), "band.stl")
        if needs_analysis:
            analyse_now(session, session.get(MeshAnalysis, design.analysis_id))
        in_dollars = create_quote(session, customer, QuoteRequest(design_id=design.id, metal="silver_925",
                                                                  ring_system="US", ring_value="7",
                                                                  currency="USD"))
        in_won = create_quote(session, customer, QuoteRequest(design_id=design.id, metal="gold_18k_yellow"))
        assert in_dollars.currency == "USD" and in_dollars.total > 0 and in_dollars.total_krw > 0
        assert in_won.currency == "KRW" and in_won.total_krw > in_dollars.total_krw  # gold costs more than silver

        # The reference prices are a start: the admin's newer ones take over.
        today = dt.date.today()
        set_metal_price(session, None, "silver_925", 2_000, today)
        money.set_rate(session, "USD", "1500", today)
        assert next(r for r in list_metals(session) if r.metal.code == "silver_925").price.price_krw_per_gram == 2_000
        assert money.latest_rates(session)["USD"].krw_per_unit == Decimal("1500")
        product_id = product.id
    client = app.test_client()
    assert "Gold ring" in client.get(f"/en/products/{product_id}").get_data(as_text=True)
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.json
    engine.dispose()


def test_reference_rates_leave_an_installations_own_rates_alone(backend, fresh_database_url):
    """Upgrading a database whose admins already entered a currency's rate keeps that rate and adds the others."""
    from i18n import money
    from market.app import create_app
    from market.db import get_database, session_scope
    from market.migrate import upgrade

    app = create_app({"TESTING": True, "DATABASE_URL": fresh_database_url})
    engine = get_database(app).engine
    with engine.begin() as conn:
        upgrade(connection=conn, revision="0002")  # the rates table, before 0017
        conn.execute(sa.text("INSERT INTO exchange_rates (currency, krw_per_unit, rate_date, created_at) "
                             "VALUES ('USD', 1300, '2026-10-01', '2026-10-01 00:00:00')"))
    with engine.begin() as conn:
        upgrade(connection=conn)
    with app.app_context(), session_scope(app) as session:
        rates = money.latest_rates(session)
        assert rates["USD"].krw_per_unit == Decimal("1300")
        assert set(rates) == set(money.CURRENCIES)
    engine.dispose()
