"""co-brand certification: applications, evidence, decisions, certificates and their counter

Revision ID: 0006
Revises: 0002
Create Date: 2026-11-22 00:35:45.763206
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import market.db

revision = "0006"
down_revision = "0002"
branch_labels = ("certification",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificate_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_certificate_counters")),
    )
    op.create_table(
        "certification_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("open_organization_id", sa.Integer(), nullable=True),
        sa.Column("previous_application_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("product_ids", sa.JSON(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("tier", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", market.db.UTCDateTime(), nullable=False),
        sa.Column("submitted_at", market.db.UTCDateTime(), nullable=True),
        sa.Column("decided_at", market.db.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('draft', 'submitted', 'approved', 'rejected')",
            name=op.f("ck_certification_applications_status"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_certification_applications_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_certification_applications_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["previous_application_id"],
            ["certification_applications.id"],
            name=op.f("fk_certification_applications_previous_application_id_certification_applications"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certification_applications")),
        sa.UniqueConstraint(
            "open_organization_id", name=op.f("uq_certification_applications_open_organization_id")
        ),
    )
    with op.batch_alter_table("certification_applications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_certification_applications_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_certification_applications_status"), ["status"], unique=False)

    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("tier", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", market.db.UTCDateTime(), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("revoke_reason", sa.Text(), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("status IN ('valid', 'revoked')", name=op.f("ck_certificates_status")),
        sa.CheckConstraint("tier IN ('gold', 'silver', 'bronze')", name=op.f("ck_certificates_tier")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["certification_applications.id"],
            name=op.f("fk_certificates_application_id_certification_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"],
            ["users.id"],
            name=op.f("fk_certificates_issued_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_certificates_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"],
            ["users.id"],
            name=op.f("fk_certificates_revoked_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificates")),
        sa.UniqueConstraint("application_id", name=op.f("uq_certificates_application_id")),
        sa.UniqueConstraint("code", name=op.f("uq_certificates_code")),
        sa.UniqueConstraint("year", "sequence", name="uq_certificates_year_sequence"),
    )
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificates_expires_on"), ["expires_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_certificates_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "certification_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("storage_key", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("content_type", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("display_name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", market.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('quality', 'origin')", name=op.f("ck_certification_evidence_kind")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["certification_applications.id"],
            name=op.f("fk_certification_evidence_application_id_certification_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_certification_evidence_uploaded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certification_evidence")),
    )
    with op.batch_alter_table("certification_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_certification_evidence_application_id"), ["application_id"], unique=False
        )

    op.create_table(
        "certificate_products",
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["certificate_id"],
            ["certificates.id"],
            name=op.f("fk_certificate_products_certificate_id_certificates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_certificate_products_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("certificate_id", "product_id", name=op.f("pk_certificate_products")),
    )
    with op.batch_alter_table("certificate_products", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificate_products_product_id"), ["product_id"], unique=False)

    op.create_table(
        "certification_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", market.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "action IN ('approve', 'reject', 'revoke')", name=op.f("ck_certification_decisions_action")
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["certification_applications.id"],
            name=op.f("fk_certification_decisions_application_id_certification_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["certificate_id"],
            ["certificates.id"],
            name=op.f("fk_certification_decisions_certificate_id_certificates"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_certification_decisions_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certification_decisions")),
    )
    with op.batch_alter_table("certification_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_certification_decisions_application_id"), ["application_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("certification_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certification_decisions_application_id"))

    op.drop_table("certification_decisions")
    with op.batch_alter_table("certificate_products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_products_product_id"))

    op.drop_table("certificate_products")
    with op.batch_alter_table("certification_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certification_evidence_application_id"))

    op.drop_table("certification_evidence")
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificates_organization_id"))
        batch_op.drop_index(batch_op.f("ix_certificates_expires_on"))

    op.drop_table("certificates")
    with op.batch_alter_table("certification_applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certification_applications_status"))
        batch_op.drop_index(batch_op.f("ix_certification_applications_organization_id"))

    op.drop_table("certification_applications")
    op.drop_table("certificate_counters")
