"""training reminders: when an enrolment was reminded of its session (claimed once, by a conditional UPDATE)

Revision ID: 0042
Revises: 0035
Create Date: 2026-12-07 10:00:00
"""

import sqlalchemy as sa
from alembic import op

from market.db import UTCDateTime

revision = "0042"
down_revision = "0035"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("training_enrolments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminded_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("training_enrolments", schema=None) as batch_op:
        batch_op.drop_column("reminded_at")
