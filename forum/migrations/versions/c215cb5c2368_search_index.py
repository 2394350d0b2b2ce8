"""The search index: an FTS5 table on SQLite, a tsvector table with a GIN index on PostgreSQL

Revision ID: c215cb5c2368
Revises: 3fc180c21d25
Create Date: 2026-12-01 18:40:00.000000

The index starts empty: run ``flask --app forum search reindex`` once after upgrading.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

import forum.db


# revision identifiers, used by Alembic.
revision = 'c215cb5c2368'
down_revision = '3fc180c21d25'
branch_labels = None
depends_on = None

DOCUMENT = ("setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
            "setweight(to_tsvector('english', coalesce(body, '')), 'B')")


def upgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("CREATE VIRTUAL TABLE search_index USING fts5(kind UNINDEXED, "
                   "ref_id UNINDEXED, thread_id UNINDEXED, topic_id UNINDEXED, stance UNINDEXED, "
                   "created_at UNINDEXED, updated_at UNINDEXED, title, body, "
                   "tokenize='porter unicode61 remove_diacritics 2')")
        return
    op.create_table(
        'search_documents',
        sa.Column('key', sa.BigInteger(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=True),
        sa.Column('ref_id', sa.Integer(), nullable=True),
        sa.Column('thread_id', sa.Integer(), nullable=True),
        sa.Column('topic_id', sa.Integer(), nullable=True),
        sa.Column('stance', sa.String(length=20), nullable=True),
        sa.Column('created_at', forum.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('updated_at', forum.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('title', sa.Text(), nullable=True),
        sa.Column('body', sa.Text(), nullable=True),
        sa.Column('document', postgresql.TSVECTOR(), sa.Computed(DOCUMENT, persisted=True)),
        sa.PrimaryKeyConstraint('key', name='pk_search_documents'),
    )
    op.create_index('ix_search_documents_document', 'search_documents', ['document'],
                    postgresql_using='gin')
    op.create_index('ix_search_documents_thread_id', 'search_documents', ['thread_id'])


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("DROP TABLE IF EXISTS search_index")
        return
    op.drop_index('ix_search_documents_thread_id', table_name='search_documents')
    op.drop_index('ix_search_documents_document', table_name='search_documents')
    op.drop_table('search_documents')
