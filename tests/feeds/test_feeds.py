"""The Atom feeds: valid Atom, public content only, absolute links on the configured site."""
from __future__ import annotations

from datetime import timedelta

import feedparser
import pytest

from forum.council.models import CouncilResponse, Decision, ResponseUpdate
from forum.db import utcnow
from forum.feeds.atom import MAX_ENTRIES
from forum.moderation.services import hide_post
from forum.posts.services import delete_post
from forum.summaries.models import Summary
from tests.consultations.conftest import make_consultation
from tests.factories import make_post, make_thread, make_topic, make_user

BASE = "https://forum.example.gov"


@pytest.fixture(autouse=True)
def _base_url(app):  # noqa: ANN001, PT004
    app.config["BASE_URL"] = BASE  # restored after each test


def parse(client, url: str, host: str = "evil.example.com"):  # noqa: ANN001, ANN201
    """Fetch a feed with a foreign Host header and parse it; it must be well-formed Atom."""
    response = client.get(url, headers={"Host": host})
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "application/atom+xml"
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    for name in ("id", "title", "updated"):
        assert parsed.feed.get(name), f"the feed has no {name}"
    for entry in parsed.entries:
        for name in ("id", "title", "updated", "link"):
            assert entry.get(name), f"an entry has no {name}"
        assert entry.link.startswith(BASE + "/")
        assert entry.id.startswith("tag:forum.example.gov,")
        assert entry.content[0].type == "text/html"
    for link in parsed.feed.links:
        assert link.href.startswith(BASE + "/"), link.href
    assert "evil.example.com" not in response.get_data(as_text=True)
    return parsed


def test_a_thread_feed_has_its_readable_posts_only(client, session):
    moderator = make_user(session, role="moderator")
    thread = make_thread(session, title="Bus lanes on <Main> Street")
    author = make_user(session, name="Sam & Co")
    shown = make_post(session, thread=thread, author=author, stance="for",
                      body="Buses **first**.")
    reply = make_post(session, thread=thread, parent=shown, body="I agree.")
    hidden = make_post(session, thread=thread, stance="against", body="Hidden words here.")
    hide_post(session, moderator, hidden, reason="Off topic.", now=utcnow())
    deleted = make_post(session, thread=thread, author=author, stance="against",
                        body="Deleted words here.")
    delete_post(session, author, deleted, now=utcnow())
    session.commit()

    parsed = parse(client, f"/threads/{thread.id}/feed.atom")

    assert parsed.feed.title == "New posts in “Bus lanes on <Main> Street”"
    ids = [e.id for e in parsed.entries]
    assert ids == [f"tag:forum.example.gov,2024:post/{reply.id}",
                   f"tag:forum.example.gov,2024:post/{shown.id}"]
    first = parsed.entries[1]
    assert first.author == "Sam & Co"
    assert first.title == "An argument (for) by Sam & Co in “Bus lanes on <Main> Street”"
    assert "<strong>first</strong>" in first.content[0].value
    assert first.link == f"{BASE}/posts/{shown.id}"
    text = client.get(f"/threads/{thread.id}/feed.atom").get_data(as_text=True)
    assert "Hidden words" not in text and "Deleted words" not in text


def test_the_site_and_topic_feeds_leave_out_consultations_not_open_yet(client, session):
    topic = make_topic(session, title="Transport")
    councillor = make_user(session, role="councillor")
    discussion = make_thread(session, topic=topic, title="Cycle parking at the station")
    upcoming = make_consultation(session, councillor, topic, title="Secret plans ahead",
                                 opens_in=timedelta(days=3), closes_in=timedelta(days=30))
    other = make_thread(session, title="Library hours in winter")
    session.commit()

    site = parse(client, "/feed.atom")
    topic_feed = parse(client, f"/topics/{topic.slug}/feed.atom")

    site_ids = {e.id.rsplit(":", 1)[1] for e in site.entries}
    assert {f"thread/{discussion.id}", f"thread/{other.id}"} <= site_ids
    assert f"thread/{upcoming.id}" not in site_ids
    assert [e.title for e in topic_feed.entries] == ["Cycle parking at the station"]
    assert topic_feed.feed.title == "New threads in Transport"
    assert client.get(f"/threads/{upcoming.id}/feed.atom").status_code == 404
    assert client.get("/topics/no-such-topic/feed.atom").status_code == 404


def _answered(session, thread, author, now, *, published: bool = True):  # noqa: ANN001, ANN202
    summary = Summary(thread_id=thread.id, body="What we heard.", body_html="<p>What we heard.</p>",
                      created_by_id=author.id, published_at=now - timedelta(days=3),
                      submitted_at=now - timedelta(days=3),
                      responded_at=now - timedelta(days=2) if published else None)
    session.add(summary)
    session.flush()
    response = CouncilResponse(summary_id=summary.id, decision=Decision.AGREED,
                               body="We will do it.", body_html="<p>We will do it.</p>",
                               author_id=author.id,
                               published_at=now - timedelta(days=2) if published else None)
    session.add(response)
    session.flush()
    session.add(ResponseUpdate(response_id=response.id, body="Work began.",
                               body_html="<p>Work began.</p>", author_id=author.id,
                               created_at=now - timedelta(days=1)))
    session.flush()
    return summary, response


def test_the_outcomes_feed_has_published_summaries_answers_and_updates(client, session):
    now = utcnow()
    officer = make_user(session, role="councillor", name="Council Officer")
    answered = make_thread(session, title="Bus lane on the High Street")
    draft_only = make_thread(session, title="Unanswered so far")
    summary, response = _answered(session, answered, officer, now)
    session.add(Summary(thread_id=draft_only.id, body="Draft.", body_html="<p>Draft words.</p>",
                        created_by_id=officer.id))
    session.commit()

    parsed = parse(client, "/outcomes/feed.atom")

    assert [e.title for e in parsed.entries] == [
        "A progress update on “Bus lane on the High Street”",
        "The council answered “Bus lane on the High Street”",
        "The summary of “Bus lane on the High Street” is published"]
    assert parsed.entries[1].link == f"{BASE}/summaries/{summary.id}#response"
    assert parsed.entries[1].author == "Council Officer"
    assert "Draft words" not in client.get("/outcomes/feed.atom").get_data(as_text=True)


def test_an_unpublished_answer_is_not_in_the_outcomes_feed(client, session):
    now = utcnow()
    officer = make_user(session, role="councillor")
    thread = make_thread(session, title="Waiting for the council")
    _answered(session, thread, officer, now, published=False)
    session.commit()

    parsed = parse(client, "/outcomes/feed.atom")

    assert [e.title for e in parsed.entries] == ["The summary of “Waiting for the council” is published"]


def test_a_person_feed_lists_their_public_contributions(client, session):
    moderator = make_user(session, role="moderator")
    person = make_user(session, name="Ada Resident")
    thread = make_thread(session, title="Street trees")
    kept = make_post(session, thread=thread, author=person, stance="question", body="Which ones?")
    hidden = make_post(session, thread=thread, author=person, stance="for", body="Hide me.")
    hide_post(session, moderator, hidden, reason="Rude.", now=utcnow())
    session.commit()

    parsed = parse(client, f"/people/{person.id}/feed.atom")

    assert parsed.feed.title == "Contributions by Ada Resident"
    assert [e.link for e in parsed.entries] == [f"{BASE}/posts/{kept.id}"]
    assert client.get("/people/999999/feed.atom").status_code == 404


def test_pages_link_to_their_feeds(client, session):
    person = make_user(session)
    thread = make_thread(session, title="Linked thread")
    make_post(session, thread=thread, author=person, stance="for")
    session.commit()
    pages = {"/": "/feed.atom", "/topics": "/feed.atom",
             f"/topics/{thread.topic.slug}": f"/topics/{thread.topic.slug}/feed.atom",
             f"/threads/{thread.id}": f"/threads/{thread.id}/feed.atom",
             "/outcomes": "/outcomes/feed.atom",
             f"/people/{person.id}": f"/people/{person.id}/feed.atom"}
    for page, feed in pages.items():
        html = client.get(page).get_data(as_text=True)
        assert (f'<link rel="alternate" type="application/atom+xml" title="') in html, page
        assert f'href="{feed}"' in html, page


def test_a_feed_is_limited_and_costs_a_fixed_number_of_queries(client, session, count_queries):
    thread = make_thread(session)
    for _ in range(MAX_ENTRIES + 5):
        make_post(session, thread=thread, author=make_user(session), stance="for")
    session.commit()
    with count_queries() as few:
        first = client.get(f"/threads/{thread.id}/feed.atom")
    make_post(session, thread=thread, author=make_user(session), stance="against")
    session.commit()
    with count_queries() as more:
        second = client.get(f"/threads/{thread.id}/feed.atom")
    assert len(feedparser.parse(second.data).entries) == MAX_ENTRIES
    assert len(more) == len(few) <= 4
    assert first.data != second.data


def test_an_unchanged_feed_is_not_sent_again(client, session):
    thread = make_thread(session)
    make_post(session, thread=thread, stance="for")
    session.commit()
    first = client.get(f"/threads/{thread.id}/feed.atom")
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get(f"/threads/{thread.id}/feed.atom",
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    make_post(session, thread=thread, stance="against")
    session.commit()
    changed = client.get(f"/threads/{thread.id}/feed.atom",
                         headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200


def test_the_outcomes_feed_has_the_answers_to_proposals_and_their_updates(client, session):
    from datetime import timedelta
    from forum.proposals.answer import post_update, publish_answer, save_answer
    from forum.proposals.models import ProposalState
    from forum.proposals.states import move
    from tests.proposals.conftest import make_proposal
    now = utcnow()
    officer = make_user(session, role="councillor", name="Council Officer")
    proposal = make_proposal(session, title="Benches on the river path",
                             now=now - timedelta(days=3))
    waiting = make_proposal(session, title="A draft answer only", now=now - timedelta(days=3))
    for qualified in (proposal, waiting):
        move(session, qualified, ProposalState.QUALIFIED, actor=None, now=now - timedelta(days=2))
    save_answer(session, officer, proposal, decision="accepted", body="Eight benches.",
                now=now - timedelta(hours=3))
    publish_answer(session, officer, proposal, now=now - timedelta(hours=2))
    post_update(session, officer, proposal, body="Four are in.", now=now - timedelta(hours=1))
    save_answer(session, officer, waiting, decision="accepted", body="Secret draft words.",
                now=now - timedelta(hours=1))
    session.commit()

    parsed = parse(client, "/outcomes/feed.atom")

    assert [e.title for e in parsed.entries] == [
        "A progress update on “Benches on the river path”",
        "The council answered “Benches on the river path”"]
    assert {e.link for e in parsed.entries} == {f"{BASE}/threads/{proposal.id}#council-answer"}
    assert "Secret draft words" not in client.get("/outcomes/feed.atom").get_data(as_text=True)


def test_a_feed_marks_its_own_words_and_each_entry_with_their_languages(client, session):  # noqa: ANN001
    thread = make_thread(session, title="Croesfan ger yr ysgol", body="Mae angen croesfan.",
                         language="cy")
    english = make_post(session, thread=thread, stance="for", body="A crossing, please.")
    welsh = make_post(session, thread=thread, stance="for", body="Cytuno.", language="cy")
    session.commit()
    parsed = parse(client, f"/threads/{thread.id}/feed.atom")
    assert parsed.feed.language == "en-GB"  # the feed's words: the site's default
    entries = {entry.id.rsplit(":", 1)[1]: entry for entry in parsed.entries}
    assert entries[f"post/{welsh.id}"].content[0].language == "cy"
    assert entries[f"post/{english.id}"].content[0].language == "en-GB"
    raw = client.get(f"/threads/{thread.id}/feed.atom").get_data(as_text=True)
    # the forum's own entry title stays in the feed's language inside a Welsh entry
    assert '<entry xml:lang="cy"><id>' in raw and '<title xml:lang="en-GB">' in raw
    site = client.get("/feed.atom").get_data(as_text=True)
    assert '<entry xml:lang="cy">' in site and '<title xml:lang=' not in site  # its own title


def test_a_welsh_readers_feed_speaks_welsh(client, session):  # noqa: ANN001
    make_thread(session, title="Parking permits")
    session.commit()
    client.set_cookie("forum_language", "cy")
    raw = client.get("/feed.atom").get_data(as_text=True)
    assert 'xml:lang="cy"' in raw.split("<entry", 1)[0]
    assert '<entry xml:lang="en-GB">' in raw
