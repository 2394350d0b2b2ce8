"""The follows API: PUT and DELETE /api/v1/follows/<kind>/<id>, GET /api/v1/follows."""
from __future__ import annotations

from forum.notifications.follows import is_following
from forum.notifications.models import FollowKind
from tests.factories import bearer


def test_follow_list_and_unfollow(client, session, forum):  # noqa: ANN001
    auth = bearer(forum.ana, session)
    url = f"/api/v1/follows/thread/{forum.thread.id}"
    for _ in range(2):  # the second time changes nothing
        response = client.put(url, headers=auth)
        assert response.status_code == 200
        assert response.json == {"kind": "thread", "target_id": forum.thread.id,
                                 "following": True}
    listed = client.get("/api/v1/follows", headers=auth).json
    assert listed["auto_follow"] is True
    assert [(f["kind"], f["label"], f["link"]) for f in listed["follows"]] == [
        ("thread", "Buses on Sundays?", f"/threads/{forum.thread.id}")]
    assert client.delete(url, headers=auth).json["following"] is False
    assert not is_following(session, forum.ana, FollowKind.THREAD, forum.thread.id)
    assert client.delete(url, headers=auth).status_code == 200


def test_errors_use_the_envelope(client, session, forum):  # noqa: ANN001
    auth = bearer(forum.ana, session)
    missing = client.put("/api/v1/follows/topic/987654", headers=auth)
    assert missing.status_code == 404 and missing.json["error"]["code"]
    own = client.put(f"/api/v1/follows/person/{forum.ana.id}", headers=auth)
    assert own.status_code == 422 and "yourself" in own.json["error"]["message"]
    assert client.put(f"/api/v1/follows/topic/{forum.topic.id}").status_code == 401
    assert client.get("/api/v1/follows").status_code == 401
