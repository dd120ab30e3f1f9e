"""support centres and surveys: facilities, equipment, blackouts, staff, qualifications, bookings (with an
exclusion constraint over (equipment, time range) for capacity-1 machines on PostgreSQL), waitlist, follow-ups;
survey invitations and responses

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 06:10:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import market.db

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

# Statuses that hold a slot (market.centres.models.HOLDING).
_HOLDING = "('requested', 'confirmed', 'checked_in', 'completed', 'surveyed')"


def upgrade() -> None:
    op.create_table('centre_facilities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('name_ko', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('operator', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('trade', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('district', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('cluster_code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('services', sa.JSON(), nullable=False),
    sa.Column('opening_hours', sa.JSON(), nullable=False),
    sa.Column('closed_on_holidays', sa.Boolean(), nullable=False),
    sa.Column('free_cancel_hours', sa.Integer(), nullable=False),
    sa.Column('bill_late_cancel', sa.Boolean(), nullable=False),
    sa.Column('no_show_minutes', sa.Integer(), nullable=False),
    sa.Column('weekly_hours_per_group', sa.Integer(), nullable=False, server_default='20'),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cluster_code'], ['clusters.code'], name=op.f('fk_centre_facilities_cluster_code_clusters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_facilities')),
    sa.UniqueConstraint('slug', name=op.f('uq_centre_facilities_slug'))
    )
    op.create_index(op.f('ix_centre_facilities_district'), 'centre_facilities', ['district'], unique=False)
    op.create_index(op.f('ix_centre_facilities_trade'), 'centre_facilities', ['trade'], unique=False)
    op.create_table('centre_qualifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('training', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('granted_by_id', sa.Integer(), nullable=True),
    sa.Column('granted_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('last_used_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['granted_by_id'], ['users.id'], name=op.f('fk_centre_qualifications_granted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_centre_qualifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_qualifications')),
    sa.UniqueConstraint('user_id', 'training', name='uq_centre_qualifications_user_id_training')
    )
    op.create_index(op.f('ix_centre_qualifications_user_id'), 'centre_qualifications', ['user_id'], unique=False)
    op.create_table('survey_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('group_key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('locale', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('return_url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('nonce', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('expires_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('answered_at', market.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_survey_invitations_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_invitations')),
    sa.UniqueConstraint('kind', 'subject_id', 'user_id', name='uq_survey_invitations_kind_subject_id_user_id')
    )
    op.create_index(op.f('ix_survey_invitations_group_key'), 'survey_invitations', ['group_key'], unique=False)
    op.create_index(op.f('ix_survey_invitations_user_id'), 'survey_invitations', ['user_id'], unique=False)
    op.create_table('centre_equipment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('facility_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('name_ko', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('model', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('specs', sa.JSON(), nullable=False),
    sa.Column('materials', sa.JSON(), nullable=False),
    sa.Column('consumables', sa.JSON(), nullable=False),
    sa.Column('manual_key', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
    sa.Column('photo_key', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('slot_minutes', sa.Integer(), nullable=False),
    sa.Column('min_block_minutes', sa.Integer(), nullable=False),
    sa.Column('max_block_minutes', sa.Integer(), nullable=False),
    sa.Column('buffer_minutes', sa.Integer(), nullable=False),
    sa.Column('min_notice_minutes', sa.Integer(), nullable=False),
    sa.Column('horizon_days', sa.Integer(), nullable=False),
    sa.Column('approval_required', sa.Boolean(), nullable=False),
    sa.Column('assisted', sa.Boolean(), nullable=False),
    sa.Column('required_training', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('price_member_krw', sa.Integer(), nullable=False),
    sa.Column('price_startup_krw', sa.Integer(), nullable=False),
    sa.Column('price_citizen_krw', sa.Integer(), nullable=False),
    sa.Column('offpeak_percent', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('booking_seq', sa.Integer(), nullable=False),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('capacity >= 1', name=op.f('ck_centre_equipment_capacity')),
    sa.ForeignKeyConstraint(['facility_id'], ['centre_facilities.id'], name=op.f('fk_centre_equipment_facility_id_centre_facilities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_equipment'))
    )
    op.create_index(op.f('ix_centre_equipment_category'), 'centre_equipment', ['category'], unique=False)
    op.create_index(op.f('ix_centre_equipment_facility_id'), 'centre_equipment', ['facility_id'], unique=False)
    op.create_table('centre_facility_staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('facility_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['facility_id'], ['centre_facilities.id'], name=op.f('fk_centre_facility_staff_facility_id_centre_facilities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_centre_facility_staff_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_facility_staff')),
    sa.UniqueConstraint('facility_id', 'user_id', name='uq_centre_facility_staff_facility_id_user_id')
    )
    op.create_index(op.f('ix_centre_facility_staff_facility_id'), 'centre_facility_staff', ['facility_id'], unique=False)
    op.create_index(op.f('ix_centre_facility_staff_user_id'), 'centre_facility_staff', ['user_id'], unique=False)
    op.create_table('survey_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('group_key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('low_score', sa.Boolean(), nullable=False),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['invitation_id'], ['survey_invitations.id'], name=op.f('fk_survey_responses_invitation_id_survey_invitations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_responses')),
    sa.UniqueConstraint('invitation_id', name=op.f('uq_survey_responses_invitation_id'))
    )
    op.create_index(op.f('ix_survey_responses_kind'), 'survey_responses', ['kind'], unique=False)
    op.create_table('centre_blackouts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('equipment_id', sa.Integer(), nullable=False),
    sa.Column('start_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('end_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_centre_blackouts_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['equipment_id'], ['centre_equipment.id'], name=op.f('fk_centre_blackouts_equipment_id_centre_equipment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_blackouts'))
    )
    op.create_index(op.f('ix_centre_blackouts_equipment_id'), 'centre_blackouts', ['equipment_id'], unique=False)
    op.create_table('centre_bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('equipment_id', sa.Integer(), nullable=False),
    sa.Column('facility_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('start_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('end_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('blocked_until_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('exclusive', sa.Boolean(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('tier', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('price_krw', sa.Integer(), nullable=False),
    sa.Column('price_lines', sa.JSON(), nullable=False),
    sa.Column('charged_krw', sa.Integer(), nullable=False),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('checked_in_at', market.db.UTCDateTime(), nullable=True),
    sa.Column('checked_out_at', market.db.UTCDateTime(), nullable=True),
    sa.Column('cancelled_at', market.db.UTCDateTime(), nullable=True),
    sa.Column('late_cancel', sa.Boolean(), nullable=False),
    sa.Column('reminded_day_at', market.db.UTCDateTime(), nullable=True),
    sa.Column('reminded_hour_at', market.db.UTCDateTime(), nullable=True),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', market.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('end_at > start_at', name=op.f('ck_centre_bookings_period')),
    sa.ForeignKeyConstraint(['equipment_id'], ['centre_equipment.id'], name=op.f('fk_centre_bookings_equipment_id_centre_equipment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['facility_id'], ['centre_facilities.id'], name=op.f('fk_centre_bookings_facility_id_centre_facilities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_centre_bookings_organization_id_organizations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_centre_bookings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_bookings'))
    )
    op.create_index('ix_centre_bookings_equipment_id_start_at', 'centre_bookings', ['equipment_id', 'start_at'], unique=False)
    op.create_index(op.f('ix_centre_bookings_facility_id'), 'centre_bookings', ['facility_id'], unique=False)
    op.create_index(op.f('ix_centre_bookings_status'), 'centre_bookings', ['status'], unique=False)
    op.create_index(op.f('ix_centre_bookings_user_id'), 'centre_bookings', ['user_id'], unique=False)
    op.create_table('centre_waitlist',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('equipment_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('start_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('end_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('offered_at', market.db.UTCDateTime(), nullable=True),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['equipment_id'], ['centre_equipment.id'], name=op.f('fk_centre_waitlist_equipment_id_centre_equipment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_centre_waitlist_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_waitlist'))
    )
    op.create_index(op.f('ix_centre_waitlist_equipment_id'), 'centre_waitlist', ['equipment_id'], unique=False)
    op.create_index(op.f('ix_centre_waitlist_user_id'), 'centre_waitlist', ['user_id'], unique=False)
    op.create_table('centre_follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('facility_id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('closed_at', market.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['booking_id'], ['centre_bookings.id'], name=op.f('fk_centre_follow_ups_booking_id_centre_bookings'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['facility_id'], ['centre_facilities.id'], name=op.f('fk_centre_follow_ups_facility_id_centre_facilities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_follow_ups'))
    )
    op.create_index(op.f('ix_centre_follow_ups_facility_id'), 'centre_follow_ups', ['facility_id'], unique=False)
    op.create_table('centre_calendar_feeds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('secret_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_centre_calendar_feeds_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_calendar_feeds')),
    sa.UniqueConstraint('secret_hash', name=op.f('uq_centre_calendar_feeds_secret_hash')),
    sa.UniqueConstraint('user_id', name=op.f('uq_centre_calendar_feeds_user_id'))
    )
    op.create_table('centre_assisted_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('equipment_id', sa.Integer(), nullable=False),
    sa.Column('facility_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('quote_krw', sa.Integer(), nullable=True),
    sa.Column('quote_note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['equipment_id'], ['centre_equipment.id'], name=op.f('fk_centre_assisted_requests_equipment_id_centre_equipment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['facility_id'], ['centre_facilities.id'], name=op.f('fk_centre_assisted_requests_facility_id_centre_facilities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_centre_assisted_requests_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_assisted_requests'))
    )
    op.create_index(op.f('ix_centre_assisted_requests_equipment_id'), 'centre_assisted_requests', ['equipment_id'], unique=False)
    op.create_index(op.f('ix_centre_assisted_requests_facility_id'), 'centre_assisted_requests', ['facility_id'], unique=False)
    op.create_index(op.f('ix_centre_assisted_requests_user_id'), 'centre_assisted_requests', ['user_id'], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        # No double booking of a capacity-1 machine, whatever the application does: two holding bookings of one
        # machine may not overlap over [start, end + buffer). btree_gist gives GiST the = operator on integers.
        # The columns hold naive UTC (market.db.UTCDateTime); AT TIME ZONE 'UTC' makes them timestamptz immutably.
        # An extension belongs to the whole database: migrations of two schemas at once (test workers, two
        # installations sharing a server) would both create it and one would fail; the lock makes them take turns.
        op.execute("SELECT pg_advisory_xact_lock(hashtext('seoulmade: create extension btree_gist'))")
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            "ALTER TABLE centre_bookings ADD CONSTRAINT ex_centre_bookings_no_overlap EXCLUDE USING gist "
            "(equipment_id WITH =, tstzrange(start_at AT TIME ZONE 'UTC', blocked_until_at AT TIME ZONE 'UTC', '[)') "
            "WITH &&) "
            f"WHERE (exclusive AND status IN {_HOLDING})")


def downgrade() -> None:
    for table in ("centre_assisted_requests", "centre_calendar_feeds", "survey_responses", "survey_invitations", "centre_follow_ups", "centre_waitlist",
                  "centre_bookings", "centre_qualifications", "centre_facility_staff", "centre_blackouts",
                  "centre_equipment", "centre_facilities"):
        op.drop_table(table)
