"""Issue 8, item 3: gunicorn reads "limits on or off" exactly as the app does."""
from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from flask import Config

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


@pytest.mark.parametrize("raw", ["false", "False", "0", "true", "1", "off", ""])
def test_08_03_gunicorn_reads_the_limits_switch_like_the_app(monkeypatch, raw):
    monkeypatch.setenv("FORUM_RATELIMIT_ENABLED", raw)
    app_side = Config("")
    app_side.from_prefixed_env("FORUM")  # as create_app reads the environment
    limits_enabled = runpy.run_path(str(CONF))["limits_enabled"]
    assert limits_enabled({"FORUM_RATELIMIT_ENABLED": raw}) is bool(app_side["RATELIMIT_ENABLED"])
