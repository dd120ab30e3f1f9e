"""people of the trades: craftspeople, nominations and master awards, the skills competition, job posts,
applicant profiles, applications and alerts, school tours with bookings and internship leads

Revision ID: 0025
Revises: 0022
Create Date: 2026-12-07 06:30:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import market.db

revision = "0025"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('competitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trade', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('entry_deadline', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('review_round_id', sa.Integer(), nullable=True),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competitions')),
    sa.UniqueConstraint('trade', 'year', name=op.f('uq_competitions_trade_year'))
    )
    op.create_table('job_alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('trade', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('cluster_code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('locale', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('unsubscribed_at', market.db.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_alerts')),
    sa.UniqueConstraint('email', 'trade', 'cluster_code', name=op.f('uq_job_alerts_email_trade_cluster_code'))
    )
    with op.batch_alter_table('job_alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_alerts_email'), ['email'], unique=False)

    op.create_table('applicant_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('full_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('trades', sa.JSON(), nullable=False),
    sa.Column('about', sa.Text(), nullable=False),
    sa.Column('portfolio_keys', sa.JSON(), nullable=False),
    sa.Column('cv_key', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
    sa.Column('cv_filename', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=True),
    sa.Column('updated_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_applicant_profiles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applicant_profiles')),
    sa.UniqueConstraint('user_id', name=op.f('uq_applicant_profiles_user_id'))
    )
    op.create_table('craftspeople',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('name_ko', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('trade', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('started_year', sa.Integer(), nullable=False),
    sa.Column('photo_key', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
    sa.Column('source_locale', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('consent_at', market.db.UTCDateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_craftspeople_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_craftspeople_org_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_craftspeople_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_craftspeople'))
    )
    with op.batch_alter_table('craftspeople', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_craftspeople_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_craftspeople_trade'), ['trade'], unique=False)

    op.create_table('tours',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('trade', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('starts_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('booked', sa.Integer(), nullable=False),
    sa.Column('safety_notes', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('cancelled_at', market.db.UTCDateTime(), nullable=True),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('booked >= 0 AND booked <= capacity', name=op.f('ck_tours_booked_within_capacity')),
    sa.CheckConstraint('capacity > 0', name=op.f('ck_tours_capacity_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_tours_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_tours_org_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tours'))
    )
    with op.batch_alter_table('tours', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tours_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tours_starts_at'), ['starts_at'], unique=False)

    op.create_table('competition_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('craftsperson_id', sa.Integer(), nullable=True),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('video_url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('files', sa.JSON(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('place', sa.Integer(), nullable=True),
    sa.Column('prize', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('trade_fair', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['competition_id'], ['competitions.id'], name=op.f('fk_competition_entries_competition_id_competitions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['craftsperson_id'], ['craftspeople.id'], name=op.f('fk_competition_entries_craftsperson_id_craftspeople'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_competition_entries_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_competition_entries_org_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_entries')),
    sa.UniqueConstraint('competition_id', 'org_id', name=op.f('uq_competition_entries_competition_id_org_id'))
    )
    with op.batch_alter_table('competition_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competition_entries_competition_id'), ['competition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competition_entries_org_id'), ['org_id'], unique=False)

    op.create_table('job_posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('trade', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('cluster_code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('wage_type', sa.String(length=16), nullable=False),
    sa.Column('wage_min_krw', sa.Integer(), nullable=False),
    sa.Column('wage_max_krw', sa.Integer(), nullable=False),
    sa.Column('hours_per_week', sa.Integer(), nullable=False),
    sa.Column('work_days', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('social_insurance', sa.Boolean(), nullable=False),
    sa.Column('training', sa.Boolean(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=True),
    sa.Column('korean_level', sa.String(length=16), nullable=False),
    sa.Column('photo_keys', sa.JSON(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('openings', sa.Integer(), nullable=False),
    sa.Column('source_locale', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', market.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint("level IN ('apprentice', 'technician', 'skilled', 'lead')", name=op.f('ck_job_posts_level')),
    sa.CheckConstraint("status IN ('open', 'closed')", name=op.f('ck_job_posts_status')),
    sa.CheckConstraint("wage_type IN ('hourly', 'monthly', 'yearly')", name=op.f('ck_job_posts_wage_type')),
    sa.CheckConstraint('openings > 0', name=op.f('ck_job_posts_openings_positive')),
    sa.CheckConstraint('wage_min_krw > 0 AND wage_max_krw >= wage_min_krw', name=op.f('ck_job_posts_wage_range')),
    sa.ForeignKeyConstraint(['cluster_code'], ['clusters.code'], name=op.f('fk_job_posts_cluster_code_clusters'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_job_posts_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mentor_id'], ['craftspeople.id'], name=op.f('fk_job_posts_mentor_id_craftspeople'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_job_posts_org_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_posts'))
    )
    with op.batch_alter_table('job_posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_posts_org_id'), ['org_id'], unique=False)
        batch_op.create_index('ix_job_posts_status_deadline', ['status', 'deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_posts_trade'), ['trade'], unique=False)

    op.create_table('nominations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('craftsperson_id', sa.Integer(), nullable=False),
    sa.Column('nominated_by_id', sa.Integer(), nullable=True),
    sa.Column('nominator_kind', sa.String(length=16), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('trade', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('career', sa.Text(), nullable=False),
    sa.Column('qualifications', sa.Text(), nullable=False),
    sa.Column('prizes', sa.Text(), nullable=False),
    sa.Column('apprentices', sa.Integer(), nullable=False),
    sa.Column('references', sa.Text(), nullable=False),
    sa.Column('work_files', sa.JSON(), nullable=False),
    sa.Column('site_visit', sa.Text(), nullable=False),
    sa.Column('interview', sa.Text(), nullable=False),
    sa.Column('decision_reason', sa.Text(), nullable=False),
    sa.Column('review_round_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', market.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint("level IN ('master', 'excellent')", name=op.f('ck_nominations_level')),
    sa.CheckConstraint("nominator_kind IN ('self', 'association', 'centre', 'peer')", name=op.f('ck_nominations_nominator_kind')),
    sa.CheckConstraint("status IN ('submitted', 'in_review', 'selected', 'not_selected', 'awarded')", name=op.f('ck_nominations_status')),
    sa.ForeignKeyConstraint(['craftsperson_id'], ['craftspeople.id'], name=op.f('fk_nominations_craftsperson_id_craftspeople'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['nominated_by_id'], ['users.id'], name=op.f('fk_nominations_nominated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nominations'))
    )
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nominations_craftsperson_id'), ['craftsperson_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nominations_year'), ['year'], unique=False)

    op.create_table('tour_bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tour_id', sa.Integer(), nullable=False),
    sa.Column('teacher_id', sa.Integer(), nullable=False),
    sa.Column('school', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('group_size', sa.Integer(), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('consent_files', sa.JSON(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('attended', sa.Integer(), nullable=True),
    sa.Column('reminded_at', market.db.UTCDateTime(), nullable=True),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['teacher_id'], ['users.id'], name=op.f('fk_tour_bookings_teacher_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tour_id'], ['tours.id'], name=op.f('fk_tour_bookings_tour_id_tours'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tour_bookings'))
    )
    with op.batch_alter_table('tour_bookings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tour_bookings_teacher_id'), ['teacher_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tour_bookings_tour_id'), ['tour_id'], unique=False)

    op.create_table('internship_leads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('student_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('contact', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['tour_bookings.id'], name=op.f('fk_internship_leads_booking_id_tour_bookings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_internship_leads_org_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_internship_leads'))
    )
    with op.batch_alter_table('internship_leads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_internship_leads_booking_id'), ['booking_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_internship_leads_org_id'), ['org_id'], unique=False)

    op.create_table('job_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('applicant_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('answered_at', market.db.UTCDateTime(), nullable=True),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', market.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint("status IN ('applied', 'viewed', 'interview', 'offer', 'hired', 'not_selected', 'withdrawn')", name=op.f('ck_job_applications_status')),
    sa.ForeignKeyConstraint(['applicant_id'], ['users.id'], name=op.f('fk_job_applications_applicant_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['post_id'], ['job_posts.id'], name=op.f('fk_job_applications_post_id_job_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_applications')),
    sa.UniqueConstraint('post_id', 'applicant_id', name=op.f('uq_job_applications_post_id_applicant_id'))
    )
    with op.batch_alter_table('job_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_applications_applicant_id'), ['applicant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_applications_post_id'), ['post_id'], unique=False)

    op.create_table('master_awards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('craftsperson_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('trade', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('grant_krw', sa.Integer(), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('issued_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', market.db.UTCDateTime(), nullable=True),
    sa.Column('revoke_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['craftsperson_id'], ['craftspeople.id'], name=op.f('fk_master_awards_craftsperson_id_craftspeople'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_master_awards_issued_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['nomination_id'], ['nominations.id'], name=op.f('fk_master_awards_nomination_id_nominations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_master_awards_org_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_master_awards')),
    sa.UniqueConstraint('code', name=op.f('uq_master_awards_code')),
    sa.UniqueConstraint('nomination_id', name=op.f('uq_master_awards_nomination_id'))
    )
    with op.batch_alter_table('master_awards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_master_awards_craftsperson_id'), ['craftsperson_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_master_awards_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_master_awards_year'), ['year'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('master_awards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_master_awards_year'))
        batch_op.drop_index(batch_op.f('ix_master_awards_org_id'))
        batch_op.drop_index(batch_op.f('ix_master_awards_craftsperson_id'))

    op.drop_table('master_awards')
    with op.batch_alter_table('job_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_applications_post_id'))
        batch_op.drop_index(batch_op.f('ix_job_applications_applicant_id'))

    op.drop_table('job_applications')
    with op.batch_alter_table('internship_leads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_internship_leads_org_id'))
        batch_op.drop_index(batch_op.f('ix_internship_leads_booking_id'))

    op.drop_table('internship_leads')
    with op.batch_alter_table('tour_bookings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tour_bookings_tour_id'))
        batch_op.drop_index(batch_op.f('ix_tour_bookings_teacher_id'))

    op.drop_table('tour_bookings')
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nominations_year'))
        batch_op.drop_index(batch_op.f('ix_nominations_craftsperson_id'))

    op.drop_table('nominations')
    with op.batch_alter_table('job_posts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_posts_trade'))
        batch_op.drop_index('ix_job_posts_status_deadline')
        batch_op.drop_index(batch_op.f('ix_job_posts_org_id'))

    op.drop_table('job_posts')
    with op.batch_alter_table('competition_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_entries_org_id'))
        batch_op.drop_index(batch_op.f('ix_competition_entries_competition_id'))

    op.drop_table('competition_entries')
    with op.batch_alter_table('tours', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tours_starts_at'))
        batch_op.drop_index(batch_op.f('ix_tours_org_id'))

    op.drop_table('tours')
    with op.batch_alter_table('craftspeople', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_craftspeople_trade'))
        batch_op.drop_index(batch_op.f('ix_craftspeople_org_id'))

    op.drop_table('craftspeople')
    op.drop_table('applicant_profiles')
    with op.batch_alter_table('job_alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_alerts_email'))

    op.drop_table('job_alerts')
    op.drop_table('competitions')
