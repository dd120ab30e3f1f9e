"""association: member register, yearly campaigns, annual returns and their versions, official counts, trade
chairs and policy proposals

Revision ID: 0026
Revises: 0022
Create Date: 2026-12-07 06:30:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import market.db

revision = "0026"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('association_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('name_ko', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=True),
    sa.Column('cluster_code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('ksic', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('district', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('trade_association', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('dues_status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('dues_year', sa.Integer(), nullable=True),
    sa.Column('joined_year', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cluster_code'], ['clusters.code'], name=op.f('fk_association_members_cluster_code_clusters')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_association_members_organization_id_organizations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_association_members')),
    sa.UniqueConstraint('organization_id', name=op.f('uq_association_members_organization_id'))
    )
    with op.batch_alter_table('association_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_association_members_cluster_code'), ['cluster_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_association_members_ksic'), ['ksic'], unique=False)

    op.create_table('association_campaigns',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('opened_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('reminded_at', market.db.UTCDateTime(), nullable=True),
    sa.Column('closed_at', market.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'], name=op.f('fk_association_campaigns_opened_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_association_campaigns'))
    )
    op.create_table('association_official_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('cluster_code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('ksic', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('firms', sa.Integer(), nullable=False),
    sa.Column('jobs', sa.Integer(), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('source_year', sa.Integer(), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cluster_code'], ['clusters.code'], name=op.f('fk_association_official_counts_cluster_code_clusters')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_association_official_counts_entered_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_association_official_counts')),
    sa.UniqueConstraint('year', 'cluster_code', 'ksic', name='uq_association_official_counts_year_cluster_code_ksic')
    )
    op.create_table('association_trade_chairs',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('ksic', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_association_trade_chairs_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_association_trade_chairs'))
    )
    op.create_table('association_proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('ksic', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', market.db.UTCDateTime(), nullable=True),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_association_proposals_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_association_proposals'))
    )
    with op.batch_alter_table('association_proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_association_proposals_year'), ['year'], unique=False)

    op.create_table('association_returns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('staff_full_time', sa.Integer(), nullable=True),
    sa.Column('staff_part_time', sa.Integer(), nullable=True),
    sa.Column('staff_under_35', sa.Integer(), nullable=True),
    sa.Column('hires_this_year', sa.Integer(), nullable=True),
    sa.Column('labour_cost_krw', sa.BigInteger(), nullable=True),
    sa.Column('revenue_krw', sa.BigInteger(), nullable=True),
    sa.Column('exports_krw', sa.BigInteger(), nullable=True),
    sa.Column('exports_by_country', sa.JSON(), nullable=False),
    sa.Column('va_method', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('operating_surplus_krw', sa.BigInteger(), nullable=True),
    sa.Column('financial_cost_krw', sa.BigInteger(), nullable=True),
    sa.Column('taxes_krw', sa.BigInteger(), nullable=True),
    sa.Column('depreciation_krw', sa.BigInteger(), nullable=True),
    sa.Column('bought_in_inputs_krw', sa.BigInteger(), nullable=True),
    sa.Column('value_added_krw', sa.BigInteger(), nullable=True),
    sa.Column('capital_investment_krw', sa.BigInteger(), nullable=True),
    sa.Column('smart_factory_stage', sa.Integer(), nullable=True),
    sa.Column('technologies', sa.JSON(), nullable=False),
    sa.Column('cooperation_projects', sa.Integer(), nullable=True),
    sa.Column('uses_shared_space', sa.Boolean(), nullable=True),
    sa.Column('export_programme', sa.Boolean(), nullable=True),
    sa.Column('programme_participant', sa.Boolean(), nullable=True),
    sa.Column('succession_status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('change_note', sa.Text(), nullable=True),
    sa.Column('prefill', sa.JSON(), nullable=False),
    sa.Column('returned_reason', sa.Text(), nullable=True),
    sa.Column('submitted_at', market.db.UTCDateTime(), nullable=True),
    sa.Column('verified_at', market.db.UTCDateTime(), nullable=True),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['association_members.id'], name=op.f('fk_association_returns_member_id_association_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['verified_by_id'], ['users.id'], name=op.f('fk_association_returns_verified_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_association_returns')),
    sa.UniqueConstraint('member_id', 'year', name='uq_association_returns_member_id_year')
    )
    with op.batch_alter_table('association_returns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_association_returns_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_association_returns_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_association_returns_year'), ['year'], unique=False)

    op.create_table('association_return_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('return_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_association_return_versions_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['return_id'], ['association_returns.id'], name=op.f('fk_association_return_versions_return_id_association_returns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_association_return_versions'))
    )
    with op.batch_alter_table('association_return_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_association_return_versions_return_id'), ['return_id'], unique=False)

    op.create_table('association_return_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('return_id', sa.Integer(), nullable=False),
    sa.Column('storage_key', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['return_id'], ['association_returns.id'], name=op.f('fk_association_return_files_return_id_association_returns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_association_return_files_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_association_return_files'))
    )
    with op.batch_alter_table('association_return_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_association_return_files_return_id'), ['return_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('association_return_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_association_return_files_return_id'))

    op.drop_table('association_return_files')
    with op.batch_alter_table('association_return_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_association_return_versions_return_id'))

    op.drop_table('association_return_versions')
    with op.batch_alter_table('association_returns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_association_returns_year'))
        batch_op.drop_index(batch_op.f('ix_association_returns_status'))
        batch_op.drop_index(batch_op.f('ix_association_returns_member_id'))

    op.drop_table('association_returns')
    with op.batch_alter_table('association_proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_association_proposals_year'))

    op.drop_table('association_proposals')
    op.drop_table('association_trade_chairs')
    op.drop_table('association_official_counts')
    op.drop_table('association_campaigns')
    with op.batch_alter_table('association_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_association_members_ksic'))
        batch_op.drop_index(batch_op.f('ix_association_members_cluster_code'))

    op.drop_table('association_members')
