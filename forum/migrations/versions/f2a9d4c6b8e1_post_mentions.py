"""Posts remember whom they mention (one account per @name)

Revision ID: f2a9d4c6b8e1
Revises: e5b7c1d9a2f4
Create Date: 2026-12-01 15:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2a9d4c6b8e1'
down_revision = 'e5b7c1d9a2f4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'post_mentions',
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['post_id'], ['posts.id'],
                                name=op.f('fk_post_mentions_post_id_posts'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_post_mentions_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('post_id', 'user_id', name=op.f('pk_post_mentions')))
    with op.batch_alter_table('post_mentions') as batch:
        batch.create_index(batch.f('ix_post_mentions_user_id'), ['user_id'], unique=False)


def downgrade():
    op.drop_table('post_mentions')
