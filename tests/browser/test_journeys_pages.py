"""The calmer pages, clicked as people would, with and without JavaScript: the staff menu on
a post, the navigation's current-page marker, the admin's landing page, the rate-limit
countdown."""
from __future__ import annotations

import itertools
import re

import pytest
from babel import support

from tests.browser.helpers import check_axe, expect, flash, open_page, post_article
from tests.factories import make_post, make_user

pytestmark = pytest.mark.browser
_n = itertools.count(1)


def _person(seed, signed_in_page, javascript, role: str, width: int = 1280):  # noqa: ANN001
    n = next(_n)
    with seed() as session:
        user = make_user(session, role=role, email=f"pages-{role}{n}@example.org",
                         name=f"Pages {role.capitalize()} {n}")
        return signed_in_page(user, javascript=javascript, width=width)


def test_a_moderator_hides_a_post_from_the_staff_menu(seed, signed_in_page, javascript,
                                                      scenario):  # noqa: ANN001
    """On a desktop, then on a phone (the same moderator's window, narrowed): a post each."""
    page = _person(seed, signed_in_page, javascript, "moderator")
    for width in (1280, 375):
        with seed() as session:
            from forum.threads.models import Thread
            post = make_post(session, thread=session.get(Thread, scenario.debate_id),
                             author=make_user(session, name=f"Loud Poster {next(_n)}"),
                             stance="against", body="Something that breaks the rules.")
            post_id = post.id
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/threads/{scenario.debate_id}")
        article = post_article(page, post_id)
        menu = article.locator("details.post-menu")
        hide = menu.get_by_role("link", name=re.compile("^Hide the post by Loud Poster"))
        expect(hide).to_be_hidden()  # closed until asked for
        expect(article.get_by_role("link", name=re.compile("^Reply to"))).to_be_visible()
        menu.locator("summary").click()
        expect(hide).to_be_visible()
        expect(menu).to_contain_text(f"Cite in a summary as [#{post_id}]")
        check_axe(page, when=javascript)
        hide.click()

        expect(page.get_by_role("heading", level=1)).to_contain_text("Hide a post")
        page.get_by_label("Reason").fill("A personal attack on another resident.")
        page.get_by_role("button", name="Hide the post").click()
        expect(flash(page)).to_be_visible()
        article = post_article(page, post_id)
        expect(article).to_contain_text("Hidden by a moderator: A personal attack")
        menu = article.locator("details.post-menu")
        menu.locator("summary").click()
        expect(menu.get_by_role("link", name=re.compile("^Restore the post by Loud Poster"))
               ).to_be_visible()


def test_a_resident_sees_no_staff_menu(seed, signed_in_page, javascript, scenario):  # noqa: ANN001
    page = _person(seed, signed_in_page, javascript, "citizen")
    page.goto(f"/threads/{scenario.debate_id}")
    expect(page.locator("article.post").first).to_be_visible()
    expect(page.locator("details.post-menu")).to_have_count(0)


def test_the_navigation_marks_where_you_are(page, scenario):  # noqa: ANN001
    nav = page.get_by_role("navigation", name="Main")
    open_page(page, "/topics")
    topics = nav.get_by_role("link", name="Topics")
    expect(topics).to_have_attribute("aria-current", "page")
    # the marker is seen, not only announced: a bar under the link
    assert topics.evaluate("e => getComputedStyle(e).borderBottomColor") == "rgb(255, 255, 255)"
    assert nav.get_by_role("link", name="Outcomes").evaluate(
        "e => getComputedStyle(e).borderBottomColor") != "rgb(255, 255, 255)"
    nav.get_by_role("link", name="Outcomes").click()
    expect(nav.get_by_role("link", name="Outcomes")).to_have_attribute("aria-current", "page")
    expect(nav.get_by_role("link", name="Topics")).not_to_have_attribute("aria-current", "page")
    open_page(page, f"/threads/{scenario.debate_id}")
    expect(nav.get_by_role("link", name="Topics")).to_have_attribute("aria-current", "true")


@pytest.mark.parametrize("role", ["citizen", "moderator", "admin"])
def test_the_header_keeps_to_two_lines_on_a_phone(seed, signed_in_page, role):  # noqa: ANN001
    page = _person(seed, signed_in_page, True, role, width=375)
    page.goto("/topics")
    brand = page.locator(".brand").bounding_box()
    nav = page.get_by_role("navigation", name="Main").bounding_box()
    header = page.locator(".site-header").bounding_box()
    assert brand and nav and header
    assert nav["y"] >= brand["y"] + brand["height"] - 1  # the links sit under the name...
    line = 1.7 * 16
    assert nav["height"] < 2 * line  # ...on one line of their own
    assert header["height"] < brand["height"] + nav["height"] + 40


def test_the_favicon_is_found(js_page):  # noqa: ANN001
    failed = []
    js_page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    open_page(js_page, "/")
    icon = js_page.locator("link[rel=icon]").get_attribute("href")
    assert js_page.request.get(icon).status == 200
    assert js_page.request.get("/favicon.ico").status == 200
    assert not failed


def test_an_admin_lands_on_the_admin_page(seed, signed_in_page, javascript):  # noqa: ANN001
    page = _person(seed, signed_in_page, javascript, "admin")
    page.goto("/topics")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Admin")
    for heading in ("Topics", "People and roles", "Site pages"):
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    page.get_by_role("link", name="Find people and change their roles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Users and roles")


def _rate_limited_page(data_app, language: str = "en") -> str:  # noqa: ANN001
    """The page the server writes over the registration limit, in ``language``."""
    from forum import create_app
    limited = create_app({**{k: data_app.config[k] for k in ("DATABASE_URL", "SECRET_KEY")},
                          "INSTANCE_PATH": data_app.instance_path, "RATELIMIT_ENABLED": True,
                          "LIMIT_REGISTER_IP": "1 per minute", "SERVER_NAME": None,
                          "WTF_CSRF_ENABLED": False, "LANGUAGES": "en,cy,en_XA"})
    client = limited.test_client()
    headers = {"Accept-Language": language.replace("_", "-")}
    form = {"email": "", "display_name": "", "password": ""}
    # a refused registration is taken back, so...
    client.post("/register", data=form, headers=headers)
    for n in range(2):
        answer = client.post("/register", headers=headers,
                             data={**form, "email": f"limit{n}{next(_n)}@example.org",
                                   "display_name": f"Limit Tester {next(_n)}",
                                   "password": "a-long-enough-password"})
    assert answer.status_code == 429
    return answer.data.decode()


def _served(new_context, html: str, *, javascript: bool = True):  # noqa: ANN001, ANN202
    """A page showing ``html`` as the answer to a post over the limit."""
    page = new_context(javascript=javascript).new_page()
    page.route("**/too-fast", lambda route: route.fulfill(status=429, body=html,
                                                          content_type="text/html"))
    page.goto("/too-fast")
    return page


def test_the_rate_limit_page_counts_down(new_context, javascript, data_app):  # noqa: ANN001
    """The page as the server writes it over a limit, served in place of a post; the script
    (when it runs) replaces the server's sentence with the time left, second by second."""
    page = _served(new_context, _rate_limited_page(data_app), javascript=javascript)
    timer = page.get_by_role("timer")
    expect(page.locator(".limit-why")).to_contain_text("accounts can be created")
    server_said = timer.inner_text()
    assert re.fullmatch(r"Try again in \d+ (seconds?|minute)\.", server_said)
    if javascript:
        expect(timer).not_to_have_text(server_said, timeout=3000)
        expect(timer).to_have_text(re.compile(r"Try again in (\d+ seconds?|1 minute)\.$"))
    else:
        page.wait_for_timeout(1100)  # longer than the script's tick
        expect(timer).to_have_text(server_said)


@pytest.mark.parametrize("language", ["cy", "en_XA"])
def test_the_countdown_speaks_the_pages_language(new_context, data_app, language):  # noqa: ANN001
    """The script writes the server's own sentences for the time left: the catalogue's, with
    the plural for that number, in the page's language."""
    from tests.browser.helpers import CATALOGUES
    page = _served(new_context, _rate_limited_page(data_app, language))
    expect(page.locator("html")).to_have_attribute("lang", language.replace("_", "-"))
    timer = page.get_by_role("timer")
    server_said = timer.inner_text()
    expect(timer).not_to_have_text(server_said, timeout=3000)
    shown = timer.inner_text()
    left = int(re.search(r"\d+", shown).group())
    catalogue = support.Translations.load(str(CATALOGUES), [language])
    if left < 60:
        expected = catalogue.ungettext("Try again in %(num)d second.",
                                       "Try again in %(num)d seconds.", left) % {"num": left}
    else:  # a wait of a minute at most: one minute left
        expected = catalogue.ungettext("Try again in %(num)d minute.",
                                       "Try again in %(num)d minutes.", 1) % {"num": 1}
    assert shown == expected
