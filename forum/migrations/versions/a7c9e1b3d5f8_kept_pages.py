"""Kept pages: ``threads.content_version`` and the one-row table ``site_version``, moved by
triggers on every write that changes what a page shows (forum/pagecache/triggers.py).

SQLite drops a table's triggers when a later migration rebuilds the table (``batch_alter_table``
with a change SQLite cannot make in place); such a migration must create them again
(``triggers.drop`` then ``triggers.create``).

Revision ID: a7c9e1b3d5f8
Revises: f2c4e6a8b0d3
"""
from alembic import op
import sqlalchemy as sa

from forum.pagecache import triggers

# revision identifiers, used by Alembic.
revision = 'a7c9e1b3d5f8'
down_revision = 'f2c4e6a8b0d3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('threads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content_version', sa.Integer(), server_default='0',
                                      nullable=False))
    table = op.create_table(
        'site_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), server_default='0', nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_site_version')))
    op.bulk_insert(table, [{'id': 1, 'version': 0}])
    triggers.create(op.get_bind())


def downgrade():
    triggers.drop(op.get_bind())
    op.drop_table('site_version')
    with op.batch_alter_table('threads', schema=None) as batch_op:
        batch_op.drop_column('content_version')
