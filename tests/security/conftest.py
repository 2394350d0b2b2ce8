"""Fixtures for the security tests: rate limits on (memory or a real Redis)."""
from __future__ import annotations

import os
import uuid

import pytest

from tests.apps import WORKER
from tests.conftest import skip_or_fail

REDIS_URL = os.environ.get("FORUM_TEST_REDIS_URL")
#: the Redis key prefix of this run (and xdist worker)
PREFIX = f"forum-test-{WORKER or 'main'}-{uuid.uuid4().hex[:10]}"

#: small limits so tests reach them quickly
TEST_LIMITS = {
    "RATELIMIT_ENABLED": True,
    "LIMIT_SIGN_IN_ACCOUNT": "3 per 15 minutes",
    "LIMIT_SIGN_IN_IP": "5 per 15 minutes",
    "LIMIT_REGISTER_IP": "2 per hour",
    "LIMIT_POSTS": "3 per minute",
    "LIMIT_POSTS_NEW_ACCOUNT": "1 per minute",
    "LIMIT_PREVIEWS": "4 per minute",
    "LIMIT_FLAGS": "2 per minute",
    "LIMIT_PASSWORD_RESET": "2 per hour",
    "LIMIT_TWO_FACTOR": "3 per 5 minutes",
}


@pytest.fixture(params=["memory", "redis"])
def limit_storage(request) -> dict:  # noqa: ANN001
    """Rate-limit settings on in-memory storage, then on the real Redis when configured."""
    if request.param == "memory":
        yield {**TEST_LIMITS}
        return
    if not REDIS_URL:
        skip_or_fail("redis", "Redis rate-limit tests skipped: set FORUM_TEST_REDIS_URL "
                              "(e.g. redis://127.0.0.1:6379/14)")
    import redis
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as error:
        skip_or_fail("redis", f"Redis at FORUM_TEST_REDIS_URL is unreachable: {error}")
    # One prefix per run and worker, so the app is built once; its counts go after each test.
    yield {**TEST_LIMITS, "REDIS_URL": REDIS_URL, "RATELIMIT_KEY_PREFIX": PREFIX}
    keys = list(client.scan_iter(match=f"*{PREFIX}*"))
    if keys:
        client.delete(*keys)
    client.close()
