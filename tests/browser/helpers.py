"""Steps shared by the browser tests: signing in, finding posts, checking a response."""
from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from babel import support

try:
    from playwright.sync_api import expect
except ImportError:  # the conftest skips the suite; keep collection working
    expect = None  # type: ignore[assignment]

#: where the documentation's screenshots go
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
#: the compiled catalogues the test server speaks from (``make install`` builds them)
CATALOGUES = Path(__file__).resolve().parents[2] / "forum" / "translations"
#: every WCAG level-A and AA rule up to 2.2 that axe-core checks
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@cache
def say(language: str) -> Callable[[str], str]:
    """The interface's words in ``language``: ``say("cy")("Sign in")`` is the Welsh label,
    to find a control by the name a reader of that language hears (from the compiled
    catalogue the server reads too)."""
    if language == "en":
        return lambda msgid: msgid
    found = support.Translations.load(str(CATALOGUES), [language])
    assert isinstance(found, support.Translations), f"no compiled catalogue for {language}"
    return found.ugettext


def open_context(browser, base_url: str, *, javascript: bool = True,  # noqa: ANN001, ANN201
                 width: int = 1280, height: int = 900, storage_state: dict | None = None,
                 language: str | None = None):
    """A browser context on the test server, as a British visitor's browser (its interface
    language chosen with the language switch's cookie when ``language`` is given)."""
    from forum.i18n import LANGUAGE_COOKIE
    ctx = browser.new_context(base_url=base_url, java_script_enabled=javascript,
                              viewport={"width": width, "height": height},
                              storage_state=storage_state, locale="en-GB",
                              timezone_id="Europe/London")
    ctx.set_default_timeout(10_000)
    if language:
        ctx.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": base_url}])
    return ctx


def sign_in_through_form(page, email: str, password: str) -> None:  # noqa: ANN001
    """Sign in as a resident would: the header link, the form, the button."""
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def register_through_form(page, email: str, name: str, password: str) -> None:  # noqa: ANN001
    """Create an account from the header's Register link."""
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Register").click()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Display name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Create account").click()


def confirmation_path(instance: Path, email: str, *, wait: float = 15.0) -> str:
    """The site-relative link of the newest confirmation mail to ``email`` in the served
    app's outbox (its in-process job runner writes it just after the response)."""
    import email as email_lib
    import re
    import time
    from email.policy import default
    deadline = time.monotonic() + wait
    while True:
        for path in sorted((instance / "outbox").glob("*.eml"), reverse=True):
            message = email_lib.message_from_bytes(path.read_bytes(), policy=default)
            found = re.search(r"https?://[^/\s]+(/account/confirm/\S+)",
                              message.get_body(("plain",)).get_content())
            if message["To"] == email and found:
                return found.group(1)
        if time.monotonic() > deadline:
            pytest.fail(f"no confirmation mail to {email} in the outbox")
        time.sleep(0.2)


def open_page(page, path: str, *, status: int = 200):  # noqa: ANN001
    """Go to ``path`` and check the status; a 404 where a page is expected is reported."""
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    if response.status == 404 and status != 404:
        pytest.fail(f"{path} answered 404: the page does not exist (yet)")
    assert response.status == status, f"{path} answered {response.status}, expected {status}"
    return response


def post_article(page, post_id: int):  # noqa: ANN001
    """The ``<article>`` of one post on a thread page."""
    return page.locator(f"article#post-{post_id}")


def flash(page):  # noqa: ANN001
    """The flash messages area."""
    return page.locator(".flashes")


def _axe_script() -> str:
    """axe-core's source, as axe-playwright-python ships it (skips the checks without it)."""
    try:
        from axe_playwright_python.base import AXE_SCRIPT
    except ImportError:
        from tests.conftest import skip_or_fail
        skip_or_fail("browser", "Accessibility checks skipped: axe-playwright-python is not "
                                "installed (pip install -e '.[test]').")
    return AXE_SCRIPT


def run_axe(page, tags: list[str]) -> list[dict]:  # noqa: ANN001
    """Run axe-core on the page as it is now (once it has loaded, so that axe measures the
    styled page users see); return its violations of the rules tagged ``tags``.

    axe is injected once per document, and only the violations come back over the wire
    (axe's full results repeat every rule that passed, which is slow on long pages).
    """
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe?.run === 'function'"):
        page.evaluate(_axe_script())
    return page.evaluate("""options => axe.run(document, options)
        .then(results => results.violations)""",
                         {"runOnly": {"type": "tag", "values": tags},
                          "resultTypes": ["violations"]})


def check_axe(page, *, when: bool = True) -> None:  # noqa: ANN001
    """Fail if axe-core finds WCAG A/AA violations on the page as it is now (JS contexts only,
    ``when`` true): for pages and states only reachable in the middle of a journey."""
    if not when:
        return
    violations = run_axe(page, WCAG_TAGS)
    assert not violations, f"{page.url}:\n{axe_report(violations)}"


def axe_report(violations: list[dict]) -> str:
    """Readable list of axe violations with the offending elements."""
    lines = []
    for violation in violations:
        kinds = ", ".join(t for t in violation["tags"] if t in WCAG_TAGS or t == "best-practice")
        lines.append(f"{violation['id']} ({violation['impact']}; {kinds}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: "
                         f"{node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)
