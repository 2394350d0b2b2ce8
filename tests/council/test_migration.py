"""The migrations give existing summaries their points and existing responses their answers
per point (an answer to a heading goes to every point under it, marked as such)."""
from __future__ import annotations

import json
from datetime import timedelta
from types import SimpleNamespace

from flask_migrate import upgrade
from sqlalchemy import text

from forum.db import db, utcnow
from forum.notifications import events
from forum.posts.signals import post_created
from forum.search.models import create_index_table, drop_index_table
from forum.threads.signals import thread_started
from tests.factories import make_post, make_thread, make_user, users_as_today

#: the handlers that read the follows table, which the schema before it lacks
FOLLOWING = ((thread_started, events.on_thread_started), (post_created, events.on_post_created))

BEFORE = "b8d4f6a0c2e5"  # the schema before points


def _drop_everything() -> None:
    db.drop_all()
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def _old_response(conn, summary_id: int, author_id: int, now) -> None:  # noqa: ANN001
    response_id = conn.execute(text(
        "INSERT INTO council_responses (summary_id, decision, body, body_html, created_at, "
        "author_id) VALUES (:s, 'adopted_in_part', 'Partly.', '<p>Partly.</p>', :now, :a) "
        "RETURNING id"), {"s": summary_id, "a": author_id, "now": now}).scalar_one()
    for position, (section, decision, body) in enumerate([
            ("For", "adopted", "Cafés licensed."), ("Against", "deferred", "Buses next year."),
            ("Ghost", "not_adopted", "No money.")]):
        conn.execute(text("INSERT INTO response_points (response_id, position, section, "
                          "decision, body) VALUES (:r, :p, :s, :d, :b)"),
                     {"r": response_id, "p": position, "s": section, "d": decision, "b": body})


def test_existing_summaries_and_responses_get_points(fresh_app, session, client, request):
    _drop_everything()
    upgrade(revision=BEFORE)
    with db.engine.begin() as conn:  # the services below write the search index, which a
        create_index_table(conn)     # later migration adds
    # that schema has no follows table: starting or posting in a thread tells no follower
    for announced, handler in FOLLOWING:
        announced.disconnect(handler)
    request.addfinalizer(lambda: [announced.connect(handler) for announced, handler in FOLLOWING])
    try:
        with users_as_today(session):  # the factories write the model's later columns too
            mod = make_user(session, role="moderator")
            cllr = make_user(session, role="councillor")
            thread = make_thread(session, title="Old loop")
            ana, ben = make_post(session, thread=thread, body="Cafés."), \
                make_post(session, thread=thread, body="Buses.")
            mod, cllr, thread, ana, ben = (SimpleNamespace(id=o.id)
                                           for o in (mod, cllr, thread, ana, ben))
        now = utcnow() - timedelta(days=3)
        html = (f'<h2>For</h2>\n<ul>\n<li>Cafés <a href="/posts/{ana.id}">Ana, #{ana.id}</a>.'
                f'</li>\n<li>Safer streets.</li>\n</ul>\n<h2>Against</h2>\n<p>Buses first '
                f'<a href="/posts/{ben.id}">Ben, #{ben.id}</a>.</p>\n<h2>Ghost</h2>')
        with db.engine.begin() as conn:
            summary_id = conn.execute(text(
                "INSERT INTO summaries (thread_id, body, body_html, revision, created_at, "
                "created_by_id, updated_at, published_at, published_by_id, submitted_at, "
                "submitted_by_id, responded_at, responded_by_id) VALUES (:t, 'md', :h, 2, :n, "
                ":m, :n, :n, :m, :n2, :m, :n2, :c) RETURNING id"),
                {"t": thread.id, "h": html, "n": now, "n2": now + timedelta(hours=2),
                 "m": mod.id, "c": cllr.id}).scalar_one()
            for number, at in ((1, now), (2, now + timedelta(hours=1))):
                conn.execute(text("INSERT INTO summary_revisions (summary_id, number, editor_id, "
                                  "body, body_html, created_at) VALUES (:s, :n, :e, 'md', :h, "
                                  ":at)"), {"s": summary_id, "n": number, "e": mod.id,
                                            "h": html, "at": at})
            _old_response(conn, summary_id, cllr.id, now + timedelta(hours=2))
            drop_index_table(conn)  # its migration makes it
        session.commit()  # the migrations alter users: the session must hold no lock on it
        upgrade()
        with db.engine.connect() as conn:
            points = conn.execute(text("SELECT id, position, section, text, cited_post_ids "
                                       "FROM summary_points ORDER BY position")).all()
            answers = conn.execute(text("SELECT point_id, section, decision, body FROM "
                                        "response_points ORDER BY point_id")).all()
            revision = conn.execute(text("SELECT number, decision, answers FROM "
                                         "response_revisions")).one()
            published, corrected = conn.execute(text(
                "SELECT r.published_at, s.corrected_at FROM council_responses r JOIN summaries "
                "s ON s.id = r.summary_id")).one()
        assert [(p.position, p.section, p.text) for p in points] == [
            (0, "For", "Cafés."), (1, "For", "Safer streets."), (2, "Against", "Buses first."),
            (3, "Ghost", "Ghost")]  # a heading with no point under it became one
        assert [json.loads(p.cited_post_ids) if isinstance(p.cited_post_ids, str)
                else p.cited_post_ids for p in points] == [[ana.id], [], [ben.id], []]
        by_point = {a.point_id: a for a in answers}
        assert [(by_point[p.id].section, by_point[p.id].decision, by_point[p.id].body)
                for p in points] == [
            ("For", "agreed", "Cafés licensed."), ("For", "agreed", "Cafés licensed."),
            ("Against", "needs_more_work", "Buses next year."),
            ("Ghost", "not_agreed", "No money.")]
        assert revision.number == 1 and revision.decision == "agreed_in_part"
        assert published is not None
        assert corrected is not None  # revision 2 was saved after publication
        session.expire_all()
        page = client.get(f"/summaries/{summary_id}").text
        assert "Answered for the whole section “For”" in page
        assert "Buses next year." in page and "Needs more work" in page
    finally:
        session.rollback()
        _drop_everything()
        db.create_all()
