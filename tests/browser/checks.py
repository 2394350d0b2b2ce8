"""The page checks, made in one visit per page and language.

Loading a page is most of a check's cost, so each page of ``pages.PAGES`` is opened once in
each language, and everything the accessibility, layout and keyboard tests look at is
measured there, in an order that keeps each measurement as it would be on a page of its
own: axe first (on the page as it loaded), then the text sizes, the reflow at 320 px, the
text at 200 % in a 640 px window, and last the keyboard probe (which opens every disclosure
and marks the controls). Each test then asserts on the part of the :class:`Report` it owns.
"""
from __future__ import annotations

from dataclasses import dataclass

from tests.browser.helpers import WCAG_TAGS, open_page, run_axe
from tests.browser.pages import KEYBOARD, NARROW, TEXT_SIZES, Page

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


def inspect(page, page_def: Page, path: str, language: str, say) -> Report:  # noqa: ANN001
    """Open ``path`` in ``page`` (a desktop window), do the page's action, and measure it."""
    open_page(page, path, status=page_def.status)
    if page_def.action:
        page_def.action(page, say)
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
