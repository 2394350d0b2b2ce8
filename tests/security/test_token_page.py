"""API tokens on the account page: create a named one (shown once), list, revoke."""
from __future__ import annotations

import re

from sqlalchemy import select

from forum.accounts.models import ApiToken
from tests.factories import bearer, make_user


def test_a_named_token_is_shown_once_listed_used_and_revoked(client, session, login):
    user = make_user(session)
    session.commit()
    login(user)

    created = client.post("/account/tokens", data={"name": "  My   phone app "})

    assert created.status_code == 201
    html = created.get_data(as_text=True)
    raw = re.search(r'id="new-token" type="text" readonly value="([^"]+)"', html).group(1)
    stored = session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).one()
    assert stored.name == "My phone app"
    assert stored.token_hash == ApiToken.hash(raw) and raw not in stored.token_hash
    assert "Copy it now" in html
    listed = client.get("/account/tokens").get_data(as_text=True)
    assert raw not in listed and "My phone app" in listed and "Never" in listed

    assert client.get("/api/v1/account", headers={"Authorization": f"Bearer {raw}"}
                      ).status_code == 200
    session.refresh(stored)
    assert stored.last_used_at is not None
    assert "Never" not in client.get("/account/tokens").get_data(as_text=True)

    revoked = client.post(f"/account/tokens/{stored.id}/revoke")
    assert revoked.status_code == 302
    assert client.get("/api/v1/account", headers={"Authorization": f"Bearer {raw}"}
                      ).status_code == 401
    assert client.post(f"/account/tokens/{stored.id}/revoke").status_code == 404


def test_a_token_needs_a_short_name_and_keeps_what_was_typed(client, session, login):
    user = make_user(session)
    session.commit()
    login(user)
    empty = client.post("/account/tokens", data={"name": "   "})
    assert empty.status_code == 422
    assert "Give the token a name" in empty.get_data(as_text=True)
    long_name = "x" * 61
    too_long = client.post("/account/tokens", data={"name": long_name})
    assert too_long.status_code == 422
    assert f'value="{long_name}"' in too_long.get_data(as_text=True)
    assert session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).all() == []


def test_someone_elses_token_cannot_be_revoked(client, session, login):
    owner, other = make_user(session), make_user(session)
    headers = bearer(owner, session)
    token = session.scalars(select(ApiToken).where(ApiToken.user_id == owner.id)).one()
    session.commit()
    login(other)
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 404
    assert client.get("/api/v1/account", headers=headers).status_code == 200
    assert "Theirs" not in client.get("/account/tokens").get_data(as_text=True)


def test_the_account_page_links_to_tokens(client, session, login):
    login(make_user(session))
    assert 'href="/account/tokens"' in client.get("/account").get_data(as_text=True)
