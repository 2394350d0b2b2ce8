"""The jobs table: the transactional outbox of background work

Revision ID: b1d3f5a7c9e2
Revises: a7c3e5b9d1f4
Create Date: 2026-12-01 19:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import forum.db


# revision identifiers, used by Alembic.
revision = 'b1d3f5a7c9e2'
down_revision = 'a7c3e5b9d1f4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('run_after', forum.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('created_at', forum.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('started_at', forum.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('finished_at', forum.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs')),
    )
    op.create_index('ix_jobs_status_run_after', 'jobs', ['status', 'run_after'], unique=False)


def downgrade():
    op.drop_index('ix_jobs_status_run_after', table_name='jobs')
    op.drop_table('jobs')
