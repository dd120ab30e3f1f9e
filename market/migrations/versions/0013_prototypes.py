"""prototype commissions: requests, files, NDA acceptances, invites, questions, messages, bids, commissions,
milestones, deliveries, timeline and ratings

Revision ID: 0013
Revises: 0002
Create Date: 2026-11-22 12:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import market.db

revision = "0013"
down_revision = "0002"
branch_labels = ("prototypes",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "prototype_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("startup_org_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("cluster_code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("materials", sa.JSON(), nullable=False),
        sa.Column("budget_min_krw", sa.Integer(), nullable=False),
        sa.Column("budget_max_krw", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("nda_required", sa.Boolean(), nullable=False),
        sa.Column("nda_version", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("source_locale", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("closed_at", market.db.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "category IN ('machine_metal', 'enclosure', 'leather', 'textile', 'print', 'jewelry')",
            name=op.f("ck_prototype_requests_category"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'awarded', 'completed', 'cancelled')",
            name=op.f("ck_prototype_requests_status"),
        ),
        sa.CheckConstraint(
            "budget_min_krw > 0 AND budget_max_krw >= budget_min_krw",
            name=op.f("ck_prototype_requests_budget_range"),
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_prototype_requests_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["cluster_code"],
            ["clusters.code"],
            name=op.f("fk_prototype_requests_cluster_code_clusters"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_prototype_requests_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["startup_org_id"],
            ["organizations.id"],
            name=op.f("fk_prototype_requests_startup_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prototype_requests")),
    )
    with op.batch_alter_table("prototype_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prototype_requests_category"), ["category"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_prototype_requests_startup_org_id"), ["startup_org_id"], unique=False
        )
        batch_op.create_index("ix_prototype_requests_status_deadline", ["status", "deadline"], unique=False)

    op.create_table(
        "prototype_bids",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("maker_org_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("price_krw", sa.Integer(), nullable=False),
        sa.Column("lead_time_days", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("milestones", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", market.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'awarded', 'not_chosen', 'withdrawn')", name=op.f("ck_prototype_bids_status")
        ),
        sa.CheckConstraint("price_krw > 0", name=op.f("ck_prototype_bids_price_positive")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_prototype_bids_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["maker_org_id"],
            ["organizations.id"],
            name=op.f("fk_prototype_bids_maker_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["prototype_requests.id"],
            name=op.f("fk_prototype_bids_request_id_prototype_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prototype_bids")),
        sa.UniqueConstraint(
            "request_id", "maker_org_id", name=op.f("uq_prototype_bids_request_id_maker_org_id")
        ),
    )
    with op.batch_alter_table("prototype_bids", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prototype_bids_maker_org_id"), ["maker_org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_prototype_bids_request_id"), ["request_id"], unique=False)

    op.create_table(
        "prototype_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("storage_key", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("filename", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("content_type", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["prototype_requests.id"],
            name=op.f("fk_prototype_files_request_id_prototype_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_prototype_files_uploaded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prototype_files")),
    )
    with op.batch_alter_table("prototype_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prototype_files_request_id"), ["request_id"], unique=False)

    op.create_table(
        "prototype_invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("maker_org_id", sa.Integer(), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["users.id"],
            name=op.f("fk_prototype_invites_invited_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["maker_org_id"],
            ["organizations.id"],
            name=op.f("fk_prototype_invites_maker_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["prototype_requests.id"],
            name=op.f("fk_prototype_invites_request_id_prototype_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prototype_invites")),
        sa.UniqueConstraint(
            "request_id", "maker_org_id", name=op.f("uq_prototype_invites_request_id_maker_org_id")
        ),
    )
    with op.batch_alter_table("prototype_invites", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prototype_invites_maker_org_id"), ["maker_org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_prototype_invites_request_id"), ["request_id"], unique=False)

    op.create_table(
        "prototype_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("maker_org_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_prototype_messages_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["maker_org_id"],
            ["organizations.id"],
            name=op.f("fk_prototype_messages_maker_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["prototype_requests.id"],
            name=op.f("fk_prototype_messages_request_id_prototype_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prototype_messages")),
    )
    with op.batch_alter_table("prototype_messages", schema=None) as batch_op:
        batch_op.create_index(
            "ix_prototype_messages_request_id_maker_org_id", ["request_id", "maker_org_id"], unique=False
        )

    op.create_table(
        "prototype_nda_acceptances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("maker_org_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("nda_version", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("accepted_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["maker_org_id"],
            ["organizations.id"],
            name=op.f("fk_prototype_nda_acceptances_maker_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["prototype_requests.id"],
            name=op.f("fk_prototype_nda_acceptances_request_id_prototype_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_prototype_nda_acceptances_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prototype_nda_acceptances")),
        sa.UniqueConstraint(
            "request_id",
            "maker_org_id",
            "nda_version",
            name=op.f("uq_prototype_nda_acceptances_request_id_maker_org_id_nda_version"),
        ),
    )
    with op.batch_alter_table("prototype_nda_acceptances", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_prototype_nda_acceptances_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "prototype_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("maker_org_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", market.db.UTCDateTime(), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["users.id"],
            name=op.f("fk_prototype_questions_answered_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_prototype_questions_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["maker_org_id"],
            ["organizations.id"],
            name=op.f("fk_prototype_questions_maker_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["prototype_requests.id"],
            name=op.f("fk_prototype_questions_request_id_prototype_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prototype_questions")),
    )
    with op.batch_alter_table("prototype_questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prototype_questions_request_id"), ["request_id"], unique=False)

    op.create_table(
        "prototype_commissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("bid_id", sa.Integer(), nullable=False),
        sa.Column("startup_org_id", sa.Integer(), nullable=False),
        sa.Column("maker_org_id", sa.Integer(), nullable=False),
        sa.Column("awarded_by_id", sa.Integer(), nullable=True),
        sa.Column("price_krw", sa.Integer(), nullable=False),
        sa.Column("lead_time_days", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("completed_at", market.db.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('active', 'completed', 'cancelled')", name=op.f("ck_prototype_commissions_status")
        ),
        sa.ForeignKeyConstraint(
            ["awarded_by_id"],
            ["users.id"],
            name=op.f("fk_prototype_commissions_awarded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["bid_id"],
            ["prototype_bids.id"],
            name=op.f("fk_prototype_commissions_bid_id_prototype_bids"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["maker_org_id"],
            ["organizations.id"],
            name=op.f("fk_prototype_commissions_maker_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["prototype_requests.id"],
            name=op.f("fk_prototype_commissions_request_id_prototype_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["startup_org_id"],
            ["organizations.id"],
            name=op.f("fk_prototype_commissions_startup_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prototype_commissions")),
        sa.UniqueConstraint("bid_id", name=op.f("uq_prototype_commissions_bid_id")),
        sa.UniqueConstraint("request_id", name=op.f("uq_prototype_commissions_request_id")),
    )
    with op.batch_alter_table("prototype_commissions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_prototype_commissions_maker_org_id"), ["maker_org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_prototype_commissions_startup_org_id"), ["startup_org_id"], unique=False
        )

    op.create_table(
        "prototype_milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commission_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("amount_krw", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("funded_at", market.db.UTCDateTime(), nullable=True),
        sa.Column("delivered_at", market.db.UTCDateTime(), nullable=True),
        sa.Column("approved_at", market.db.UTCDateTime(), nullable=True),
        sa.Column("released_at", market.db.UTCDateTime(), nullable=True),
        sa.Column("updated_at", market.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('awaiting_funding', 'funded', 'delivered', 'rejected', 'approved', 'cancelled')",
            name=op.f("ck_prototype_milestones_status"),
        ),
        sa.CheckConstraint("amount_krw > 0", name=op.f("ck_prototype_milestones_amount_positive")),
        sa.ForeignKeyConstraint(
            ["commission_id"],
            ["prototype_commissions.id"],
            name=op.f("fk_prototype_milestones_commission_id_prototype_commissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prototype_milestones")),
        sa.UniqueConstraint(
            "commission_id", "position", name=op.f("uq_prototype_milestones_commission_id_position")
        ),
    )
    with op.batch_alter_table("prototype_milestones", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_prototype_milestones_commission_id"), ["commission_id"], unique=False
        )

    op.create_table(
        "prototype_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commission_id", sa.Integer(), nullable=False),
        sa.Column("rater_org_id", sa.Integer(), nullable=False),
        sa.Column("ratee_org_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name=op.f("ck_prototype_ratings_score_range")),
        sa.ForeignKeyConstraint(
            ["commission_id"],
            ["prototype_commissions.id"],
            name=op.f("fk_prototype_ratings_commission_id_prototype_commissions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_prototype_ratings_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ratee_org_id"],
            ["organizations.id"],
            name=op.f("fk_prototype_ratings_ratee_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["rater_org_id"],
            ["organizations.id"],
            name=op.f("fk_prototype_ratings_rater_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prototype_ratings")),
        sa.UniqueConstraint(
            "commission_id", "rater_org_id", name=op.f("uq_prototype_ratings_commission_id_rater_org_id")
        ),
    )
    with op.batch_alter_table("prototype_ratings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_prototype_ratings_ratee_org_id_created_at", ["ratee_org_id", "created_at"], unique=False
        )

    op.create_table(
        "prototype_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=False),
        sa.Column("delivered_by_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("decision", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("decision_comment", sa.Text(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", market.db.UTCDateTime(), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_prototype_deliveries_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["delivered_by_id"],
            ["users.id"],
            name=op.f("fk_prototype_deliveries_delivered_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["prototype_milestones.id"],
            name=op.f("fk_prototype_deliveries_milestone_id_prototype_milestones"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prototype_deliveries")),
    )
    with op.batch_alter_table("prototype_deliveries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_prototype_deliveries_milestone_id"), ["milestone_id"], unique=False
        )

    op.create_table(
        "prototype_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commission_id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_prototype_events_actor_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["commission_id"],
            ["prototype_commissions.id"],
            name=op.f("fk_prototype_events_commission_id_prototype_commissions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["prototype_milestones.id"],
            name=op.f("fk_prototype_events_milestone_id_prototype_milestones"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prototype_events")),
    )
    with op.batch_alter_table("prototype_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_prototype_events_commission_id"), ["commission_id"], unique=False
        )

    op.create_table(
        "prototype_delivery_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delivery_id", sa.Integer(), nullable=False),
        sa.Column("storage_key", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("filename", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("content_type", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["delivery_id"],
            ["prototype_deliveries.id"],
            name=op.f("fk_prototype_delivery_files_delivery_id_prototype_deliveries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prototype_delivery_files")),
    )
    with op.batch_alter_table("prototype_delivery_files", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_prototype_delivery_files_delivery_id"), ["delivery_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("prototype_delivery_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prototype_delivery_files_delivery_id"))

    op.drop_table("prototype_delivery_files")
    with op.batch_alter_table("prototype_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prototype_events_commission_id"))

    op.drop_table("prototype_events")
    with op.batch_alter_table("prototype_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prototype_deliveries_milestone_id"))

    op.drop_table("prototype_deliveries")
    with op.batch_alter_table("prototype_ratings", schema=None) as batch_op:
        batch_op.drop_index("ix_prototype_ratings_ratee_org_id_created_at")

    op.drop_table("prototype_ratings")
    with op.batch_alter_table("prototype_milestones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prototype_milestones_commission_id"))

    op.drop_table("prototype_milestones")
    with op.batch_alter_table("prototype_commissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prototype_commissions_startup_org_id"))
        batch_op.drop_index(batch_op.f("ix_prototype_commissions_maker_org_id"))

    op.drop_table("prototype_commissions")
    with op.batch_alter_table("prototype_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prototype_questions_request_id"))

    op.drop_table("prototype_questions")
    with op.batch_alter_table("prototype_nda_acceptances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prototype_nda_acceptances_request_id"))

    op.drop_table("prototype_nda_acceptances")
    with op.batch_alter_table("prototype_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_prototype_messages_request_id_maker_org_id")

    op.drop_table("prototype_messages")
    with op.batch_alter_table("prototype_invites", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prototype_invites_request_id"))
        batch_op.drop_index(batch_op.f("ix_prototype_invites_maker_org_id"))

    op.drop_table("prototype_invites")
    with op.batch_alter_table("prototype_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prototype_files_request_id"))

    op.drop_table("prototype_files")
    with op.batch_alter_table("prototype_bids", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prototype_bids_request_id"))
        batch_op.drop_index(batch_op.f("ix_prototype_bids_maker_org_id"))

    op.drop_table("prototype_bids")
    with op.batch_alter_table("prototype_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_prototype_requests_status_deadline")
        batch_op.drop_index(batch_op.f("ix_prototype_requests_startup_org_id"))
        batch_op.drop_index(batch_op.f("ix_prototype_requests_category"))

    op.drop_table("prototype_requests")
