"""training fees and cancellations: a session's waitlist size and its cancellation (when, why); an enrolment's
fee as it was when the seat was taken, until when an unpaid seat is held, and when it was paid

Revision ID: 0045
Revises: 0044
Create Date: 2026-12-07 12:30:00
"""

import sqlalchemy as sa
from alembic import op

from market.db import UTCDateTime

revision = "0045"
down_revision = "0044"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("waitlist_places", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("cancelled_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("cancel_reason", sa.String(length=500), nullable=True))
    with op.batch_alter_table("training_enrolments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fee_krw", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("paid_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("hold_until", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("training_enrolments", schema=None) as batch_op:
        batch_op.drop_column("hold_until")
        batch_op.drop_column("paid_at")
        batch_op.drop_column("fee_krw")
    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        batch_op.drop_column("cancel_reason")
        batch_op.drop_column("cancelled_at")
        batch_op.drop_column("waitlist_places")
