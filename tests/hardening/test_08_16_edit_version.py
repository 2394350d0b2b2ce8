"""Edits carry the version they started from: of parallel edits of one version one is saved,
a stale one is refused (409) with the typed text kept, and the history agrees with the post."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from flask_migrate import upgrade
from sqlalchemy import select, text

from forum.db import db, utcnow
from forum.posts.models import Post
from forum.posts.services import edit_post
from forum.posts.models import Revision
from tests.factories import bearer, make_post, make_thread, make_topic, make_user, users_as_today
from tests.hardening.parallel import requests_at_once, statuses

EDITS = 12


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    """Limits and CSRF on, as in production."""
    return {**app_config, "RATELIMIT_ENABLED": True, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def post(session):  # noqa: ANN001
    """An argument by its author, committed so other connections see it."""
    post = make_post(session, thread=make_thread(session), author=make_user(session),
                     body="The library should open on Sundays.")
    session.commit()
    return post


def _history(session, post_id: int) -> tuple[Post, list[str]]:  # noqa: ANN001
    """The post as stored and its revisions' bodies, newest first."""
    session.expire_all()
    bodies = list(session.scalars(select(Revision.body).where(Revision.post_id == post_id)
                                  .order_by(Revision.id.desc())))
    return session.get(Post, post_id), bodies


def _edit_page(client, post_id: int) -> tuple[str, str]:  # noqa: ANN001
    """The edit form's CSRF token and version."""
    page = client.get(f"/posts/{post_id}/edit").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    version = re.search(r'id="version" name="version" type="hidden" value="(\d+)"', page)
    return token, version.group(1)


def test_08_16_parallel_edits_of_one_version_save_one(fresh_app, session, post):
    headers, url = bearer(post.author, session), f"/api/v1/posts/{post.id}"
    calls = [lambda c, n=n: c.patch(url, headers=headers,
                                    json={"body": f"Edit number {n}.", "version": 1})
             for n in range(EDITS)]
    responses = requests_at_once(fresh_app, calls)
    assert statuses(responses) == [200] + [409] * (EDITS - 1)
    assert {r.get_json()["error"]["code"] for r in responses if r.status_code == 409} == \
        {"stale_version"}
    [won] = [r.get_json() for r in responses if r.status_code == 200]
    stored, bodies = _history(session, post.id)
    assert won["version"] == stored.version == 2 and len(bodies) == 2
    assert bodies[0] == stored.body and f"<p>{bodies[0]}</p>" in stored.body_html


def test_08_16_parallel_edits_without_a_version_keep_history_and_post_agreeing(fresh_app,
                                                                              session, post):
    headers, url = bearer(post.author, session), f"/api/v1/posts/{post.id}"
    calls = [lambda c, n=n: c.patch(url, headers=headers,
                                    json={"body": f"Edit number {n}."})
             for n in range(EDITS)]
    codes = statuses(requests_at_once(fresh_app, calls))
    assert set(codes) <= {200, 409} and 200 in codes
    stored, bodies = _history(session, post.id)
    assert stored.version == len(bodies) == 1 + codes.count(200)  # one version per save
    assert bodies[0] == stored.body


def test_08_16_parallel_edits_through_the_form_save_one(fresh_app, session, login, post):
    clients = [login(post.author, fresh_app.test_client()) for _ in range(EDITS)]
    forms = [_edit_page(c, post.id) for c in clients]
    url = f"/posts/{post.id}/edit"
    calls = [lambda c, n=n, token=token, version=version: c.post(
        url, data={"csrf_token": token, "version": version,
                                        "body": f"Edit number {n}."})
        for n, (token, version) in enumerate(forms)]
    responses = requests_at_once(fresh_app, calls, clients=clients)
    assert statuses(responses) == [302] + [409] * (EDITS - 1)
    stored, bodies = _history(session, post.id)
    assert stored.version == 2 and bodies[0] == stored.body


def test_08_16_a_stale_form_keeps_the_text_and_shows_the_current_one(app, session, login,
                                                                      post):
    client = login(post.author, app.test_client())
    token, version = _edit_page(client, post.id)
    assert version == "1"
    edit_post(session, post.author, post, body="Open on Sundays, from noon.", now=post.created_at)
    session.commit()
    mine = "Open on Sundays & bank holidays."
    response = client.post(f"/posts/{post.id}/edit",
                           data={"csrf_token": token, "version": version, "body": mine})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "This post was changed while you were editing" in page
    assert "Open on Sundays &amp; bank holidays.</textarea>" in page  # what I typed, kept
    assert "The current text (version 2)" in page and "Open on Sundays, from noon." in page
    assert 'name="version" type="hidden" value="2"' in page  # saving again builds on it
    assert _history(session, post.id)[0].body == "Open on Sundays, from noon."
    again = client.post(f"/posts/{post.id}/edit",
                        data={"csrf_token": token, "version": "2", "body": mine})
    assert again.status_code == 302
    stored, bodies = _history(session, post.id)
    assert (stored.body, stored.version, bodies[0]) == (mine, 3, mine)


def test_08_16_a_stale_api_edit_is_a_conflict(client, session, post):
    headers = bearer(post.author, session)
    first = client.patch(f"/api/v1/posts/{post.id}", headers=headers,
                         json={"body": "Second version.", "version": 1})
    assert first.status_code == 200 and first.get_json()["version"] == 2
    stale = client.patch(f"/api/v1/posts/{post.id}", headers=headers,
                         json={"body": "Based on the first.", "version": 1})
    assert stale.status_code == 409
    assert stale.get_json()["error"]["code"] == "stale_version"
    assert "version 2" in stale.get_json()["error"]["message"]
    assert _history(session, post.id)[0].body == "Second version."


@pytest.mark.parametrize("version", ["1", 0, True, 1.5])
def test_08_16_a_version_must_be_a_number(client, session, post, version):
    response = client.patch(f"/api/v1/posts/{post.id}", headers=bearer(post.author, session),
                            json={"body": "Changed.", "version": version})
    assert response.status_code == 422 and response.get_json()["error"]["field"] == "version"


def test_08_16_someone_elses_edit_is_refused_before_the_version_is_read(client, session, post):
    response = client.patch(f"/api/v1/posts/{post.id}", headers=bearer(make_user(session)),
                            json={"body": "Hijacked."})
    assert response.status_code == 403


def test_08_16_the_migration_numbers_existing_posts_by_their_history(fresh_app, session):
    """Posts saved before versions existed get the number of versions they already have."""
    _drop_everything()
    upgrade(revision="41c43575c09f")  # the schema before versions
    try:
        with users_as_today(session):  # the topic factory writes later topics columns too
            topic = SimpleNamespace(id=make_topic(session).id)
        with db.engine.begin() as conn:  # the author as that schema has it (no later columns)
            author_id = conn.execute(text(
                "INSERT INTO users (email, display_name, password_hash, role, created_at, "
                "session_token) VALUES ('old@example.org', 'Old', 'x', 'citizen', :now, "
                "'0123456789abcdef0123456789abcdef') RETURNING id"),
                {"now": utcnow()}).scalar_one()
        author = SimpleNamespace(id=author_id)
        with db.engine.begin() as conn:  # the thread as that schema has it (no counters yet)
            thread_id = conn.execute(text(
                "INSERT INTO threads (topic_id, author_id, kind, title, body, body_html, "
                "created_at, last_activity_at, post_count) VALUES (:t, :a, 'discussion', 'T', "
                "'x', '<p>x</p>', :now, :now, 2) RETURNING id"),
                {"t": topic.id, "a": author.id, "now": utcnow()}).scalar_one()
            insert_post = text(
                "INSERT INTO posts (thread_id, author_id, depth, path, body, body_html, "
                "created_at, endorsement_count) VALUES (:t, :a, 0, '', 'x', '<p>x</p>', :now, 0) "
                "RETURNING id")
            values = {"t": thread_id, "a": author.id, "now": utcnow()}
            edited, untouched = (conn.execute(insert_post, values).scalar_one() for _ in "ab")
            for _ in range(3):
                conn.execute(text("INSERT INTO revisions (post_id, editor_id, body, body_html, "
                                  "created_at) VALUES (:p, :a, 'x', '<p>x</p>', :now)"),
                             {"p": edited, "a": author.id, "now": utcnow()})
        session.commit()  # the migrations alter users: the session must hold no lock on it
        upgrade()
        with db.engine.connect() as conn:
            versions = dict(conn.execute(text("SELECT id, version FROM posts")).all())
        assert (versions[edited], versions[untouched]) == (3, 1)
        with db.engine.connect() as conn:  # the next migration numbers and counts arguments
            numbers = dict(conn.execute(text("SELECT id, argument_number FROM posts")).all())
            counted = conn.execute(text("SELECT argument_count FROM threads")).scalar_one()
        assert (numbers[edited], numbers[untouched], counted) == (1, 2, 2)
    finally:
        session.rollback()
        _drop_everything()
        db.create_all()


def _drop_everything() -> None:
    db.drop_all()
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
