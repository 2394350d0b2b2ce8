"""Deleting an account erases the person from every column of every table."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from forum.db import utcnow
from forum.moderation.audit import label_entries, log_entries
from forum.moderation.models import AuditAction
from forum.posts.models import Post, Revision
from forum.privacy.erasure import erase_account
from forum.privacy.export import exports_path
from forum.privacy.models import DataExport
from forum.privacy.references import FORMER_PARTICIPANT
from forum.security.two_factor import new_secret
from tests.factories import PASSWORD, make_user
from tests.privacy.conftest import EMAIL, NAME
from tests.privacy.helpers import rows_mentioning
from tests.security.helpers import outbox


def test_the_scenario_stores_the_person_everywhere(world, session):
    tables = {table for table, _column, _value in rows_mentioning(session, EMAIL, NAME)}
    assert {"users", "posts", "revisions", "notifications", "jobs"} <= tables


@pytest.mark.parametrize("delete_posts", [False, True])
def test_deleting_your_account_leaves_no_trace_of_your_name_or_address(
        world, session, client, login, app, delete_posts):
    (export,) = session.scalars(select(DataExport).where(DataExport.user_id == world.person.id))
    file = Path(exports_path()) / export.file_name
    assert file.is_file()
    login(world.person)
    response = client.post("/account/delete", data={
        "password": PASSWORD, **({"delete_posts": "y"} if delete_posts else {})})
    assert response.status_code == 302, response.text
    assert rows_mentioning(session, EMAIL, NAME) == []
    assert not file.exists()
    assert not [m for m in outbox(app) if EMAIL in str(m["To"])]
    person = session.get(type(world.person), world.person.id, populate_existing=True)
    assert person.display_name == FORMER_PARTICIPANT and person.erased_at is not None
    assert not person.check_password(PASSWORD) and "@" not in person.email
    # signed out, and cannot sign in again
    assert client.get("/account").status_code == 302
    assert client.post("/login", data={"email": EMAIL, "password": PASSWORD}).status_code != 302
    post = session.get(Post, world.post.id, populate_existing=True)
    assert (post.deleted_at is not None) == delete_posts
    assert (post.body == "") == delete_posts
    assert bool(session.scalars(select(Revision).where(Revision.post_id == post.id)).all()) \
        != delete_posts
    page = client.get(f"/threads/{world.thread.id}").text
    assert FORMER_PARTICIPANT in page and NAME not in page


def test_a_wrong_password_keeps_the_account(world, session, client, login):
    login(world.person)
    response = client.post("/account/delete", data={"password": "not it", "delete_posts": "y"})
    assert response.status_code == 422
    assert "Your password is not right." in response.text
    assert 'checked' in response.text  # what was chosen is kept
    assert session.get(type(world.person), world.person.id).erased_at is None


def test_with_two_step_sign_in_a_code_is_needed(session, client, login):
    person = make_user(session)
    person.totp_secret = new_secret()
    session.commit()
    login(person)
    response = client.post("/account/delete", data={"password": PASSWORD, "code": "000000"})
    assert response.status_code == 422
    assert "authenticator app" in response.text
    assert person.erased_at is None


def test_an_admin_erases_on_request_with_a_reason_that_the_log_keeps(world, session, client,
                                                                      login):
    admin = make_user(session, role="admin")
    login(admin)
    url = f"/admin/users/{world.person.id}/erase"
    assert client.get(url).status_code == 200
    refused = client.post(url, data={"reason": ""})
    assert refused.status_code == 422 and "Say why" in refused.text
    assert client.post(url, data={"reason": "Request 42 of 1 March."}).status_code == 302
    assert rows_mentioning(session, EMAIL, NAME) == []
    (entry,) = label_entries(session, session.scalars(
        log_entries(action=AuditAction.USER_ERASED)).unique())
    assert entry.actor_id == admin.id and entry.reason == "Request 42 of 1 March."
    assert entry.target_label == FORMER_PARTICIPANT
    assert client.post(url, data={"reason": "Again."}).status_code == 409


def test_someone_else_cannot_erase_an_account(world, session):
    moderator = make_user(session, role="moderator")
    with pytest.raises(Exception) as refused:
        erase_account(session, moderator, world.person, now=utcnow(), reason="No.")
    assert getattr(refused.value, "status", None) == 403
    assert world.person.erased_at is None
