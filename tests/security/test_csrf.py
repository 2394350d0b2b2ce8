"""CSRF: without a valid token nothing changes (HTML forms and cookie-authenticated API calls);
bearer-token API calls need none; an expired token on a long post keeps the text."""
from __future__ import annotations

import re
import time

import pytest
from itsdangerous import timed

from forum.db import db
from forum.forms import CSRF_MESSAGE
from tests.factories import bearer, make_thread, make_user
from tests.security.authz_routes import MATRIX, ROUTES
from tests.security.authz_world import World
from tests.security.helpers import make_actor, outbox

#: who to try a route as: the first of these the matrix lets through (else the first)
PREFERENCE = ["admin", "moderator", "councillor", "citizen", "suspended", "anonymous"]
HTML_ROUTES = [r for r in ROUTES if r in MATRIX and not MATRIX[r].api]
#: RFC 8058 one-click unsubscribe: mail clients POST without a session or a token, so the
#: signed link is the proof (tests/notifications/test_unsubscribe.py runs it with CSRF on)
ONE_CLICK = [("POST", "/unsubscribe/<token>")]
PROTECTED_ROUTES = [r for r in HTML_ROUTES if r not in ONE_CLICK]
API_ROUTES = [r for r in ROUTES if r in MATRIX and MATRIX[r].api]


@pytest.fixture
def database(sqlite_database):  # noqa: ANN001
    """SQLite only: the token check does not depend on the database engine."""
    return sqlite_database


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    """CSRF protection on, as in production."""
    return {**app_config, "WTF_CSRF_ENABLED": True}


def snapshot() -> dict[str, list[str]]:
    """Every row of every table, to compare before and after a request."""
    db.session.expire_all()
    conn = db.session.connection()
    return {table.name: sorted(repr(tuple(row)) for row in conn.execute(table.select()))
            for table in db.metadata.sorted_tables}


def _actor_for(route: tuple[str, str]) -> str:
    call = MATRIX[route]
    allowed = [a for a in PREFERENCE if call.expected(a) < 400]
    return allowed[0] if allowed else PREFERENCE[0]


def _token(client, signed_in: bool) -> str:  # noqa: ANN001
    """A valid CSRF token for this client's session, read from a page's form."""
    page = client.get("/" if signed_in else "/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)


def _prepare(session, login, client, route):  # noqa: ANN001, ANN202
    call = MATRIX[route]
    actor = _actor_for(route)
    user = make_actor(session, actor)
    world = World(session, user)
    url = call.url(world)
    body = call.json(world) if call.api and call.json else (None if call.api else
                                                            call.form(world))
    session.commit()
    if user is not None:
        login(user)
    return call, actor, user, url, body


def _signed_in(client) -> bool:  # noqa: ANN001
    return client.get("/account").status_code == 200


@pytest.mark.parametrize("route", PROTECTED_ROUTES,
                         ids=[f"{m} {r}" for m, r in PROTECTED_ROUTES])
def test_html_form_without_a_token_changes_nothing(app, client, session, login, route):
    call, actor, user, url, form = _prepare(session, login, client, route)
    before, mail_before = snapshot(), len(outbox(app))
    # Buffered: the response is closed, so mail sent after a response would be seen here too.
    response = client.open(url, method=route[0], data=form, buffered=True)
    assert response.status_code < 500
    assert snapshot() == before, f"{route} as {actor} changed the database without a token"
    assert len(outbox(app)) == mail_before, "mail was sent without a token"
    if route[1] == "/logout":
        assert _signed_in(client)


@pytest.mark.parametrize("route", HTML_ROUTES, ids=[f"{m} {r}" for m, r in HTML_ROUTES])
def test_html_form_with_a_token_works(app, client, session, login, route):
    """The same requests with a token get what the matrix expects: the test above is not
    passing only because the requests were wrong."""
    call, actor, user, url, form = _prepare(session, login, client, route)
    form = {**form, "csrf_token": _token(client, user is not None)}
    response = client.open(url, method=route[0], data=form)
    assert response.status_code == call.expected(actor)


def test_only_one_click_unsubscribe_goes_without_a_token():
    assert set(ONE_CLICK) <= set(HTML_ROUTES) and len(PROTECTED_ROUTES) == len(HTML_ROUTES) - 1


@pytest.mark.parametrize("route", API_ROUTES, ids=[f"{m} {r}" for m, r in API_ROUTES])
def test_cookie_api_call_needs_the_token_header(app, client, session, login, route):
    call, actor, user, url, body = _prepare(session, login, client, route)
    if user is None:
        pytest.skip("an anonymous call has no session to protect")
    before = snapshot()
    kwargs = {"json": body} if body is not None else {}
    response = client.open(url, method=route[0], **kwargs)
    if route[1] == "/api/v1/tokens":
        assert response.status_code == call.expected(actor)  # exchanges a password, no cookie
        return
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"
    assert snapshot() == before
    headers = {"X-CSRFToken": _token(client, True)}
    response = client.open(url, method=route[0], headers=headers, **kwargs)
    assert response.status_code == call.expected(actor)


@pytest.mark.parametrize("route", API_ROUTES, ids=[f"{m} {r}" for m, r in API_ROUTES])
def test_bearer_api_call_needs_no_token(app, client, session, route):
    call = MATRIX[route]
    actor = _actor_for(route)
    user = make_actor(session, actor)
    world = World(session, user)
    url = call.url(world)
    body = call.json(world) if call.json else None
    headers = bearer(user, session) if user is not None else {}
    kwargs = {"json": body} if body is not None else {}
    response = client.open(url, method=route[0], headers=headers, **kwargs)
    assert response.status_code == call.expected(actor)


LONG_TEXT = "My long and careful argument about the bus timetable. " * 40


def test_a_stale_token_on_a_long_post_keeps_the_text(app, client, session, login):
    thread = make_thread(session)
    user = make_user(session)
    session.commit()
    login(user)
    stale = _token(client, True)
    with client.session_transaction() as sess:  # the session that issued it has ended
        sess.pop("csrf_token", None)
    response = client.post(f"/threads/{thread.id}/posts",
                           data={"body": LONG_TEXT, "stance": "against", "csrf_token": stale})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert str(CSRF_MESSAGE) in page
    assert LONG_TEXT.strip() in page
    assert re.search(r'<input[^>]*\bchecked\b[^>]*value="against"', page)  # the stance too
    assert thread.post_count == 0


def test_a_time_expired_token_keeps_the_text(app, client, session, login, monkeypatch):
    app.config["WTF_CSRF_TIME_LIMIT"] = 3600
    try:
        thread = make_thread(session)
        user = make_user(session)
        session.commit()
        login(user)
        token = _token(client, True)
        monkeypatch.setattr(timed.TimestampSigner, "get_timestamp",
                            lambda self: int(time.time()) + 7200)  # two hours later
        response = client.post(f"/threads/{thread.id}/posts",
                               data={"body": LONG_TEXT, "csrf_token": token})
        assert response.status_code == 422
        assert str(CSRF_MESSAGE) in response.get_data(as_text=True)
        assert LONG_TEXT.strip() in response.get_data(as_text=True)
    finally:
        app.config["WTF_CSRF_TIME_LIMIT"] = None
