"""The benchmark data generator: a small forum whose pages all answer, the same for a seed."""
from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import func, select, text

from forum import create_app
from forum.accounts.models import User
from forum.benchdata import LANDMARKS, build_forum
from forum.council.models import CouncilResponse
from forum.db import db
from forum.jobs.models import Job
from forum.posts.models import Endorsement, Post
from forum.threads.models import Thread
from forum.topics.models import Topic

NOW = datetime(2026, 6, 1, tzinfo=UTC)
TABLES = ("users", "topics", "threads", "posts", "revisions", "endorsements", "flags",
          "summaries", "council_responses", "response_points", "moderation_log")


def test_small_forum_pages_answer(app, session, client, login) -> None:
    """Every page the benchmark measures answers 200, signed out, signed in and through the API."""
    plan = build_forum(session, posts=2000, seed=3, now=NOW)
    assert session.scalar(select(func.count()).select_from(Post)) == 2000
    assert session.scalar(select(func.count()).select_from(User)) == 5000
    assert session.scalar(select(func.count()).select_from(Topic)) == 50
    assert set(plan.threads) == {size for size in LANDMARKS if size <= 1000}
    counts = {tid: n for tid, n in session.execute(
        select(Post.thread_id, func.count()).group_by(Post.thread_id))}
    assert all(session.get(Thread, tid).post_count == n for tid, n in counts.items())
    assert session.scalar(select(func.max(Post.depth))) <= 10
    endorsed = session.scalar(select(func.sum(Post.endorsement_count)))
    assert endorsed == session.scalar(select(func.count()).select_from(Endorsement))
    assert session.scalar(select(func.count()).select_from(CouncilResponse)) > 0
    # the answers' emails to made-up people are not left for the measured server to send
    assert session.scalar(select(func.count()).select_from(Job)) == 0
    slug = session.scalar(select(Topic.slug))
    urls = ["/", f"/topics/{slug}", "/outcomes", f"/consultations/{plan.report}/report"]
    for tid in plan.threads.values():
        urls += [f"/threads/{tid}", f"/threads/{tid}?page=2", f"/api/v1/threads/{tid}/posts"]
    for url in urls:
        assert client.get(url).status_code == 200, url
    citizen = session.scalar(select(User).where(User.email == plan.citizen_email))
    assert citizen.check_password(plan.password)
    signed_in = login(citizen)
    assert signed_in.get(f"/threads/{plan.threads[50]}").status_code == 200
    token = client.post("/api/v1/tokens", json={"email": plan.citizen_email,
                                                "password": plan.password}).get_json()["token"]
    created = client.post(f"/api/v1/threads/{plan.write_thread}/posts", json={"body": "Yes."},
                          headers={"Authorization": f"Bearer {token}"})
    assert created.status_code == 201


def _digest(tmp_path, name: str) -> str:  # noqa: ANN001
    """Build a forum into a new SQLite file and hash every row of every table it fills."""
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / name}", "SECRET_KEY": "x" * 40,
                      "INSTANCE_PATH": str(tmp_path), "RATELIMIT_ENABLED": False})
    digest = hashlib.sha256()
    with app.app_context():
        db.create_all()
        build_forum(db.session, posts=500, seed=7, now=NOW)
        db.session.commit()
        for table in TABLES:
            for row in db.session.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2")):
                digest.update(repr(tuple(row)).encode())
        db.session.remove()
        db.engine.dispose()
    return digest.hexdigest()


def test_same_seed_same_data(tmp_path) -> None:  # noqa: ANN001
    """Two builds with one seed and one ``now`` hold the same rows."""
    assert _digest(tmp_path, "a.sqlite3") == _digest(tmp_path, "b.sqlite3")
