"""The proposals journey on the demo data, clicked through with and without JavaScript: a
resident starts a proposal in the demo ideas topic (threshold 5), demo neighbours support it
past the threshold, it waits in the council inbox with a due date, a councillor answers it
and posts an update, and the resident follows it all on the proposal page and /outcomes."""
from __future__ import annotations

import itertools
import re

import pytest
from sqlalchemy import select

from forum.accounts.models import User
from forum.proposals.demo import DEMO_THRESHOLD, SUPPORTERS
from tests.browser.helpers import check_axe, expect, flash
from tests.factories import make_user

pytestmark = pytest.mark.browser
_n = itertools.count(1)


def _page_of(seed, signed_in_page, email: str, javascript: bool):  # noqa: ANN001, ANN202
    """A page signed in as the demo account ``email``."""
    with seed() as session:
        user = session.scalar(select(User).where(User.email == email))
        assert user is not None, f"the demo data has no account {email}"
        return signed_in_page(user, javascript=javascript)


def _sign_in_as(page, seed, session_cookie, url: str, email: str) -> None:  # noqa: ANN001
    """Make ``page``'s browser signed in as the demo account ``email`` (and nobody else)."""
    with seed() as session:
        user = session.scalar(select(User).where(User.email == email))
        assert user is not None, f"the demo data has no account {email}"
        page.context.clear_cookies()
        page.context.add_cookies([session_cookie(user, url)])


def test_a_proposal_from_start_to_the_councils_update(seed, signed_in_page,  # noqa: ANN001
                                                      new_context, session_cookie,
                                                      base_url, javascript):
    n = next(_n)
    title = f"A community orchard in Elm Park {n}"
    with seed() as session:
        resident = make_user(session, email=f"orchard{n}@example.org", name=f"Orla Planter {n}")
        page = signed_in_page(resident, javascript=javascript)

    # start it: the list, the topic, the draft, publish
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Proposals").click()
    page.get_by_role("link", name="Start a proposal").click()
    page.get_by_role("link", name="Neighbourhood ideas").click()
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter a title.")
    page.get_by_label("Title").fill(title)
    page.get_by_label("The problem").fill("The park's east lawn is unused and often muddy.")
    page.get_by_label("What you propose").fill("Plant twenty fruit trees, cared for by "
                                               "volunteers, with the fruit free to pick.")
    page.get_by_role("button", name="Save the draft").click()
    expect(flash(page)).to_contain_text("Your draft is saved")
    check_axe(page, when=javascript)
    page.get_by_role("button", name="Publish the proposal").click()
    expect(flash(page)).to_contain_text("Your proposal is published")
    proposal_url = page.url.split("#")[0]
    expect(page.locator("#proposal-progress-text")).to_contain_text(
        f"0 of {DEMO_THRESHOLD} supports")
    expect(page.locator(".proposal-next")).to_contain_text("council")

    # neighbours support it, one by one, past the threshold
    assert len(SUPPORTERS) >= DEMO_THRESHOLD
    theirs = new_context(javascript=javascript).new_page()  # one window, each in turn
    for count, (email, _) in enumerate(SUPPORTERS[:DEMO_THRESHOLD], start=1):
        _sign_in_as(theirs, seed, session_cookie, base_url, email)
        theirs.goto(proposal_url)
        theirs.get_by_role("button", name="Support this proposal").click()
        expect(flash(theirs)).to_contain_text("your support is counted")
        if count < DEMO_THRESHOLD:
            expect(theirs.locator("#proposal-progress-text")).to_contain_text(
                f"{count} of {DEMO_THRESHOLD} supports")
    theirs.context.close()
    page.goto(proposal_url)
    expect(page.locator(".proposal-status")).to_contain_text(re.compile("council", re.I))

    # the council's inbox lists it with a due date; a councillor answers and updates it
    council = _page_of(seed, signed_in_page, "councillor@example.org", javascript)
    council.goto("/council")
    row = council.locator("table.inbox-proposals tr", has_text=title)
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(3)).to_contain_text(re.compile(r"\d{4}"))
    row.get_by_role("link", name=re.compile("Write the answer")).click()
    council.get_by_role("radio", name="Accepted in part").check()
    council.get_by_label("Reasons").fill("We will plant ten trees this winter and review.")
    council.get_by_role("button", name="Save the draft and preview it").click()
    expect(flash(council)).to_contain_text("The draft answer is saved")
    check_axe(council, when=javascript)
    council.get_by_role("button", name="Publish the answer").click()
    expect(council.locator("#council-answer")).to_contain_text("ten trees")
    council.goto(proposal_url.replace("/threads/", "/proposals/") + "/answer/updates/new")
    council.get_by_label("What has happened").fill("The first five trees are in the ground.")
    council.get_by_role("button", name="Publish the update").click()
    expect(flash(council)).to_contain_text("The progress update is published")

    # the resident follows it on the proposal page and on /outcomes
    page.goto(proposal_url)
    answer = page.locator("#council-answer")
    expect(answer).to_contain_text("Accepted in part")
    expect(answer).to_contain_text("The first five trees are in the ground.")
    timeline = page.locator("ol.timeline")
    for step in ("Collecting support", "Qualified", "Answered by the council", "In progress"):
        expect(timeline).to_contain_text(re.compile(step, re.I))
    check_axe(page, when=javascript)
    page.goto("/outcomes")
    card = page.locator(".outcome-proposal", has_text=title)
    expect(card).to_contain_text("Accepted in part")
    expect(card).to_contain_text("The first five trees are in the ground.")
