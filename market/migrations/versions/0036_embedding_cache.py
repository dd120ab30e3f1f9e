"""the sentence-embedding cache in the database, shared by every worker of every node: one row per (model,
sha256(model id + text)), its vector stored as float16 bytes

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-07 09:10:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

from market.db import UTCDateTime

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "embeddings",
        sa.Column("model", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("dim", sa.Integer(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("model", "key", name=op.f("pk_embeddings")),
    )


def downgrade() -> None:
    op.drop_table("embeddings")
