"""gunicorn.conf.py: workers from the CPU count only when limits are shared, sane timeouts."""
from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "gunicorn.conf.py"


@pytest.fixture
def conf(monkeypatch):  # noqa: ANN001
    """The settings file, read with no FORUM_/gunicorn variables set."""
    for name in ("FORUM_REDIS_URL", "FORUM_RATELIMIT_ENABLED", "WEB_CONCURRENCY",
                 "GUNICORN_ACCESS_LOG", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    return runpy.run_path(str(CONF))


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, 1),
    ({"FORUM_REDIS_URL": "redis://cache:6379/0"}, 9),
    ({"FORUM_RATELIMIT_ENABLED": "false"}, 9),
    ({"FORUM_REDIS_URL": "redis://cache:6379/0", "WEB_CONCURRENCY": "3"}, 3),
    ({"WEB_CONCURRENCY": "2"}, 2),
])
def test_workers_follow_the_cpus_only_with_shared_limits(conf, environ, expected):
    assert conf["default_workers"](environ, cpus=4) == expected


def test_defaults(conf):
    assert conf["workers"] == 1
    assert conf["timeout"] == 30 and conf["graceful_timeout"] == 30
    assert conf["accesslog"] is None
    assert "%(D)s" in conf["access_log_format"]
    assert conf["forwarded_allow_ips"] == "127.0.0.1,::1"


def test_gunicorn_accepts_the_file():
    result = subprocess.run([sys.executable, "-m", "gunicorn", "--check-config", "wsgi:app"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
