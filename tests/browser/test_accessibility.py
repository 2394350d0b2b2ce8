"""axe-core finds no WCAG 2.2 A/AA violation on any page, in English and in Welsh; charts
have text equivalents."""
from __future__ import annotations

import pytest

from tests.browser.checks import LANGUAGES
from tests.browser.helpers import WCAG_TAGS, axe_report, expect, run_axe
from tests.browser.pages import BY_NAME, PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("page_def", PAGES, ids=[p.name for p in PAGES])
def test_no_axe_violations(page_report, page_def, language):  # noqa: ANN001
    """WCAG 2.0-2.2 A and AA, plus axe's best practices (heading order, landmarks), on the
    page in each language the site speaks."""
    report = page_report(page_def, language)
    assert report.lang == LANGUAGES[language], f"{report.url} was not in {language}"
    assert not report.violations, \
        f"{page_def.name} in {language} ({report.url}):\n{axe_report(report.violations)}"


def test_the_axe_check_reports_a_violation(js_page):  # noqa: ANN001
    """The check above can fail: an image without a text alternative is reported."""
    js_page.set_content('<html lang="en"><title>t</title><main><img src="x.png"></main></html>')
    violations = run_axe(js_page, WCAG_TAGS)
    assert [v["id"] for v in violations] == ["image-alt"]
    assert "image-alt" in axe_report(violations)


@pytest.mark.parametrize("name", ["thread", "consultation-closed"])
def test_stance_tally_has_a_text_equivalent(visit, name):  # noqa: ANN001
    page = visit(BY_NAME[name])
    tally = page.locator("figure.tally").first
    expect(tally.locator(".tally-bar")).to_have_attribute("aria-hidden", "true")
    legend = tally.locator(".tally-legend li")
    expect(legend).to_have_count(4)
    for label in ("For", "Against", "Neutral", "Question"):
        expect(tally.locator(".tally-legend")).to_contain_text(label)
    expect(tally.locator("figcaption")).to_contain_text("in all")


def test_coverage_chart_has_a_text_equivalent(visit):  # noqa: ANN001
    page = visit(BY_NAME["summary"])
    panel = page.locator(".coverage").first
    expect(panel).to_be_visible()
    # every graphic in the panel is hidden from assistive technology, and the panel
    # still says in words how much of the debate the summary covers
    graphics = panel.locator("svg, canvas, [role=img], .bar, meter, progress")
    for i in range(graphics.count()):
        graphic = graphics.nth(i)
        hidden = graphic.get_attribute("aria-hidden") == "true"
        named = bool(graphic.get_attribute("aria-label")
                     or graphic.get_attribute("aria-labelledby"))
        assert hidden or named, f"coverage graphic {i} has no text equivalent"
    assert any(ch.isdigit() for ch in panel.inner_text()), "the coverage panel shows no figures"
