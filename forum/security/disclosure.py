"""``/.well-known/security.txt`` (RFC 9116): where to report a vulnerability, from settings."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, current_app, make_response

from forum.db import utcnow
from forum.urls import external_url

bp = Blueprint("disclosure", __name__)

#: how far ahead the default ``Expires`` lies
EXPIRES_AFTER = timedelta(days=365)


@bp.route("/.well-known/security.txt")
def security_txt():
    """Say how to report a vulnerability; 404 while no contact is configured."""
    config = current_app.config
    contacts = config["SECURITY_CONTACT"]
    if not contacts:
        abort(404)
    today = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    expires = config["SECURITY_EXPIRES"] or today + EXPIRES_AFTER
    lines = [f"Contact: {contact}" for contact in contacts]
    lines += [f"Expires: {expires:%Y-%m-%dT%H:%M:%SZ}",
              f"Preferred-Languages: {config['SECURITY_LANGUAGES']}",
              f"Canonical: {external_url('disclosure.security_txt')}"]
    response = make_response("\n".join(lines) + "\n")
    response.mimetype = "text/plain"
    return response
