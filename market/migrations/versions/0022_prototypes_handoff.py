"""prototypes handoff: suggested makers stored by a job, a commission's thread with attachments, change orders,
delivery photo thumbnails, and ratings that can be edited for a week

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 03:30:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import market.db

revision = "0022"
down_revision = "0021"
branch_labels = None
# The prototype tables are made by 0013 on another branch.
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def upgrade() -> None:
    with op.batch_alter_table("prototype_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("suggestions_status", sqlmodel.sql.sqltypes.AutoString(length=12),
                                      nullable=False, server_default="pending"))
        batch_op.add_column(sa.Column("suggestions_at", market.db.UTCDateTime(), nullable=True))
    with op.batch_alter_table("prototype_delivery_files", schema=None) as batch_op:
        batch_op.add_column(sa.Column("thumb_key", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True))
    with op.batch_alter_table("prototype_ratings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("updated_at", market.db.UTCDateTime(), nullable=True))

    op.create_table(
        "prototype_suggestions",
        _id(),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("maker_org_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["prototype_requests.id"],
                                name=op.f("fk_prototype_suggestions_request_id_prototype_requests"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["maker_org_id"], ["organizations.id"],
                                name=op.f("fk_prototype_suggestions_maker_org_id_organizations"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prototype_suggestions")),
        sa.UniqueConstraint("request_id", "maker_org_id",
                            name=op.f("uq_prototype_suggestions_request_id_maker_org_id")),
    )
    with op.batch_alter_table("prototype_suggestions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prototype_suggestions_request_id"), ["request_id"], unique=False)

    op.create_table(
        "prototype_commission_messages",
        _id(),
        sa.Column("commission_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["commission_id"], ["prototype_commissions.id"],
                                name=op.f("fk_prototype_commission_messages_commission_id_prototype_commissions"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"],
                                name=op.f("fk_prototype_commission_messages_author_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prototype_commission_messages")),
    )
    with op.batch_alter_table("prototype_commission_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prototype_commission_messages_commission_id"), ["commission_id"],
                              unique=False)

    op.create_table(
        "prototype_commission_message_files",
        _id(),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("storage_key", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("filename", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("content_type", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"], ["prototype_commission_messages.id"],
            name=op.f("fk_prototype_commission_message_files_message_id_prototype_commission_messages"),
            ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prototype_commission_message_files")),
    )
    with op.batch_alter_table("prototype_commission_message_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prototype_commission_message_files_message_id"), ["message_id"],
                              unique=False)

    op.create_table(
        "prototype_change_orders",
        _id(),
        sa.Column("commission_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("price_krw", sa.Integer(), nullable=True),
        sa.Column("lead_time_days", sa.Integer(), nullable=True),
        sa.Column("milestones", sa.JSON(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", market.db.UTCDateTime(), nullable=True),
        sa.Column("decision_comment", sa.Text(), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("status IN ('proposed', 'accepted', 'refused', 'withdrawn')",
                           name=op.f("ck_prototype_change_orders_status")),
        sa.ForeignKeyConstraint(["commission_id"], ["prototype_commissions.id"],
                                name=op.f("fk_prototype_change_orders_commission_id_prototype_commissions"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["proposed_by_id"], ["users.id"],
                                name=op.f("fk_prototype_change_orders_proposed_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"],
                                name=op.f("fk_prototype_change_orders_decided_by_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prototype_change_orders")),
    )
    with op.batch_alter_table("prototype_change_orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prototype_change_orders_commission_id"), ["commission_id"],
                              unique=False)
    # Requests posted before this revision had their suggestions computed on view: mark them to be looked for.
    op.execute("UPDATE prototype_requests SET suggestions_status = 'pending'")


def downgrade() -> None:
    for table in ("prototype_change_orders", "prototype_commission_message_files", "prototype_commission_messages",
                  "prototype_suggestions"):
        op.drop_table(table)
    with op.batch_alter_table("prototype_ratings", schema=None) as batch_op:
        batch_op.drop_column("updated_at")
    with op.batch_alter_table("prototype_delivery_files", schema=None) as batch_op:
        batch_op.drop_column("thumb_key")
    with op.batch_alter_table("prototype_requests", schema=None) as batch_op:
        batch_op.drop_column("suggestions_at")
        batch_op.drop_column("suggestions_status")

