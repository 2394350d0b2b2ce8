"""Kept pages: moving a thread to another topic moves ``site_version`` (the triggers of
forum/pagecache/triggers.py made again), so a kept listing of a topic's threads is keyed by
their number and versions alone.

Revision ID: c4e6a8b0d2f1
Revises: b8d0f2a4c6e9
"""
from alembic import op

from forum.pagecache import triggers

# revision identifiers, used by Alembic.
revision = 'c4e6a8b0d2f1'
down_revision = 'b8d0f2a4c6e9'
branch_labels = None
depends_on = None


def upgrade():
    triggers.create(op.get_bind())


def downgrade():
    triggers.create(op.get_bind())  # the earlier triggers left a thread's topic out
