"""match alerts: notices of new matches and the daily match mail

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-22 10:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import market.db

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "match_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("doc_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("other_doc_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("other_org_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], name=op.f("fk_match_notices_org_id_organizations"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["other_org_id"], ["organizations.id"],
                                name=op.f("fk_match_notices_other_org_id_organizations"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_notices")),
        sa.UniqueConstraint("org_id", "doc_id", "other_doc_id",
                            name=op.f("uq_match_notices_org_id_doc_id_other_doc_id")),
    )
    with op.batch_alter_table("match_notices", schema=None) as batch_op:
        batch_op.create_index("ix_match_notices_org_id_created_at", ["org_id", "created_at"], unique=False)
    op.create_table(
        "match_mails",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("last_sent_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_match_mails_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_match_mails")),
    )


def downgrade() -> None:
    op.drop_table("match_mails")
    with op.batch_alter_table("match_notices", schema=None) as batch_op:
        batch_op.drop_index("ix_match_notices_org_id_created_at")
    op.drop_table("match_notices")
