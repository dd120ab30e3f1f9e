"""programmes: saved searches with alerts (a search, and one hit per programme it has seen open) and the
co-applicants who sign an application off before it is submitted

Revision ID: 0046
Revises: 0044
Create Date: 2026-12-07 12:30:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import market.db

revision = "0046"
down_revision = "0044"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "programme_co_applicants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("named_by_user_id", sa.Integer(), nullable=True),
        sa.Column("signed_at", market.db.UTCDateTime(), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["programme_applications.id"],
                                name=op.f("fk_programme_co_applicants_application_id_programme_applications"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_programme_co_applicants_user_id_users"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["named_by_user_id"], ["users.id"],
                                name=op.f("fk_programme_co_applicants_named_by_user_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_co_applicants")),
        sa.UniqueConstraint("application_id", "user_id", name="uq_programme_co_applicants_application_user"),
    )
    op.create_index(op.f("ix_programme_co_applicants_application_id"), "programme_co_applicants",
                    ["application_id"], unique=False)
    op.create_index(op.f("ix_programme_co_applicants_user_id"), "programme_co_applicants", ["user_id"],
                    unique=False)
    op.create_table(
        "programme_searches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_programme_searches_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_searches")),
        sa.UniqueConstraint("user_id", "name", name="uq_programme_searches_user_name"),
    )
    op.create_index(op.f("ix_programme_searches_user_id"), "programme_searches", ["user_id"], unique=False)
    op.create_table(
        "programme_search_hits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("search_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("alerted", sa.Boolean(), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["search_id"], ["programme_searches.id"],
                                name=op.f("fk_programme_search_hits_search_id_programme_searches"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["programme_id"], ["programmes.id"],
                                name=op.f("fk_programme_search_hits_programme_id_programmes"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_search_hits")),
        sa.UniqueConstraint("search_id", "programme_id", name="uq_programme_search_hits_search_programme"),
    )
    op.create_index(op.f("ix_programme_search_hits_search_id"), "programme_search_hits", ["search_id"],
                    unique=False)
    op.create_index(op.f("ix_programme_search_hits_programme_id"), "programme_search_hits", ["programme_id"],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_programme_search_hits_programme_id"), table_name="programme_search_hits")
    op.drop_index(op.f("ix_programme_search_hits_search_id"), table_name="programme_search_hits")
    op.drop_table("programme_search_hits")
    op.drop_index(op.f("ix_programme_searches_user_id"), table_name="programme_searches")
    op.drop_table("programme_searches")
    op.drop_index(op.f("ix_programme_co_applicants_user_id"), table_name="programme_co_applicants")
    op.drop_index(op.f("ix_programme_co_applicants_application_id"), table_name="programme_co_applicants")
    op.drop_table("programme_co_applicants")
