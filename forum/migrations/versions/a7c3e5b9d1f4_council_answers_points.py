"""The council answers summary points, drafts and publishes its response, and corrects it in
public; decisions renamed; progress updates and due dates per point

Existing responses were published when recorded (``published_at = created_at``) and get
revision 1 as they stand. An existing answer to a ``##`` heading becomes the answer to every
point under that heading, marked with the heading (``section``) so pages say it was given for
the section as a whole; a heading with no point under it becomes a point of its own, so no
answer is lost.

Revision ID: a7c3e5b9d1f4
Revises: f6b2d4a8c0e3
Create Date: 2026-12-02 09:20:00.000000

"""
import json

from alembic import op
import sqlalchemy as sa

import forum.db


# revision identifiers, used by Alembic.
revision = 'a7c3e5b9d1f4'
down_revision = 'f6b2d4a8c0e3'
branch_labels = None
depends_on = None

RENAMED = {'adopted': 'agreed', 'adopted_in_part': 'agreed_in_part',
           'not_adopted': 'not_agreed', 'deferred': 'needs_more_work'}
NEW = ('agreed', 'agreed_in_part', 'not_agreed', 'already_happening', 'needs_more_work')


def _decision(values):
    return sa.Enum(*values, name='decision', native_enum=False, length=20)


def _rename(mapping):
    for table in ('council_responses', 'response_points'):
        for old, new in mapping.items():
            op.execute(sa.text(f"UPDATE {table} SET decision = :new WHERE decision = :old")
                       .bindparams(new=new, old=old))


def _points_by_section(conn, response_id):
    """The summary points of the response's summary, grouped by heading, and the next free
    position."""
    rows = conn.execute(sa.text(
        "SELECT p.id, p.section, p.position FROM summary_points p JOIN council_responses r "
        "ON r.summary_id = p.summary_id WHERE r.id = :r ORDER BY p.position"),
        {"r": response_id}).all()
    grouped = {}
    for point_id, section, _position in rows:
        grouped.setdefault(section, []).append(point_id)
    return grouped, (max((r.position for r in rows), default=-1) + 1)


def _map_section_answers(conn):
    old = conn.execute(sa.text("SELECT id, response_id, section, decision, body "
                               "FROM response_points ORDER BY response_id, position")).all()
    for row_id, response_id, section, decision, body in old:
        grouped, free = _points_by_section(conn, response_id)
        targets = grouped.get(section)
        if not targets:
            summary_id = conn.execute(sa.text("SELECT summary_id FROM council_responses "
                                              "WHERE id = :r"), {"r": response_id}).scalar()
            conn.execute(sa.text(
                "INSERT INTO summary_points (summary_id, position, section, text, "
                "cited_post_ids) VALUES (:s, :p, :sec, :t, :c)"),
                {"s": summary_id, "p": free, "sec": section, "t": section, "c": "[]"})
            targets = [conn.execute(sa.text("SELECT id FROM summary_points WHERE summary_id "
                                            "= :s AND position = :p"),
                                    {"s": summary_id, "p": free}).scalar()]
        for point_id in targets:
            conn.execute(sa.text(
                "INSERT INTO response_points (response_id, point_id, section, decision, body, "
                "position) VALUES (:r, :p, :sec, :d, :b, 0)"),
                {"r": response_id, "p": point_id, "sec": section, "d": decision, "b": body})
        conn.execute(sa.text("DELETE FROM response_points WHERE id = :i"), {"i": row_id})


def _first_revisions(conn):
    responses = conn.execute(sa.text("SELECT id, created_at, author_id, decision, body, "
                                     "body_html FROM council_responses")).all()
    for response_id, created_at, author_id, decision, body, body_html in responses:
        answers = [{"point_id": p, "decision": d, "body": b, "next_update_due": None}
                   for p, d, b in conn.execute(sa.text(
                       "SELECT point_id, decision, body FROM response_points WHERE "
                       "response_id = :r ORDER BY id"), {"r": response_id})]
        conn.execute(sa.text(
            "INSERT INTO response_revisions (response_id, number, created_at, editor_id, "
            "decision, body, body_html, answers) VALUES (:r, 1, :at, :e, :d, :b, :h, :a)"),
            {"r": response_id, "at": created_at, "e": author_id, "d": decision, "b": body,
             "h": body_html, "a": json.dumps(answers)})


def upgrade():
    conn = op.get_bind()
    # Decisions are stored as VARCHAR(20) (no native enum, no CHECK): only the values change.
    _rename(RENAMED)
    # No batch (table copy) on council_responses: on SQLite, dropping the old copy would
    # cascade to the answers. Columns are added in place; ``updated_at`` needs a default for
    # that, overwritten at once (and dropped where the database can do so in place).
    op.add_column('council_responses', sa.Column(
        'updated_at', forum.db.UTCDateTime(timezone=True), nullable=False,
        server_default='1970-01-01 00:00:00'))
    op.add_column('council_responses', sa.Column(
        'published_at', forum.db.UTCDateTime(timezone=True), nullable=True))
    op.add_column('council_responses', sa.Column(
        'corrected_at', forum.db.UTCDateTime(timezone=True), nullable=True))
    op.execute("UPDATE council_responses SET updated_at = created_at, published_at = created_at")
    if conn.dialect.name != 'sqlite':
        op.alter_column('council_responses', 'updated_at', server_default=None)

    with op.batch_alter_table('response_points', schema=None) as batch_op:
        batch_op.add_column(sa.Column('point_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('next_update_due', sa.Date(), nullable=True))
        batch_op.alter_column('section', existing_type=sa.String(length=200), nullable=True)
    _map_section_answers(conn)
    with op.batch_alter_table('response_points', schema=None) as batch_op:
        batch_op.alter_column('point_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('position')
        batch_op.create_index(batch_op.f('ix_response_points_point_id'), ['point_id'],
                              unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_response_points_response_id'),
                                          ['response_id', 'point_id'])
        batch_op.create_foreign_key(batch_op.f('fk_response_points_point_id_summary_points'),
                                    'summary_points', ['point_id'], ['id'], ondelete='CASCADE')

    op.create_table('response_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('created_at', forum.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('editor_id', sa.Integer(), nullable=False),
    sa.Column('decision', _decision(NEW), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['editor_id'], ['users.id'], name=op.f('fk_response_revisions_editor_id_users')),
    sa.ForeignKeyConstraint(['response_id'], ['council_responses.id'], name=op.f('fk_response_revisions_response_id_council_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_response_revisions')),
    sa.UniqueConstraint('response_id', 'number', name=op.f('uq_response_revisions_response_id'))
    )
    _first_revisions(conn)

    with op.batch_alter_table('response_updates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('point_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_response_updates_point_id'), ['point_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_response_updates_point_id_summary_points'),
                                    'summary_points', ['point_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('response_updates', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_response_updates_point_id_summary_points'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_response_updates_point_id'))
        batch_op.drop_column('point_id')
    op.drop_table('response_revisions')
    # Back to one answer per heading: the first answer given under each heading.
    op.execute("UPDATE response_points SET section = (SELECT coalesce(p.section, p.text) FROM "
               "summary_points p WHERE p.id = response_points.point_id) WHERE section IS NULL")
    op.execute("DELETE FROM response_points WHERE id NOT IN (SELECT min(id) FROM "
               "response_points GROUP BY response_id, section)")
    with op.batch_alter_table('response_points', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_response_points_point_id_summary_points'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_response_points_response_id'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_response_points_point_id'))
        batch_op.add_column(sa.Column('position', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.drop_column('next_update_due')
        batch_op.drop_column('point_id')
    op.execute("UPDATE response_points SET section = substr(section, 1, 200)")
    with op.batch_alter_table('response_points', schema=None) as batch_op:
        batch_op.alter_column('section', existing_type=sa.String(length=200), nullable=False)
        batch_op.alter_column('position', server_default=None)
    op.execute("DELETE FROM council_responses WHERE published_at IS NULL")
    for column in ('corrected_at', 'published_at', 'updated_at'):
        op.drop_column('council_responses', column)  # in place, as above
    _rename({'already_happening': 'deferred', **{v: k for k, v in RENAMED.items()}})
