"""saved lists

Revision ID: 0007
Revises: 0002
Create Date: 2026-11-22 01:18:13.560538
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import market.db

revision = "0007"
down_revision = "0002"
branch_labels = ("saved_lists",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "saved_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_saved_lists_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_lists")),
    )
    with op.batch_alter_table("saved_lists", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_lists_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "saved_list_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("added_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["saved_lists.id"],
            name=op.f("fk_saved_list_items_list_id_saved_lists"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_saved_list_items_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_list_items")),
        sa.UniqueConstraint("list_id", "product_id", name=op.f("uq_saved_list_items_list_id_product_id")),
    )
    with op.batch_alter_table("saved_list_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_list_items_list_id"), ["list_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_saved_list_items_product_id"), ["product_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("saved_list_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_list_items_product_id"))
        batch_op.drop_index(batch_op.f("ix_saved_list_items_list_id"))

    op.drop_table("saved_list_items")
    with op.batch_alter_table("saved_lists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_lists_owner_id"))

    op.drop_table("saved_lists")
