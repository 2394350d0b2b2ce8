"""Summary services: drafting, revisions, optimistic locking, moves, staleness, the generator."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.db import utcnow
from forum.errors import Conflict, Invalid, NotAllowed
from forum.notifications.models import Notification
from forum.summaries import services
from forum.summaries.draft import PER_SECTION, draft_from_debate
from forum.summaries.models import SummaryCitation, SummaryState
from tests.factories import make_post, make_thread


def test_a_moderator_drafts_a_summary_as_revision_one(session, people, debate):
    now = utcnow()
    summary = services.create_summary(session, people["moderator"], debate.thread, now=now,
                                      body=f"  Buses first [#{debate.con.id}].\r\n")
    assert summary.state == SummaryState.DRAFT
    assert (summary.revision, summary.body) == (1, f"Buses first [#{debate.con.id}].")
    assert f">#{debate.con.id}</a>" in summary.body_html  # names are written in when shown
    assert [r.number for r in services.revisions(session, summary)] == [1]
    assert session.scalars(select(SummaryCitation.post_id)).all() == [debate.con.id]


def test_a_thread_has_one_summary(session, people, debate):
    services.create_summary(session, people["moderator"], debate.thread, body="One.",
                            now=utcnow())
    with pytest.raises(Conflict, match="already has a summary"):
        services.create_summary(session, people["admin"], debate.thread, body="Two.",
                                now=utcnow())


@pytest.mark.parametrize("role", ["citizen", "suspended", "councillor"])
def test_only_moderators_write_summaries(session, people, debate, role):
    with pytest.raises(NotAllowed):
        services.create_summary(session, people[role], debate.thread, body="Mine.",
                                now=utcnow())


@pytest.mark.parametrize("body", ["", "   ", "x" * 20_001])
def test_an_empty_or_huge_body_is_refused(session, people, debate, body):
    with pytest.raises(Invalid) as caught:
        services.create_summary(session, people["moderator"], debate.thread, body=body,
                                now=utcnow())
    assert caught.value.field == "body"


def test_every_save_is_a_revision_and_the_citations_follow_the_latest(session, people, debate,
                                                                      draft_of):
    summary = draft_of(debate.thread, f"First [#{debate.pro.id}].")
    services.edit_summary(session, people["admin"], summary, revision=1, now=utcnow(),
                          body=f"Second [#{debate.con.id}] [#{debate.reply.id}].")
    assert summary.revision == 2
    history = services.revisions(session, summary)
    assert [(r.number, r.editor.display_name) for r in history] == [(2, "Ad Admin"),
                                                                    (1, "Mo Moderator")]
    assert history[1].body == f"First [#{debate.pro.id}]."
    cited = session.scalars(select(SummaryCitation.post_id).order_by(SummaryCitation.post_id))
    assert cited.all() == sorted([debate.con.id, debate.reply.id])


def test_a_save_based_on_an_old_revision_is_refused_and_nothing_is_overwritten(
        session, people, debate, draft_of):
    summary = draft_of(debate.thread, "Base text.")
    services.edit_summary(session, people["admin"], summary, body="Admin's text.", revision=1,
                          now=utcnow())
    session.commit()
    with pytest.raises(Conflict) as caught:
        services.edit_summary(session, people["moderator"], summary, body="Moderator's text.",
                              revision=1, now=utcnow())
    session.rollback()
    assert caught.value.code == "stale_revision"
    assert "by Ad Admin" in caught.value.message and "revision 2" in caught.value.message
    session.refresh(summary)
    assert (summary.revision, summary.body) == (2, "Admin's text.")
    assert len(services.revisions(session, summary)) == 2


def test_a_citation_error_on_edit_changes_nothing(session, people, debate, draft_of):
    summary = draft_of(debate.thread, "Base text.")
    with pytest.raises(Invalid):
        services.edit_summary(session, people["moderator"], summary, body="[#999999]",
                              revision=1, now=utcnow())
    session.rollback()
    session.refresh(summary)
    assert (summary.revision, summary.body) == (1, "Base text.")


def test_publishing_notifies_everyone_who_posted_but_the_publisher(session, people, debate,
                                                                   draft_of):
    summary = draft_of(debate.thread, "Text.")
    make_post(session, thread=debate.thread, author=people["moderator"], stance="neutral")
    services.publish_summary(session, people["moderator"], summary, now=utcnow())
    rows = session.execute(select(Notification.user_id, Notification.kind, Notification.link)
                           .where(Notification.link.startswith("/summaries/"))).all()
    expected = {debate.ana.id, debate.ben.id, debate.thread.author_id}
    assert {r.user_id for r in rows} == expected
    assert {(r.kind, r.link) for r in rows} == {("summary_published", f"/summaries/{summary.id}")}
    assert summary.published_by_id == people["moderator"].id and summary.published_at


def test_a_summary_records_the_newest_post_it_took_into_account(session, people, debate,
                                                                draft_of):
    summary = draft_of(debate.thread, "Text.")
    assert summary.covers_up_to_id == debate.reply.id
    assert summary.covers_up_to_at == debate.reply.created_at
    newer = make_post(session, thread=debate.thread, stance="for")
    services.edit_summary(session, people["moderator"], summary, body="Later.", revision=1,
                          now=utcnow(), seen_up_to=debate.reply.id)
    assert summary.covers_up_to_id == debate.reply.id  # the editor had not seen ``newer``
    services.edit_summary(session, people["moderator"], summary, body="Latest.", revision=2,
                          now=utcnow())
    assert summary.covers_up_to_id == newer.id


def test_a_summary_of_a_thread_without_posts_covers_nothing(session, people):
    thread = make_thread(session)
    summary = services.create_summary(session, people["moderator"], thread, body="Quiet.",
                                      now=utcnow())
    assert summary.covers_up_to_id is None and summary.covers_up_to_at is None


# Draft from debate ---------------------------------------------------------------------------

def test_the_draft_lists_the_most_endorsed_arguments_per_stance_in_order(session):
    thread = make_thread(session)
    start = utcnow() - timedelta(hours=3)

    def arg(stance: str, endorsements: int, body: str, hidden: bool = False):  # noqa: ANN202
        post = make_post(session, thread=thread, stance=stance, body=body, now=start)
        post.endorsement_count = endorsements
        if hidden:
            post.hidden_at = start
        return post

    f1 = arg("for", 2, "Cafés could put tables out. And more.")
    f2 = arg("for", 5, "Children would walk **safely**! Really.")
    f3 = arg("for", 2, "Footfall rises in trials.")
    arg("for", 9, "Hidden argument.", hidden=True)
    fs = [arg("for", 1, f"Minor point {i}.") for i in range(3)]
    g1 = arg("against", 0, "Buses first.")
    q1 = arg("question", 1, "What about deliveries? Early mornings?")
    make_post(session, thread=thread, parent=g1, body="A reply is not an argument.")
    session.flush()
    assert PER_SECTION == 5
    assert draft_from_debate(session, thread) == (
        "## For\n\n"
        f"- Children would walk safely! [#{f2.id}]\n"
        f"- Cafés could put tables out. [#{f1.id}]\n"
        f"- Footfall rises in trials. [#{f3.id}]\n"
        f"- Minor point 0. [#{fs[0].id}]\n"
        f"- Minor point 1. [#{fs[1].id}]\n\n"
        "## Against\n\n"
        f"- Buses first. [#{g1.id}]\n\n"
        "## Questions\n\n"
        f"- What about deliveries? [#{q1.id}]")


def test_the_draft_of_a_thread_without_arguments_is_empty(session):
    assert draft_from_debate(session, make_thread(session)) == ""


def test_a_generated_draft_saves_with_valid_citations(session, people, debate):
    body = draft_from_debate(session, debate.thread)
    summary = services.create_summary(session, people["moderator"], debate.thread, body=body,
                                      now=utcnow())
    assert summary.body_html.count("<a href=") == 2
