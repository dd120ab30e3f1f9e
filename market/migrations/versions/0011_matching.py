"""matching: profiles, technology listings, NDA versions, introductions, suggestion feedback, saved searches

Revision ID: 0011
Revises: 0002
Create Date: 2026-11-22 03:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import market.db

revision = "0011"
down_revision = "0002"
branch_labels = ("matching",)
depends_on = None

_PUBLISH = "status IN ('draft', 'published')"
_INTRO = ("status IN ('requested', 'awaiting_answers', 'awaiting_approval', 'awaiting_nda', 'accepted', "
          "'declined', 'withdrawn')")
_REASONS = ("decline_reason IS NULL OR decline_reason IN ('not_a_fit', 'no_capacity', 'outside_region', "
            "'already_licensed', 'insufficient_information', 'not_qualified')")


def _str(length):
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "match_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("lang", _str(16), nullable=False),
        sa.Column("region", _str(16), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("contact_email", _str(254), nullable=True),
        sa.Column("contact_phone", _str(40), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source", _str(60), nullable=True),
        sa.Column("external_ref", _str(120), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", market.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(_PUBLISH, name=op.f("ck_match_profiles_status")),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], name=op.f("fk_match_profiles_org_id_organizations"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_profiles")),
        sa.UniqueConstraint("source", "external_ref", name=op.f("uq_match_profiles_source_external_ref")),
    )
    with op.batch_alter_table("match_profiles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_profiles_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_profiles_status"), ["status"], unique=False)

    op.create_table(
        "tech_listings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("lang", _str(16), nullable=False),
        sa.Column("patent_number", _str(60), nullable=True),
        sa.Column("ipc", sa.JSON(), nullable=False),
        sa.Column("trl", sa.Integer(), nullable=True),
        sa.Column("license_terms", sa.JSON(), nullable=False),
        sa.Column("nda_required", sa.Boolean(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("region", _str(16), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source", _str(60), nullable=True),
        sa.Column("external_ref", _str(120), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", market.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(_PUBLISH, name=op.f("ck_tech_listings_status")),
        sa.CheckConstraint("trl IS NULL OR (trl >= 1 AND trl <= 9)", name=op.f("ck_tech_listings_trl_range")),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], name=op.f("fk_tech_listings_org_id_organizations"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_tech_listings_created_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tech_listings")),
        sa.UniqueConstraint("source", "external_ref", name=op.f("uq_tech_listings_source_external_ref")),
    )
    with op.batch_alter_table("tech_listings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tech_listings_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tech_listings_status"), ["status"], unique=False)

    op.create_table(
        "nda_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nda_versions")),
        sa.UniqueConstraint("version", name=op.f("uq_nda_versions_version")),
    )

    op.create_table(
        "introductions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_org_id", sa.Integer(), nullable=False),
        sa.Column("from_user_id", sa.Integer(), nullable=True),
        sa.Column("to_org_id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=True),
        sa.Column("listing_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("staged", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("open_key", _str(80), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("nda_version_id", sa.Integer(), nullable=True),
        sa.Column("nda_accepted_at", market.db.UTCDateTime(), nullable=True),
        sa.Column("nda_accepted_by_id", sa.Integer(), nullable=True),
        sa.Column("decline_reason", sa.String(length=32), nullable=True),
        sa.Column("decline_note", sa.Text(), nullable=True),
        sa.Column("responded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("answered_at", market.db.UTCDateTime(), nullable=True),
        sa.Column("approved_at", market.db.UTCDateTime(), nullable=True),
        sa.Column("closed_at", market.db.UTCDateTime(), nullable=True),
        sa.CheckConstraint(_INTRO, name=op.f("ck_introductions_status")),
        sa.CheckConstraint(_REASONS, name=op.f("ck_introductions_decline_reason")),
        sa.CheckConstraint("(profile_id IS NULL) <> (listing_id IS NULL)", name=op.f("ck_introductions_one_target")),
        sa.CheckConstraint("from_org_id <> to_org_id", name=op.f("ck_introductions_not_self")),
        sa.ForeignKeyConstraint(["from_org_id"], ["organizations.id"],
                                name=op.f("fk_introductions_from_org_id_organizations"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["to_org_id"], ["organizations.id"],
                                name=op.f("fk_introductions_to_org_id_organizations"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["from_user_id"], ["users.id"], name=op.f("fk_introductions_from_user_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["profile_id"], ["match_profiles.id"],
                                name=op.f("fk_introductions_profile_id_match_profiles"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["listing_id"], ["tech_listings.id"],
                                name=op.f("fk_introductions_listing_id_tech_listings"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["nda_version_id"], ["nda_versions.id"],
                                name=op.f("fk_introductions_nda_version_id_nda_versions"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["nda_accepted_by_id"], ["users.id"],
                                name=op.f("fk_introductions_nda_accepted_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["responded_by_id"], ["users.id"],
                                name=op.f("fk_introductions_responded_by_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_introductions")),
        sa.UniqueConstraint("open_key", name=op.f("uq_introductions_open_key")),
    )
    with op.batch_alter_table("introductions", schema=None) as batch_op:
        batch_op.create_index("ix_introductions_to_org_id_status", ["to_org_id", "status"], unique=False)
        batch_op.create_index("ix_introductions_from_org_id_status", ["from_org_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_introductions_profile_id"), ["profile_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_introductions_listing_id"), ["listing_id"], unique=False)

    op.create_table(
        "suggestion_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("doc_id", _str(40), nullable=False),
        sa.Column("useful", sa.Boolean(), nullable=False),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_suggestion_feedback_user_id_users"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"],
                                name=op.f("fk_suggestion_feedback_org_id_organizations"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestion_feedback")),
    )
    with op.batch_alter_table("suggestion_feedback", schema=None) as batch_op:
        batch_op.create_index("ix_suggestion_feedback_doc_id", ["doc_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_suggestion_feedback_user_id"), ["user_id"], unique=False)

    op.create_table(
        "saved_searches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("lang", _str(16), nullable=False),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("last_checked_at", market.db.UTCDateTime(), nullable=True),
        sa.Column("known_doc_ids", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_saved_searches_user_id_users"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], name=op.f("fk_saved_searches_org_id_organizations"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_searches")),
    )
    with op.batch_alter_table("saved_searches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_searches_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_table("saved_searches")
    op.drop_table("suggestion_feedback")
    op.drop_table("introductions")
    op.drop_table("nda_versions")
    op.drop_table("tech_listings")
    op.drop_table("match_profiles")
