"""Fixtures for the job tests: the recording handlers emptied, the in-process runner, RQ on a
real Redis."""
from __future__ import annotations

import os
import uuid

import pytest

from forum.deferred import wait_for_tasks
from forum.jobs import runner
from tests.apps import WORKER
from tests.conftest import skip_or_fail
from tests.jobs.handlers import CALLS, FLAKY

REDIS_URL = os.environ.get("FORUM_TEST_REDIS_URL")


@pytest.fixture(autouse=True)
def _calls():  # noqa: PT004
    CALLS.clear()
    FLAKY.clear()
    yield
    CALLS.clear()
    FLAKY.clear()


@pytest.fixture
def thread_runner(fresh_app):  # noqa: ANN001
    """The embedded runner (an in-process pool) with a quick sweep, on the live database."""
    fresh_app.config.update(JOBS_RUNNER="thread", JOBS_SWEEP_SECONDS=0.1)
    yield fresh_app
    # back to manual at once: this app's sweeper thread lives on, idle, for the run
    fresh_app.config.update(JOBS_RUNNER="manual", JOBS_SWEEP_SECONDS=15)
    runner.wait_for_sweep()  # a sweep begun before the switch holds a connection until done
    wait_for_tasks()


@pytest.fixture
def rq_app(fresh_app):  # noqa: ANN001
    """RQ on the real Redis at ``FORUM_TEST_REDIS_URL``, on a queue of this test's own."""
    if not REDIS_URL:
        skip_or_fail("redis", "RQ tests skipped: set FORUM_TEST_REDIS_URL "
                              "(e.g. redis://127.0.0.1:6379/14)")
    import redis
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as error:
        skip_or_fail("redis", f"Redis at FORUM_TEST_REDIS_URL is unreachable: {error}")
    fresh_app.config.update(REDIS_URL=REDIS_URL, JOBS_RUNNER="rq",
                            JOBS_QUEUE=f"forum-test-{WORKER or 'main'}-{uuid.uuid4().hex[:8]}")
    from forum.jobs.queue import forum_queue
    queue = forum_queue(fresh_app)
    yield fresh_app
    queue.empty()
    queue.delete(delete_jobs=True)
    fresh_app.config.update(REDIS_URL=None, JOBS_RUNNER="manual")
