"""Security: second-factor sign-in, password-reset links, mail, and the session policy.

:func:`init_app` installs the per-request session policy (staff idle timeout, required
second factor), keeps private pages out of caches and serves ``security.txt``; the main
blueprint is registered with the others in :mod:`forum.web`.
"""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Install the session policy, the no-store rule and ``/.well-known/security.txt``."""
    from forum.security.disclosure import bp as disclosure
    from forum.security.headers import private_pages
    from forum.security.sessions import enforce_session_policy
    app.register_blueprint(disclosure)
    app.before_request(enforce_session_policy)
    app.after_request(private_pages)
