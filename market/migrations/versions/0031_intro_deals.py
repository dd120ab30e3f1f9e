"""introductions after acceptance: a message thread with attachments, and the deal's stage and kind

Revision ID: 0031
Revises: 0022
Create Date: 2026-12-07 07:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import market.db

revision = "0031"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("introductions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deal_stage", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("deal_kind", sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column("deal_updated_at", market.db.UTCDateTime(), nullable=True))

    op.create_table(
        "intro_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("intro_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["intro_id"], ["introductions.id"],
                                name=op.f("fk_intro_messages_intro_id_introductions"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"],
                                name=op.f("fk_intro_messages_org_id_organizations"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"],
                                name=op.f("fk_intro_messages_author_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intro_messages")),
    )
    with op.batch_alter_table("intro_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intro_messages_intro_id"), ["intro_id"], unique=False)

    op.create_table(
        "intro_message_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("storage_key", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("filename", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("content_type", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["message_id"], ["intro_messages.id"],
                                name=op.f("fk_intro_message_files_message_id_intro_messages"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intro_message_files")),
    )
    with op.batch_alter_table("intro_message_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intro_message_files_message_id"), ["message_id"], unique=False)


def downgrade() -> None:
    op.drop_table("intro_message_files")
    op.drop_table("intro_messages")
    with op.batch_alter_table("introductions", schema=None) as batch_op:
        batch_op.drop_column("deal_updated_at")
        batch_op.drop_column("deal_kind")
        batch_op.drop_column("deal_stage")
