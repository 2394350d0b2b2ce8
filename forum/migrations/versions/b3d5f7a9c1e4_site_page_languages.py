"""site_pages.language: a site page has a version per language; the saved pages so far are
in the site's default language, ``en`` unless it was set otherwise (then update them).

Revision ID: b3d5f7a9c1e4
Revises: a2c4e6f8b0d3
"""
import sqlalchemy as sa
from alembic import op

revision = "b3d5f7a9c1e4"
down_revision = "a2c4e6f8b0d3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("site_pages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=16), nullable=False,
                                      server_default="en"))
        batch_op.drop_constraint("pk_site_pages", type_="primary")
        batch_op.create_primary_key("pk_site_pages", ["slug", "language"])


def downgrade():
    # one version per page again: the default language's (``en``) stays
    op.execute("DELETE FROM site_pages WHERE language <> 'en'")
    with op.batch_alter_table("site_pages", schema=None) as batch_op:
        batch_op.drop_constraint("pk_site_pages", type_="primary")
        batch_op.create_primary_key("pk_site_pages", ["slug"])
        batch_op.drop_column("language")
