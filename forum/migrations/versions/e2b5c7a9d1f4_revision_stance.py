"""Revisions of arguments keep the stance they had, so a changed stance shows in the history

Revision ID: e2b5c7a9d1f4
Revises: c4a8f2d6e1b3
Create Date: 2026-12-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e2b5c7a9d1f4'
down_revision = 'c4a8f2d6e1b3'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('revisions', sa.Column(
        'stance', sa.Enum('for', 'against', 'neutral', 'question', name='stance',
                          native_enum=False, length=20), nullable=True))
    # Existing versions: a stance could not be changed until now, so every saved version of
    # an argument had the stance the argument has today.
    op.execute("UPDATE revisions SET stance = (SELECT posts.stance FROM posts "
               "WHERE posts.id = revisions.post_id) WHERE revisions.post_id IS NOT NULL")


def downgrade():
    with op.batch_alter_table('revisions', schema=None) as batch_op:
        batch_op.drop_column('stance')
