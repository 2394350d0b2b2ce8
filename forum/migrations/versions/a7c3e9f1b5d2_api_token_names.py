"""API tokens have a name, given on the account page

Revision ID: a7c3e9f1b5d2
Revises: a97c82dd6708
Create Date: 2027-01-10 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e9f1b5d2'
down_revision = 'a97c82dd6708'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sa.String(length=60), server_default='',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('name')
