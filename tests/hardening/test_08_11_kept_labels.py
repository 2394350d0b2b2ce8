"""Item 11: the control-character page shows what was typed under readable labels, no secrets."""
from __future__ import annotations

from tests.factories import make_user
from tests.security.authz_world import World


def test_08_11_control_character_page_labels_the_boxes(client, session, login):
    user = make_user(session)
    world = World(session, user)
    session.commit()
    login(user)
    response = client.post(f"/threads/{world.thread.id}/posts",
                           data={"body": "An\x00 argument.", "stance": "for", "version": "3"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert ">Your text</label>" in page and ">Your position</label>" in page
    assert ">body</label>" not in page and ">stance</label>" not in page
    assert ">version</label>" not in page


def test_08_11_control_character_page_never_echoes_secrets(client, session):
    response = client.post("/login", data={
        "email": "a\x00@example.org", "password": "hunter2-secret-pw", "code": "123456",
        "kept-password": "other-secret-pw", "kept-body": "Kept\x00 draft."})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "hunter2-secret-pw" not in page and "123456" not in page
    assert "other-secret-pw" not in page
    assert "Kept draft." in page and "a@example.org" in page
