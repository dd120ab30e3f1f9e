"""programmes and trainings: support programmes, support profiles, applications with files and timeline, the
support ledger; training courses, sessions, enrolments, attendance, certificates and follow-ups; the review
piece (rubrics, criteria, reviewer grants, assignments, scores)

Revision ID: 0024
Revises: 0022
Create Date: 2026-12-07 07:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import market.db

revision = "0024"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('programmes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('target', sa.JSON(), nullable=False),
    sa.Column('benefit', sa.JSON(), nullable=False),
    sa.Column('support_type', sa.String(length=16), nullable=False),
    sa.Column('trades', sa.JSON(), nullable=False),
    sa.Column('clusters', sa.JSON(), nullable=False),
    sa.Column('districts', sa.JSON(), nullable=False),
    sa.Column('benefit_max_krw', sa.Integer(), nullable=True),
    sa.Column('places', sa.Integer(), nullable=True),
    sa.Column('selection_method', sa.String(length=16), nullable=False),
    sa.Column('documents', sa.JSON(), nullable=False),
    sa.Column('responsible_agency', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('executing_agency', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('notice_url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('opens_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('closes_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('rules', sa.JSON(), nullable=False),
    sa.Column('form', sa.JSON(), nullable=False),
    sa.Column('overlap_years', sa.Integer(), nullable=False),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', market.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programmes')),
    sa.UniqueConstraint('code', name=op.f('uq_programmes_code'))
    )
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programmes_closes_at'), ['closes_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_programmes_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_programmes_support_type'), ['support_type'], unique=False)

    op.create_table('review_rubrics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope_kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('scope_id', sa.Integer(), nullable=False),
    sa.Column('blind', sa.Boolean(), nullable=False),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_rubrics')),
    sa.UniqueConstraint('scope_kind', 'scope_id', name='uq_review_rubrics_scope')
    )
    op.create_table('training_courses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('trade', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('hours', sa.Integer(), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('ncs_units', sa.JSON(), nullable=False),
    sa.Column('practical_check', sa.Boolean(), nullable=False),
    sa.Column('equipment', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_courses')),
    sa.UniqueConstraint('code', name=op.f('uq_training_courses_code'))
    )
    with op.batch_alter_table('training_courses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_courses_trade'), ['trade'], unique=False)

    op.create_table('review_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('scope_kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('scope_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_user_id', sa.Integer(), nullable=False),
    sa.Column('assigned_by_user_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('conflict_note', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('declared_at', market.db.UTCDateTime(), nullable=True),
    sa.Column('submitted_at', market.db.UTCDateTime(), nullable=True),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assigned_by_user_id'], ['users.id'], name=op.f('fk_review_assignments_assigned_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reviewer_user_id'], ['users.id'], name=op.f('fk_review_assignments_reviewer_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_assignments')),
    sa.UniqueConstraint('subject_kind', 'subject_id', 'reviewer_user_id', name='uq_review_assignments_subject_reviewer')
    )
    with op.batch_alter_table('review_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_assignments_reviewer_user_id'), ['reviewer_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_assignments_subject_id'), ['subject_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_assignments_subject_kind'), ['subject_kind'], unique=False)

    op.create_table('review_criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rubric_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('labels', sa.JSON(), nullable=False),
    sa.Column('weight', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['rubric_id'], ['review_rubrics.id'], name=op.f('fk_review_criteria_rubric_id_review_rubrics'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_criteria')),
    sa.UniqueConstraint('rubric_id', 'code', name='uq_review_criteria_rubric_code')
    )
    with op.batch_alter_table('review_criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_criteria_rubric_id'), ['rubric_id'], unique=False)

    op.create_table('reviewer_grants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('scope_kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('scope_id', sa.Integer(), nullable=False),
    sa.Column('granted_by_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['granted_by_user_id'], ['users.id'], name=op.f('fk_reviewer_grants_granted_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reviewer_grants_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviewer_grants')),
    sa.UniqueConstraint('user_id', 'scope_kind', 'scope_id', name='uq_reviewer_grants_scope')
    )
    with op.batch_alter_table('reviewer_grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviewer_grants_user_id'), ['user_id'], unique=False)

    op.create_table('training_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('ends_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('facility', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('fee_krw', sa.Integer(), nullable=False),
    sa.Column('meetings', sa.Integer(), nullable=False),
    sa.Column('trainer_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['training_courses.id'], name=op.f('fk_training_sessions_course_id_training_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['trainer_user_id'], ['users.id'], name=op.f('fk_training_sessions_trainer_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_sessions'))
    )
    with op.batch_alter_table('training_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_sessions_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_sessions_starts_at'), ['starts_at'], unique=False)

    op.create_table('programme_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('created_by_user_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('declaration', sa.JSON(), nullable=False),
    sa.Column('info_request', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('decision_reason', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('overlaps', sa.JSON(), nullable=False),
    sa.Column('overlap_checked_at', market.db.UTCDateTime(), nullable=True),
    sa.Column('submitted_at', market.db.UTCDateTime(), nullable=True),
    sa.Column('decided_at', market.db.UTCDateTime(), nullable=True),
    sa.Column('amount_krw', sa.Integer(), nullable=True),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['users.id'], name=op.f('fk_programme_applications_created_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_programme_applications_organization_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_programme_applications_programme_id_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_applications')),
    sa.UniqueConstraint('programme_id', 'organization_id', name='uq_programme_applications_programme_org')
    )
    with op.batch_alter_table('programme_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_applications_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_applications_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_applications_status'), ['status'], unique=False)

    op.create_table('review_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('comment', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.CheckConstraint('score BETWEEN 1 AND 5', name=op.f('ck_review_scores_score_range')),
    sa.ForeignKeyConstraint(['assignment_id'], ['review_assignments.id'], name=op.f('fk_review_scores_assignment_id_review_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['criterion_id'], ['review_criteria.id'], name=op.f('fk_review_scores_criterion_id_review_criteria'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_scores')),
    sa.UniqueConstraint('assignment_id', 'criterion_id', name='uq_review_scores_assignment_criterion')
    )
    with op.batch_alter_table('review_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_scores_assignment_id'), ['assignment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_scores_criterion_id'), ['criterion_id'], unique=False)

    op.create_table('support_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('business_number', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('ksic_codes', sa.JSON(), nullable=False),
    sa.Column('annual_revenue_krw', sa.Integer(), nullable=True),
    sa.Column('workplace_in_seoul', sa.Boolean(), nullable=True),
    sa.Column('updated_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_support_profiles_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support_profiles')),
    sa.UniqueConstraint('organization_id', name=op.f('uq_support_profiles_organization_id'))
    )
    with op.batch_alter_table('support_profiles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_support_profiles_business_number'), ['business_number'], unique=False)

    op.create_table('training_enrolments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('practical_passed', sa.Boolean(), nullable=True),
    sa.Column('completed_at', market.db.UTCDateTime(), nullable=True),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['training_sessions.id'], name=op.f('fk_training_enrolments_session_id_training_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_training_enrolments_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_enrolments')),
    sa.UniqueConstraint('session_id', 'user_id', name='uq_training_enrolments_session_user')
    )
    with op.batch_alter_table('training_enrolments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_enrolments_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_enrolments_user_id'), ['user_id'], unique=False)

    op.create_table('programme_application_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_user_id'], ['users.id'], name=op.f('fk_programme_application_events_actor_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['application_id'], ['programme_applications.id'], name=op.f('fk_programme_application_events_application_id_programme_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_application_events'))
    )
    with op.batch_alter_table('programme_application_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_application_events_application_id'), ['application_id'], unique=False)

    op.create_table('programme_application_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('document_code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('storage_key', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['programme_applications.id'], name=op.f('fk_programme_application_files_application_id_programme_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_application_files'))
    )
    with op.batch_alter_table('programme_application_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_application_files_application_id'), ['application_id'], unique=False)

    op.create_table('support_ledger',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_number', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('programme_id', sa.Integer(), nullable=True),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('support_type', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('amount_krw', sa.Integer(), nullable=True),
    sa.Column('granted_on', sa.Date(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['programme_applications.id'], name=op.f('fk_support_ledger_application_id_programme_applications'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_support_ledger_organization_id_organizations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_support_ledger_programme_id_programmes'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support_ledger'))
    )
    with op.batch_alter_table('support_ledger', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_support_ledger_business_number'), ['business_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_support_ledger_organization_id'), ['organization_id'], unique=False)

    op.create_table('training_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('meeting', sa.Integer(), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.Column('recorded_by_user_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['enrolment_id'], ['training_enrolments.id'], name=op.f('fk_training_attendance_enrolment_id_training_enrolments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_user_id'], ['users.id'], name=op.f('fk_training_attendance_recorded_by_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_attendance')),
    sa.UniqueConstraint('enrolment_id', 'meeting', name='uq_training_attendance_meeting')
    )
    with op.batch_alter_table('training_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_attendance_enrolment_id'), ['enrolment_id'], unique=False)

    op.create_table('training_certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('holder_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('issued_at', market.db.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', market.db.UTCDateTime(), nullable=True),
    sa.Column('revoked_reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.ForeignKeyConstraint(['enrolment_id'], ['training_enrolments.id'], name=op.f('fk_training_certificates_enrolment_id_training_enrolments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_certificates')),
    sa.UniqueConstraint('code', name=op.f('uq_training_certificates_code')),
    sa.UniqueConstraint('enrolment_id', name=op.f('uq_training_certificates_enrolment_id'))
    )
    op.create_table('training_followups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('months', sa.Integer(), nullable=False),
    sa.Column('employed', sa.Boolean(), nullable=False),
    sa.Column('answered_at', market.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['enrolment_id'], ['training_enrolments.id'], name=op.f('fk_training_followups_enrolment_id_training_enrolments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_followups')),
    sa.UniqueConstraint('enrolment_id', 'months', name='uq_training_followups_months')
    )
    with op.batch_alter_table('training_followups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_followups_enrolment_id'), ['enrolment_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('training_followups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_followups_enrolment_id'))

    op.drop_table('training_followups')
    op.drop_table('training_certificates')
    with op.batch_alter_table('training_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_attendance_enrolment_id'))

    op.drop_table('training_attendance')
    with op.batch_alter_table('support_ledger', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_support_ledger_organization_id'))
        batch_op.drop_index(batch_op.f('ix_support_ledger_business_number'))

    op.drop_table('support_ledger')
    with op.batch_alter_table('programme_application_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_application_files_application_id'))

    op.drop_table('programme_application_files')
    with op.batch_alter_table('programme_application_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_application_events_application_id'))

    op.drop_table('programme_application_events')
    with op.batch_alter_table('training_enrolments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_enrolments_user_id'))
        batch_op.drop_index(batch_op.f('ix_training_enrolments_session_id'))

    op.drop_table('training_enrolments')
    with op.batch_alter_table('support_profiles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_support_profiles_business_number'))

    op.drop_table('support_profiles')
    with op.batch_alter_table('review_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_scores_criterion_id'))
        batch_op.drop_index(batch_op.f('ix_review_scores_assignment_id'))

    op.drop_table('review_scores')
    with op.batch_alter_table('programme_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_applications_status'))
        batch_op.drop_index(batch_op.f('ix_programme_applications_programme_id'))
        batch_op.drop_index(batch_op.f('ix_programme_applications_organization_id'))

    op.drop_table('programme_applications')
    with op.batch_alter_table('training_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_sessions_starts_at'))
        batch_op.drop_index(batch_op.f('ix_training_sessions_course_id'))

    op.drop_table('training_sessions')
    with op.batch_alter_table('reviewer_grants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviewer_grants_user_id'))

    op.drop_table('reviewer_grants')
    with op.batch_alter_table('review_criteria', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_criteria_rubric_id'))

    op.drop_table('review_criteria')
    with op.batch_alter_table('review_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_assignments_subject_kind'))
        batch_op.drop_index(batch_op.f('ix_review_assignments_subject_id'))
        batch_op.drop_index(batch_op.f('ix_review_assignments_reviewer_user_id'))

    op.drop_table('review_assignments')
    with op.batch_alter_table('training_courses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_courses_trade'))

    op.drop_table('training_courses')
    op.drop_table('review_rubrics')
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programmes_support_type'))
        batch_op.drop_index(batch_op.f('ix_programmes_status'))
        batch_op.drop_index(batch_op.f('ix_programmes_closes_at'))

    op.drop_table('programmes')
