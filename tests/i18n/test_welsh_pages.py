"""Pages whose templates were wrapped last speak Welsh to a Welsh browser, and English stays
as it was: the topic list and a topic, a thread with its tally, the search form, the account
page, the notification settings and the transparency report."""
from __future__ import annotations

from forum.db import db
from tests.factories import make_post, make_thread, make_topic, make_user

WELSH = {"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"}


def _page(client, path: str, headers: dict | None = None, status: int = 200) -> str:  # noqa: ANN001
    response = client.get(path, headers=headers or {})
    assert response.status_code == status, path
    return response.get_data(as_text=True)


def test_the_topic_list_and_a_topic_speak_welsh(client, session):
    topic = make_topic(session, title="Parcio")
    make_thread(session, topic=topic, title="Parcio ar y stryd fawr")
    db.session.commit()
    topics = _page(client, "/topics", WELSH)
    assert "<h1>Pynciau polisi</h1>" in topics and "1 edefyn · 1 neges" in topics
    shown = _page(client, f"/topics/{topic.slug}", WELSH)
    assert "Chwilio yn y pwnc hwn" in shown and "Gan " in shown and "gweithgarwch diwethaf" in shown
    assert "Policy topics" not in topics and "Search in this topic" not in shown


def test_a_thread_and_its_tally_speak_welsh(client, session):
    thread = make_thread(session, title="Llwybr beicio newydd")
    make_post(session, thread=thread, stance="for")
    db.session.commit()
    page = _page(client, f"/threads/{thread.id}", WELSH)
    assert '<h2 id="debate-title">Y ddadl</h2>' in page
    assert "Yr hynaf yn gyntaf" in page and "Dechreuwyd gan" in page
    # the tally's legend names each stance (its keys are plain strings) in the reader's language
    legend = page.split('class="tally-legend"', 1)[1].split("</ul>", 1)[0]
    assert "O blaid" in legend and "Yn erbyn" in legend and "Against" not in legend


def test_the_tally_still_reads_in_english(client, session):
    thread = make_thread(session)
    make_post(session, thread=thread, stance="against")
    db.session.commit()
    legend = _page(client, f"/threads/{thread.id}").split('class="tally-legend"', 1)[1]
    assert "Against</span> 1 (100%)" in legend.split("</ul>", 1)[0]


def test_the_search_form_speaks_welsh(client):
    page = _page(client, "/search?q=parcio", WELSH)
    assert "<title>Chwilio: parcio" in page
    assert "Geiriau i’w canfod" in page and "Culhau’r chwilio" in page and "Canlyniadau" in page
    assert "Words to find" not in page


def test_a_refused_search_says_error_in_welsh_in_its_title(client):
    page = _page(client, "/search?q=parcio&from=not-a-date", WELSH, status=422)
    assert "<title>Gwall: Chwilio: parcio" in page


def test_the_account_page_speaks_welsh(client, session, login):
    user = make_user(session)
    login(user)
    page = _page(client, "/account", WELSH)
    assert "<h1>Eich cyfrif</h1>" in page and "Ble rydych wedi mewngofnodi" in page
    assert "Aelod ers" in page and "(y ddyfais hon)" in page
    assert "Where you are signed in" not in page


def test_settings_and_the_transparency_report_speak_welsh(client, session, login):
    login(make_user(session))
    assert "Cadw eich dewisiadau" in _page(client, "/account/notifications", WELSH)
    report = _page(client, "/transparency", WELSH)
    assert "Adroddiad tryloywder cymedroli" in report and "Deuddeg mis" in report


def test_a_proposals_timeline_reads_the_forums_notes_in_welsh(client, session):
    """The decision the council gave is written on the timeline in the reader's language."""
    from sqlalchemy import select

    from forum.proposals.answer import publish_answer, save_answer
    from forum.proposals.models import ProposalEvent, ProposalState
    from forum.proposals.states import move
    from tests.proposals.conftest import make_proposal
    proposal = make_proposal(session, title="Meinciau ar lan yr afon")
    councillor = make_user(session, role="councillor")
    move(session, proposal, ProposalState.QUALIFIED, actor=None, now=proposal.created_at)
    save_answer(session, councillor, proposal, decision="accepted_in_part", body="Wyth mainc.",
                now=proposal.created_at)
    publish_answer(session, councillor, proposal, now=proposal.created_at)
    db.session.commit()
    event = session.scalars(select(ProposalEvent).where(
        ProposalEvent.to_state == ProposalState.ANSWERED)).one()
    assert event.note == "Accepted in part"  # the default language, for the record
    timeline = _page(client, f"/threads/{proposal.id}", WELSH).split('class="timeline"')[1]
    assert "Accepted in part" not in timeline.split("</ol>")[0]
    assert "Accepted in part" in _page(client, f"/threads/{proposal.id}").split(
        'class="timeline"')[1].split("</ol>")[0]
