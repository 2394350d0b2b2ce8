"""Gunicorn settings, read when gunicorn starts in this directory (``make serve``)."""
import json
import os

from forum.limits import shared_counts_warning


def limits_enabled(environ=os.environ) -> bool:  # noqa: ANN001
    """Read ``FORUM_RATELIMIT_ENABLED`` as the app does: JSON when it parses, else the text."""
    raw = environ.get("FORUM_RATELIMIT_ENABLED")
    if raw is None:
        return True
    try:
        return bool(json.loads(raw))
    except ValueError:
        return bool(raw)


def on_starting(server) -> None:  # noqa: ANN001
    """Warn loudly when several workers would each count rate limits alone."""
    message = shared_counts_warning(server.cfg.workers, os.environ.get("FORUM_REDIS_URL"),
                                    enabled=limits_enabled())
    if message:
        server.log.warning("RATE LIMITS ARE NOT SHARED. %s", message)
