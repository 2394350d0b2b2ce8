"""Security: second-factor sign-in, password-reset links, mail, and the session policy.

:func:`init_app` installs the per-request session policy (staff idle timeout, required
second factor) and keeps private pages out of caches; the blueprint is registered with the
others in :mod:`forum.web`.
"""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Install the session policy that runs before every request and the no-store rule."""
    from forum.security.headers import private_pages
    from forum.security.sessions import enforce_session_policy
    app.before_request(enforce_session_policy)
    app.after_request(private_pages)
