"""The documentation's screenshots, taken before any test changes the data."""
from __future__ import annotations

from pathlib import Path

from collections.abc import Callable

from tests.browser.helpers import SCREENSHOT_DIR, open_page, say
from tests.browser.pages import BY_NAME, SCREENSHOTS
from tests.browser.scenario import Scenario


def take_screenshots(new_context, scenario: Scenario,  # noqa: ANN001
                     signed_in_state: Callable[[str, str], dict],
                     folder: Path = SCREENSHOT_DIR) -> dict[str, Path]:
    """Write every screenshot in ``pages.SCREENSHOTS`` into ``folder``; return them by name.
    ``signed_in_state(email, password)`` gives the browser state of a signed-in account."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, width, filename in SCREENSHOTS:
        page_def = BY_NAME[name]
        state = None
        if page_def.who:
            account = scenario.accounts[page_def.who]
            state = signed_in_state(account.email, account.password)
        page = new_context(width=width, height=900 if width > 600 else 800,
                           storage_state=state).new_page()
        open_page(page, page_def.address(scenario), status=page_def.status)
        if page_def.action:
            page_def.action(page, say("en"))
        height = page.evaluate("() => document.documentElement.scrollHeight")
        path = written[filename] = folder / filename
        page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide",
                        clip={"x": 0, "y": 0, "width": width,
                              "height": min(height, 2400 if width > 600 else 2000)})
    return written
