"""A resident's journeys through the debate, clicked as they would be, with and without JS."""
from __future__ import annotations

import itertools
import re

import pytest

from forum.posts.models import MAX_DISPLAY_DEPTH
from tests.browser.helpers import (check_axe, confirmation_path, expect, flash, open_page,
                                   post_article, register_through_form)
from tests.factories import make_post, make_user

pytestmark = pytest.mark.browser
_n = itertools.count(1)


@pytest.fixture
def resident(seed, signed_in_page, javascript):  # noqa: ANN001
    """A page signed in as a fresh resident (journeys never depend on one another).

    Returns (page, display name, user id).
    """
    n = next(_n)
    with seed() as session:
        user = make_user(session, email=f"journey{n}@example.org", name=f"Resident {n}")
        page = signed_in_page(user, javascript=javascript)
        return page, user.display_name, user.id


def test_register_then_sign_out_and_in(page, javascript, server_paths):  # noqa: ANN001
    email = f"new-{'js' if javascript else 'nojs'}-{next(_n)}@example.org"
    register_through_form(page, email, "Dana Newcomer", "a-long-enough-password")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    page.goto(confirmation_path(server_paths["instance"], email))
    expect(flash(page)).to_contain_text("is confirmed. Sign in to take part.")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill("a-long-enough-password")
    page.get_by_role("button", name="Sign in").click()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Dana Newcomer")).to_be_visible()

    nav.get_by_role("button", name="Sign out").click()
    expect(flash(page)).to_contain_text("You have signed out")
    expect(nav.get_by_role("link", name="Sign in")).to_be_visible()

    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill("wrong-password-here")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".error-summary")).to_contain_text("email address or password is not right")

    page.get_by_label("Password", exact=True).fill("a-long-enough-password")
    page.get_by_role("button", name="Sign in").click()
    expect(nav.get_by_role("link", name="Dana Newcomer")).to_be_visible()


def test_register_with_mistakes_keeps_what_was_typed(page):  # noqa: ANN001
    register_through_form(page, "not-an-email", "Eve", "short")
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(2)  # both mistakes at once
    expect(page.get_by_label("Email address")).to_have_value("not-an-email")
    expect(page.get_by_label("Display name")).to_have_value("Eve")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Email address")).to_be_focused()


def test_start_a_thread(resident, scenario):  # noqa: ANN001
    page, name, _ = resident
    page.goto("/")
    page.get_by_role("link", name="Parks and green spaces").click()
    page.get_by_role("link", name="Start a discussion").click()
    page.get_by_role("button", name="Publish thread").click()
    expect(page.locator(".error-summary")).to_be_visible()

    page.get_by_label("Title").fill("A community orchard on the old bowling green")
    page.get_by_label("Opening post").fill("Fruit trees for everyone to pick, looked after by "
                                           "volunteers. **Who would help?**")
    page.get_by_role("button", name="Publish thread").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "A community orchard on the old bowling green")
    expect(flash(page)).to_contain_text("Your thread is published")
    expect(page.locator(".thread-opening .prose strong")).to_have_text("Who would help?")
    expect(page.locator(".thread-opening .byline")).to_contain_text(name)


def test_choose_a_stance(resident, scenario):  # noqa: ANN001
    page, name, _ = resident
    page.goto(f"/threads/{scenario.debate_id}")
    tally = page.locator(".tally-legend")
    before = int(re.search(r"Against\s+(\d+)", tally.inner_text()).group(1))

    contribute = page.locator("#contribute")
    contribute.get_by_role("radio", name="Against").check()
    contribute.get_by_label("Your argument").fill("Trial it in summer only, when buses run more.")
    contribute.get_by_role("button", name="Post argument").click()

    expect(flash(page)).to_contain_text("Your argument is posted")
    article = page.get_by_role("article", name=f"Argument against by {name}")
    expect(article).to_contain_text("Trial it in summer only")
    expect(article.locator(".stance-against")).to_have_text("Against")
    expect(tally).to_contain_text(f"Against {before + 1}")


def test_reply_at_depth(resident, scenario, javascript):  # noqa: ANN001
    page, name, _ = resident
    page.goto(f"/threads/{scenario.long_id}")
    deepest = post_article(page, scenario.deepest_id)
    deepest_author = deepest.locator(".post-meta .author").inner_text()
    deepest.get_by_role("link", name=f"Reply to {deepest_author}").click()

    if javascript:  # the reply form opens in place, under the post, with the focus in it
        form = page.locator("form.inline-reply")
        box = form.get_by_label(f"Reply to {deepest_author}")
        expect(box).to_be_focused()
        check_axe(page)
    else:  # the reply page
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Reply to {deepest_author}")
        form = page.locator("main form")
        box = form.get_by_label("Your reply")
    box.fill("Agreed, and at depth this still reads as a conversation.")
    form.get_by_role("button", name="Post reply").click()

    expect(flash(page)).to_contain_text("Your reply is posted")
    mine = page.get_by_role("article", name=f"Reply by {name}")
    expect(mine).to_contain_text("at depth this still reads")
    expect(mine.locator(".replying-to")).to_have_text(f"Replying to {deepest_author}")
    # shown flattened: in the list under the deepest displayed ancestor, not 10 lists deep
    ancestor = post_article(page, scenario.chain_ids[MAX_DISPLAY_DEPTH])
    assert _lists_around(mine) == _lists_around(ancestor) + 1 == MAX_DISPLAY_DEPTH + 2


def _lists_around(article) -> int:  # noqa: ANN001
    """How many reply lists (``ol.tree``) contain this post."""
    return article.evaluate("el => { let n = 0; for (let e = el; e; e = e.parentElement)"
                            " if (e.matches('ol.tree')) n++; return n; }")


def test_endorse_and_withdraw(resident, scenario, seed):  # noqa: ANN001
    page, _, _ = resident
    with seed() as session:
        from forum.threads.models import Thread
        thread = session.get(Thread, scenario.debate_id)
        post = make_post(session, thread=thread, stance="for", body="Endorse me, please.")
        post_id = post.id
    page.goto(f"/threads/{scenario.debate_id}")
    article = post_article(page, post_id)
    expect(article.locator(".endorsements")).to_have_count(0)  # no "0 endorsements"
    toggle = article.get_by_role("button", name="Endorse")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()

    expect(flash(page)).to_contain_text("You endorse this post")
    article = post_article(page, post_id)
    expect(article.locator(".endorsements")).to_have_text("You endorse this")
    toggle = article.get_by_role("button", name="Endorse")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    toggle.click()
    expect(flash(page)).to_contain_text("Endorsement withdrawn")
    article = post_article(page, post_id)
    expect(article.locator(".endorsements")).to_have_count(0)
    expect(article.get_by_role("button", name="Endorse")).to_have_attribute("aria-pressed", "false")


def test_edit_and_view_history(resident, scenario, seed):  # noqa: ANN001
    page, _, user_id = resident
    with seed() as session:
        from forum.accounts.models import User
        from forum.threads.models import Thread
        post = make_post(session, thread=session.get(Thread, scenario.debate_id),
                         author=session.get(User, user_id), stance="neutral",
                         body="First thoughts: maybe.")
        post_id = post.id
    page.goto(f"/threads/{scenario.debate_id}")
    post_article(page, post_id).get_by_role("link", name="Edit your post").click()
    text = page.get_by_label("Text", exact=True)
    expect(text).to_have_value("First thoughts: maybe.")
    text.fill("Second thoughts: yes, with a trial.")
    page.get_by_role("button", name="Save changes").click()

    expect(flash(page)).to_contain_text("Your changes are saved")
    article = post_article(page, post_id)
    expect(article).to_contain_text("Second thoughts")
    article.get_by_role("link", name="edited").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("History of a post")
    versions = page.locator(".revisions > li")
    expect(versions).to_have_count(2)
    expect(versions.nth(0)).to_contain_text("Current version")
    expect(versions.nth(0)).to_contain_text("Second thoughts")
    expect(versions.nth(1)).to_contain_text("First thoughts")


def test_signed_out_reader_is_invited_to_sign_in(page, scenario):  # noqa: ANN001
    open_page(page, f"/threads/{scenario.debate_id}")
    contribute = page.locator("#contribute")
    expect(contribute.get_by_role("button", name="Post argument")).to_have_count(0)
    contribute.get_by_role("link", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/login\?next="))
