"""shipping terms: makers' free-shipping threshold and returns policy, the admin's shipping rate table, and the
shipping and duties estimate an order keeps

Revision ID: 0030
Revises: 0022
Create Date: 2026-12-07 06:30:00
"""

import sqlalchemy as sa
from alembic import op

import market.db

revision = "0030"
down_revision = "0022"
branch_labels = None
depends_on = None


def _user_fk(table: str, column: str):
    return sa.ForeignKeyConstraint([column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"),
                                   ondelete="SET NULL")


def upgrade() -> None:
    op.create_table(
        "maker_shipping_policies",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("free_shipping_from_krw", sa.Integer(), nullable=True),
        sa.Column("returns_days", sa.Integer(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", market.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("free_shipping_from_krw IS NULL OR free_shipping_from_krw > 0",
                           name=op.f("ck_maker_shipping_policies_free_shipping_positive")),
        sa.CheckConstraint("returns_days IS NULL OR (returns_days >= 1 AND returns_days <= 365)",
                           name=op.f("ck_maker_shipping_policies_returns_days_range")),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"],
                                name=op.f("fk_maker_shipping_policies_organization_id_organizations"),
                                ondelete="CASCADE"),
        _user_fk("maker_shipping_policies", "updated_by_id"),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_maker_shipping_policies")),
    )
    op.create_table(
        "shipping_rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("destination", sa.String(length=3), nullable=False),
        sa.Column("basis", sa.String(length=8), nullable=False),
        sa.Column("band_min", sa.Integer(), nullable=False),
        sa.Column("band_max", sa.Integer(), nullable=True),
        sa.Column("shipping_krw", sa.Integer(), nullable=False),
        sa.Column("duty_percent", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("set_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", market.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("basis IN ('weight', 'value')", name=op.f("ck_shipping_rates_basis")),
        sa.CheckConstraint("band_min >= 0", name=op.f("ck_shipping_rates_band_min_not_negative")),
        sa.CheckConstraint("band_max IS NULL OR band_max > band_min", name=op.f("ck_shipping_rates_band_order")),
        sa.CheckConstraint("shipping_krw >= 0", name=op.f("ck_shipping_rates_shipping_not_negative")),
        sa.CheckConstraint("duty_percent >= 0 AND duty_percent <= 100",
                           name=op.f("ck_shipping_rates_duty_percent_range")),
        _user_fk("shipping_rates", "updated_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shipping_rates")),
    )
    op.create_index("ix_shipping_rates_destination_basis", "shipping_rates", ["destination", "basis"],
                    unique=False)
    with op.batch_alter_table("wholesale_orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("incoterm", sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column("shipping_estimate_krw", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("duties_estimate_krw", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("free_shipping", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("estimate_set_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("estimate_source", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("wholesale_orders", schema=None) as batch_op:
        for column in ("estimate_source", "estimate_set_on", "free_shipping", "duties_estimate_krw",
                       "shipping_estimate_krw", "incoterm"):
            batch_op.drop_column(column)
    op.drop_index("ix_shipping_rates_destination_basis", table_name="shipping_rates")
    op.drop_table("shipping_rates")
    op.drop_table("maker_shipping_policies")
