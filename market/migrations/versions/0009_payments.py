"""payments: payments, refunds, Stripe events, payee accounts, payouts and the double-entry ledger

Revision ID: 0009
Revises: 0002
Create Date: 2026-11-22 03:00:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import market.db

revision = "0009"
down_revision = "0002"
branch_labels = ("payments",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payee_accounts",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("stripe_account_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_payee_accounts_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_payee_accounts_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_payee_accounts")),
    )
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("payable_id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("amount_krw", sa.Integer(), nullable=False),
        sa.Column("commission_bps", sa.Integer(), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("token", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("payer_user_id", sa.Integer(), nullable=True),
        sa.Column("payer_org_id", sa.Integer(), nullable=True),
        sa.Column("payee_org_id", sa.Integer(), nullable=False),
        sa.Column("provider_ref", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("provider_status", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("client_secret", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("received_by_id", sa.Integer(), nullable=True),
        sa.Column("received_note", sa.Text(), nullable=True),
        sa.Column("paid_at", market.db.UTCDateTime(), nullable=True),
        sa.Column("canceled_at", market.db.UTCDateTime(), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", market.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'paid', 'partially_refunded', 'refunded', 'canceled')",
            name=op.f("ck_payments_status"),
        ),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_payments_amount_positive")),
        sa.CheckConstraint(
            "commission_bps >= 0 AND commission_bps <= 10000", name=op.f("ck_payments_commission_range")
        ),
        sa.ForeignKeyConstraint(
            ["payee_org_id"], ["organizations.id"], name=op.f("fk_payments_payee_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["payer_org_id"],
            ["organizations.id"],
            name=op.f("fk_payments_payer_org_id_organizations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["payer_user_id"], ["users.id"], name=op.f("fk_payments_payer_user_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["received_by_id"],
            ["users.id"],
            name=op.f("fk_payments_received_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("kind", "payable_id", name=op.f("uq_payments_kind_payable_id")),
        sa.UniqueConstraint("provider_ref", name=op.f("uq_payments_provider_ref")),
        sa.UniqueConstraint("reference", name=op.f("uq_payments_reference")),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payments_payee_org_id"), ["payee_org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payments_payer_org_id"), ["payer_org_id"], unique=False)
        batch_op.create_index("ix_payments_status_created_at", ["status", "created_at"], unique=False)

    op.create_table(
        "payouts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payee_org_id", sa.Integer(), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("amount_krw", sa.Integer(), nullable=False),
        sa.Column("method", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("provider_ref", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_payouts_amount_positive")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_payouts_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["payee_org_id"], ["organizations.id"], name=op.f("fk_payouts_payee_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payouts")),
        sa.UniqueConstraint("provider_ref", name=op.f("uq_payouts_provider_ref")),
    )
    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payouts_payee_org_id"), ["payee_org_id"], unique=False)

    op.create_table(
        "refunds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("amount_krw", sa.Integer(), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("provider_ref", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_refunds_amount_positive")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_refunds_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["payment_id"], ["payments.id"], name=op.f("fk_refunds_payment_id_payments")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refunds")),
        sa.UniqueConstraint("provider_ref", name=op.f("uq_refunds_provider_ref")),
    )
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_refunds_payment_id"), ["payment_id"], unique=False)

    op.create_table(
        "stripe_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("type", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("object_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("created", market.db.UTCDateTime(), nullable=True),
        sa.Column("livemode", sa.Boolean(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("received_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["payments.id"],
            name=op.f("fk_stripe_events_payment_id_payments"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stripe_events")),
        sa.UniqueConstraint("event_id", name=op.f("uq_stripe_events_event_id")),
    )
    with op.batch_alter_table("stripe_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stripe_events_object_id"), ["object_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stripe_events_payment_id"), ["payment_id"], unique=False)

    op.create_table(
        "ledger_transactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("dedupe_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("refund_id", sa.Integer(), nullable=True),
        sa.Column("payout_id", sa.Integer(), nullable=True),
        sa.Column("memo", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payments.id"], name=op.f("fk_ledger_transactions_payment_id_payments")
        ),
        sa.ForeignKeyConstraint(
            ["payout_id"], ["payouts.id"], name=op.f("fk_ledger_transactions_payout_id_payouts")
        ),
        sa.ForeignKeyConstraint(
            ["refund_id"], ["refunds.id"], name=op.f("fk_ledger_transactions_refund_id_refunds")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_transactions")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_ledger_transactions_dedupe_key")),
    )
    with op.batch_alter_table("ledger_transactions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ledger_transactions_payment_id"), ["payment_id"], unique=False)

    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transaction_id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=24), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("amount_krw", sa.Integer(), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_ledger_entries_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["transaction_id"],
            ["ledger_transactions.id"],
            name=op.f("fk_ledger_entries_transaction_id_ledger_transactions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
    )
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ledger_entries_account_org_id_currency", ["account", "org_id", "currency"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ledger_entries_transaction_id"), ["transaction_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_entries_transaction_id"))
        batch_op.drop_index("ix_ledger_entries_account_org_id_currency")

    op.drop_table("ledger_entries")
    with op.batch_alter_table("ledger_transactions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_transactions_payment_id"))

    op.drop_table("ledger_transactions")
    with op.batch_alter_table("stripe_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stripe_events_payment_id"))
        batch_op.drop_index(batch_op.f("ix_stripe_events_object_id"))

    op.drop_table("stripe_events")
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refunds_payment_id"))

    op.drop_table("refunds")
    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payouts_payee_org_id"))

    op.drop_table("payouts")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index("ix_payments_status_created_at")
        batch_op.drop_index(batch_op.f("ix_payments_payer_org_id"))
        batch_op.drop_index(batch_op.f("ix_payments_payee_org_id"))

    op.drop_table("payments")
    op.drop_table("payee_accounts")
