"""Download your data: prepared by a job, fetched by its owner only, gone when expired."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from forum.jobs.runner import run_due
from forum.privacy.models import DataExport
from tests.factories import make_user
from tests.privacy.conftest import EMAIL, NAME
from tests.security.helpers import outbox


def _prepare(client, session, user):  # noqa: ANN001, ANN202
    assert client.post("/account/data/prepare").status_code == 302
    assert run_due(session) == 1  # the export
    assert run_due(session) == 1  # its "ready" mail
    return session.scalars(select(DataExport).where(DataExport.user_id == user.id)
                           .order_by(DataExport.id.desc())).first()


def test_the_download_holds_everything_stored_about_you(world, session, client, login, app):
    login(world.person)
    export = _prepare(client, session, world.person)
    assert export.ready_at is not None
    mails = [m for m in outbox(app) if str(m["To"]) == EMAIL and "ready" in str(m["Subject"])]
    assert mails and f"{app.config['BASE_URL']}/account/data\n" in mails[-1].get_content()
    page = client.get("/account/data").text
    assert f"/account/data/{export.token}" in page
    response = client.get(f"/account/data/{export.token}")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["profile"]["email"] == EMAIL and data["profile"]["display_name"] == NAME
    assert "password_hash" not in data["profile"] and "totp_secret" not in data["profile"]
    assert data["second_factor"] == {"enabled": False, "recovery_codes": 0,
                                     "recovery_codes_unused": 0}
    (post,) = data["posts"]
    assert post["body"] == "Yes: Sundays suit families."
    assert [r["body"] for r in post["revisions"]][0].startswith("Yes, @[Bartholomew")
    records = data["records"]
    assert records["endorsements"]["user_id"][0]["post_id"]
    assert records["flags"]["user_id"][0]["text"] == "Not kind."
    (token,) = records["api_tokens"]["user_id"]
    assert set(token) == {"id", "user_id", "name", "created_at", "last_used_at"}
    assert any("Firefox" in s["user_agent"] for s in records["user_sessions"]["user_id"])
    assert all("secret_hash" not in s for s in records["user_sessions"]["user_id"])
    assert "notifications" in records
    assert "hash" not in response.text.replace("#post", "")


def test_someone_else_cannot_fetch_your_download(world, session, client, login):
    login(world.person)
    export = _prepare(client, session, world.person)
    login(make_user(session))
    response = client.get(f"/account/data/{export.token}")
    assert response.status_code == 404
    assert NAME not in response.text
    assert client.get("/account/data/not-a-real-token").status_code == 404


def test_an_expired_download_is_gone(world, session, client, login):
    login(world.person)
    export = _prepare(client, session, world.person)
    export.expires_at = export.ready_at - timedelta(seconds=1)
    session.commit()
    response = client.get(f"/account/data/{export.token}")
    assert response.status_code == 410
    assert "This download has expired" in response.text


def test_asking_twice_prepares_one_download(world, session, client, login):
    login(world.person)
    client.post("/account/data/prepare")
    client.post("/account/data/prepare")
    waiting = session.scalars(select(DataExport).where(DataExport.user_id == world.person.id,
                                                       DataExport.ready_at.is_(None))).all()
    assert len(waiting) == 1
    assert "being prepared" in client.get("/account/data").text


def test_the_account_page_links_your_data(session, client, login):
    login(make_user(session))
    page = client.get("/account").text
    assert 'href="/account/data"' in page and 'href="/account/delete"' in page
