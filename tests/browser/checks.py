"""The page checks, made in one visit per page and language.

Loading a page is most of a check's cost, so each page of ``pages.PAGES`` is opened once in
each language, and everything the accessibility, layout and keyboard tests look at is
measured there, in an order that keeps each measurement as it would be on a page of its
own: axe first (on the page as it loaded), then the text sizes, the reflow at 320 px, the
text at 200 % in a 640 px window, and last the keyboard probe (which opens every disclosure
and marks the controls). Each test then asserts on the part of the :class:`Report` it owns.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.browser.helpers import WCAG_TAGS, open_context, open_page, run_axe, say
from tests.browser.pages import KEYBOARD, NARROW, TEXT_SIZES, Page
from tests.browser.scenario import Scenario
from tests.conftest import skip_or_fail

#: the languages every page is checked in, and the ``lang`` each must then declare
LANGUAGES = {"en": "en-GB", "cy": "cy"}
#: the window the pages are checked in, and the narrow and zoomed ones
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 900}
ZOOMED = {"width": 640, "height": 900}

#: elements reaching past the window's right edge, for the failure message (leaving out
#: those inside a box that scrolls or clips them, like the phone's navigation bar)
OVERFLOW = """() => { const edge = document.documentElement.clientWidth + 1;
  const clipped = e => { for (let a = e.parentElement; a && a !== document.body;
                              a = a.parentElement)
    if (getComputedStyle(a).overflowX !== 'visible') return true; return false; };
  return [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > edge && !clipped(e))
    .slice(0, 8).map(e => `${e.tagName.toLowerCase()}.${e.className} ` +
                          `(${Math.round(e.getBoundingClientRect().right)}px)`); }"""
#: the font size of body text, labels, boxes and buttons
SIZES = """() => ['body', '.thread-opening .prose p', 'article.post .prose p',
                 'label.label', 'textarea', 'button.button']
    .map(s => document.querySelector(s)).filter(Boolean)
    .map(e => [e.tagName.toLowerCase(), parseFloat(getComputedStyle(e).fontSize)])"""
INTERACTIVE = ("a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), "
               "select:not([disabled]), textarea:not([disabled]), summary")
#: Tab presses sent between two looks at what was reached (each look is a round trip)
TAB_BATCH = 20


@dataclass(frozen=True)
class Width:
    """How wide the document was in a window, and what stuck out of it."""

    window: int
    scroll_width: int
    overflowing: list[str]


@dataclass
class Report:
    """What one visit to a page in one language found."""

    url: str
    #: the ``lang`` of the page's ``<html>``
    lang: str
    #: axe's violations of WCAG 2.0-2.2 A and AA and of its best practices
    violations: list[dict]
    #: at 320 px (pages of ``NARROW``)
    narrow: Width | None = None
    #: at 640 px with the text at 200 % (``TEXT_SIZES``)
    enlarged: Width | None = None
    #: (element, font size in px) by window width (``TEXT_SIZES``)
    text_sizes: dict[int, list[tuple[str, float]]] | None = None
    #: the controls Tab never reached (``KEYBOARD``)
    unreachable: list[str] | None = None


class Reports:
    """The reports of the pages, each made on the first call for it and kept.

    The pages one viewer reads in one language share one browser tab, as one person's
    browsing would (its stored drafts are cleared between pages); a page whose action
    changes the session gets a browser of its own. A visit that failed fails every test
    asking for its report, with the same error.
    """

    def __init__(self, browser, base_url: str, scenario: Scenario,  # noqa: ANN001
                 signed_in_state: Callable[[str, str], dict]) -> None:
        self.browser, self.base_url, self.scenario = browser, base_url, scenario
        self.signed_in_state = signed_in_state
        self.found: dict[tuple[str, str], Report | BaseException] = {}
        self.tabs: dict[tuple[str | None, str], object] = {}

    def _context(self, who: str | None, language: str):  # noqa: ANN202
        state = None
        if who:
            account = self.scenario.accounts[who]
            state = self.signed_in_state(account.email, account.password)
        return open_context(self.browser, self.base_url, storage_state=state,
                            language=language)

    def _tab(self, who: str | None, language: str):  # noqa: ANN202
        tab = self.tabs.get((who, language))
        if tab is None:
            tab = self.tabs[(who, language)] = self._context(who, language).new_page()
            # leaving a page with typed text asks first; the checks always leave
            tab.on("dialog", lambda d: d.accept() if d.type == "beforeunload" else d.dismiss())
        elif tab.url.startswith(self.base_url):
            tab.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        return tab

    def report(self, page_def: Page, language: str = "en") -> Report:
        """The report of ``page_def`` in ``language`` (visiting it the first time)."""
        path = page_def.address(self.scenario)
        if path is None:
            skip_or_fail("browser", f"page {page_def.name!r} not checked: it needs "
                                    f"{page_def.needs or 'data'}, which the app has not got")
        key = (page_def.name, language)
        if key not in self.found:
            alone = page_def.own_session
            tab = self._context(page_def.who, language).new_page() if alone \
                else self._tab(page_def.who, language)
            try:
                self.found[key] = inspect(tab, page_def, path, say(language))
            except (Exception, pytest.fail.Exception) as error:  # noqa: BLE001
                self.found[key] = error
            finally:
                if alone:
                    tab.context.close()
        found = self.found[key]
        if isinstance(found, BaseException):
            raise found
        return found

    def close(self) -> None:
        """Close the shared tabs' browsers."""
        for tab in self.tabs.values():
            tab.context.close()


def inspect(page, page_def: Page, path: str, words: Callable[[str], str]) -> Report:  # noqa: ANN001
    """Open ``path`` in ``page`` (a desktop window), do the page's action, and measure it."""
    open_page(page, path, status=page_def.status)
    if page_def.action:
        page_def.action(page, words)
    report = Report(url=page.url, lang=page.evaluate("() => document.documentElement.lang"),
                    violations=run_axe(page, [*WCAG_TAGS, "best-practice"]))
    if page_def.name in TEXT_SIZES:
        report.text_sizes = {DESKTOP["width"]: _sizes(page)}
    if page_def.name in NARROW or page_def.name in TEXT_SIZES:
        page.set_viewport_size(PHONE)
        report.narrow = measure_width(page)
        if report.text_sizes is not None:
            report.text_sizes[PHONE["width"]] = _sizes(page)
    if page_def.name in TEXT_SIZES:
        page.set_viewport_size(ZOOMED)
        page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
        report.enlarged = measure_width(page)
        page.evaluate("() => { document.documentElement.style.fontSize = ''; }")
    page.set_viewport_size(DESKTOP)
    if page_def.name in KEYBOARD:
        report.unreachable = unreachable_controls(page)
    return report


def measure_width(page) -> Width:  # noqa: ANN001
    """How wide the document is in the window, and (if too wide) what sticks out."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    window = page.viewport_size["width"]
    return Width(window, width, page.evaluate(OVERFLOW) if width > window else [])


def _sizes(page) -> list[tuple[str, float]]:  # noqa: ANN001
    return [tuple(pair) for pair in page.evaluate(SIZES)]


def press_tab(page, times: int) -> None:  # noqa: ANN001
    """Press Tab ``times`` times; the page's own keyup listeners note where the focus went."""
    for _ in range(times):
        page.keyboard.press("Tab")


def unreachable_controls(page) -> list[str]:  # noqa: ANN001
    """Open every disclosure, then press Tab until every control has had the focus (or twice
    as many presses as there are controls); return the controls never reached."""
    # disclosure menus open (their summary is a stop too), so their actions are probed as well
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    # one probe per control; a group of radios is one stop (arrow keys move within it)
    wanted = page.evaluate(f"""() => {{ const seen = new Map(); let n = 0;
        for (const e of document.querySelectorAll({INTERACTIVE!r})) {{
          if (e.offsetParent === null && !e.classList.contains('skip-link')) continue;
          const key = e.type === 'radio' ? 'radio:' + e.name : 'n' + (n++);
          if (!seen.has(key)) seen.set(key, String(seen.size));
          e.dataset.probe = seen.get(key);
        }}
        return [...seen.values()]; }}""")
    # after each Tab, the page notes the probe of the control that has the focus
    page.evaluate("""() => { window.__reached = new Set();
        document.addEventListener('keyup', () => {
          const probe = document.activeElement && document.activeElement.dataset.probe;
          if (probe) window.__reached.add(probe); }, true); }""")
    reached: set[str] = set()
    presses = len(wanted) * 2 + 10
    while presses > 0 and len(reached) < len(wanted):
        batch = min(presses, TAB_BATCH)
        press_tab(page, batch)
        presses -= batch
        reached = set(page.evaluate("() => [...window.__reached]"))
    return page.evaluate("""ids => ids.map(i => {
        const e = document.querySelector(`[data-probe="${i}"]`);
        return `${e.tagName.toLowerCase()} ${(e.innerText || e.name || e.id).trim()}`; })""",
                         sorted(set(wanted) - reached, key=int))
