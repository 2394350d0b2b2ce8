"""Threads keep the role their author had when starting them

Revision ID: b8d4f6a0c2e5
Revises: f2a9d4c6b8e1
Create Date: 2026-12-01 17:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8d4f6a0c2e5'
down_revision = 'f2a9d4c6b8e1'
branch_labels = None
depends_on = None

ROLES = ('citizen', 'councillor', 'moderator', 'admin')


def upgrade():
    with op.batch_alter_table('threads') as batch:
        batch.add_column(sa.Column('author_role', sa.Enum(*ROLES, name='role', native_enum=False,
                                                          length=20), nullable=True))
    # Existing threads: the best record there is of their author's role is the current one.
    op.execute("UPDATE threads SET author_role = "
               "(SELECT users.role FROM users WHERE users.id = threads.author_id)")
    with op.batch_alter_table('threads') as batch:
        batch.alter_column('author_role', existing_type=sa.String(length=20), nullable=False)


def downgrade():
    with op.batch_alter_table('threads') as batch:
        batch.drop_column('author_role')
