"""One status everywhere: the home page, /outcomes, the banner and the timeline agree."""
from __future__ import annotations

import re
from datetime import timedelta

from forum.consultations.services import post_consultation
from forum.db import utcnow
from forum.summaries import services
from tests.factories import make_topic
from tests.summaries.helpers import advance, make_debate


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_summary_published_while_open_does_not_close_the_consultation(client, session,
                                                                         people):
    """Reproduces the report: "Closed 10 December" (a future date) on /outcomes, "closes in
    8 days" on the banner and "Summary to be published" on the timeline, all at once."""
    now = utcnow()
    thread = post_consultation(session, people["councillor"], make_topic(session),
                               title="Bins every week", question="Weekly bins?", body="B.",
                               now=now - timedelta(days=2),
                               closes_at=now + timedelta(days=8, hours=1))
    make_debate(session, thread=thread, now=now - timedelta(days=1))
    summary = services.create_summary(session, people["moderator"], thread, body="So far.",
                                      now=now - timedelta(hours=2))
    advance(session, summary, "published", people, now=now - timedelta(hours=1))
    session.commit()

    outcomes = client.get("/outcomes?status=open").text
    card = _text(outcomes.split('<li class="card outcome', 1)[1].split("</li>", 1)[0])
    assert "Bins every week" in card
    assert "Closed" not in card and "Closes" in card
    assert "Open for contributions" in card
    assert "Bins every week" not in client.get("/outcomes?status=summarised").text

    page = client.get(f"/threads/{thread.id}").text
    banner = _text(page.split('class="consultation-banner', 1)[1].split("</section>", 1)[0])
    assert "Open: closes in 8 days" in banner
    timeline = page.split('class="timeline"', 1)[1].split("</section>", 1)[0]
    assert 'aria-current="step"' in timeline.split("Opened", 1)[0] + "Opened"
    assert "Summary to be published" not in timeline
    assert "Summary of the debate so far published" in timeline

    home = _text(client.get("/").text)
    assert "Bins every week" in home and "Open: closes in 8 days" in home
