"""Posts keep the role their author had when writing them

Revision ID: e5b7c1d9a2f4
Revises: f3c6d8b0e2a5
Create Date: 2026-12-01 15:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5b7c1d9a2f4'
down_revision = 'f3c6d8b0e2a5'
branch_labels = None
depends_on = None

ROLES = ('citizen', 'councillor', 'moderator', 'admin')


def upgrade():
    with op.batch_alter_table('posts') as batch:
        batch.add_column(sa.Column('author_role', sa.Enum(*ROLES, name='role', native_enum=False,
                                                          length=20), nullable=True))
    # Existing posts: the best record there is of their author's role is the current one.
    op.execute("UPDATE posts SET author_role = "
               "(SELECT users.role FROM users WHERE users.id = posts.author_id)")
    with op.batch_alter_table('posts') as batch:
        batch.alter_column('author_role', existing_type=sa.String(length=20), nullable=False)


def downgrade():
    with op.batch_alter_table('posts') as batch:
        batch.drop_column('author_role')
