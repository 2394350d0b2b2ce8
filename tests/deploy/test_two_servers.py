"""Two app servers (gunicorn, two ports) on one PostgreSQL and one Redis: a sign-in made on
one is honoured by the other, rate limits count across both, and load spread over both
gets no errors. Runs where PostgreSQL and Redis are configured (CI)."""
from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

from forum import create_app
from forum.db import db
from tests.apps import PG_URL, postgres_url
from tests.conftest import skip_or_fail
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
EMAIL, NAME = "resident@example.org", "Shared Resident"
#: failed sign-ins per account, counted across both servers
ACCOUNT_LIMIT = 4
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _free_port() -> int:
    import socket  # noqa: PLC0415
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, proc: subprocess.Popen, log: Path) -> None:
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2).close()
            return
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.1)
    pytest.fail(f"the server at {url} did not start: {log.read_text()[-2000:]}")


@contextmanager
def _servers(env: dict, folder: Path, count: int) -> Iterator[list[str]]:
    """``count`` gunicorns (two workers each, the app loaded once) on free ports, started
    together; their addresses."""
    procs, urls = [], []
    try:
        for n in range(count):
            port, log = _free_port(), folder / f"server{n}.log"
            with log.open("w") as out:
                procs.append((subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
                     "--workers", "2", "--preload", "--graceful-timeout", "2", "wsgi:app"],
                    cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT), log))
            urls.append(f"http://127.0.0.1:{port}")
        for url, (proc, log) in zip(urls, procs, strict=True):
            _wait_until_up(url, proc, log)
        yield urls
    finally:
        for proc, _ in procs:
            proc.terminate()
        for proc, _ in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="module")
def servers(tmp_path_factory, redis_url):  # noqa: ANN001
    """Two servers on one fresh PostgreSQL database and one Redis (a prefix of their own)."""
    if not PG_URL:
        skip_or_fail("postgres", "set FORUM_TEST_DATABASE_URL to run two servers on PostgreSQL")
    folder = tmp_path_factory.mktemp("scale")
    url = postgres_url("scale")
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "x", "INSTANCE_PATH": str(folder)})
    with app.app_context():
        db.drop_all()
        db.create_all()
        make_user(db.session, email=EMAIL, name=NAME)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    prefix = f"forum-scale-{uuid.uuid4().hex[:10]}"
    env = {**os.environ, "FORUM_DATABASE_URL": url, "FORUM_REDIS_URL": redis_url,
           "FORUM_SECRET_KEY": "one-secret-for-every-app-server-0123456789",
           "FORUM_INSTANCE_PATH": str(folder), "FORUM_ENV": "development",
           "FORUM_RATELIMIT_ENABLED": "true", "FORUM_RATELIMIT_KEY_PREFIX": prefix,
           "FORUM_LIMIT_SIGN_IN_ACCOUNT": f"{ACCOUNT_LIMIT} per 15 minutes"}
    with _servers(env, folder, 2) as urls:
        yield urls
    import redis  # noqa: PLC0415
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


class Browser:
    """One visitor: a cookie jar shared by both servers (cookies ignore ports)."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def open(self, url: str, form: dict | None = None) -> tuple[int, str]:
        """GET (or POST ``form``) ``url``, following redirects: the status and the page."""
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(url, data=data, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode()


def _sign_in_form(browser: Browser, server: str, password: str, email: str = EMAIL) -> dict:
    _, page = browser.open(server + "/login")
    return {"csrf_token": CSRF.search(page).group(1), "email": email, "password": password}


def test_a_sign_in_on_one_server_holds_on_the_other(servers):
    first, second = servers
    browser = Browser()
    status, page = browser.open(second + "/login", _sign_in_form(browser, first, PASSWORD))
    assert status == 200 and NAME in page  # the form's CSRF token came from the other server
    for server in servers:
        status, page = browser.open(server + "/account")
        assert status == 200 and NAME in page and 'action="/login"' not in page


def test_rate_limits_count_across_both_servers(servers):
    browser = Browser()
    statuses = [browser.open(servers[n % 2] + "/login", _sign_in_form(
        browser, servers[n % 2], "wrong password", email="someone@example.org"))[0]
                for n in range(ACCOUNT_LIMIT + 1)]
    assert 429 not in statuses[:ACCOUNT_LIMIT]  # two on each server: four failures, counted
    assert statuses[ACCOUNT_LIMIT] == 429


def test_load_spread_over_both_gets_no_errors(servers):
    paths = ["/", "/healthz", "/outcomes", "/static/css/forum.css"]
    urls = [servers[n % 2] + paths[n % len(paths)] for n in range(80)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda url: Browser().open(url)[0], urls))
    assert statuses == [200] * len(urls)
