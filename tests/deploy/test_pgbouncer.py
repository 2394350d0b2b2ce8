"""PgBouncer in transaction mode in front of PostgreSQL (``FORUM_DATABASE_POOLER=transaction``).

A real PgBouncer (Debian's package) runs on a free port with one server connection, so every
client connection takes turns on it. That is exactly where psycopg's server-side prepared
statements break (the second connection to prepare finds the first one's statement there),
and where the setting must keep the app working: pages and writes through the pooler, from
several threads at once, without an error. Runs where PostgreSQL is configured (CI).
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from forum import create_app
from forum.db import db
from forum.settings import engine_options
from tests.apps import PG_URL, postgres_url
from tests.conftest import skip_or_fail
from tests.factories import make_thread

pytestmark = pytest.mark.postgres

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
#: the same statement runs more often than psycopg's threshold for preparing it (5)
RUNS = 8


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def pooled_url() -> Iterator[str]:
    """The test database's URL through a PgBouncer in transaction mode, one server connection."""
    if not PG_URL:
        skip_or_fail("postgres", "PostgreSQL tests skipped: set FORUM_TEST_DATABASE_URL")
    if not Path(PGBOUNCER).exists():
        skip_or_fail("pgbouncer", "PgBouncer tests skipped: install pgbouncer")
    target = make_url(postgres_url("pgbouncer"))
    port = _free_port()
    # PgBouncer refuses to run as root; as root it is told to become the database's user,
    # who must be able to read the configuration, so it lives in a folder anyone can read.
    folder = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    folder.chmod(0o755)
    config = folder / "pgbouncer.ini"
    config.write_text(f"""[databases]
* = host={target.host or '127.0.0.1'} port={target.port or 5432} user={target.username}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
auth_type = any
pool_mode = transaction
default_pool_size = 1
unix_socket_dir =
ignore_startup_parameters = extra_float_digits,options
""")
    config.chmod(0o644)
    command = [PGBOUNCER, *(["-u", target.username] if _is_root() else []), str(config)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(port, server)
        yield target.set(port=port).render_as_string(hide_password=False)
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stderr.close()
        shutil.rmtree(folder, ignore_errors=True)


def _is_root() -> bool:
    import os  # noqa: PLC0415
    return os.geteuid() == 0


def _wait_for(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"PgBouncer did not start: {server.stderr.read().decode()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail("PgBouncer did not start listening within 10 seconds.")


def _run_twice_on_two_connections(url: str, config: dict) -> None:
    """Run one statement ``RUNS`` times on each of two connections, a transaction each."""
    engine = create_engine(url, **engine_options(url, config))
    try:
        with engine.connect() as first, engine.connect() as second:
            for connection in (first, second):
                for n in range(RUNS):
                    connection.execute(text("SELECT 1 + :n"), {"n": n})
                    connection.commit()
    finally:
        engine.dispose()


def test_without_the_setting_prepared_statements_collide(pooled_url):  # noqa: ANN001
    with pytest.raises(ProgrammingError, match="prepared statement"):
        _run_twice_on_two_connections(pooled_url, {})


def test_with_the_setting_nothing_is_prepared_on_the_server(pooled_url):  # noqa: ANN001
    _run_twice_on_two_connections(pooled_url, {"DATABASE_POOLER": "transaction"})


def test_the_app_reads_and_writes_through_the_pooler(pooled_url, tmp_path):  # noqa: ANN001
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                      "INSTANCE_PATH": str(tmp_path), "RATELIMIT_ENABLED": False,
                      "WTF_CSRF_ENABLED": False, "DATABASE_URL": pooled_url,
                      "DATABASE_POOLER": "transaction"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        thread_id = make_thread(title="Parking on the green").id
        db.session.commit()
        db.session.remove()

    def _visit(_n: int) -> list[int]:
        client = app.test_client()
        return [client.get(path).status_code
                for path in (f"/threads/{thread_id}", f"/api/v1/threads/{thread_id}/posts", "/")
                for _ in range(3)]

    with ThreadPoolExecutor(4) as pool:
        statuses = [status for batch in pool.map(_visit, range(8)) for status in batch]
    assert statuses == [200] * len(statuses)
    with app.app_context():
        db.drop_all()
        db.engine.dispose()
