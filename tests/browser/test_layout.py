"""Responsive design: no sideways scrolling at 320 px, readable text, and the screenshots."""
from __future__ import annotations

import pytest

from tests.browser.pages import BY_NAME, NARROW, SCREENSHOTS

pytestmark = pytest.mark.browser

#: elements wider than the viewport, for the failure message
OVERFLOW = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 8).map(e => `${e.tagName.toLowerCase()}.${e.className} ` +
                        `(${Math.round(e.getBoundingClientRect().right)}px)`)"""


@pytest.mark.parametrize("name", NARROW)
def test_no_horizontal_scrolling_at_320px(visit, name):  # noqa: ANN001
    page = visit(BY_NAME[name], width=320)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"{name} is {width}px wide at 320px: {page.evaluate(OVERFLOW)}"


@pytest.mark.parametrize("width", [320, 1280])
def test_body_text_is_at_least_16px(visit, width):  # noqa: ANN001
    page = visit(BY_NAME["thread-signed-in"], width=width)
    sizes = page.evaluate("""() => ['body', '.thread-opening .prose p', 'article.post .prose p',
                                   'label.label', 'textarea', 'button.button']
        .map(s => document.querySelector(s)).filter(Boolean)
        .map(e => [e.tagName.toLowerCase(), parseFloat(getComputedStyle(e).fontSize)])""")
    assert len(sizes) >= 3
    small = [(tag, size) for tag, size in sizes if size < 16]
    assert not small, f"text smaller than 16px at {width}px: {small}"


def test_text_can_be_enlarged_to_200_percent(visit):  # noqa: ANN001
    """WCAG 1.4.4/1.4.10: at 200% text size a 640 px window still does not scroll sideways."""
    page = visit(BY_NAME["thread-signed-in"], width=640)
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 640, f"{width}px wide: {page.evaluate(OVERFLOW)}"


@pytest.mark.parametrize("filename", [f for _, _, f in SCREENSHOTS])
def test_screenshot(docs_screenshots, filename):  # noqa: ANN001
    """The documentation screenshots were written (into docs/ when FORUM_SCREENSHOTS=1)."""
    written = docs_screenshots
    assert written[filename].stat().st_size > 1000
