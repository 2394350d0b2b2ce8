"""The index follows every change in the same transaction, on both databases."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from forum.consultations.services import post_consultation
from forum.council.services import publish_response
from forum.db import utcnow
from forum.moderation.services import hide_post, restore_post
from forum.posts.services import delete_post, edit_post
from forum.search.index import index_again, index_tables
from forum.search.models import DocumentKind
from forum.summaries import services as summaries
from forum.threads.services import edit_thread
from tests.factories import make_post, make_thread, make_topic, make_user
from tests.search.helpers import find, found
from tests.summaries.helpers import answer_all, make_closed_consultation, make_people


def test_a_new_thread_and_post_are_found(session):
    thread = make_thread(session, title="Potholes on Mill Lane", body="They are getting deeper.")
    post = make_post(session, thread=thread, stance="for", body="Fill the potholes before winter.")
    assert found(find(session, "pothole")) == {("discussion", thread.id), ("post", post.id)}
    assert find(session, "pothole").total == 2


def test_an_edit_replaces_the_words(session):
    thread = make_thread(session, title="Street lighting at night")
    author = make_user(session)
    post = make_post(session, thread=thread, author=author, stance="for", body="Dim lamps.")
    edit_post(session, author, post, body="Brighter lanterns please.", now=utcnow())
    assert find(session, "lamps").total == 0
    assert found(find(session, "lantern")) == {("post", post.id)}
    edit_thread(session, thread.author, thread, title="Street lanterns at night",
                body=thread.body, now=utcnow())
    assert ("discussion", thread.id) in found(find(session, "lantern"))


def test_hidden_and_deleted_posts_leave_results_counts_and_snippets(session):
    moderator = make_user(session, role="moderator")
    thread = make_thread(session, title="Recycling collections")
    author = make_user(session)
    kept = make_post(session, thread=thread, stance="for", body="Weekly glass collection.")
    hidden = make_post(session, thread=thread, author=author, stance="against",
                       body="Glass collection abusive words.")
    assert find(session, "glass").total == 2
    hide_post(session, moderator, hidden, reason="Abusive language.", now=utcnow())
    results = find(session, "glass")
    assert found(results) == {("post", kept.id)} and results.total == 1
    assert all("abusive" not in hit.snippet_html for hit in results.hits)
    assert find(session, "abusive").total == 0
    restore_post(session, moderator, hidden, now=utcnow())
    assert find(session, "abusive").total == 1
    delete_post(session, author, hidden, now=utcnow())
    assert find(session, "abusive").total == 0
    assert sum(session.scalar(select(func.count()).select_from(table).where(
        table.c.kind == "post")) for table in index_tables(session)) == 1


def test_summaries_and_responses_are_found_only_once_published(session):
    people = make_people(session)
    consultation = make_closed_consultation(session, people["councillor"])
    summary = summaries.create_summary(session, people["moderator"], consultation,
                                       now=utcnow(), body="Residents asked for a zebra crossing.")
    assert find(session, "zebra").total == 0
    summaries.publish_summary(session, people["moderator"], summary, now=utcnow())
    assert found(find(session, "zebra")) == {("summary", summary.id)}
    summaries.submit_summary(session, people["moderator"], summary, now=utcnow())
    response = answer_all(session, people["councillor"], summary, now=utcnow(), publish=False)
    assert find(session, "agree", kind=DocumentKind.RESPONSE).total == 0
    publish_response(session, people["councillor"], summary, now=utcnow())
    results = find(session, "agree", kind=DocumentKind.RESPONSE)
    assert found(results) == {("response", response.id)}
    assert results.hits[0].summary_id == summary.id


def test_an_upcoming_consultation_is_found_only_by_whom_the_rules_allow(session):
    councillor, staff = make_user(session, role="councillor"), make_user(session, role="admin")
    now = utcnow()
    upcoming = post_consultation(session, councillor, make_topic(session),
                                 title="Allotments at Kings Meadow", question="Where should the allotments go?",
                                 body="New allotments.", opens_at=now + timedelta(days=3),
                                 closes_at=now + timedelta(days=20), now=now)
    assert find(session, "allotments").total == 0
    assert find(session, "allotments", make_user(session)).total == 0
    assert found(find(session, "allotments", staff)) == {("consultation", upcoming.id)}
    assert find(session, "allotments", councillor).total == 1
    assert find(session, "allotments", now=now + timedelta(days=4)).total == 1


def test_indexing_again_follows_a_change_made_in_bulk(session):
    thread = make_thread(session, title="Library hours")
    author = make_user(session)
    post = make_post(session, thread=thread, author=author, stance="for",
                     body="Open libraries late.")
    assert find(session, "libraries", kind=DocumentKind.POST).total == 1
    thread.title = "Reading rooms"
    post.deleted_at = post.created_at
    index_again(session, [post, thread])
    assert find(session, "libraries", kind=DocumentKind.POST).total == 0
    assert find(session, "reading rooms").total == 1


def test_a_rolled_back_change_leaves_the_index_as_it_was(session):
    thread = make_thread(session, title="Benches in the park")
    session.commit()
    make_post(session, thread=thread, stance="for", body="More benches by the pond.")
    session.rollback()
    assert find(session, "pond").total == 0


def test_the_answer_to_a_proposal_is_found_once_published_and_links_to_it(app, session):
    from forum.proposals.answer import publish_answer, save_answer
    from forum.proposals.models import ProposalState
    from forum.proposals.states import move
    from forum.search.links import hit_url
    from tests.proposals.conftest import make_proposal
    proposal = make_proposal(session, title="Benches on the river path")
    councillor = make_user(session, role="councillor")
    move(session, proposal, ProposalState.QUALIFIED, actor=None, now=utcnow())
    save_answer(session, councillor, proposal, decision="accepted",
                body="We will install eight oak benches.", now=utcnow())
    assert find(session, "oak", kind=DocumentKind.RESPONSE).total == 0
    publish_answer(session, councillor, proposal, now=utcnow())
    results = find(session, "oak", kind=DocumentKind.RESPONSE)
    assert len(results.hits) == 1 and results.hits[0].thread.id == proposal.id
    with app.test_request_context():
        assert hit_url(results.hits[0]) == f"/threads/{proposal.id}#council-answer"
