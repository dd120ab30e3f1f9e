"""rfq drafts: a request for quote not sent yet, with its stored attachments

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 03:10:00
"""

import sqlalchemy as sa
from alembic import op

import market.db

revision = "0018"
down_revision = "0017"
branch_labels = None
# The RFQ, product and organisation tables are made by 0005 and the revisions before it, on another branch.
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rfq_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("maker_org_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_rfq_drafts_user_id_users"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["maker_org_id"], ["organizations.id"],
                                name=op.f("fk_rfq_drafts_maker_org_id_organizations"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], name=op.f("fk_rfq_drafts_product_id_products"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rfq_drafts")),
    )
    with op.batch_alter_table("rfq_drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rfq_drafts_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rfq_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rfq_drafts_user_id"))
    op.drop_table("rfq_drafts")
