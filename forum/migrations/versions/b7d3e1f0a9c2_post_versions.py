"""Posts carry a version number, so an edit based on an older version is refused

Revision ID: b7d3e1f0a9c2
Revises: d9e1e23ce94a
Create Date: 2026-12-01 09:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d3e1f0a9c2'
down_revision = 'd9e1e23ce94a'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('posts', sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    # Existing posts: their version is the number of versions already saved.
    op.execute("UPDATE posts SET version = (SELECT count(*) FROM revisions "
               "WHERE revisions.post_id = posts.id) "
               "WHERE EXISTS (SELECT 1 FROM revisions WHERE revisions.post_id = posts.id)")


def downgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_column('version')
