"""an IP holder's own NDA (a PDF) on a technology listing, and which file each accepted introduction accepted

Revision ID: 0034
Revises: 0022
Create Date: 2026-12-07 07:20:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0034"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tech_listings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("nda_file_key", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True))
        batch_op.add_column(sa.Column("nda_file_name", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=True))
        batch_op.add_column(sa.Column("nda_file_sha256", sqlmodel.sql.sqltypes.AutoString(length=64),
                                      nullable=True))
    with op.batch_alter_table("introductions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("nda_file_sha256", sqlmodel.sql.sqltypes.AutoString(length=64),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("introductions", schema=None) as batch_op:
        batch_op.drop_column("nda_file_sha256")
    with op.batch_alter_table("tech_listings", schema=None) as batch_op:
        batch_op.drop_column("nda_file_sha256")
        batch_op.drop_column("nda_file_name")
        batch_op.drop_column("nda_file_key")
