"""Product images: pictures of a product, stored as web-size and thumbnail WEBP files.

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-22 00:38:56.407610
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import market.db

revision = "0004"
down_revision = "0002"
branch_labels = ("product_images",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "product_images",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("web_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("thumb_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("thumb_width", sa.Integer(), nullable=False),
        sa.Column("thumb_height", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("alt_text", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_product_images_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_images")),
    )
    with op.batch_alter_table("product_images", schema=None) as batch_op:
        batch_op.create_index(
            "ix_product_images_product_id_position", ["product_id", "position"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_product_images_sha256"), ["sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("product_images", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_images_sha256"))
        batch_op.drop_index("ix_product_images_product_id_position")

    op.drop_table("product_images")
