"""Fixtures for the deployment tests: the test Redis, when there is one."""
from __future__ import annotations

import os

import pytest

from tests.conftest import skip_or_fail

REDIS_URL = os.environ.get("FORUM_TEST_REDIS_URL")


@pytest.fixture(scope="session")
def redis_url() -> str:
    """``FORUM_TEST_REDIS_URL`` when it answers; skipped (failed where required) otherwise."""
    if not REDIS_URL:
        skip_or_fail("redis", "Redis tests skipped: set FORUM_TEST_REDIS_URL "
                              "(e.g. redis://127.0.0.1:6379/14)")
    import redis  # noqa: PLC0415
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as error:
        skip_or_fail("redis", f"Redis at FORUM_TEST_REDIS_URL is unreachable: {error}")
    finally:
        client.close()
    return REDIS_URL
