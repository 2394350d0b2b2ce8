"""Helpers shared by the security tests."""
from __future__ import annotations

import email
import re
from datetime import timedelta
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

from flask import Flask

from forum.accounts.models import Role, User
from forum.db import utcnow
from tests.factories import make_user

#: every kind of actor the permission tests try
ACTORS = ["anonymous", "citizen", "suspended", "councillor", "moderator", "admin"]
STAFF_ROLES = [Role.COUNCILLOR, Role.MODERATOR, Role.ADMIN]


def make_actor(session, actor: str) -> User | None:  # noqa: ANN001
    """A user for ``actor`` (``None`` for anonymous); a suspended citizen's suspension lasts
    a week."""
    if actor == "anonymous":
        return None
    if actor == "suspended":
        return make_user(session, role=Role.CITIZEN, suspended_until=utcnow() + timedelta(days=7))
    return make_user(session, role=Role(actor))


def outbox(app: Flask) -> list[EmailMessage]:
    """The messages written to the development outbox, oldest first."""
    from forum.deferred import wait_for_tasks
    wait_for_tasks()  # mail sent after a response (a reset link) is written by another thread
    folder = Path(app.instance_path) / "outbox"
    if not folder.exists():
        return []
    return [email.message_from_bytes(p.read_bytes(), policy=default)  # type: ignore[misc]
            for p in sorted(folder.glob("*.eml"))]


def deliver(session) -> int:  # noqa: ANN001
    """Run every due job, and the jobs those write (an account job writes a mail job);
    return how many ran."""
    from forum.jobs.runner import run_due
    total = 0
    while ran := run_due(session):
        total += ran
    return total


def confirm_link(message: EmailMessage) -> str:
    """The site-relative confirmation link in a confirmation email."""
    match = re.search(r"https?://[^/\s]+(/account/confirm/\S+)", message.get_content())
    assert match, message.get_content()
    return match.group(1)


def reset_link(message: EmailMessage) -> str:
    """The site-relative reset link in a reset email (its plain-text part)."""
    body = message.get_body(("plain",)).get_content()
    match = re.search(r"https?://[^/\s]+(/password/reset/\S+)", body)
    assert match, body
    return match.group(1)


def csrf_from(html: bytes) -> str:
    """The CSRF token of the first form on a page."""
    match = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', html) \
        or re.search(rb'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1).decode()


def module_app(folder: Path, **overrides):  # noqa: ANN201
    """An app for a whole test module (templates compile once) on a SQLite file in ``folder``.

    Use with :func:`empty_tables` before each test; push its app context while in use.
    """
    from forum import create_app
    from tests.conftest import _fresh_g
    application = create_app({
        "TESTING": True, "DATABASE_URL": f"sqlite:///{folder / 'module.sqlite3'}",
        "SECRET_KEY": "test-secret", "INSTANCE_PATH": str(folder / "instance"),
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "SERVER_NAME": None,
        **overrides})
    application.before_request_funcs.setdefault(None, []).insert(0, _fresh_g)
    return application


def empty_tables() -> None:
    """Recreate every table (the moderation log refuses DELETE; dropping it is allowed)."""
    from forum.db import db
    db.session.remove()
    db.drop_all()
    db.create_all()
