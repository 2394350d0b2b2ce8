"""Official texts may have a version per language: a JSON column ``translations`` on the rows
holding them (consultations in ``threads``, summaries and their points, council responses
and their points). Empty (``NULL``) for every existing row.

Revision ID: f2c4e6a8b0d3
Revises: b3d5f7a9c1e4
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'f2c4e6a8b0d3'
down_revision = 'b3d5f7a9c1e4'
branch_labels = None
depends_on = None

TABLES = ('threads', 'summaries', 'summary_points', 'council_responses', 'response_points')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('translations', sa.JSON(), nullable=True))


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('translations')
