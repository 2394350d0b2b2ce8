"""Published summaries record when they were last corrected

Revision ID: f6b2d4a8c0e3
Revises: e5a1c3f7b9d2
Create Date: 2026-12-02 09:10:00.000000

"""
from alembic import op
import sqlalchemy as sa

import forum.db


# revision identifiers, used by Alembic.
revision = 'f6b2d4a8c0e3'
down_revision = 'e5a1c3f7b9d2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('summaries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('corrected_at', forum.db.UTCDateTime(timezone=True),
                                      nullable=True))
    # A revision saved after publication was a correction: the newest one is the date shown.
    op.execute("UPDATE summaries SET corrected_at = (SELECT max(r.created_at) FROM "
               "summary_revisions r WHERE r.summary_id = summaries.id AND "
               "r.created_at > summaries.published_at) WHERE published_at IS NOT NULL")


def downgrade():
    with op.batch_alter_table('summaries', schema=None) as batch_op:
        batch_op.drop_column('corrected_at')
