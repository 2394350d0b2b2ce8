"""Issue 8, item 6: codes guessed through ``POST /api/v1/tokens`` share the code page's limit."""
from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest

from forum.accounts.models import Role
from forum.db import utcnow
from forum.security import two_factor
from tests.factories import PASSWORD, make_user
from tests.security.conftest import limit_storage  # noqa: F401  (memory, then Redis)

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def app_config(app_config, limit_storage):  # noqa: ANN001, F811
    """Limits on: 3 wrong codes per 5 minutes, sign-ins roomy enough not to interfere."""
    return {**app_config, **limit_storage, "LIMIT_SIGN_IN_ACCOUNT": "10 per 15 minutes",
            "LIMIT_SIGN_IN_IP": "10 per 15 minutes"}


def test_08_06_code_guesses_through_the_api_share_the_two_step_limit(client, session):
    user = make_user(session, role=Role.MODERATOR, email="guess@example.org")
    earlier = utcnow() - timedelta(minutes=5)
    two_factor.enable_two_factor(session, user, secret=SECRET,
                                 code=pyotp.TOTP(SECRET).at(earlier), now=earlier)
    session.commit()
    assert client.post("/login", data={"email": "guess@example.org",
                                       "password": PASSWORD}).status_code == 200
    for _ in range(2):
        assert client.post("/login/code", data={"code": "000000"}).status_code == 401
    body = {"email": "guess@example.org", "password": PASSWORD}
    assert client.post("/api/v1/tokens", json={**body, "code": "111111"}).status_code == 401
    response = client.post("/api/v1/tokens", json={**body, "code": pyotp.TOTP(SECRET).now()})
    assert response.status_code == 429  # even the right code waits
    assert response.get_json()["error"]["code"] == "rate_limited"
    assert client.post("/login/code", data={"code": "222222"}).status_code == 429


def test_08_06_api_guesses_alone_reach_the_two_step_limit(client, session):
    user = make_user(session, role=Role.ADMIN, email="api-only@example.org")
    earlier = utcnow() - timedelta(minutes=5)
    two_factor.enable_two_factor(session, user, secret=SECRET,
                                 code=pyotp.TOTP(SECRET).at(earlier), now=earlier)
    session.commit()
    body = {"email": "api-only@example.org", "password": PASSWORD}
    statuses = [client.post("/api/v1/tokens", json={**body, "code": f"{n:06d}"}).status_code
                for n in range(4)]
    assert statuses == [401, 401, 401, 429]
