"""Responsive design: no sideways scrolling at 320 px, readable text, and the screenshots."""
from __future__ import annotations

import pytest

from tests.browser import checks
from tests.browser.checks import LANGUAGES
from tests.browser.pages import BY_NAME, NARROW, SCREENSHOTS, TEXT_SIZES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("name", NARROW)
def test_no_horizontal_scrolling_at_320px(page_report, name, language):  # noqa: ANN001
    """In each language: the longer words of one must not push a page wider either."""
    report = page_report(BY_NAME[name], language)
    assert report.lang == LANGUAGES[language], f"{report.url} was not in {language}"
    narrow = report.narrow
    assert narrow.window == 320
    assert narrow.scroll_width <= 320, \
        f"{name} in {language} is {narrow.scroll_width}px wide at 320px: {narrow.overflowing}"


@pytest.mark.parametrize("name", TEXT_SIZES)
@pytest.mark.parametrize("width", [320, 1280])
def test_body_text_is_at_least_16px(page_report, name, width):  # noqa: ANN001
    sizes = page_report(BY_NAME[name]).text_sizes[width]
    assert len(sizes) >= 3
    small = [(tag, size) for tag, size in sizes if size < 16]
    assert not small, f"text smaller than 16px at {width}px: {small}"


@pytest.mark.parametrize("name", TEXT_SIZES)
def test_text_can_be_enlarged_to_200_percent(page_report, name):  # noqa: ANN001
    """WCAG 1.4.4/1.4.10: at 200% text size a 640 px window still does not scroll sideways."""
    enlarged = page_report(BY_NAME[name]).enlarged
    assert enlarged.window == 640
    assert enlarged.scroll_width <= 640, f"{enlarged.scroll_width}px wide: {enlarged.overflowing}"


@pytest.mark.parametrize("filename", [f for _, _, f in SCREENSHOTS])
def test_screenshot(docs_screenshots, filename):  # noqa: ANN001
    """The documentation screenshots were written (into docs/ when FORUM_SCREENSHOTS=1)."""
    written = docs_screenshots
    assert written[filename].stat().st_size > 1000


def test_the_reflow_check_sees_what_sticks_out(js_page):  # noqa: ANN001
    """The measurement above can fail: a box wider than the window is found and named."""
    js_page.set_viewport_size({"width": 320, "height": 600})
    js_page.set_content('<html lang="en"><body style="margin:0">'
                        '<div class="wide" style="width:400px">x</div></body></html>')
    width = checks.measure_width(js_page)
    assert (width.window, width.scroll_width) == (320, 400)
    assert width.overflowing == ["div.wide (400px)"]
