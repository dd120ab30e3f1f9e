"""merge this wave's migrations into one chain again: training fees and cancellations (0045), programme saved
searches and co-applicants (0046) and vocabulary terms (0047)

Revision ID: 0048
Revises: 0045, 0046, 0047
Create Date: 2026-12-07 12:35:00
"""

revision = "0048"
down_revision = ("0045", "0046", "0047")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """A merge point only: every branch's tables come from its own migration, so nothing changes here."""


def downgrade() -> None:
    """Splitting the branches again changes no table either."""
