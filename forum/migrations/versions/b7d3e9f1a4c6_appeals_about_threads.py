"""Appeals about threads: a refused proposal's author appeals like a hidden post's; the
appeal's one target is a post, a suspension or a thread.

Revision ID: b7d3e9f1a4c6
Revises: 46c517ebb82b
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'b7d3e9f1a4c6'
down_revision = '46c517ebb82b'
branch_labels = None
depends_on = None

ONE_TARGET = ("(CASE WHEN post_id IS NULL THEN 0 ELSE 1 END)"
              " + (CASE WHEN suspension_id IS NULL THEN 0 ELSE 1 END)"
              " + (CASE WHEN thread_id IS NULL THEN 0 ELSE 1 END) = 1")


def upgrade():
    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('thread_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_appeals_thread_id'), ['thread_id'])
        batch_op.create_foreign_key(batch_op.f('fk_appeals_thread_id_threads'), 'threads',
                                    ['thread_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_constraint(batch_op.f('ck_appeals_one_target'), type_='check')
        batch_op.create_check_constraint('one_target', ONE_TARGET)


def downgrade():
    op.execute("DELETE FROM appeals WHERE thread_id IS NOT NULL")
    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_appeals_one_target'), type_='check')
        batch_op.create_check_constraint('one_target',
                                         '(post_id IS NULL) <> (suspension_id IS NULL)')
        batch_op.drop_constraint(batch_op.f('fk_appeals_thread_id_threads'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_appeals_thread_id'), type_='unique')
        batch_op.drop_column('thread_id')
