"""catalog search analysed once: each listing's tokens and vector stored with the digest of its texts and the
analyser's version (PostgreSQL: also a tsvector with a GIN index), the index generations built from them, and
indexes on the change times the search processes check

Revision ID: 0037
Revises: 0035
Create Date: 2026-12-07 09:40:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

from i18n.times import UTCDateTime

revision = "0037"
down_revision = "0035"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalog_search_documents",
        sa.Column("product_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("digest", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("analyser", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("tokens", sa.Text(), nullable=False),
        sa.Column("model", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("vector", sa.LargeBinary(), nullable=True),
        sa.Column("analysed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], ondelete="CASCADE",
                                name=op.f("fk_catalog_search_documents_product_id_products")),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_catalog_search_documents")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE catalog_search_documents ADD COLUMN tsv tsvector")
        op.execute("CREATE INDEX ix_catalog_search_documents_tsv ON catalog_search_documents USING gin (tsv)")
    op.create_table(
        "catalog_index_generations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("token", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("watermark", UTCDateTime(), nullable=False),
        sa.Column("products", sa.Integer(), nullable=False),
        sa.Column("analyser", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("model", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("build_seconds", sa.Float(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_index_generations")),
        sa.UniqueConstraint("name", name=op.f("uq_catalog_index_generations_name")),
    )
    # What a search process asks every few seconds: the newest change, found from an index, not a scan.
    op.create_index("ix_products_updated_at", "products", ["updated_at"])
    op.create_index("ix_content_translations_entity_updated_at", "content_translations", ["entity", "updated_at"])


def downgrade() -> None:
    op.drop_index("ix_content_translations_entity_updated_at", table_name="content_translations")
    op.drop_index("ix_products_updated_at", table_name="products")
    op.drop_table("catalog_index_generations")
    op.drop_table("catalog_search_documents")
