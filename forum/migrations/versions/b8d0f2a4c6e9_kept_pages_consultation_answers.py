"""Kept pages: the council's answer to a proposal also moves the number of the consultation it
led to (the triggers of forum/pagecache/triggers.py made again).

Revision ID: b8d0f2a4c6e9
Revises: a7c9e1b3d5f8
"""
from alembic import op

from forum.pagecache import triggers

# revision identifiers, used by Alembic.
revision = 'b8d0f2a4c6e9'
down_revision = 'a7c9e1b3d5f8'
branch_labels = None
depends_on = None


def upgrade():
    triggers.create(op.get_bind())


def downgrade():
    triggers.create(op.get_bind())  # the earlier triggers only moved fewer threads
