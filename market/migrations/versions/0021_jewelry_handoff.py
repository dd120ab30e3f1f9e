"""jewelry handoff: designs a visitor uploads before signing up (kept for the browser's session until claimed),
the destination a quote is priced for (its shipping line), and the customer's own reference on an order

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 03:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
# The jewelry tables are made by 0010 on another branch.
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jewelry_designs", schema=None) as batch_op:
        batch_op.alter_column("owner_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("guest_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_jewelry_designs_guest_key"), ["guest_key"], unique=False)
    with op.batch_alter_table("jewelry_quotes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shipping_country", sqlmodel.sql.sqltypes.AutoString(length=2),
                                      nullable=True))
    with op.batch_alter_table("jewelry_orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("customer_reference", sqlmodel.sql.sqltypes.AutoString(length=80),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("jewelry_orders", schema=None) as batch_op:
        batch_op.drop_column("customer_reference")
    with op.batch_alter_table("jewelry_quotes", schema=None) as batch_op:
        batch_op.drop_column("shipping_country")
    op.execute("DELETE FROM jewelry_designs WHERE owner_id IS NULL")
    with op.batch_alter_table("jewelry_designs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jewelry_designs_guest_key"))
        batch_op.drop_column("guest_key")
        batch_op.alter_column("owner_id", existing_type=sa.Integer(), nullable=False)
