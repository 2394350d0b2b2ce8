"""Proposals: their columns on threads, supports, co-authors, offline batches, state moves;
a council response answers a summary or a proposal; a topic's own threshold

Revision ID: 13ca38d2f589
Revises: e43f9fe065ce
Create Date: 2026-12-01 21:39:30.009178

"""
from alembic import op
import sqlalchemy as sa

import forum.db


# revision identifiers, used by Alembic.
revision = '13ca38d2f589'
down_revision = 'e43f9fe065ce'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('proposal_coauthors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', forum.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['threads.id'], name=op.f('fk_proposal_coauthors_proposal_id_threads'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_proposal_coauthors_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_coauthors')),
    sa.UniqueConstraint('proposal_id', 'user_id', name=op.f('uq_proposal_coauthors_proposal_id'))
    )
    with op.batch_alter_table('proposal_coauthors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_coauthors_user_id'), ['user_id'], unique=False)

    op.create_table('proposal_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('from_state', sa.Enum('draft', 'collecting', 'qualified', 'answered', 'in_progress', 'done', 'closed', 'refused', 'merged', name='proposalstate', native_enum=False, length=20), nullable=True),
    sa.Column('to_state', sa.Enum('draft', 'collecting', 'qualified', 'answered', 'in_progress', 'done', 'closed', 'refused', 'merged', name='proposalstate', native_enum=False, length=20), nullable=False),
    sa.Column('at', forum.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_proposal_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['threads.id'], name=op.f('fk_proposal_events_proposal_id_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_events'))
    )
    with op.batch_alter_table('proposal_events', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_events_proposal', ['proposal_id', 'at'], unique=False)

    op.create_table('proposal_offline_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('recorded_at', forum.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('count > 0', name=op.f('ck_proposal_offline_batches_positive_count')),
    sa.ForeignKeyConstraint(['proposal_id'], ['threads.id'], name=op.f('fk_proposal_offline_batches_proposal_id_threads'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_proposal_offline_batches_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_offline_batches'))
    )
    with op.batch_alter_table('proposal_offline_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_offline_batches_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('proposal_supports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', forum.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('area', sa.String(length=60), nullable=True),
    sa.ForeignKeyConstraint(['proposal_id'], ['threads.id'], name=op.f('fk_proposal_supports_proposal_id_threads'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_proposal_supports_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_supports')),
    sa.UniqueConstraint('proposal_id', 'user_id', name=op.f('uq_proposal_supports_proposal_id'))
    )
    with op.batch_alter_table('proposal_supports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_supports_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('council_responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('thread_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('consultation_id', sa.Integer(), nullable=True))
        batch_op.alter_column('summary_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_unique_constraint(batch_op.f('uq_council_responses_thread_id'), ['thread_id'])
        batch_op.create_foreign_key(batch_op.f('fk_council_responses_consultation_id_threads'), 'threads', ['consultation_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_council_responses_thread_id_threads'), 'threads', ['thread_id'], ['id'], ondelete='CASCADE')
        batch_op.create_check_constraint('one_subject', '(summary_id IS NULL) <> (thread_id IS NULL)')

    with op.batch_alter_table('threads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('problem', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('problem_html', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('area', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('cost_estimate', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('proposal_state', sa.Enum('draft', 'collecting', 'qualified', 'answered', 'in_progress', 'done', 'closed', 'refused', 'merged', name='proposalstate', native_enum=False, length=20), nullable=True))
        batch_op.add_column(sa.Column('published_at', forum.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('collect_until', forum.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('threshold', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('support_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('offline_support_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('qualified_at', forum.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('halfway_at', forum.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('ended_at', forum.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('refusal_reason', sa.String(length=1000), nullable=True))
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('invite_token', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_threads_collect_until'), ['collect_until'], unique=False)
        batch_op.create_index(batch_op.f('ix_threads_proposal_state'), ['proposal_state'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_threads_invite_token'), ['invite_token'])
        batch_op.create_foreign_key('fk_threads_merged_into_id_threads', 'threads', ['merged_into_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposal_threshold', sa.Integer(), nullable=True))



def downgrade():
    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.drop_column('proposal_threshold')

    with op.batch_alter_table('threads', schema=None) as batch_op:
        batch_op.drop_constraint('fk_threads_merged_into_id_threads', type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_threads_invite_token'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_threads_proposal_state'))
        batch_op.drop_index(batch_op.f('ix_threads_collect_until'))
        batch_op.drop_column('invite_token')
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('refusal_reason')
        batch_op.drop_column('ended_at')
        batch_op.drop_column('halfway_at')
        batch_op.drop_column('qualified_at')
        batch_op.drop_column('offline_support_count')
        batch_op.drop_column('support_count')
        batch_op.drop_column('threshold')
        batch_op.drop_column('collect_until')
        batch_op.drop_column('published_at')
        batch_op.drop_column('proposal_state')
        batch_op.drop_column('cost_estimate')
        batch_op.drop_column('area')
        batch_op.drop_column('problem_html')
        batch_op.drop_column('problem')

    with op.batch_alter_table('council_responses', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_council_responses_one_subject'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_council_responses_thread_id_threads'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_council_responses_consultation_id_threads'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_council_responses_thread_id'), type_='unique')
        batch_op.alter_column('summary_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('consultation_id')
        batch_op.drop_column('thread_id')

    with op.batch_alter_table('proposal_supports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_supports_user_id'))

    op.drop_table('proposal_supports')
    with op.batch_alter_table('proposal_offline_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_offline_batches_proposal_id'))

    op.drop_table('proposal_offline_batches')
    with op.batch_alter_table('proposal_events', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_events_proposal')

    op.drop_table('proposal_events')
    with op.batch_alter_table('proposal_coauthors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_coauthors_user_id'))

    op.drop_table('proposal_coauthors')
