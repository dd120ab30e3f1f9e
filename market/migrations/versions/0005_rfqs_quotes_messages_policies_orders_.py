"""rfqs, quotes, messages, policies, orders and notifications

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-22 00:37:47.012786
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import market.db

revision = "0005"
down_revision = "0002"
branch_labels = ("rfq",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("read_at", market.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index("ix_notifications_user_id_read_at", ["user_id", "read_at"], unique=False)

    op.create_table(
        "rfq_policies",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("min_quantity", sa.Integer(), nullable=False),
        sa.Column("min_completeness", sa.Integer(), nullable=False),
        sa.Column("updated_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_rfq_policies_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_rfq_policies_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_rfq_policies")),
    )
    op.create_table(
        "rfqs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("buyer_org_id", sa.Integer(), nullable=False),
        sa.Column("maker_org_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("target_price", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=True),
        sa.Column("incoterm", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=True),
        sa.Column("destination_country", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
        sa.Column("needed_by", sa.Date(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("completeness", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decline_reason", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("decline_note", sa.Text(), nullable=True),
        sa.Column("declined_at", market.db.UTCDateTime(), nullable=True),
        sa.Column("first_response_at", market.db.UTCDateTime(), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", market.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'quoted', 'declined', 'accepted')", name=op.f("ck_rfqs_status")
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_rfqs_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["buyer_org_id"],
            ["organizations.id"],
            name=op.f("fk_rfqs_buyer_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_rfqs_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["maker_org_id"],
            ["organizations.id"],
            name=op.f("fk_rfqs_maker_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_rfqs_product_id_products"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rfqs")),
    )
    with op.batch_alter_table("rfqs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rfqs_buyer_org_id"), ["buyer_org_id"], unique=False)
        batch_op.create_index("ix_rfqs_maker_org_id_status", ["maker_org_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_rfqs_product_id"), ["product_id"], unique=False)

    op.create_table(
        "rfq_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rfq_id", sa.Integer(), nullable=False),
        sa.Column("storage_key", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("filename", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("content_type", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["rfq_id"], ["rfqs.id"], name=op.f("fk_rfq_attachments_rfq_id_rfqs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_rfq_attachments_uploaded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rfq_attachments")),
    )
    with op.batch_alter_table("rfq_attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rfq_attachments_rfq_id"), ["rfq_id"], unique=False)

    op.create_table(
        "rfq_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rfq_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_rfq_messages_author_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["rfq_id"], ["rfqs.id"], name=op.f("fk_rfq_messages_rfq_id_rfqs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rfq_messages")),
    )
    with op.batch_alter_table("rfq_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rfq_messages_rfq_id"), ["rfq_id"], unique=False)

    op.create_table(
        "rfq_quotes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rfq_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("unit_price", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("lead_time_days", sa.Integer(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("accepted_at", market.db.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('offered', 'accepted', 'superseded', 'withdrawn')", name=op.f("ck_rfq_quotes_status")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_rfq_quotes_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["rfq_id"], ["rfqs.id"], name=op.f("fk_rfq_quotes_rfq_id_rfqs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rfq_quotes")),
    )
    with op.batch_alter_table("rfq_quotes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rfq_quotes_rfq_id"), ["rfq_id"], unique=False)

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
        sa.ForeignKeyConstraint(
            ["buyer_org_id"],
            ["organizations.id"],
            name=op.f("fk_rfq_orders_buyer_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["maker_org_id"],
            ["organizations.id"],
            name=op.f("fk_rfq_orders_maker_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["quote_id"],
            ["rfq_quotes.id"],
            name=op.f("fk_rfq_orders_quote_id_rfq_quotes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["rfq_id"], ["rfqs.id"], name=op.f("fk_rfq_orders_rfq_id_rfqs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rfq_orders")),
        sa.UniqueConstraint("quote_id", name=op.f("uq_rfq_orders_quote_id")),
        sa.UniqueConstraint("rfq_id", name=op.f("uq_rfq_orders_rfq_id")),
    )
    with op.batch_alter_table("rfq_orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rfq_orders_buyer_org_id"), ["buyer_org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rfq_orders_maker_org_id"), ["maker_org_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rfq_orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rfq_orders_maker_org_id"))
        batch_op.drop_index(batch_op.f("ix_rfq_orders_buyer_org_id"))

    op.drop_table("rfq_orders")
    with op.batch_alter_table("rfq_quotes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rfq_quotes_rfq_id"))

    op.drop_table("rfq_quotes")
    with op.batch_alter_table("rfq_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rfq_messages_rfq_id"))

    op.drop_table("rfq_messages")
    with op.batch_alter_table("rfq_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rfq_attachments_rfq_id"))

    op.drop_table("rfq_attachments")
    with op.batch_alter_table("rfqs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rfqs_product_id"))
        batch_op.drop_index("ix_rfqs_maker_org_id_status")
        batch_op.drop_index(batch_op.f("ix_rfqs_buyer_org_id"))

    op.drop_table("rfqs")
    op.drop_table("rfq_policies")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_user_id_read_at")

    op.drop_table("notifications")
