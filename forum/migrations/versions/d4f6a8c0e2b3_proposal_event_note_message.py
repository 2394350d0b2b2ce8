"""A proposal's state moves keep the notes the forum wrote (the council's decision, "Merged
into …") as a msgid and parameters, so each reader sees them in their own language; ``note``
stays, in the site's default language, for older rows and for reasons as written.

Revision ID: d4f6a8c0e2b3
Revises: c8e2f4a6b0d1
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'd4f6a8c0e2b3'
down_revision = 'c8e2f4a6b0d1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposal_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note_message', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('proposal_events', schema=None) as batch_op:
        batch_op.drop_column('note_message')
