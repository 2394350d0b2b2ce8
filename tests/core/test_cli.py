"""Command-line tools."""
from __future__ import annotations

from sqlalchemy import func, select

from forum.accounts.models import ApiToken, Role, User
from forum.posts.models import Post
from forum.topics.models import Topic


def test_users_create_set_role_and_token(app, session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "Cli@Example.org", "--name", "Cli User",
                                 "--role", "moderator", "--password", "long-password"])
    assert result.exit_code == 0, result.output
    user = session.scalar(select(User).where(User.email == "cli@example.org"))
    assert user.role == Role.MODERATOR
    result = runner.invoke(args=["users", "set-role", "cli@example.org", "admin"])
    assert result.exit_code == 0
    session.refresh(user)
    assert user.role == Role.ADMIN
    result = runner.invoke(args=["users", "token", "cli@example.org"])
    token = result.output.strip()
    assert result.exit_code == 0 and len(token) > 30
    assert session.scalar(select(ApiToken.user_id).where(
        ApiToken.token_hash == ApiToken.hash(token))) == user.id


def test_users_create_rejects_bad_input(app, session):
    result = app.test_cli_runner().invoke(args=["users", "create", "x@example.org", "--name",
                                                "X", "--password", "short"])
    assert result.exit_code != 0
    assert "at least 10 characters" in result.output
    assert session.scalar(select(func.count(User.id))) == 0


def test_set_role_unknown_user(app):
    result = app.test_cli_runner().invoke(args=["users", "set-role", "ghost@example.org",
                                                "admin"])
    assert result.exit_code != 0 and "No account" in result.output


def test_demo_is_idempotent_and_prints_accounts(app, session):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    counts = (session.scalar(select(func.count(User.id))),
              session.scalar(select(func.count(Topic.id))),
              session.scalar(select(func.count(Post.id))))
    second = runner.invoke(args=["demo"])
    assert "already present" in second.output
    assert counts == (session.scalar(select(func.count(User.id))),
                      session.scalar(select(func.count(Topic.id))),
                      session.scalar(select(func.count(Post.id))))
    for role in ("citizen", "councillor", "moderator", "admin"):
        assert f"{role}@example.org" in first.output
