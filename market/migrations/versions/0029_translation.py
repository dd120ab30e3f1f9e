"""machine translations: texts of the parties translated once per provider and kept, by content hash

Revision ID: 0029
Revises: 0022
Create Date: 2026-12-07 06:30:00
"""

import sqlalchemy as sa
from alembic import op

import market.db

revision = "0029"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "machine_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("target", sa.String(length=16), nullable=False),
        sa.Column("provider", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_machine_translations")),
        sa.UniqueConstraint("content_hash", "source", "target", "provider",
                            name=op.f("uq_machine_translations_content_hash_source_target_provider")),
    )


def downgrade() -> None:
    op.drop_table("machine_translations")
