"""one order lifecycle: quote orders join the order table; payment terms, RFQ batches, reviews, samples

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 03:00:00

Orders from accepted quotes (``rfq_orders``) are moved into ``wholesale_orders`` (``kind = 'quote'``, their
total kept in the quote's currency) with one line and a timeline event each, and their payments (kind
``rfq_order``) now point at the moved order as its upfront payment (kind ``wholesale_order``); then
``rfq_orders`` is dropped. Downgrading recreates ``rfq_orders`` empty and deletes the quote and sample orders.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import market.db

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

_OLD_ORDER_STATUSES = "'awaiting_payment', 'paid', 'confirmed', 'in_production', 'shipped', 'delivered', 'cancelled'"
_ORDER_STATUSES = ("'awaiting_payment', 'placed', 'paid', 'confirmed', 'in_production', 'shipped', 'delivered', "
                   "'cancelled'")
_TERMS = "'prepaid', 'deposit', 'net'"


def _user_fk(table: str, column: str):
    return sa.ForeignKeyConstraint([column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"),
                                   ondelete="SET NULL")


def upgrade() -> None:
    op.create_table(
        "rfq_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("buyer_org_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["buyer_org_id"], ["organizations.id"],
                                name=op.f("fk_rfq_batches_buyer_org_id_organizations"), ondelete="CASCADE"),
        _user_fk("rfq_batches", "created_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rfq_batches")),
    )
    op.create_index(op.f("ix_rfq_batches_buyer_org_id"), "rfq_batches", ["buyer_org_id"], unique=False)

    with op.batch_alter_table("rfqs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("batch_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_rfqs_batch_id"), ["batch_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_rfqs_batch_id_rfq_batches"), "rfq_batches", ["batch_id"],
                                    ["id"], ondelete="SET NULL")
        batch_op.drop_constraint(op.f("ck_rfqs_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_rfqs_status"),
                                         "status IN ('open', 'quoted', 'declined', 'accepted', 'closed')")

    with op.batch_alter_table("rfq_quotes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("payment_terms", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False,
                                      server_default="prepaid"))
        batch_op.add_column(sa.Column("deposit_percent", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("net_days", sa.Integer(), nullable=True))

    with op.batch_alter_table("wholesale_orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=16), nullable=False, server_default="wholesale"))
        batch_op.add_column(sa.Column("rfq_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("quote_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("quoted_total", sa.Numeric(precision=20, scale=2), nullable=True))
        batch_op.add_column(sa.Column("payment_terms", sa.String(length=16), nullable=False,
                                      server_default="prepaid"))
        batch_op.add_column(sa.Column("deposit_percent", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("net_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("balance_due_at", market.db.UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_wholesale_orders_rfq_id"), ["rfq_id"], unique=False)
        batch_op.create_unique_constraint(batch_op.f("uq_wholesale_orders_quote_id"), ["quote_id"])
        batch_op.create_foreign_key(batch_op.f("fk_wholesale_orders_rfq_id_rfqs"), "rfqs", ["rfq_id"], ["id"],
                                    ondelete="SET NULL")
        batch_op.create_foreign_key(batch_op.f("fk_wholesale_orders_quote_id_rfq_quotes"), "rfq_quotes",
                                    ["quote_id"], ["id"], ondelete="SET NULL")
        batch_op.drop_constraint(op.f("ck_wholesale_orders_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_wholesale_orders_status"), f"status IN ({_ORDER_STATUSES})")
        batch_op.create_check_constraint(op.f("ck_wholesale_orders_payment_terms"), f"payment_terms IN ({_TERMS})")
        batch_op.create_check_constraint(
            op.f("ck_wholesale_orders_deposit_percent_range"), "deposit_percent IS NULL OR (deposit_percent >= 1 AND deposit_percent <= 99)")

    op.create_table(
        "maker_order_terms",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("payment_terms", sa.String(length=16), nullable=False),
        sa.Column("deposit_percent", sa.Integer(), nullable=True),
        sa.Column("net_days", sa.Integer(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", market.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(f"payment_terms IN ({_TERMS})", name=op.f("ck_maker_order_terms_payment_terms")),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"],
                                name=op.f("fk_maker_order_terms_organization_id_organizations"), ondelete="CASCADE"),
        _user_fk("maker_order_terms", "updated_by_id"),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_maker_order_terms")),
    )
    op.create_table(
        "net_terms_approvals",
        sa.Column("buyer_org_id", sa.Integer(), nullable=False),
        sa.Column("max_days", sa.Integer(), nullable=False),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["buyer_org_id"], ["organizations.id"],
                                name=op.f("fk_net_terms_approvals_buyer_org_id_organizations"), ondelete="CASCADE"),
        _user_fk("net_terms_approvals", "approved_by_id"),
        sa.PrimaryKeyConstraint("buyer_org_id", name=op.f("pk_net_terms_approvals")),
    )
    op.create_table(
        "order_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("maker_org_id", sa.Integer(), nullable=False),
        sa.Column("buyer_org_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("score >= 1 AND score <= 5", name=op.f("ck_order_reviews_score_range")),
        sa.ForeignKeyConstraint(["order_id"], ["wholesale_orders.id"],
                                name=op.f("fk_order_reviews_order_id_wholesale_orders"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["maker_org_id"], ["organizations.id"],
                                name=op.f("fk_order_reviews_maker_org_id_organizations"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["buyer_org_id"], ["organizations.id"],
                                name=op.f("fk_order_reviews_buyer_org_id_organizations"), ondelete="CASCADE"),
        _user_fk("order_reviews", "created_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_reviews")),
        sa.UniqueConstraint("order_id", name=op.f("uq_order_reviews_order_id")),
    )
    op.create_index(op.f("ix_order_reviews_maker_org_id"), "order_reviews", ["maker_org_id"], unique=False)
    op.create_table(
        "product_samples",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price_krw", sa.Integer(), nullable=False),
        sa.Column("updated_at", market.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_product_samples_quantity_positive")),
        sa.CheckConstraint("unit_price_krw >= 0", name=op.f("ck_product_samples_price_not_negative")),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"],
                                name=op.f("fk_product_samples_product_id_products"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_product_samples")),
    )

    _move_quote_orders()
    op.drop_table("rfq_orders")


def _move_quote_orders() -> None:
    """Each order from an accepted quote becomes a quote order of the one order table, with its payment."""
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT o.id, o.rfq_id, o.quote_id, o.buyer_org_id, o.maker_org_id, o.quantity, o.unit_price, o.currency, "
        "o.total, o.status, o.created_at, r.product_id, r.created_by_id, r.destination_country "
        "FROM rfq_orders o JOIN rfqs r ON r.id = o.rfq_id ORDER BY o.id")).mappings().all()
    if not rows:
        return
    from decimal import ROUND_HALF_UP, Decimal

    rates = {code: Decimal(str(rate)) for code, rate in bind.execute(sa.text(
        "SELECT currency, krw_per_unit FROM exchange_rates ORDER BY rate_date"))}
    rates["KRW"] = Decimal(1)

    def krw(amount) -> int:
        rate = rates.get(row["currency"].upper())
        return int((Decimal(str(amount)) * rate).quantize(Decimal(1), ROUND_HALF_UP)) if rate else 0

    for row in rows:
        status = row["status"] if row["status"] in ("awaiting_payment", "paid", "cancelled") else "paid"
        total_krw = krw(row["total"])
        order_id = bind.execute(sa.text(
            "INSERT INTO wholesale_orders (buyer_org_id, maker_org_id, placed_by_id, status, currency, subtotal_krw, "
            "display_currency, display_rate, shipping_address, shipping_country, kind, rfq_id, quote_id, "
            "quoted_total, payment_terms, created_at, updated_at) VALUES (:buyer, :maker, :placed_by, :status, "
            "'KRW', :subtotal, :currency, :rate, '', :country, 'quote', :rfq, :quote, :total, 'prepaid', :created, "
            ":created) RETURNING id").bindparams(
                # Typed, so that SQLite's driver (which binds no Decimal) gets the amounts it can store.
                sa.bindparam("rate", type_=sa.Numeric(18, 6)), sa.bindparam("total", type_=sa.Numeric(20, 2))), dict(
                buyer=row["buyer_org_id"], maker=row["maker_org_id"], placed_by=row["created_by_id"], status=status,
                subtotal=total_krw, currency=row["currency"].upper(), rate=rates.get(row["currency"].upper()),
                country=row["destination_country"] or "KR", rfq=row["rfq_id"], quote=row["quote_id"],
                total=row["total"], created=row["created_at"])).scalar_one()
        bind.execute(sa.text(
            "INSERT INTO wholesale_order_lines (order_id, product_id, title, title_locale, quantity, unit_price_krw, "
            "line_total_krw) VALUES (:order, :product, :title, 'en', :quantity, :unit, :total)"), dict(
                order=order_id, product=row["product_id"], title=f"Request for quote #{row['rfq_id']}",
                quantity=row["quantity"], unit=krw(row["unit_price"]), total=total_krw))
        bind.execute(sa.text(
            "INSERT INTO wholesale_order_events (order_id, actor_id, from_status, to_status, note, created_at) "
            "VALUES (:order, NULL, NULL, :status, :note, :created)"), dict(
                order=order_id, status=status, note=f"Request for quote #{row['rfq_id']}",
                created=row["created_at"]))
        bind.execute(sa.text("UPDATE payments SET kind = 'wholesale_order', payable_id = :new "
                             "WHERE kind = 'rfq_order' AND payable_id = :old"), dict(new=order_id, old=row["id"]))


def downgrade() -> None:
    bind = op.get_bind()
    bind.execute(sa.text("DELETE FROM payments WHERE kind = 'order_balance'"))
    bind.execute(sa.text("DELETE FROM wholesale_orders WHERE kind <> 'wholesale'"))
    bind.execute(sa.text("UPDATE wholesale_orders SET status = 'paid' WHERE status = 'placed'"))
    op.create_table(
        "rfq_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rfq_id", sa.Integer(), nullable=False),
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("buyer_org_id", sa.Integer(), nullable=False),
        sa.Column("maker_org_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("total", sa.Numeric(precision=20, scale=2), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["buyer_org_id"], ["organizations.id"],
                                name=op.f("fk_rfq_orders_buyer_org_id_organizations"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["maker_org_id"], ["organizations.id"],
                                name=op.f("fk_rfq_orders_maker_org_id_organizations"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["quote_id"], ["rfq_quotes.id"], name=op.f("fk_rfq_orders_quote_id_rfq_quotes"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["rfq_id"], ["rfqs.id"], name=op.f("fk_rfq_orders_rfq_id_rfqs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rfq_orders")),
        sa.UniqueConstraint("quote_id", name=op.f("uq_rfq_orders_quote_id")),
        sa.UniqueConstraint("rfq_id", name=op.f("uq_rfq_orders_rfq_id")),
    )
    op.create_index(op.f("ix_rfq_orders_buyer_org_id"), "rfq_orders", ["buyer_org_id"], unique=False)
    op.create_index(op.f("ix_rfq_orders_maker_org_id"), "rfq_orders", ["maker_org_id"], unique=False)
    op.drop_table("product_samples")
    op.drop_index(op.f("ix_order_reviews_maker_org_id"), table_name="order_reviews")
    op.drop_table("order_reviews")
    op.drop_table("net_terms_approvals")
    op.drop_table("maker_order_terms")
    with op.batch_alter_table("wholesale_orders", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_wholesale_orders_deposit_percent_range"), type_="check")
        batch_op.drop_constraint(op.f("ck_wholesale_orders_payment_terms"), type_="check")
        batch_op.drop_constraint(op.f("ck_wholesale_orders_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_wholesale_orders_status"), f"status IN ({_OLD_ORDER_STATUSES})")
        batch_op.drop_constraint("fk_wholesale_orders_quote_id_rfq_quotes", type_="foreignkey")
        batch_op.drop_constraint("fk_wholesale_orders_rfq_id_rfqs", type_="foreignkey")
        batch_op.drop_constraint("uq_wholesale_orders_quote_id", type_="unique")
        batch_op.drop_index("ix_wholesale_orders_rfq_id")
        for column in ("balance_due_at", "net_days", "deposit_percent", "payment_terms", "quoted_total",
                       "quote_id", "rfq_id", "kind"):
            batch_op.drop_column(column)
    with op.batch_alter_table("rfq_quotes", schema=None) as batch_op:
        for column in ("net_days", "deposit_percent", "payment_terms"):
            batch_op.drop_column(column)
    bind.execute(sa.text("UPDATE rfqs SET status = 'quoted' WHERE status = 'closed'"))
    with op.batch_alter_table("rfqs", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_rfqs_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_rfqs_status"), "status IN ('open', 'quoted', 'declined', 'accepted')")
        batch_op.drop_constraint("fk_rfqs_batch_id_rfq_batches", type_="foreignkey")
        batch_op.drop_index("ix_rfqs_batch_id")
        batch_op.drop_column("batch_id")
    op.drop_index(op.f("ix_rfq_batches_buyer_org_id"), table_name="rfq_batches")
    op.drop_table("rfq_batches")
