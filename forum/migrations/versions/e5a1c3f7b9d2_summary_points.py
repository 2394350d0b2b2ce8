"""Summaries keep their submitted points as rows with stable ids

Revision ID: e5a1c3f7b9d2
Revises: b8d4f6a0c2e5
Create Date: 2026-12-02 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import forum.db
# The claim detection the app uses, so existing summaries get the points new ones get.
from forum.summaries.claims import extract_claims


# revision identifiers, used by Alembic.
revision = 'e5a1c3f7b9d2'
down_revision = 'b8d4f6a0c2e5'
branch_labels = None
depends_on = None


def upgrade():
    points = op.create_table('summary_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('summary_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('section', sa.String(length=200), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('cited_post_ids', sa.JSON(), nullable=False),
    sa.Column('corrected_text', sa.Text(), nullable=True),
    sa.Column('corrected_at', forum.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['summary_id'], ['summaries.id'], name=op.f('fk_summary_points_summary_id_summaries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_points')),
    sa.UniqueConstraint('summary_id', 'position', name=op.f('uq_summary_points_summary_id'))
    )
    # Summaries already submitted: their points, from the text the council was sent.
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, body_html FROM summaries "
                                "WHERE submitted_at IS NOT NULL ORDER BY id")).all()
    values = [{"summary_id": summary_id, "position": i, "section": claim.section,
               "text": claim.text, "cited_post_ids": claim.cited_ids}
              for summary_id, html in rows for i, claim in enumerate(extract_claims(html))]
    if values:
        op.bulk_insert(points, values)


def downgrade():
    op.drop_table('summary_points')
