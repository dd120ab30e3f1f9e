"""jewelry size confirmation: when a customer confirmed that a design's implausible size is right

Revision ID: 0016
Revises: (0003, 0004, 0005, 0006, 0007, 0008, 0009, 0010, 0012, 0013, 0014, 0015)
Create Date: 2026-12-07 03:10:00
"""

import sqlalchemy as sa
from alembic import op

from market.db import UTCDateTime

revision = "0016"
down_revision = ("0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0012", "0013", "0014", "0015")
branch_labels = None
# The jewelry tables are made by 0010 on another branch.
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jewelry_designs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("size_confirmed_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("jewelry_designs", schema=None) as batch_op:
        batch_op.drop_column("size_confirmed_at")
