"""Migration 0020 moves the orders of accepted quotes into the one order table, with their payments."""

import sqlalchemy as sa

from market.db import make_engine
from market.migrate import upgrade

T = "2026-11-01 09:00:00"


def test_quote_orders_and_their_payments_move_into_the_order_table(fresh_database_url):
    """An order from an accepted quote (paid, in euros) becomes a quote order with one line and a timeline event;
    its payment now pays that order; the old table is gone."""
    for revision in ("0005", "0008", "0009", "0014"):
        upgrade(fresh_database_url, revision=revision)
    engine = make_engine(fresh_database_url)
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO users (id, email, password_hash, display_name, locale, role, is_active, created_at, "
            "session_nonce, password_changed_at) VALUES (1, 'b@x.test', 'x', 'B', 'en', 'member', :yes, :t, 'n', :t)"),
            {"yes": True, "t": T})
        for org_id, kind in ((1, "buyer"), (2, "maker")):
            conn.execute(sa.text("INSERT INTO organizations (id, name, slug, kind, country, capabilities, created_at) "
                                 "VALUES (:id, :name, :slug, :kind, 'FR', '[]', :t)"),
                         {"id": org_id, "name": f"Org {org_id}", "slug": f"org-{org_id}", "kind": kind, "t": T})
        conn.execute(sa.text(
            "INSERT INTO rfqs (id, buyer_org_id, maker_org_id, quantity, message, completeness, status, created_at, "
            "updated_at, created_by_id, destination_country) VALUES (5, 1, 2, 200, 'm', 90, 'accepted', :t, :t, 1, "
            "'FR')"), {"t": T})
        conn.execute(sa.text(
            "INSERT INTO rfq_quotes (id, rfq_id, unit_price, currency, lead_time_days, valid_until, terms, status, "
            "created_at) VALUES (8, 5, 29.90, 'EUR', 21, '2026-12-01', '', 'accepted', :t)"), {"t": T})
        conn.execute(sa.text(
            "INSERT INTO rfq_orders (id, rfq_id, quote_id, buyer_org_id, maker_org_id, quantity, unit_price, currency, "
            "total, status, created_at) VALUES (3, 5, 8, 1, 2, 200, 29.90, 'EUR', 5980.00, 'paid', :t)"), {"t": T})
        conn.execute(sa.text(
            "INSERT INTO payments (id, kind, payable_id, provider, status, currency, amount_minor, amount_krw, "
            "commission_bps, description, token, payee_org_id, attempt, created_at, updated_at) VALUES "
            "(4, 'rfq_order', 3, 'manual', 'paid', 'EUR', 598000, 8781032, 1000, 'Order #3', 't', 2, 0, :t, :t)"),
            {"t": T})
    upgrade(fresh_database_url)
    with engine.connect() as conn:
        order = conn.execute(sa.text(
            "SELECT id, kind, status, rfq_id, quote_id, quoted_total, display_currency, payment_terms, "
            "shipping_country FROM wholesale_orders")).mappings().one()
        assert (order["kind"], order["status"], order["rfq_id"], order["quote_id"], order["display_currency"],
                order["payment_terms"], order["shipping_country"]) == ("quote", "paid", 5, 8, "EUR", "prepaid", "FR")
        assert float(order["quoted_total"]) == 5980.0
        assert conn.execute(sa.text("SELECT quantity FROM wholesale_order_lines WHERE order_id = :id"),
                            {"id": order["id"]}).scalar_one() == 200
        assert conn.execute(sa.text("SELECT to_status FROM wholesale_order_events WHERE order_id = :id"),
                            {"id": order["id"]}).scalar_one() == "paid"
        assert conn.execute(sa.text("SELECT kind, payable_id FROM payments WHERE id = 4")).one() == (
            "wholesale_order", order["id"])
        assert "rfq_orders" not in sa.inspect(conn).get_table_names()
    engine.dispose()
