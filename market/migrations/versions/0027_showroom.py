"""showroom: 3D models of products, showrooms with curated rows, 3D view and AR launch events

Revision ID: 0027
Revises: 0022
Create Date: 2026-12-07 06:30:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import market.db

revision = "0027"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "product_models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("source_format", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("filename", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("triangles", sa.Integer(), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("mm_per_unit", sa.Float(), nullable=False),
        sa.Column("up_axis", sqlmodel.sql.sqltypes.AutoString(length=1), nullable=False),
        sa.Column("dimensions_mm", sa.JSON(), nullable=False),
        sa.Column("measured_mm", sa.JSON(), nullable=False),
        sa.Column("placement", sa.String(length=8), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("error", sa.JSON(), nullable=True),
        sa.Column("glb_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("glb_bytes", sa.Integer(), nullable=True),
        sa.Column("usdz_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("poster_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("converted_at", market.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], ondelete="CASCADE", name=op.f("fk_product_models_product_id_products")),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["users.id"], ondelete="SET NULL", name=op.f("fk_product_models_uploaded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_models")),
        sa.UniqueConstraint("product_id", name=op.f("uq_product_models_product_id")),
    )
    op.create_table(
        "showrooms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("cluster_code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("name_en", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("name_ko", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("intro_en", sa.Text(), nullable=False),
        sa.Column("intro_ko", sa.Text(), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["cluster_code"], ["clusters.code"], name=op.f("fk_showrooms_cluster_code_clusters")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_showrooms")),
        sa.UniqueConstraint("slug", name=op.f("uq_showrooms_slug")),
    )
    op.create_table(
        "showroom_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("showroom_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], ondelete="CASCADE", name=op.f("fk_showroom_items_product_id_products")),
        sa.ForeignKeyConstraint(["showroom_id"], ["showrooms.id"], ondelete="CASCADE", name=op.f("fk_showroom_items_showroom_id_showrooms")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_showroom_items")),
        sa.UniqueConstraint("showroom_id", "product_id", name=op.f("uq_showroom_items_showroom_id_product_id")),
    )
    op.create_index(op.f("ix_showroom_items_showroom_id"), "showroom_items", ["showroom_id"], unique=False)
    op.create_index(op.f("ix_showroom_items_product_id"), "showroom_items", ["product_id"], unique=False)
    op.create_table(
        "product_model_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], ondelete="CASCADE", name=op.f("fk_product_model_events_product_id_products")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_model_events")),
    )
    op.create_index(op.f("ix_product_model_events_product_id"), "product_model_events", ["product_id"],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_product_model_events_product_id"), table_name="product_model_events")
    op.drop_table("product_model_events")
    op.drop_index(op.f("ix_showroom_items_product_id"), table_name="showroom_items")
    op.drop_index(op.f("ix_showroom_items_showroom_id"), table_name="showroom_items")
    op.drop_table("showroom_items")
    op.drop_table("showrooms")
    op.drop_table("product_models")
