"""Notification email: each person's choices per kind, the digests sent, the time-based
events announced

Revision ID: 3fc180c21d25
Revises: a7c3e9f1b5d2
Create Date: 2026-12-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import forum.db


# revision identifiers, used by Alembic.
revision = '3fc180c21d25'
down_revision = 'a7c3e9f1b5d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'notification_preferences',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('delivery', sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE',
                                name=op.f('fk_notification_preferences_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_preferences')),
        sa.UniqueConstraint('user_id', 'kind', name=op.f('uq_notification_preferences_user_id')),
    )
    op.create_table(
        'notification_digests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=10), nullable=False),
        sa.Column('period_key', sa.String(length=10), nullable=False),
        sa.Column('sent_at', forum.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('items', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE',
                                name=op.f('fk_notification_digests_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_digests')),
        sa.UniqueConstraint('user_id', 'period', 'period_key',
                            name=op.f('uq_notification_digests_user_id')),
    )
    op.create_table(
        'notification_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('key', sa.String(length=80), nullable=False),
        sa.Column('created_at', forum.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_events')),
        sa.UniqueConstraint('kind', 'key', name=op.f('uq_notification_events_kind')),
    )


def downgrade():
    op.drop_table('notification_events')
    op.drop_table('notification_digests')
    op.drop_table('notification_preferences')
