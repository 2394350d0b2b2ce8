"""Nobody reads what is not theirs by changing an id (drafts, notifications, moderation pages,
appeals, tokens, hidden posts, unopened consultations); private pages are not stored.

Changing things by id is covered by the authorisation matrix (every object there belongs
to someone else); this module covers reading.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.accounts.models import ApiToken
from tests.factories import bearer
from tests.security.authz_world import World
from tests.security.helpers import ACTORS, make_actor

STAFF = {"councillor", "moderator", "admin"}
MODERATORS = {"moderator", "admin"}
COUNCIL = {"councillor", "admin"}


@pytest.fixture
def database(sqlite_database):  # noqa: ANN001
    """SQLite only: who may read what does not depend on the database engine."""
    return sqlite_database


def _upcoming(w: World):  # noqa: ANN202
    from forum.consultations.services import post_consultation
    return post_consultation(w.session, w.councillor, w.topic, title="Next year's budget",
                             question="Where should savings fall?", body="Background.",
                             opens_at=w.now + timedelta(days=3),
                             closes_at=w.now + timedelta(days=30), now=w.now)


#: (page, who may read it); everyone else gets 401/302 (anonymous), 403 or 404
READS = [
    ("/summaries/{draft_summary.id}", MODERATORS),
    ("/summaries/{draft_summary.id}/edit", MODERATORS),
    ("/summaries/{draft_summary.id}/revisions", MODERATORS),
    ("/api/v1/summaries/{draft_summary.id}", MODERATORS),
    ("/api/v1/summaries/{draft_summary.id}/revisions", MODERATORS),
    ("/api/v1/threads/{thread.id}/summary-draft", MODERATORS),
    ("/posts/{hidden_post.id}/history", MODERATORS),
    ("/api/v1/posts/{hidden_post.id}/revisions", MODERATORS),
    ("/moderation", MODERATORS),
    ("/moderation/log", MODERATORS),
    ("/moderation/suspensions", MODERATORS),
    ("/moderation/posts/{flagged_post.id}/review", MODERATORS),
    ("/moderation/appeals/{appeal.id}", MODERATORS),
    ("/api/v1/moderation/queue", MODERATORS),
    ("/api/v1/moderation/log", MODERATORS),
    ("/api/v1/appeals/{appeal.id}", MODERATORS),
    ("/council", COUNCIL),
    ("/api/v1/council/inbox", COUNCIL),
    ("/admin/users", {"admin"}),
    ("/threads/{upcoming.id}", STAFF),
    ("/api/v1/threads/{upcoming.id}", STAFF),
]


class _Values:
    """Format-string access to the world's objects (built on first use)."""

    def __init__(self, world: World) -> None:
        self.world = world

    def __getitem__(self, name: str):  # noqa: ANN204
        if name == "upcoming":
            return _upcoming(self.world)
        return getattr(self.world, name)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("path,allowed", READS, ids=[p for p, _ in READS])
def test_reading_by_id(client, session, login, path, allowed, actor):
    user = make_actor(session, actor)
    world = World(session, user)
    url = path.format_map(_Values(world))
    session.commit()
    headers = {}
    if user is not None:
        headers = bearer(user, session) if url.startswith("/api/") else {}
        login(user)
    response = client.get(url, headers=headers)
    if actor in allowed:
        assert response.status_code == 200, f"{url} as {actor}"
    elif actor == "anonymous":
        assert response.status_code in (302, 401, 404), f"{url} as {actor}"
        if response.status_code == 302:
            assert "/login" in response.headers["Location"]
    else:
        assert response.status_code in (403, 404), f"{url} as {actor}: {response.status_code}"
    if actor not in allowed:
        body = response.get_data(as_text=True)
        for secret in ("The debate weighed cost", "Something rude.", "Not yours.",
                       "It was a fair point", "Where should savings fall?"):
            assert secret not in body, f"{url} as {actor} shows {secret!r}"


@pytest.mark.parametrize("actor", [a for a in ACTORS if a != "anonymous"])
def test_notifications_are_only_ones_own(client, session, login, actor):
    user = make_actor(session, actor)
    world = World(session, user)
    assert world.notification.user_id != user.id
    headers = bearer(user, session)
    login(user)
    assert "Not yours." not in client.get("/notifications").get_data(as_text=True)
    listed = client.get("/api/v1/notifications", headers=headers).get_json()
    assert all(n["message"] != "Not yours." for n in listed["notifications"])


def test_appeals_list_only_ones_own(client, session, login):
    world = World(session, None)
    appellant_appeal = world.appeal
    other = make_actor(session, "citizen")
    session.commit()
    login(other)
    assert "It was a fair point" not in client.get("/appeals").get_data(as_text=True)
    listed = client.get("/api/v1/appeals", headers=bearer(other, session)).get_json()
    assert listed["appeals"] == []
    login(world.citizen)
    assert client.get(f"/api/v1/appeals/{appellant_appeal.id}",
                      headers=bearer(world.citizen, session)).status_code == 200


def test_tokens_are_stored_hashed_and_only_act_for_their_owner(client, session):
    world = World(session, None)
    owner = make_actor(session, "citizen")
    headers = bearer(owner, session)
    raw = headers["Authorization"].split()[1]
    stored = session.scalars(select(ApiToken.token_hash)).all()
    assert raw not in stored and ApiToken.hash(raw) in stored
    response = client.patch(f"/api/v1/posts/{world.post.id}", json={"body": "Hijacked."},
                            headers=headers)
    session.commit()
    assert response.status_code == 403
    for forged in (raw[:-1], raw + "x", ApiToken.hash(raw), ""):
        response = client.get("/api/v1/notifications",
                              headers={"Authorization": f"Bearer {forged}"})
        assert response.status_code == 401, forged


@pytest.mark.parametrize("path,actor", [
    ("/account", "citizen"), ("/account/password", "citizen"), ("/notifications", "citizen"),
    ("/account/two-factor", "moderator"), ("/moderation", "moderator"),
    ("/moderation/log", "moderator"), ("/council", "councillor"),
    ("/summaries/{draft_summary.id}", "moderator"),
    ("/summaries/{draft_summary.id}/edit", "moderator"),
    ("/api/v1/notifications", "citizen"), ("/api/v1/council/inbox", "councillor"),
    ("/api/v1/summaries/{draft_summary.id}", "moderator"),
])
def test_private_pages_are_not_stored(client, session, login, path, actor):
    user = make_actor(session, actor)
    url = path.format_map(_Values(World(session, user)))
    session.commit()
    login(user)
    headers = bearer(user, session) if url.startswith("/api/") else {}
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") == "no-store", url
