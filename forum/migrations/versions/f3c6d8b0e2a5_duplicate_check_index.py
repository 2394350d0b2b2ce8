"""An index on an author's posts in a thread by time, for the duplicate-post check

Revision ID: f3c6d8b0e2a5
Revises: e2b5c7a9d1f4
Create Date: 2026-12-02 10:10:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f3c6d8b0e2a5'
down_revision = 'e2b5c7a9d1f4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_posts_author_thread_created', 'posts',
                    ['author_id', 'thread_id', 'created_at'])


def downgrade():
    op.drop_index('ix_posts_author_thread_created', table_name='posts')
