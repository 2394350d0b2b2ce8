"""The site's own pages as admins edit them (privacy notice, accessibility, house rules)

Revision ID: bffc1c498c96
Revises: 43197dd5070c
Create Date: 2026-12-01 18:50:00.000000

"""
from alembic import op
import sqlalchemy as sa

import forum.db


# revision identifiers, used by Alembic.
revision = 'bffc1c498c96'
down_revision = '43197dd5070c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'site_pages',
        sa.Column('slug', sa.String(length=40), nullable=False),
        sa.Column('title', sa.String(length=120), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('body_html', sa.Text(), nullable=False),
        sa.Column('revision_note', sa.String(length=300), nullable=False),
        sa.Column('updated_at', forum.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_site_pages_updated_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('slug', name=op.f('pk_site_pages')),
    )


def downgrade():
    op.drop_table('site_pages')
