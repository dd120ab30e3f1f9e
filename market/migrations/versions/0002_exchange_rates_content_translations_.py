"""exchange rates, content translations, products, organisation source locale

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 00:17:31.063992
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import market.db

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "content_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("field", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("locale", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("reviewed", sa.Boolean(), nullable=False),
        sa.Column("updated_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_content_translations_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_translations")),
        sa.UniqueConstraint(
            "entity",
            "entity_id",
            "field",
            "locale",
            name=op.f("uq_content_translations_entity_entity_id_field_locale"),
        ),
    )
    with op.batch_alter_table("content_translations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_content_translations_entity_entity_id", ["entity", "entity_id"], unique=False
        )

    op.create_table(
        "exchange_rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("krw_per_unit", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("rate_date", sa.Date(), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_exchange_rates_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_rates")),
        sa.UniqueConstraint("currency", "rate_date", name=op.f("uq_exchange_rates_currency_rate_date")),
    )
    with op.batch_alter_table("exchange_rates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exchange_rates_currency"), ["currency"], unique=False)

    op.create_table(
        "products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("maker_id", sa.Integer(), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source_locale", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("price_krw", sa.Integer(), nullable=False),
        sa.Column("quantity_tiers", sa.JSON(), nullable=False),
        sa.Column("moq", sa.Integer(), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("lead_time_days", sa.Integer(), nullable=False),
        sa.Column("hs_code", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True),
        sa.Column("materials", sa.JSON(), nullable=False),
        sa.Column("weight_g", sa.Integer(), nullable=True),
        sa.Column("dimensions_mm", sa.JSON(), nullable=True),
        sa.Column("incoterms", sa.JSON(), nullable=False),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("published_at", market.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["maker_id"],
            ["organizations.id"],
            name=op.f("fk_products_maker_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
    )
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_products_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_products_maker_id"), ["maker_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_products_status"), ["status"], unique=False)

    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "source_locale",
                sqlmodel.sql.sqltypes.AutoString(length=16),
                nullable=False,
                server_default="en",
            )
        )
    # Existing "about" texts become translatable content: Korean organisations wrote in Korean first.
    op.execute("UPDATE organizations SET source_locale = 'ko' WHERE country = 'KR'")
    for column, locale in (("about", "en"), ("about_ko", "ko")):
        op.execute(
            "INSERT INTO content_translations (entity, entity_id, field, locale, text, source, reviewed, updated_at) "
            f"SELECT 'organization', id, 'about', '{locale}', {column}, "
            f"CASE WHEN source_locale = '{locale}' THEN 'author' ELSE 'translator' END, "
            f"source_locale = '{locale}', created_at FROM organizations "
            f"WHERE {column} IS NOT NULL AND {column} <> ''"
        )
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_column("about_ko")
        batch_op.drop_column("about")


def downgrade() -> None:
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("about", sa.TEXT(), nullable=True))
        batch_op.add_column(sa.Column("about_ko", sa.TEXT(), nullable=True))
        batch_op.drop_column("source_locale")

    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_products_status"))
        batch_op.drop_index(batch_op.f("ix_products_maker_id"))
        batch_op.drop_index(batch_op.f("ix_products_category"))

    op.drop_table("products")
    with op.batch_alter_table("exchange_rates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_rates_currency"))

    op.drop_table("exchange_rates")
    with op.batch_alter_table("content_translations", schema=None) as batch_op:
        batch_op.drop_index("ix_content_translations_entity_entity_id")

    op.drop_table("content_translations")
