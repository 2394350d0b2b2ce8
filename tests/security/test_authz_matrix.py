"""The authorisation matrix: every state-changing route of the HTML site and the API, called
as each kind of actor, answers the expected status.

The routes come from ``app.url_map`` at collection time, so a new POST/PUT/PATCH/DELETE route
without an entry in :mod:`tests.security.authz_entries` (or ``authz_domains``) fails here.
"""
from __future__ import annotations

import pytest

from tests.factories import bearer
from tests.security.authz_routes import MATRIX, ROUTES
from tests.security.authz_world import World
from tests.security.helpers import ACTORS, make_actor


@pytest.fixture
def database(sqlite_database):  # noqa: ANN001
    """SQLite only: permissions do not depend on the database engine."""
    return sqlite_database


def test_the_matrix_has_no_stale_entries():
    stale = sorted(set(MATRIX) - set(ROUTES))
    assert not stale, f"entries for routes that no longer exist: {stale}"


def test_the_matrix_covers_every_route():
    missing = sorted(set(ROUTES) - set(MATRIX))
    assert not missing, f"state-changing routes without an authorisation entry: {missing}"


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("route", ROUTES, ids=[f"{m} {r}" for m, r in ROUTES])
def test_route_answers_each_actor_as_expected(client, session, login, route, actor):
    call = MATRIX.get(route)
    if call is None:
        pytest.fail(f"{route[0]} {route[1]} has no entry in the authorisation matrix: add one "
                    "to tests/security/authz_entries.py (or authz_domains.py).")
    user = make_actor(session, actor)
    world = World(session, user)
    url = call.url(world)
    headers = {}
    if user is not None:
        if call.api:
            headers = bearer(user, session)
        else:
            login(user)
    body = (call.json(world) if call.json else None) if call.api else call.form(world)
    session.commit()
    kwargs = {"json": body} if call.api and body is not None else {}
    if not call.api:
        kwargs = {"data": body}
    response = client.open(url, method=route[0], headers=headers, **kwargs)
    expected = call.expected(actor)
    assert response.status_code == expected, (
        f"{route[0]} {url} as {actor}: expected {expected}, got {response.status_code}"
        f"{' (' + call.notes + ')' if call.notes else ''}")
