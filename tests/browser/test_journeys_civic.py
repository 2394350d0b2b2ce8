"""The civic journeys, clicked through with and without JS: a resident reports a post, a
councillor posts a consultation, a moderator summarises the debate and submits it, a
councillor responds, and a resident reads the outcome and the report."""
from __future__ import annotations

import itertools
import re
from datetime import timedelta

import pytest

from forum.db import utcnow
from tests.browser.civic import make_consultation, summarise
from tests.browser.helpers import check_axe, expect, flash, post_article
from tests.factories import make_post, make_user

pytestmark = pytest.mark.browser
_n = itertools.count(1)


@pytest.fixture
def person(seed, signed_in_page, javascript):  # noqa: ANN001
    """Return a page signed in as a fresh account with ``role``, and the account's name."""
    def _person(role: str = "citizen"):
        n = next(_n)
        with seed() as session:
            user = make_user(session, role=role, email=f"civic-{role}{n}@example.org",
                             name=f"{role.capitalize()} {n}")
            return signed_in_page(user, javascript=javascript), user.display_name
    return _person


@pytest.fixture
def closed_consultation(seed):  # noqa: ANN001
    """A closed consultation with a debate and no summary yet; returns its id and title."""
    title = f"Sunday library opening {next(_n)}"
    with seed() as session:
        return make_consultation(session, title=title, closed=True).id, title


def test_report_a_post(person, scenario, seed, javascript):  # noqa: ANN001
    page, _ = person()
    with seed() as session:
        from forum.threads.models import Thread
        author = make_user(session, name="Rude Poster")
        post_id = make_post(session, thread=session.get(Thread, scenario.debate_id),
                            author=author, stance="against", body="You are all idiots.").id
    page.goto(f"/threads/{scenario.debate_id}")
    post_article(page, post_id).get_by_role("link", name="Report the post by Rude Poster").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Report a post by Rude Poster")
    page.get_by_role("button", name="Send report").click()
    expect(page.locator(".error-summary")).to_be_visible()
    check_axe(page, when=javascript)
    page.get_by_role("radio", name="Offensive or abusive").check()
    page.get_by_role("button", name="Send report").click()

    expect(flash(page)).to_contain_text("Thank you for your report")
    expect(page).to_have_url(re.compile(rf"/threads/{scenario.debate_id}.*#post-{post_id}$"))
    post_article(page, post_id).get_by_role("link", name="Report the post by Rude Poster").click()
    expect(page.locator("main")).to_contain_text("You already reported this post")


def test_councillor_posts_a_consultation(person, scenario, javascript):  # noqa: ANN001
    page, name = person("councillor")
    closes = (utcnow() + timedelta(days=21)).strftime("%Y-%m-%dT17:00")
    page.goto(f"/topics/{scenario.topic_slug}")
    page.get_by_role("link", name="Post a consultation").click()
    page.get_by_role("button", name="Publish consultation").click()
    expect(page.locator(".error-summary")).to_be_visible()
    check_axe(page, when=javascript)

    page.get_by_label("Title").fill("Resident parking permits in the Old Town")
    page.get_by_label("The question you are asking").fill(
        "Should permits be needed to park in the Old Town between 8am and 6pm?")
    page.get_by_role("textbox", name=re.compile("Background")).fill(
        "Commuters fill the streets by 8am and residents cannot park near their homes.")
    page.get_by_label(re.compile("^Closes")).fill(closes)
    page.get_by_role("button", name="Publish consultation").click()

    expect(flash(page)).to_contain_text("Your consultation is published")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Resident parking permits in the Old Town")
    expect(heading.locator(".kind-badge")).to_have_text("Consultation")
    expect(page.locator("main")).to_contain_text("Should permits be needed to park")
    expect(page.locator(".thread-opening .byline")).to_contain_text(name)


def test_moderator_drafts_edits_publishes_and_submits(person, closed_consultation,  # noqa: ANN001
                                                      javascript):
    thread_id, title = closed_consultation
    page, _ = person("moderator")
    page.goto(f"/threads/{thread_id}")
    page.get_by_role("link", name="Write a summary").click()
    page.get_by_role("button", name="Draft from the debate").click()
    body = page.get_by_role("textbox", name=re.compile("Summary"))
    expect(body).to_have_value(re.compile(r"## For.*\[#\d+\]", re.S))
    check_axe(page, when=javascript)
    page.get_by_role("button", name="Save", exact=True).click()

    expect(flash(page)).to_contain_text("saved as a draft")
    expect(page.locator(".summary-state")).to_have_text("Draft")
    page.get_by_role("link", name="Edit", exact=True).click()
    body = page.get_by_role("textbox", name=re.compile("Summary"))
    body.fill(body.input_value() + "\n\nResidents were evenly divided on the cost.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(flash(page)).to_contain_text("Saved as revision 2")

    page.get_by_role("button", name="Publish").click()
    expect(flash(page)).to_contain_text("The summary is published")
    expect(page.locator(".summary-state")).to_have_text("Published")
    page.get_by_role("button", name="Submit to the council").click()
    expect(flash(page)).to_contain_text("in the council's inbox")
    expect(page.locator(".summary-moves")).to_contain_text("Submitted to the council")
    expect(page.locator(".coverage")).to_contain_text("Contributions cited")


def test_councillor_drafts_previews_and_publishes_a_response(person, seed,  # noqa: ANN001
                                                              closed_consultation, javascript):
    _, _, title = summarise(seed, closed_consultation, respond=False)
    page, _ = person("councillor")
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Council inbox").click()
    page.get_by_role("link", name=title).click()
    page.get_by_role("link", name="Write the council's response").click()

    page.get_by_role("button", name="Save the draft and preview it").click()
    expect(page.locator(".error-summary")).to_be_visible()
    check_axe(page, when=javascript)
    page.get_by_role("radio", name="Agreed in part").check()
    page.get_by_label("Explanation").fill("A one-year trial of Sunday opening from April.")
    points = page.locator(".point-card")
    assert points.count() >= 2
    points.nth(0).get_by_role("combobox").select_option(label="Needs more work")
    points.nth(0).get_by_role("textbox", name=re.compile("Why, in one sentence")).fill(
        "Staffing is being worked out with the union.")
    points.nth(0).get_by_label(re.compile("Date of the next update")).fill("2099-06-30")
    page.get_by_role("button", name="Save the draft and preview it").click()

    expect(flash(page)).to_contain_text("The draft response is saved")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Preview the council's response")
    expect(page.locator(".response-preview")).to_contain_text("Staffing is being worked out")
    expect(page.locator(".response-preview")).to_contain_text("Next update due by 30 June 2099")
    expect(page.get_by_role("button", name="Publish the response")).to_have_count(0)
    check_axe(page, when=javascript)
    page.get_by_role("link", name="Edit the draft").click()
    # The count is read at once, so the edit page must be there first.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Write the council's response")
    expect(points.first).to_be_visible()
    for i in range(1, points.count()):
        points.nth(i).get_by_role("combobox").select_option(label="Agreed")
        points.nth(i).get_by_role("textbox", name=re.compile("Why, in one sentence")).fill(
            "We agree with what residents said here.")
    page.get_by_role("button", name="Save the draft and preview it").click()
    page.get_by_role("button", name="Publish the response").click()

    expect(flash(page)).to_contain_text("The council's response is published")
    response = page.locator("#response")
    expect(response).to_contain_text("A one-year trial of Sunday opening")
    expect(response.locator(".loop-point").first).to_contain_text("Needs more work")
    check_axe(page, when=javascript)


def test_resident_reads_the_outcome_and_the_report(person, seed,  # noqa: ANN001
                                                   closed_consultation):
    _, thread_id, title = summarise(seed, closed_consultation, respond=True)
    page, _ = person()
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Outcomes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You said, we did")
    card = page.locator("li.outcome").filter(has=page.get_by_role("link", name=title))
    expect(card).to_contain_text("Agreed in part")
    card.locator("details.outcome-points > summary").click()
    first = card.locator(".loop-point").first
    expect(first.locator(".loop-said")).to_contain_text("contribution #")
    expect(first.locator(".loop-decided")).to_contain_text("Needs more work")
    expect(first.locator(".loop-did")).to_contain_text("Nothing reported yet.")
    card.get_by_role("link", name=re.compile("Printable report")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Consultation report: {title}")
    report = page.locator("article.report")
    expect(report).to_contain_text("Should the library open on Sunday afternoons?")
    expect(report).to_contain_text("one-year trial")
    expect(report.locator(".loop-point").first).to_contain_text("Answer to point 1.")
    expect(report.locator("figure.tally")).to_be_visible()
