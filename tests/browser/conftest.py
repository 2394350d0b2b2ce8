"""Browser fixtures: one real server and one headless Chromium per session (per xdist worker
that runs browser tests), a context per test.

The server is the application under gunicorn on 127.0.0.1 with its own SQLite file in a
temporary directory, loaded with the demo data and the browser scenario (see ``scenario.py``).
Tests may add data of their own through ``seed`` (the same database, from this process).

Chromium is found at ``FORUM_CHROMIUM``, else ``chromium``/``chromium-browser`` on the PATH,
else Playwright's own download if one exists. Without a browser every test here is skipped
with that reason (or fails, where ``FORUM_TEST_REQUIRE`` includes ``browser``).
``FORUM_SCREENSHOTS=1`` writes screenshots to ``docs/screenshots/`` (before any test changes the
data); otherwise they are taken into a temporary folder.
"""
from __future__ import annotations

import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.browser.helpers import open_context
from tests.browser.server import SECRET, serving
from tests.conftest import skip_or_fail

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]


def find_chromium() -> str | None:
    """Return the Chromium executable to drive, or ``None`` if there is none."""
    configured = os.environ.get("FORUM_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def playwright_api():
    """Playwright's sync API, started once (skips the browser suite if it is missing)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("browser", "Browser tests skipped: Playwright is not installed "
                                "(pip install -e '.[test]').")
    with sync_playwright() as api:
        yield api


@pytest.fixture(scope="session")
def browser(playwright_api):  # noqa: ANN001
    """One headless Chromium for the whole session."""
    executable = find_chromium()
    if executable is None:
        fallback = Path(playwright_api.chromium.executable_path)
        if not fallback.exists():
            skip_or_fail("browser", "Browser tests skipped: no Chromium found (install the "
                                    "distribution's chromium package or set FORUM_CHROMIUM).")
        executable = str(fallback)
    chromium = playwright_api.chromium.launch(executable_path=executable, headless=True,
                                              args=LAUNCH_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def server_paths(tmp_path_factory) -> dict[str, Path]:  # noqa: ANN001
    """Where the server's database, instance folder and log live."""
    base = tmp_path_factory.mktemp("browser-server")
    return {"db": base / "forum.sqlite3", "instance": base / "instance", "log": base / "server.log"}


@pytest.fixture(scope="session")
def data_app(server_paths):  # noqa: ANN001
    """An application object on the server's database, for building and inspecting data."""
    from forum import create_app
    return create_app({"DATABASE_URL": f"sqlite:///{server_paths['db']}", "SECRET_KEY": SECRET,
                       "INSTANCE_PATH": str(server_paths["instance"]),
                       "RATELIMIT_ENABLED": False, "SERVER_NAME": None})


@pytest.fixture(scope="session")
def scenario(data_app, browser):  # noqa: ANN001
    """The data every browser test can rely on (demo data plus the browser scenario)."""
    from forum.db import db
    from tests.browser.scenario import build_scenario
    with data_app.app_context():
        db.create_all()
        built = build_scenario(db.session)
        db.session.commit()
        db.session.remove()
    return built


@pytest.fixture(scope="session")
def base_url(scenario, server_paths):  # noqa: ANN001
    """Start the app under gunicorn on a free local port; return its address."""
    with serving(server_paths, "server") as url:
        yield url


@pytest.fixture(scope="session")
def pseudo_url(scenario, server_paths, base_url):  # noqa: ANN001, ARG001
    """A second server on the same data that also speaks the pseudo-locale ``en_XA`` (the
    first speaks the site's languages only, as a real site does); started when first asked
    for, and stopped before the first (so the data outlives both)."""
    with serving(server_paths, "pseudo-server", LANGUAGES="en,cy,en_XA") as url:
        yield url


@pytest.fixture
def seed(data_app):  # noqa: ANN001
    """Context manager giving a database session on the server's data; commits on exit."""
    from forum.db import db

    @contextmanager
    def _seed():
        with data_app.app_context():
            try:
                yield db.session
                db.session.commit()
            finally:
                db.session.remove()
    return _seed


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def javascript(request) -> bool:  # noqa: ANN001
    """Whether the browser context runs JavaScript (journeys run both ways)."""
    return request.param


@pytest.fixture
def new_context(browser, base_url):  # noqa: ANN001
    """Factory for browser contexts closed after the test (desktop size unless told)."""
    contexts = []

    def _new(*, javascript: bool = True, width: int = 1280, height: int = 900,
             storage_state: dict | None = None, language: str | None = None):
        ctx = open_context(browser, base_url, javascript=javascript, width=width,
                           height=height, storage_state=storage_state, language=language)
        contexts.append(ctx)
        return ctx

    yield _new
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def page(new_context, javascript):  # noqa: ANN001
    """A page in a fresh context, with JavaScript on or off (parametrized)."""
    return new_context(javascript=javascript).new_page()


@pytest.fixture
def js_page(new_context):  # noqa: ANN001
    """A page in a fresh context with JavaScript on (for checks that are not journeys)."""
    return new_context().new_page()


@pytest.fixture(scope="session")
def _signed_in_states() -> dict[str, dict]:
    return {}


@pytest.fixture(scope="session")
def signed_in_state(browser, base_url, _signed_in_states):  # noqa: ANN001
    """Return the browser state (cookies) of a session signed in as ``email``: signed in
    through the form once per session, then reused."""
    from tests.browser.helpers import sign_in_through_form

    def _state(email: str, password: str) -> dict:
        state = _signed_in_states.get(email)
        if state is None:
            ctx = open_context(browser, base_url)
            try:
                sign_in_through_form(ctx.new_page(), email, password)
                state = _signed_in_states[email] = ctx.storage_state()
            finally:
                ctx.close()
        return state
    return _state


@pytest.fixture
def sign_in(new_context, signed_in_state):  # noqa: ANN001
    """Return a page signed in as ``email`` (signs in through the form once per session)."""
    def _sign_in(email: str, password: str, *, javascript: bool = True, width: int = 1280,
                 height: int = 900):
        return new_context(javascript=javascript, width=width, height=height,
                           storage_state=signed_in_state(email, password)).new_page()
    return _sign_in


@pytest.fixture(scope="session")
def session_cookie(data_app):  # noqa: ANN001
    """Return the cookie of a session already signed in as ``user`` on the server at
    ``url`` (no form, no hashing)."""
    def _cookie(user, url: str) -> dict:  # noqa: ANN001
        from forum.db import db
        from tests.factories import make_sign_in
        with data_app.test_request_context():
            key = make_sign_in(db.session, user=user)
            db.session.commit()
            serializer = data_app.session_interface.get_signing_serializer(data_app)
            value = serializer.dumps({"_user_id": key, "_fresh": True,
                                      "_seen": int(time.time())})
        return {"name": data_app.config["SESSION_COOKIE_NAME"], "value": value, "url": url}
    return _cookie


@pytest.fixture
def signed_in_page(new_context, session_cookie, base_url):  # noqa: ANN001
    """Return a page whose browser already carries a session for ``user`` (no form, no hashing).

    Like the ``login`` fixture of the other suites: the sign-in form itself is tested by the
    journeys and by ``sign_in``; the other tests start signed in.
    """
    def _page(user, *, javascript: bool = True, width: int = 1280):  # noqa: ANN001
        ctx = new_context(javascript=javascript, width=width)
        ctx.add_cookies([session_cookie(user, base_url)])
        return ctx.new_page()
    return _page


@pytest.fixture(scope="session")
def screenshots_enabled() -> bool:
    """Whether to write screenshots into the docs (``FORUM_SCREENSHOTS=1``)."""
    return os.environ.get("FORUM_SCREENSHOTS") == "1"


@pytest.fixture(scope="session")
def docs_screenshots(browser, base_url, scenario, screenshots_enabled,  # noqa: ANN001
                     signed_in_state, tmp_path_factory):
    """Take the documentation's screenshots (once, on the untouched demo data); without
    FORUM_SCREENSHOTS=1 into a temporary folder, to check that they can be taken."""
    from tests.browser.helpers import SCREENSHOT_DIR
    from tests.browser.screenshots import take_screenshots
    folder = SCREENSHOT_DIR if screenshots_enabled else tmp_path_factory.mktemp("screenshots")
    contexts = []

    def _context(*, width: int = 1280, height: int = 900, storage_state: dict | None = None):
        ctx = open_context(browser, base_url, width=width, height=height,
                           storage_state=storage_state)
        contexts.append(ctx)
        return ctx

    try:
        return take_screenshots(_context, scenario, signed_in_state, folder)
    finally:
        for ctx in contexts:
            ctx.close()


@pytest.fixture(autouse=True, scope="session")
def _screenshots_before_any_test(request, screenshots_enabled) -> None:  # noqa: ANN001
    """With FORUM_SCREENSHOTS=1, take the screenshots before the journeys add their data."""
    if screenshots_enabled:
        request.getfixturevalue("docs_screenshots")


@pytest.fixture
def visit(scenario, sign_in, new_context):  # noqa: ANN001
    """Open a page of ``pages.PAGES`` as its viewer (at ``width``); report it if it is missing."""
    from tests.browser.helpers import open_page, say

    def _visit(page_def, *, width: int = 1280, javascript: bool = True):  # noqa: ANN001
        path = page_def.address(scenario)
        if path is None:
            skip_or_fail("browser", f"page {page_def.name!r} not checked: it needs "
                                    f"{page_def.needs or 'data'}, which the app has not got")
        if page_def.who:
            account = scenario.accounts[page_def.who]
            page = sign_in(account.email, account.password, width=width, javascript=javascript)
        else:
            page = new_context(width=width, javascript=javascript).new_page()
        open_page(page, path, status=page_def.status)
        if page_def.action:
            page_def.action(page, say("en"))
        return page
    return _visit


@pytest.fixture(scope="session")
def page_report(browser, base_url, scenario, signed_in_state):  # noqa: ANN001
    """Return the :class:`checks.Report` of a page of ``pages.PAGES`` in a language, made on
    the first call (one visit, see :class:`checks.Reports`) and kept for the session."""
    from tests.browser.checks import Reports
    reports = Reports(browser, base_url, scenario, signed_in_state)
    yield reports.report
    reports.close()


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001
    """Say plainly, at the end of the run, when the browser suite (or some page) did not run."""
    reasons = [str(r.longrepr[2]).removeprefix("Skipped: ")
               for r in terminalreporter.stats.get("skipped", [])
               if "tests/browser/" in r.nodeid and isinstance(r.longrepr, tuple)]
    suite = [r for r in reasons if r.startswith("Browser tests skipped: ")]
    if suite:
        terminalreporter.write_line(
            f"BROWSER TESTS DID NOT RUN ({len(suite)} skipped): "
            f"{suite[0].removeprefix('Browser tests skipped: ')}", yellow=True, bold=True)
    for reason in sorted({r for r in reasons if r.startswith("page ")}):
        terminalreporter.write_line(f"BROWSER: {reason}", yellow=True)
