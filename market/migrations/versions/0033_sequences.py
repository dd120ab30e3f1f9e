"""one table of numbers in sequence (per name and year) instead of a counter table per feature: the invoice and
certificate counters move into it

Revision ID: 0033
Revises: 0022
Create Date: 2026-12-07 07:10:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0033"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sequences",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", "year", name=op.f("pk_sequences")),
    )
    op.execute("INSERT INTO sequences (name, year, last) SELECT 'invoice', year, last_sequence FROM invoice_counters")
    op.execute("INSERT INTO sequences (name, year, last) "
               "SELECT 'certificate', year, last_sequence FROM certificate_counters")
    op.drop_table("invoice_counters")
    op.drop_table("certificate_counters")


def downgrade() -> None:
    op.create_table(
        "certificate_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_certificate_counters")),
    )
    op.create_table(
        "invoice_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_invoice_counters")),
    )
    op.execute("INSERT INTO invoice_counters (year, last_sequence) SELECT year, last FROM sequences "
               "WHERE name = 'invoice'")
    op.execute("INSERT INTO certificate_counters (year, last_sequence) SELECT year, last FROM sequences "
               "WHERE name = 'certificate'")
    op.drop_table("sequences")
