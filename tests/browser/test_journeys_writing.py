"""Writing, clicked as a resident would: the stance asked for, preview, formatting help,
drafts kept in the browser, and a repeated post refused (with and without JavaScript)."""
from __future__ import annotations

import itertools
import re

import pytest

from tests.browser.helpers import check_axe, expect, flash, post_article
from tests.factories import make_post, make_user

pytestmark = pytest.mark.browser
_n = itertools.count(1)


@pytest.fixture
def writer(seed, signed_in_page, javascript):  # noqa: ANN001
    """(page, display name, user id) of a fresh resident, signed in (journeys never share
    one)."""
    n = next(_n)
    with seed() as session:
        user = make_user(session, email=f"writer{n}@example.org", name=f"Writer {n}")
        return signed_in_page(user, javascript=javascript), user.display_name, user.id


@pytest.fixture
def js_writer(seed, signed_in_page):  # noqa: ANN001
    """(page, display name, user id) of a fresh resident, signed in, JavaScript on."""
    n = next(_n)
    with seed() as session:
        user = make_user(session, email=f"drafter{n}@example.org", name=f"Drafter {n}")
        return signed_in_page(user), user.display_name, user.id


def _leave_and_come_back(page, url: str) -> list[str]:  # noqa: ANN001
    """Go elsewhere and back, accepting the "leave the page?" question; return the questions
    the browser asked."""
    asked: list[str] = []

    def answer(dialog) -> None:  # noqa: ANN001
        asked.append(dialog.type)
        dialog.accept()
    page.on("dialog", answer)
    page.goto("/topics")
    page.remove_listener("dialog", answer)
    page.goto(url)
    return asked


def test_the_stance_is_asked_for_then_previewed_then_posted(writer, scenario, javascript):
    page, name, _ = writer
    page.goto(f"/threads/{scenario.debate_id}")
    contribute = page.locator("#contribute")
    group = contribute.get_by_role("group", name="Are you for, against, neutral, or asking a "
                                                 "question?")
    for label in ("For", "Against", "Neutral", "Question"):
        expect(group.get_by_role("radio", name=label)).not_to_be_checked()
    contribute.get_by_role("textbox", name="Your argument").fill("Trial it **first**, in the summer.")

    contribute.get_by_role("button", name="Preview").click()  # no stance needed to look
    preview = page.locator("section.preview")
    expect(preview.get_by_role("heading")).to_have_text("Preview of your argument")
    expect(preview.locator(".prose strong")).to_have_text("first")
    contribute = page.locator("#contribute")
    expect(contribute.get_by_role("textbox", name="Your argument")).to_have_value(
        "Trial it **first**, in the summer.")
    expect(page.get_by_role("article", name=re.compile(f"by {name}$"))).to_have_count(0)
    check_axe(page, when=javascript)

    contribute.get_by_role("button", name="Post argument").click()  # still no stance
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Choose whether you are for, against, neutral, or asking "
                                    "a question.")
    expect(page.locator("#contribute").get_by_role("textbox", name="Your argument")).to_have_value(
        "Trial it **first**, in the summer.")
    summary.get_by_role("link").first.click()
    expect(page.locator("fieldset#stance")).to_be_focused()
    check_axe(page, when=javascript)

    contribute = page.locator("#contribute")
    contribute.get_by_role("radio", name="Against").check()
    contribute.get_by_role("button", name="Post argument").click()
    expect(flash(page)).to_contain_text("Your argument is posted")
    article = page.get_by_role("article", name=f"Argument against by {name}")
    expect(article.locator(".prose strong")).to_have_text("first")


def test_the_stance_changes_on_edit_and_the_history_shows_it(writer, scenario, seed):
    page, _, user_id = writer
    with seed() as session:
        from forum.accounts.models import User
        from forum.threads.models import Thread
        post = make_post(session, thread=session.get(Thread, scenario.debate_id),
                         author=session.get(User, user_id),
                         stance="neutral", body="Not sure yet about the trial.")
        post_id = post.id
    page.goto(f"/posts/{post_id}")  # the page of the thread it is on (other tests add posts)
    post_article(page, post_id).get_by_role("link", name="Edit your post").click()
    expect(page.get_by_role("radio", name="Neutral")).to_be_checked()
    page.get_by_role("radio", name="For").check()
    expect(page.locator("details.formatting-help")).to_have_count(1)
    page.get_by_role("button", name="Save changes").click()

    expect(flash(page)).to_contain_text("Your changes are saved")
    article = post_article(page, post_id)
    expect(article.locator(".stance-for")).to_have_text("For")
    article.get_by_role("link", name="edited").click()
    versions = page.locator(".revisions > li")
    expect(versions.nth(0).locator(".revision-stance")).to_contain_text("For")
    expect(versions.nth(1).locator(".revision-stance")).to_contain_text("Neutral")


def test_a_repeated_post_is_refused_with_a_link_to_the_first(writer, scenario):
    page, name, _ = writer
    text = f"Buses every ten minutes would change everything ({name})."
    for _ in range(2):
        page.goto(f"/threads/{scenario.debate_id}")
        contribute = page.locator("#contribute")
        contribute.get_by_role("radio", name="For").check()
        contribute.get_by_role("textbox", name="Your argument").fill(text)
        contribute.get_by_role("button", name="Post argument").click()
    expect(page.locator(".error-summary")).to_contain_text("You already posted this text")
    expect(page.locator("#contribute").get_by_role("textbox", name="Your argument")).to_have_value(text)
    page.get_by_role("link", name="see your earlier post with the same text").click()
    mine = page.get_by_role("article", name=f"Argument for by {name}")
    expect(mine).to_have_count(1)
    expect(page).to_have_url(re.compile(r"#post-\d+$"))


def test_previewing_a_new_thread(writer, scenario):
    page, _, _ = writer
    page.goto(f"/topics/{scenario.topic_slug}/threads/new")
    page.get_by_label("Title").fill("Benches along the river path")
    page.get_by_label("Opening post").fill("Somewhere to rest:\n\n- every 200 m\n- in the shade")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("section.preview li")).to_have_count(2)
    expect(page.get_by_label("Title")).to_have_value("Benches along the river path")
    page.get_by_role("button", name="Publish thread").click()
    expect(flash(page)).to_contain_text("Your thread is published")
    expect(page.locator(".thread-opening .prose li")).to_have_count(2)


def test_an_unsent_reply_in_place_survives_leaving_the_page(js_writer, scenario):
    page, name, _ = js_writer
    url = f"/threads/{scenario.debate_id}"
    page.goto(url)
    target = page.locator("article.post-argument").first
    target_id = target.get_attribute("id")
    author = target.locator(".post-meta .author").inner_text()
    target.get_by_role("link", name=f"Reply to {author}").click()
    form = page.locator("form.inline-reply")
    expect(form.locator("details.formatting-help")).to_have_count(1)
    form.get_by_label(f"Reply to {author}").fill("I would add a stop by the school.")

    asked = _leave_and_come_back(page, url)
    assert asked == ["beforeunload"]  # the browser asked before the text could go
    form = page.locator("form.inline-reply")  # open again, with the text, without a click
    expect(form.get_by_label(f"Reply to {author}")).to_have_value(
        "I would add a stop by the school.")
    expect(form.locator(".draft-restored")).to_be_visible()
    check_axe(page)

    form.get_by_role("button", name="Post reply").click()
    expect(flash(page)).to_contain_text("Your reply is posted")
    expect(page.get_by_role("article", name=f"Reply by {name}")).to_contain_text(
        "a stop by the school")
    page.goto(url)  # sent: the draft is gone, so nothing opens by itself
    expect(page.locator("form.inline-reply")).to_have_count(0)
    assert target_id


def test_an_unsent_argument_is_kept_in_the_browser(js_writer, scenario):
    page, _, _ = js_writer
    url = f"/threads/{scenario.debate_id}"
    page.goto(url)
    contribute = page.locator("#contribute")
    contribute.get_by_role("radio", name="Question").check()
    contribute.get_by_role("textbox", name="Your argument").fill("Who pays for the extra buses?")
    _leave_and_come_back(page, url)
    contribute = page.locator("#contribute")
    expect(contribute.get_by_role("textbox", name="Your argument")).to_have_value(
        "Who pays for the extra buses?")
    expect(contribute.get_by_role("radio", name="Question")).to_be_checked()
    expect(contribute.locator(".draft-restored")).to_contain_text("kept in this browser")
    contribute.get_by_role("button", name="Post argument").click()
    expect(flash(page)).to_contain_text("Your argument is posted")
    page.goto(url)
    expect(page.locator("#contribute").get_by_role("textbox", name="Your argument")).to_have_value("")
