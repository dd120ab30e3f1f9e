"""maker profiles

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 00:39:55.025527
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import market.db

revision = "0003"
down_revision = "0002"
branch_labels = ("maker_profiles",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "maker_profiles",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("materials", sa.JSON(), nullable=False),
        sa.Column("equipment", sa.JSON(), nullable=False),
        sa.Column("certifications", sa.JSON(), nullable=False),
        sa.Column("min_order_qty", sa.Integer(), nullable=True),
        sa.Column("min_order_unit", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("min_order_note", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=True),
        sa.Column("lead_time_days", sa.Integer(), nullable=True),
        sa.Column("photos", sa.JSON(), nullable=False),
        sa.Column(
            "cobrand_status",
            sqlmodel.sql.sqltypes.AutoString(length=16),
            server_default="none",
            nullable=False,
        ),
        sa.Column("published_at", market.db.UTCDateTime(), nullable=True),
        sa.Column("updated_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_maker_profiles_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_maker_profiles")),
    )
    with op.batch_alter_table("maker_profiles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_maker_profiles_published_at"), ["published_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("maker_profiles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maker_profiles_published_at"))

    op.drop_table("maker_profiles")
