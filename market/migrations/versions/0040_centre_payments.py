"""support-centre bookings paid through payments: a payee that is not an organisation (the platform collects for
a public centre, kept per centre in the ledger's ``party``), a support voucher on a payment, the voucher
percentage of a facility frozen on each booking, and when a booking was paid

Revision ID: 0040
Revises: 0035
Create Date: 2026-12-07 09:40:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

from market.db import UTCDateTime

revision = "0040"
down_revision = "0035"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.alter_column("payee_org_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("payee_ref", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column("payee_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
        batch_op.add_column(sa.Column("voucher_minor", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("voucher_krw", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("voucher_ref", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.create_check_constraint(op.f("ck_payments_payee"), "payee_org_id IS NOT NULL OR payee_ref IS NOT NULL")
        batch_op.create_check_constraint(op.f("ck_payments_voucher_positive"), "voucher_minor >= 0")
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("party", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_ledger_entries_party"), ["party"], unique=False)
    with op.batch_alter_table("centre_facilities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("voucher_percent", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("centre_bookings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("voucher_percent", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("paid_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("centre_bookings", schema=None) as batch_op:
        batch_op.drop_column("paid_at")
        batch_op.drop_column("voucher_percent")
    with op.batch_alter_table("centre_facilities", schema=None) as batch_op:
        batch_op.drop_column("voucher_percent")
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_entries_party"))
        batch_op.drop_column("party")
    op.execute("DELETE FROM payments WHERE payee_org_id IS NULL")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_payments_voucher_positive"), type_="check")
        batch_op.drop_constraint(op.f("ck_payments_payee"), type_="check")
        batch_op.drop_column("voucher_ref")
        batch_op.drop_column("voucher_krw")
        batch_op.drop_column("voucher_minor")
        batch_op.drop_column("payee_name")
        batch_op.drop_column("payee_ref")
        batch_op.alter_column("payee_org_id", existing_type=sa.Integer(), nullable=False)
