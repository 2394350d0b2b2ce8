"""Issue 8, item 3: limits hold when one user sends many requests at once (memory and Redis)."""
from __future__ import annotations

import sys
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from flask_limiter import RequestLimit
from limits import parse

from forum.db import db, utcnow
from forum.limit_storage import AtomicMemoryStorage
from forum.limits import limiter_for, shared_counts_warning, take_back
from forum.posts.models import Post
from tests.factories import make_thread, make_user
from tests.hardening.parallel import at_once
from tests.security.conftest import limit_storage  # noqa: F401  (memory, then Redis)

#: bursts of parallel hits on new windows in the atomicity test
BURSTS = 50


@pytest.fixture
def app_config(app_config, limit_storage):  # noqa: ANN001, F811
    """Limits on, at their production sizes for posts and sign-ins."""
    return {**app_config, **limit_storage, "LIMIT_POSTS": "5 per minute",
            "LIMIT_SIGN_IN_ACCOUNT": "10 per 15 minutes", "LIMIT_SIGN_IN_IP": "30 per 15 minutes"}


def test_08_03_forty_parallel_posts_by_one_user_accept_exactly_the_limit(fresh_app, login):
    session = db.session  # the fresh app's, committing for real
    author = make_user(session, created_at=utcnow() - timedelta(days=30))
    thread = make_thread(session)
    session.commit()
    clients = [login(author, fresh_app.test_client()) for _ in range(40)]
    url = f"/threads/{thread.id}/posts"
    statuses = at_once([lambda c=c, n=n: c.post(url, data={"body": f"Point {n}.",
                                                           "stance": "for"}).status_code
                        for n, c in enumerate(clients)])
    assert sorted(statuses) == [302] * 5 + [429] * 35
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Post)
                          .where(Post.author_id == author.id)) == 5


def test_08_03_parallel_wrong_passwords_are_answered_401_at_most_the_limit(fresh_app):
    session = db.session  # the fresh app's, committing for real
    make_user(session, email="target@example.org")
    session.commit()
    clients = [fresh_app.test_client() for _ in range(33)]
    statuses = at_once([lambda c=c: c.post("/login", data={
        "email": "target@example.org", "password": "a wrong guess"}).status_code
        for c in clients])
    assert statuses.count(401) == 10
    assert statuses.count(429) == 23


@pytest.mark.parametrize("workers,redis_url,enabled,warns", [
    (1, None, True, False), (3, None, True, True), (3, "redis://127.0.0.1:6379/0", True, False),
    (1, "redis://127.0.0.1:6379/0", True, False), (3, None, False, False)])
def test_08_03_several_workers_without_redis_are_warned_about(workers, redis_url, enabled,
                                                              warns):
    message = shared_counts_warning(workers, redis_url, enabled=enabled)
    assert (message is not None) is warns
    if warns:
        assert "FORUM_REDIS_URL" in message and f"{workers} workers" in message


def test_08_03_counts_are_atomic_and_refunds_never_go_below_zero(app):
    limiter = limiter_for(app)
    strategy = limiter.limiter  # Flask-Limiter's fixed windows on the storage under test
    if not app.config.get("REDIS_URL"):
        assert isinstance(strategy.storage, AtomicMemoryStorage)
    window, prefix = parse("5 per minute"), app.config["RATELIMIT_KEY_PREFIX"]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns far more often than usual: races show
    try:
        for burst in range(BURSTS):  # each a new window hit by 20 requests: exactly 5 pass
            passed = at_once([lambda n=burst: strategy.hit(window, prefix, f"someone-{n}", "t")
                              for _ in range(20)])
            assert passed.count(True) == 5, f"burst {burst}: {passed.count(True)} passed"
    finally:
        sys.setswitchinterval(interval)
    args = [prefix, "refunded", "t"]
    assert strategy.hit(window, *args)
    hit = RequestLimit(limiter, window, args, breached=False, shared=True)
    for _ in range(3):  # taken back three times, counted once: the count stops at zero
        take_back(hit)
    assert strategy.get_window_stats(window, *args).remaining == 5
    assert strategy.hit(window, *args)
    assert strategy.get_window_stats(window, *args).remaining == 4
