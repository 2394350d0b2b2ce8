"""The loop told the same way everywhere, clicked through with and without JS at desktop and
phone widths: the home page explains itself and leads to an open consultation; a summary
published while it is open leaves it open on every page; a closed consultation says what
happens next; on a phone the argument form is one tap from the top of a thread."""
from __future__ import annotations

import itertools
import re
from datetime import timedelta

import pytest

from forum.db import utcnow
from tests.browser.helpers import check_axe, expect
from tests.factories import make_post, make_topic, make_user

pytestmark = pytest.mark.browser
_n = itertools.count(1)
#: a desktop window, then a phone's
WIDTHS = [1280, 375]


def _people(session) -> dict:  # noqa: ANN001
    return {"moderator": make_user(session, role="moderator"),
            "councillor": make_user(session, role="councillor")}


def _consultation(seed, *, stage: str) -> tuple[int, str]:  # noqa: ANN001
    """A consultation with a small debate: ``open_summarised`` (open, with a summary of the
    debate so far), ``closed`` (no summary), ``summarised`` or ``responded``."""
    from forum.consultations.services import close_consultation, post_consultation
    from forum.summaries.services import create_summary
    from tests.summaries.helpers import advance
    title = f"Weekly food waste collection {next(_n)}"
    now = utcnow()
    with seed() as session:
        people = _people(session)
        thread = post_consultation(session, people["councillor"], make_topic(session),
                                   title=title, question="Should food waste go every week?",
                                   body="It would cost £90,000 a year.",
                                   closes_at=now + timedelta(days=8, hours=1),
                                   now=now - timedelta(days=1))
        make_post(session, thread=thread, author=make_user(session), stance="for",
                  body="Yes: it smells by the second week.", now=now - timedelta(hours=20))
        if stage != "open_summarised":
            close_consultation(session, people["councillor"], thread,
                               reason="Enough views were received.",
                               now=now - timedelta(hours=3))
        if stage != "closed":
            summary = create_summary(session, people["moderator"], thread,
                                     body="Residents want weekly collections.",
                                     now=now - timedelta(hours=2))
            advance(session, summary, "published" if stage != "responded" else "responded",
                    people, now=now - timedelta(hours=1))
        return thread.id, title


def test_the_home_page_explains_the_loop_and_leads_to_an_open_consultation(
        new_context, seed, javascript):  # noqa: ANN001
    """On a desktop, then on a phone (the same visitor's window, narrowed)."""
    thread_id, title = _consultation(seed, stage="open_summarised")
    page = new_context(javascript=javascript).new_page()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/")
        how = page.get_by_role("region", name="How it works")
        expect(how.locator("li")).to_have_count(4)
        expect(how).to_contain_text("The council answers.")
        expect(page.get_by_role("region", name="Latest council decisions")).to_be_visible()
        check_axe(page, when=javascript)
        page.get_by_role("link", name="Have your say on an open consultation").click()
        expect(page).to_have_url(re.compile(r"/#have-your-say$"))
        say = page.get_by_role("region", name="Have your say")
        expect(say.get_by_role("link", name=re.compile(title))).to_be_in_viewport()
        expect(say.locator("li").filter(has_text=title)).to_contain_text("Open: closes in 8 days")

        say.get_by_role("link", name=re.compile(title)).click()
        expect(page.locator(".consultation-status")).to_contain_text("Open: closes in 8 days")
        timeline = page.get_by_role("region", name="Progress")
        expect(timeline.locator('[aria-current="step"]')).to_contain_text("Opened")
        expect(timeline).to_contain_text("Summary of the debate so far published")
        expect(timeline).not_to_contain_text("Summary to be published")
        check_axe(page, when=javascript)

        page.goto("/outcomes?status=open")
        card = page.locator("li.outcome").filter(has=page.get_by_role("link", name=title))
        expect(card).to_contain_text("Open for contributions")
        expect(card).to_contain_text("Closes")
        expect(card).not_to_contain_text("Closed")


@pytest.mark.parametrize(("stage", "lands_on"), [
    ("closed", "Progress"), ("summarised", "Summary of"), ("responded", "The council.s response")])
def test_a_closed_consultation_says_what_happens_next(new_context, signed_in_page, seed,
                                                      javascript, stage,
                                                      lands_on):  # noqa: ANN001
    """For a visitor and a resident, each on a desktop and then a phone (one consultation
    for the four, which only read it)."""
    thread_id, title = _consultation(seed, stage=stage)
    with seed() as session:
        user = make_user(session, email=f"status-resident{next(_n)}@example.org")
        resident = signed_in_page(user, javascript=javascript)
    for who, page in (("visitor", new_context(javascript=javascript).new_page()),
                      ("resident", resident)):
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"/threads/{thread_id}")
            main = page.locator("main")
            expect(main).not_to_contain_text("to take part")
            expect(main.get_by_role("link", name="Add your argument")).to_have_count(0)
            contribute = page.get_by_role("region", name="What happens next")
            expect(contribute).to_contain_text("Closed — see what happens next")
            check_axe(page, when=javascript)
            contribute.get_by_role("link", name="see what happens next").click()
            if stage == "closed":
                expect(page).to_have_url(re.compile(rf"/threads/{thread_id}#progress$"))
                expect(page.get_by_role("region", name="Progress")).to_be_in_viewport()
            else:
                expect(page).to_have_url(re.compile(r"/summaries/\d+(#response)?$"))
                expect(page.get_by_role("heading", name=re.compile(lands_on)).first,
                       f"the {who}'s page at {width}px").to_be_visible()


def test_the_argument_form_is_one_tap_from_the_top_of_a_thread(signed_in_page, seed,
                                                               javascript):  # noqa: ANN001
    """On a desktop, then on a phone (the same resident's window, narrowed)."""
    thread_id, title = _consultation(seed, stage="open_summarised")
    with seed() as session:
        user = make_user(session, email=f"status-jump{next(_n)}@example.org")
        page = signed_in_page(user, javascript=javascript)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/threads/{thread_id}")
        jump = page.locator(".jump-to-form").get_by_role("link", name="Add your argument")
        expect(jump).to_be_in_viewport()
        check_axe(page, when=javascript)
        jump.click()
        expect(page).to_have_url(re.compile(rf"/threads/{thread_id}#contribute$"))
        form = page.get_by_role("region", name="Add your argument")
        expect(form.get_by_role("heading", name="Add your argument")).to_be_in_viewport()
        form.get_by_label("For", exact=True).check()
        form.get_by_label("Your argument").fill(
            f"Weekly collections would keep the bins from attracting foxes ({width} px).")
        form.get_by_role("button", name="Post argument").click()
        expect(page.locator("main")).to_contain_text(
            f"keep the bins from attracting foxes ({width} px)")
