"""wholesale orders

Revision ID: 0008
Revises: 0002
Create Date: 2026-11-22 01:18:07.150121
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import market.db

revision = "0008"
down_revision = "0002"
branch_labels = ("wholesale_orders",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "wholesale_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("buyer_org_id", sa.Integer(), nullable=False),
        sa.Column("maker_org_id", sa.Integer(), nullable=False),
        sa.Column("placed_by_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("subtotal_krw", sa.Integer(), nullable=False),
        sa.Column("display_currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("display_rate", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("shipping_address", sa.Text(), nullable=False),
        sa.Column("shipping_country", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("carrier", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("tracking_number", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", market.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('awaiting_payment', 'paid', 'confirmed', 'in_production', 'shipped', 'delivered', 'cancelled')",
            name=op.f("ck_wholesale_orders_status"),
        ),
        sa.ForeignKeyConstraint(
            ["buyer_org_id"],
            ["organizations.id"],
            name=op.f("fk_wholesale_orders_buyer_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["maker_org_id"],
            ["organizations.id"],
            name=op.f("fk_wholesale_orders_maker_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["placed_by_id"],
            ["users.id"],
            name=op.f("fk_wholesale_orders_placed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wholesale_orders")),
    )
    with op.batch_alter_table("wholesale_orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wholesale_orders_buyer_org_id"), ["buyer_org_id"], unique=False)
        batch_op.create_index(
            "ix_wholesale_orders_maker_org_id_status", ["maker_org_id", "status"], unique=False
        )

    op.create_table(
        "cart_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("added_at", market.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_cart_items_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_cart_items_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_cart_items_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cart_items")),
        sa.UniqueConstraint("user_id", "product_id", name=op.f("uq_cart_items_user_id_product_id")),
    )
    with op.batch_alter_table("cart_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cart_items_product_id"), ["product_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cart_items_user_id"), ["user_id"], unique=False)

    op.create_table(
        "wholesale_order_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("from_status", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.Column("to_status", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_wholesale_order_events_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["wholesale_orders.id"],
            name=op.f("fk_wholesale_order_events_order_id_wholesale_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wholesale_order_events")),
    )
    with op.batch_alter_table("wholesale_order_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wholesale_order_events_order_id"), ["order_id"], unique=False)

    op.create_table(
        "wholesale_order_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("title_locale", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price_krw", sa.Integer(), nullable=False),
        sa.Column("line_total_krw", sa.Integer(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_wholesale_order_lines_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["wholesale_orders.id"],
            name=op.f("fk_wholesale_order_lines_order_id_wholesale_orders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_wholesale_order_lines_product_id_products"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wholesale_order_lines")),
    )
    with op.batch_alter_table("wholesale_order_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wholesale_order_lines_order_id"), ["order_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_wholesale_order_lines_product_id"), ["product_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("wholesale_order_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wholesale_order_lines_product_id"))
        batch_op.drop_index(batch_op.f("ix_wholesale_order_lines_order_id"))

    op.drop_table("wholesale_order_lines")
    with op.batch_alter_table("wholesale_order_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wholesale_order_events_order_id"))

    op.drop_table("wholesale_order_events")
    with op.batch_alter_table("cart_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cart_items_user_id"))
        batch_op.drop_index(batch_op.f("ix_cart_items_product_id"))

    op.drop_table("cart_items")
    with op.batch_alter_table("wholesale_orders", schema=None) as batch_op:
        batch_op.drop_index("ix_wholesale_orders_maker_org_id_status")
        batch_op.drop_index(batch_op.f("ix_wholesale_orders_buyer_org_id"))

    op.drop_table("wholesale_orders")
