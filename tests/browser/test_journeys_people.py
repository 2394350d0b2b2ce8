"""People's journeys, with and without JS: quoting a post, mentioning someone (and choosing
whom when a name is shared), following a name to a profile, changing one's display name."""
from __future__ import annotations

import itertools
import re

import pytest
from sqlalchemy import select

from forum.accounts.models import User
from forum.notifications.models import Notification
from forum.threads.models import Thread
from tests.browser.helpers import expect, flash, post_article
from tests.factories import make_post, make_user

pytestmark = pytest.mark.browser
_n = itertools.count(1)


@pytest.fixture
def resident(seed, signed_in_page, javascript):  # noqa: ANN001
    """A page signed in as a fresh resident; returns (page, display name, user id)."""
    n = next(_n)
    with seed() as session:
        user = make_user(session, email=f"people{n}-{javascript}@example.org",
                         name=f"Neighbour {n} {'js' if javascript else 'nojs'}")
        return signed_in_page(user, javascript=javascript), user.display_name, user.id


def _post_by_someone(seed, scenario, body: str) -> tuple[int, str, int]:  # noqa: ANN001
    """An argument by a new person on the debate thread: (post id, author's name, author id)."""
    n = next(_n)
    with seed() as session:
        author = make_user(session, name=f"Quoted Person {n}")
        post = make_post(session, thread=session.get(Thread, scenario.debate_id), author=author,
                         stance="for", body=body)
        return post.id, author.display_name, author.id


def test_quote_a_post_and_mention_its_author(resident, scenario, seed):  # noqa: ANN001
    page, name, _ = resident
    post_id, author, author_id = _post_by_someone(seed, scenario, "Buses before bikes.")
    page.goto(f"/threads/{scenario.debate_id}")
    post_article(page, post_id).get_by_role("link", name=f"Quote {author} in a reply").click()

    box = page.get_by_label("Your reply")
    expect(box).to_have_value(re.compile(rf"^\[{author} wrote\]\(/posts/{post_id}\):\n\n"
                                         r"> Buses before bikes\.\n\n$"))
    box.fill(box.input_value() + f"I agree with @{author}.")
    page.get_by_role("button", name="Post reply").click()

    expect(flash(page)).to_contain_text("Your reply is posted")
    mine = page.get_by_role("article", name=f"Reply by {name}")
    expect(mine.locator("blockquote")).to_have_text("Buses before bikes.")
    expect(mine.get_by_role("link", name=f"{author} wrote")).to_have_attribute(
        "href", f"/posts/{post_id}")
    expect(mine.get_by_role("link", name=f"@{author}")).to_have_attribute(
        "href", f"/people/{author_id}")
    with seed() as session:
        title = session.get(Thread, scenario.debate_id).title
        told = session.scalars(select(Notification.message).where(
            Notification.user_id == author_id, Notification.kind == "mentioned")).all()
        assert told == [f"{name} mentioned you in “{title}”."]


def test_a_shared_name_is_refused_with_the_choice(resident, scenario, seed):  # noqa: ANN001
    page, name, _ = resident
    shared = f"Alex Twin {next(_n)}"
    with seed() as session:
        first, second = make_user(session, name=shared), make_user(session, name=shared)
        first_id, second_id = first.id, second.id
    page.goto(f"/threads/{scenario.debate_id}")
    contribute = page.locator("#contribute")
    contribute.get_by_role("radio", name="Neutral").check()
    typed = f"What does @{shared} think?"
    contribute.get_by_label("Your argument").fill(typed)
    contribute.get_by_role("button", name="Post argument").click()

    summary = page.locator(".error-summary")
    expect(summary).to_contain_text(f"“@{shared}” could be 2 people")
    expect(summary).to_contain_text(f"@[{shared}]({first_id})")
    box = page.locator("#contribute").get_by_label("Your argument")
    expect(box).to_have_value(typed)
    box.fill(f"What does @[{shared}]({second_id}) think?")
    page.locator("#contribute").get_by_role("radio", name="Neutral").check()
    page.locator("#contribute").get_by_role("button", name="Post argument").click()

    expect(flash(page)).to_contain_text("Your argument is posted")
    article = page.get_by_role("article", name=f"Argument neutral by {name}")
    expect(article.get_by_role("link", name=f"@{shared}")).to_have_attribute(
        "href", f"/people/{second_id}")


def test_a_name_leads_to_the_profile(resident, scenario, seed):  # noqa: ANN001
    page, _, _ = resident
    post_id, author, author_id = _post_by_someone(seed, scenario, "Profiles are useful.")
    page.goto(f"/threads/{scenario.debate_id}")
    post_article(page, post_id).get_by_role("link", name=author, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(author)
    expect(page).to_have_url(re.compile(rf"/people/{author_id}$"))
    contributions = page.locator(".contribution-list > li")
    expect(contributions.first).to_contain_text("Profiles are useful.")


def test_change_the_display_name(resident, scenario, seed):  # noqa: ANN001
    page, name, user_id = resident
    with seed() as session:
        make_post(session, thread=session.get(Thread, scenario.debate_id),
                  author=session.get(User, user_id), stance="for", body="Signed with my name.")
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()
    page.get_by_role("link", name="Change your display name").click()
    field = page.get_by_label("Display name")
    expect(field).to_have_value(name)
    field.fill("Cllr Fake")
    page.get_by_role("button", name="Change display name").click()
    expect(page.locator(".error-summary")).to_contain_text("does not look like a staff role")
    expect(page.get_by_label("Display name")).to_have_value("Cllr Fake")

    renamed = f"{name} Renamed"
    page.get_by_label("Display name").fill(renamed)
    page.get_by_role("button", name="Change display name").click()
    expect(flash(page)).to_contain_text(f"Your display name is now {renamed}.")
    page.get_by_role("link", name="Your profile page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(renamed)
    page.goto(f"/threads/{scenario.debate_id}")
    expect(page.get_by_role("article", name=f"Argument for by {renamed}")).to_contain_text(
        "Signed with my name.")
