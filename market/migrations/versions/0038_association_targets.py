"""association: the forum paper's targets as staff edit them (baseline and target with their years, and the
source), and the trainings completed by a member's people as a figure of its annual return

Revision ID: 0038
Revises: 0035
Create Date: 2026-12-07 09:20:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import market.db

revision = "0038"
down_revision = "0035"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('association_targets',
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('baseline', sa.Float(), nullable=False),
    sa.Column('target', sa.Float(), nullable=False),
    sa.Column('baseline_year', sa.Integer(), nullable=False),
    sa.Column('target_year', sa.Integer(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_association_targets_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_association_targets'))
    )
    with op.batch_alter_table('association_returns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('trainings_completed', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('association_returns', schema=None) as batch_op:
        batch_op.drop_column('trainings_completed')
    op.drop_table('association_targets')
