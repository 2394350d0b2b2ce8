"""Keyboard and screen-reader use: skip link, visible focus, reachable actions, the reply
tree as nested labelled lists, and form errors summarised and tied to their fields."""
from __future__ import annotations

import re

import pytest

from tests.browser.checks import press_tab
from tests.browser.helpers import expect, open_page
from tests.browser.pages import BY_NAME, KEYBOARD

pytestmark = pytest.mark.browser

#: what the page's JavaScript sees as the focused element, described
ACTIVE = """() => { const e = document.activeElement;
  return e ? {tag: e.tagName.toLowerCase(), id: e.id, cls: e.className,
              text: (e.innerText || e.value || '').trim().slice(0, 60)} : null; }"""

FOCUS_STYLE = """el => { const s = getComputedStyle(el);
  return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }"""

#: the kinds of control whose focus style is checked
KINDS = ("a", "button", "select", "input", "textarea", "summary")


@pytest.mark.parametrize("path", ["/", "/topics", "/register"])
def test_skip_link_is_first_visible_and_moves_focus_to_main(page, path):  # noqa: ANN001
    open_page(page, path)
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Skip to main content")
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 20, \
        f"skip link is not on screen when focused: {box}"
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # the next Tab continues inside main, not back in the header
    page.keyboard.press("Tab")
    inside = page.evaluate("() => !!document.activeElement.closest('main')")
    assert inside, f"focus left main after skipping: {page.evaluate(ACTIVE)}"


def test_focus_is_visible_on_every_kind_of_control(sign_in, scenario):  # noqa: ANN001
    account = scenario.accounts["citizen"]
    page = sign_in(account.email, account.password)
    open_page(page, f"/threads/{scenario.long_id}")
    # after each Tab, the page notes the focus style of the first control of each kind
    page.evaluate(f"""() => {{ window.__seen = {{}};
        document.addEventListener('keyup', () => {{ const e = document.activeElement;
          const kind = e ? e.tagName.toLowerCase() : '';
          if ({list(KINDS)!r}.includes(kind) && !(kind in window.__seen))
            window.__seen[kind] = ({FOCUS_STYLE})(e); }}, true); }}""")
    press_tab(page, 80)
    seen: dict[str, dict] = page.evaluate("() => window.__seen")
    assert {"a", "button", "select"} <= set(seen), f"only reached {sorted(seen)}"
    for kind, style in seen.items():
        assert style["outline"] != "none" and style["width"] >= 2, \
            f"focused {kind} has no visible outline: {style}"


@pytest.mark.parametrize("name", KEYBOARD)
def test_every_action_is_reachable_by_keyboard(page_report, name):  # noqa: ANN001
    """Every link, button and field (inside disclosures too) takes the focus with Tab."""
    missing = page_report(BY_NAME[name]).unreachable
    assert missing is not None, f"{name} was not probed"
    assert not missing, f"not reachable with Tab: {missing}"


def test_reply_tree_is_nested_lists_of_posts_labelled_by_author_and_stance(  # noqa: ANN001
        js_page, scenario):
    page = js_page
    open_page(page, f"/threads/{scenario.debate_id}")
    tree = page.locator("section.debate > ol.tree")
    expect(tree).to_have_count(1)
    # arguments are list items holding an article named by stance and author
    for name in ("Argument for by Ana Lopez", "Argument against by Ben Okafor",
                 "Argument question by Chris Patel", "Argument neutral by Sam Resident"):
        expect(tree.get_by_role("article", name=name, exact=True)).to_have_count(1)
    # replies sit in lists nested inside the item of the post they answer
    reply = tree.get_by_role("article", name="Reply by Sam Resident", exact=True)
    expect(reply).to_have_count(1)
    parent_label = reply.evaluate(
        "el => el.closest('li').parentElement.closest('li').querySelector('article')"
        ".getAttribute('aria-label')")
    assert parent_label == "Argument against by Ben Okafor"
    snapshot = tree.aria_snapshot()
    assert re.search(r"- list:\s*\n\s*- listitem:\s*\n\s*- article \"Argument for by Ana Lopez\"",
                     snapshot), snapshot[:800]
    assert re.search(r"^\s+- list:", snapshot, re.M), "no nested list in the tree"


def test_every_post_in_a_long_thread_is_labelled(js_page, scenario):  # noqa: ANN001
    page = js_page
    open_page(page, f"/threads/{scenario.long_id}")
    labels = page.locator("ol.tree article").evaluate_all("els => els.map(e => e.getAttribute("
                                                          "'aria-label'))")
    assert len(labels) > 25
    pattern = re.compile(r"^(Argument (for|against|neutral|question)|Reply)"
                         r"( by \S.*| \(deleted\))$")
    bad = [label for label in labels if not label or not pattern.match(label)]
    assert not bad, f"posts without a proper label: {bad}"
    # a deleted post names nobody, to the ear as to the eye
    deleted = page.locator(f"article#post-{scenario.deleted_id}")
    expect(deleted).to_contain_text("Deleted by its author")
    expect(deleted).to_have_attribute("aria-label", "Reply (deleted)")
    hidden = page.locator(f"article#post-{scenario.hidden_id}")
    expect(hidden).to_contain_text("Hidden by a moderator")


def test_error_summary_links_to_fields_marked_invalid(page):  # noqa: ANN001
    open_page(page, "/register")
    page.get_by_role("button", name="Create account").click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    is_first = summary.evaluate("el => el.compareDocumentPosition("
                                "document.querySelector('main form'))"
                                " & Node.DOCUMENT_POSITION_FOLLOWING")  # not the header's
    assert is_first, "the error summary is not above the form"
    links = summary.get_by_role("link")
    assert links.count() >= 1
    for i in range(links.count()):
        href = links.nth(i).get_attribute("href")
        assert href and href.startswith("#"), href
        field = page.locator(href)
        expect(field).to_have_count(1)
        expect(field).to_have_attribute("aria-invalid", "true")
        described = (field.get_attribute("aria-describedby") or "").split()
        messages = [page.locator(f"#{ref}").inner_text() for ref in described]
        assert any(links.nth(i).inner_text() in m for m in messages), \
            f"{href} is not described by its error ({described}: {messages})"
    links.first.click()
    expect(page.locator(links.first.get_attribute("href"))).to_be_focused()


def test_error_summary_takes_focus_when_javascript_runs(js_page):  # noqa: ANN001
    page = js_page
    open_page(page, "/register")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".error-summary")).to_be_focused()


def test_argument_errors_lead_to_the_field(sign_in, scenario):  # noqa: ANN001
    account = scenario.accounts["citizen"]
    page = sign_in(account.email, account.password)
    open_page(page, BY_NAME["thread"].address(scenario))
    page.locator("#contribute").get_by_role("button", name="Post argument").click()
    links = page.locator(".error-summary").get_by_role("link")
    expect(links).to_have_count(2)  # the stance not chosen, the text not written
    expect(page).to_have_title(re.compile(r"^Error: Should the High Street"))
    links.first.click()
    expect(page.locator("fieldset#stance")).to_be_focused()
    links.nth(1).click()
    expect(page.get_by_role("textbox", name="Your argument")).to_be_focused()


def test_choosing_a_sort_order_with_the_keyboard_does_not_reload_the_page(  # noqa: ANN001
        js_page, scenario):
    """WCAG 3.2.2: moving through a select's options changes nothing until "Apply"."""
    page = js_page
    open_page(page, f"/threads/{scenario.debate_id}")
    before = page.url
    page.get_by_label("Sort arguments").focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    assert page.url == before
    expect(page.get_by_label("Sort arguments")).to_be_focused()
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"sort=newest"))
