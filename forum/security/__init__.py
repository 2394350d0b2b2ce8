"""Security: signing in and out, passwords, second-factor sign-in, reset links, mail, and the
session policy.

:func:`init_app` installs the per-request session policy (staff idle timeout, required
second factor), keeps private pages out of caches, serves ``security.txt`` and signs a user
in again when their role changes; the sign-in blueprint (:mod:`forum.security.views`) is
registered with the others in :mod:`forum.web`.
"""
from __future__ import annotations

from flask import Flask
from flask_login import user_loaded_from_cookie

from forum.accounts.services import role_changed
from forum.security.disclosure import bp as disclosure
from forum.security.headers import private_pages
from forum.security.sessions import (enforce_session_policy, note_remembered,
                                     renew_after_role_change)


def init_app(app: Flask) -> None:
    """Install the session policy, the no-store rule and ``/.well-known/security.txt``."""
    app.register_blueprint(disclosure)
    app.before_request(enforce_session_policy)
    app.after_request(private_pages)
    # signals are process-wide: the same receiver is kept once, however many apps
    role_changed.connect(renew_after_role_change)
    user_loaded_from_cookie.connect(note_remembered)
