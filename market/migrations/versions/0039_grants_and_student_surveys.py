"""grants paid out once (a payout names the grant it pays), the students' survey slips of school tours, and the
master craftsmen's certificate numbers in the one numbering of market/sequences.py

Revision ID: 0039
Revises: 0035
Create Date: 2026-12-07 09:30:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import market.db

revision = "0039"
down_revision = "0035"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN and CREATE INDEX: SQLite does both in place, without copying the payouts table.
    op.add_column("payouts", sa.Column("grant_kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
    op.add_column("payouts", sa.Column("grant_id", sa.Integer(), nullable=True))
    op.create_index("uq_payouts_grant_kind_grant_id", "payouts", ["grant_kind", "grant_id"], unique=True)
    op.create_table(
        "tour_survey_slips",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["booking_id"], ["tour_bookings.id"],
                                name=op.f("fk_tour_survey_slips_booking_id_tour_bookings"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tour_survey_slips")),
        sa.UniqueConstraint("booking_id", "number", name=op.f("uq_tour_survey_slips_booking_id_number")),
    )
    op.create_index(op.f("ix_tour_survey_slips_booking_id"), "tour_survey_slips", ["booking_id"], unique=False)
    # Certificates awarded before carry on from their year's highest number (MST-2026-0007 → 7).
    op.execute("INSERT INTO sequences (name, year, last) "
               "SELECT 'master_certificate', year, MAX(CAST(SUBSTR(code, 10) AS INTEGER)) FROM master_awards "
               "WHERE code LIKE 'MST-____-%' GROUP BY year")


def downgrade() -> None:
    op.execute("DELETE FROM sequences WHERE name = 'master_certificate'")
    op.drop_index(op.f("ix_tour_survey_slips_booking_id"), table_name="tour_survey_slips")
    op.drop_table("tour_survey_slips")
    op.drop_index("uq_payouts_grant_kind_grant_id", table_name="payouts")
    # SQLite 3.35+ drops a column in place too, so the payouts table (which the ledger refers to) is not copied.
    op.drop_column("payouts", "grant_id")
    op.drop_column("payouts", "grant_kind")
