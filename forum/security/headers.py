"""Security headers on every response, and private pages never stored: ``Cache-Control:
no-store`` for signed-in readers.

Which pages are private is decided here, once, for every domain: the account, security,
admin, moderation, council and summary-drafting pages, notifications, and every API answer
to an authenticated caller. Pages anyone may read keep the default (``private, no-cache``
for signed-in readers), so the back button still restores what was typed into their forms.
A page that is private even before sign-in (a reset link, the code step) uses
:func:`forum.security.sessions.no_store`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app, request
from flask_login import current_user

if TYPE_CHECKING:
    from werkzeug.wrappers import Response

#: blueprints whose every page shows what only its reader may see
PRIVATE_BLUEPRINTS = frozenset({"admin", "council", "moderation", "notifications", "security",
                                "summaries"})


def is_private_request() -> bool:
    """Whether this request, by a signed-in user, reads a private page or the API."""
    if not current_user.is_authenticated:
        return False
    if request.path.startswith("/api/"):
        return True
    return (request.blueprint or "").split(".")[0] in PRIVATE_BLUEPRINTS


def private_pages(response: Response) -> Response:
    """After each request: forbid storing private pages."""
    if is_private_request():
        response.headers["Cache-Control"] = "no-store"
    return response


def security_headers(response: Response) -> Response:
    """Add the security headers every response carries."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy",
                       "default-src 'self'; script-src 'self'; style-src 'self'; "
                       "img-src 'self' data:; object-src 'none'; base-uri 'self'; "
                       "form-action 'self'; frame-ancestors 'none'")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    if current_app.config["ENV"] == "production":
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if current_user.is_authenticated and "Cache-Control" not in headers:
        headers["Cache-Control"] = "private, no-cache"
    return response
