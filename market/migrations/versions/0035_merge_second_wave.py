"""merge the second wave's migrations into one chain again: centres (0023), programmes and trainings (0024),
people (0025), the association (0026), the showroom (0027), translation (0029), shipping terms (0030),
introductions' deals (0031), payment receipts (0032), sequences (0033), the holder's NDA (0034)

Revision ID: 0035
Revises: 0023, 0024, 0025, 0026, 0027, 0029, 0030, 0031, 0032, 0033, 0034
Create Date: 2026-12-07 07:40:00
"""

revision = "0035"
down_revision = ("0023", "0024", "0025", "0026", "0027", "0029", "0030", "0031", "0032", "0033", "0034")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """A merge point only: every branch's tables come from its own migration, so nothing changes here."""


def downgrade() -> None:
    """Splitting the branches again changes no table either."""
