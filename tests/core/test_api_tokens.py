"""An API token's last-used time: written when it signs a call in, at most every few minutes."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.accounts.models import ApiToken
from forum.accounts.services import TOKEN_TOUCH_EVERY
from forum.db import utcnow
from tests.factories import bearer, make_user


@pytest.fixture
def clock(monkeypatch):  # noqa: ANN001, ANN201
    """The API's clock, moved by the test."""
    times = [utcnow()]
    monkeypatch.setattr("forum.api.utcnow", lambda: times[0])
    return times


def _updates(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith("UPDATE")]


def _token(session, user) -> ApiToken:  # noqa: ANN001
    return session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))


def test_a_bearer_call_stamps_the_token_once_per_interval(client, session, count_queries,
                                                          clock):
    user = make_user(session)
    headers = bearer(user)
    assert _token(session, user).last_used_at is None

    with count_queries() as first:
        assert client.get("/api/v1/topics", headers=headers).status_code == 200
    assert len(_updates(first)) == 1
    session.expire_all()
    assert _token(session, user).last_used_at == clock[0]

    stamped = clock[0]
    clock[0] = stamped + TOKEN_TOUCH_EVERY - timedelta(seconds=1)
    with count_queries() as within:
        assert client.get("/api/v1/topics", headers=headers).status_code == 200
    assert _updates(within) == []
    session.expire_all()
    assert _token(session, user).last_used_at == stamped

    clock[0] = stamped + TOKEN_TOUCH_EVERY + timedelta(seconds=1)
    with count_queries() as after:
        assert client.get("/api/v1/topics", headers=headers).status_code == 200
    assert len(_updates(after)) == 1
    session.expire_all()
    assert _token(session, user).last_used_at == clock[0]


def test_a_refused_token_stamps_nothing(client, session, count_queries):
    with count_queries() as statements:
        response = client.get("/api/v1/topics", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert _updates(statements) == []
