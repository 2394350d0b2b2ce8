"""Gunicorn settings, read when gunicorn starts in this directory (``make serve``).

Command-line options win over these (``--workers 4``), and so does ``GUNICORN_CMD_ARGS``.
docs/deploy.md explains each choice.

- ``workers``: ``WEB_CONCURRENCY`` when set; else ``2 × CPUs + 1`` when the workers share
  their rate limits through Redis (``FORUM_REDIS_URL``, or limits turned off), else 1: without
  Redis each worker would count limits alone.
- ``timeout``: a worker silent for 30 s is killed and replaced (no page takes that long);
  ``graceful_timeout``: 30 s to finish requests on a restart; ``keepalive``: 5 s behind nginx.
- Access log: off by default (nginx keeps it); ``GUNICORN_ACCESS_LOG=-`` writes it to standard
  output (a file name writes it there), one line per request with the client address (after
  ``FORUM_TRUSTED_PROXIES``), the request, status, bytes, referrer, agent and time taken (µs).
- ``forwarded_allow_ips``: the proxies whose ``X-Forwarded-Proto`` gunicorn itself believes
  (``FORWARDED_ALLOW_IPS``, default the local machine, where nginx runs). The app reads the
  client's address, scheme and host through ``ProxyFix`` trusting ``FORUM_TRUSTED_PROXIES``
  hops; set both for the same proxies.
"""
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


def default_workers(environ=os.environ, cpus=None) -> int:  # noqa: ANN001
    """``WEB_CONCURRENCY``; else 2 × CPUs + 1 when limits are shared (or off); else 1."""
    if environ.get("WEB_CONCURRENCY"):
        return int(environ["WEB_CONCURRENCY"])
    if environ.get("FORUM_REDIS_URL") or not limits_enabled(environ):
        return 2 * (cpus or os.cpu_count() or 1) + 1
    return 1


workers = default_workers()
timeout = 30
graceful_timeout = 30
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)s'
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
if os.path.isdir("/dev/shm"):  # worker heartbeats off the disk (containers mount /tmp on disk)
    worker_tmp_dir = "/dev/shm"


def on_starting(server) -> None:  # noqa: ANN001
    """Warn loudly when several workers would each count rate limits alone."""
    message = shared_counts_warning(server.cfg.workers, os.environ.get("FORUM_REDIS_URL"),
                                    enabled=limits_enabled())
    if message:
        server.log.warning("RATE LIMITS ARE NOT SHARED. %s", message)
