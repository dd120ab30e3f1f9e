"""merge the third wave's migrations into one chain again: the embedding cache (0036), catalog search documents
(0037), association targets (0038), grants and student surveys (0039), centre payments (0040), training reminders
(0042) and vocabulary fields (0043)

Revision ID: 0044
Revises: 0036, 0037, 0038, 0039, 0040, 0042, 0043
Create Date: 2026-12-07 10:40:00
"""

revision = "0044"
down_revision = ("0036", "0037", "0038", "0039", "0040", "0042", "0043")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """A merge point only: every branch's tables come from its own migration, so nothing changes here."""


def downgrade() -> None:
    """Splitting the branches again changes no table either."""
