"""Threads count their arguments and visible stances; arguments carry their position

Revision ID: c4a8f2d6e1b3
Revises: b7d3e1f0a9c2
Create Date: 2026-12-01 13:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4a8f2d6e1b3'
down_revision = 'b7d3e1f0a9c2'
branch_labels = None
depends_on = None

STANCES = ('for', 'against', 'neutral', 'question')


def upgrade():
    for name in ('argument_count',) + tuple(f'stance_{s}' for s in STANCES):
        op.add_column('threads', sa.Column(name, sa.Integer(), server_default='0',
                                           nullable=False))
    op.add_column('posts', sa.Column('argument_number', sa.Integer(), nullable=True))
    # Existing arguments: numbered in the order they were posted, per thread.
    op.execute("UPDATE posts SET argument_number = numbered.n FROM ("
               "SELECT id, row_number() OVER (PARTITION BY thread_id ORDER BY id) AS n "
               "FROM posts WHERE parent_id IS NULL) AS numbered WHERE posts.id = numbered.id")
    arguments = "posts.thread_id = threads.id AND posts.parent_id IS NULL"
    op.execute("UPDATE threads SET argument_count = "
               f"(SELECT count(*) FROM posts WHERE {arguments})")
    for stance in STANCES:
        op.execute(f"UPDATE threads SET stance_{stance} = (SELECT count(*) FROM posts WHERE "
                   f"{arguments} AND posts.deleted_at IS NULL AND posts.hidden_at IS NULL "
                   f"AND posts.stance = '{stance}')")
    op.create_index('ix_posts_thread_argument', 'posts', ['thread_id', 'argument_number'],
                    unique=True)
    op.create_index('ix_posts_thread_endorsed', 'posts',
                    ['thread_id', sa.text('endorsement_count DESC'), 'id'],
                    sqlite_where=sa.text('parent_id IS NULL'),
                    postgresql_where=sa.text('parent_id IS NULL'))


def downgrade():
    op.drop_index('ix_posts_thread_endorsed', table_name='posts')
    op.drop_index('ix_posts_thread_argument', table_name='posts')
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_column('argument_number')
    with op.batch_alter_table('threads', schema=None) as batch_op:
        for name in ('argument_count',) + tuple(f'stance_{s}' for s in STANCES):
            batch_op.drop_column(name)
