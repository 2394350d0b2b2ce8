"""The test server: the application under gunicorn on 127.0.0.1, on the browser suite's
SQLite file."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRET = "browser-test-secret"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError(f"The test server did not start. Its log:\n{log.read_text()[-4000:]}")


@contextmanager
def serving(server_paths: dict[str, Path], name: str, **settings: str) -> Iterator[str]:
    """Run the app under gunicorn on a free local port, on the browser suite's data (with
    ``settings`` as extra ``FORUM_`` settings); yield its address."""
    port = _free_port()
    env = {**os.environ, "FORUM_DATABASE_URL": f"sqlite:///{server_paths['db']}",
           "FORUM_SECRET_KEY": SECRET, "FORUM_INSTANCE_PATH": str(server_paths["instance"]),
           "FORUM_RATELIMIT_ENABLED": "false", "FORUM_ENV": "development",
           **{f"FORUM_{key}": value for key, value in settings.items()}}
    env.pop("FORUM_REDIS_URL", None)
    log = server_paths["log"].with_name(f"{name}.log")
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2",
             "--threads", "4", "--worker-class", "gthread", "--access-logfile", "-",
             "--chdir", str(ROOT), "wsgi:app"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url + "/static/css/forum.css", proc, log)
        yield url
    finally:
        proc.send_signal(signal.SIGINT)  # quick shutdown: SIGTERM waits for open keep-alives
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a loaded machine: stop it, and reap it
            proc.kill()
            proc.wait()
