"""Gunicorn settings, read when gunicorn starts in this directory (``make serve``)."""
import os

from forum.limits import shared_counts_warning


def on_starting(server) -> None:  # noqa: ANN001
    """Warn loudly when several workers would each count rate limits alone."""
    enabled = os.environ.get("FORUM_RATELIMIT_ENABLED", "true").strip().lower() != "false"
    message = shared_counts_warning(server.cfg.workers, os.environ.get("FORUM_REDIS_URL"),
                                    enabled=enabled)
    if message:
        server.log.warning("RATE LIMITS ARE NOT SHARED. %s", message)
