"""Coverage and balance, on a thread whose right answer is worked out by hand below."""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from forum.db import utcnow
from forum.summaries import services
from forum.summaries.coverage import compute_coverage, thread_figures
from tests.factories import make_post, make_thread, make_user


@pytest.fixture
def hand_built(session, people):  # noqa: ANN001
    """Five authors A–E; hidden and deleted posts that must not count.

    Arguments: a1 A for (3 endorsements), a2 B against (2), a3 C neutral (0), a4 D question (1),
    a5 E for (hidden, 9), a6 A against (deleted, 5).
    Replies: r1 B → a1, r2 C → r1, r3 D → a2, r4 E → a2 (hidden).
    """
    start = utcnow() - timedelta(hours=2)
    a, b, c, d, e = (make_user(session, name=n) for n in "ABCDE")
    thread = make_thread(session, now=start)

    def post(author, stance=None, parent=None, endorsements=0):  # noqa: ANN001, ANN202
        made = make_post(session, thread=thread, author=author, stance=stance, parent=parent,
                         now=start)
        made.endorsement_count = endorsements
        return made

    p = SimpleNamespace(thread=thread)
    p.a1, p.a2 = post(a, "for", endorsements=3), post(b, "against", endorsements=2)
    p.a3, p.a4 = post(c, "neutral"), post(d, "question", endorsements=1)
    p.a5, p.a6 = post(e, "for", endorsements=9), post(a, "against", endorsements=5)
    p.r1 = post(b, parent=p.a1)
    p.r2 = post(c, parent=p.r1)
    p.r3 = post(d, parent=p.a2)
    p.r4 = post(e, parent=p.a2)
    for hidden in (p.a5, p.r4):
        hidden.hidden_at, hidden.hidden_reason = start, "Abuse"
    p.a6.deleted_at = start
    session.flush()
    # Cites a1 (twice), r2, r3 and a3.
    p.summary = services.create_summary(
        session, people["moderator"], thread, now=utcnow(),
        body=f"Yes [#{p.a1.id}] [#{p.r2.id}].\n\nNo [#{p.r3.id}].\n\nMaybe [#{p.a3.id}] "
             f"(again [#{p.a1.id}]).")
    session.commit()
    return p


def test_coverage_numbers_match_the_hand_count(session, hand_built):
    cov = compute_coverage(session, hand_built.summary, uncited=True)
    # visible: a1 a2 a3 a4 r1 r2 r3 = 7; cited a1 r2 r3 a3 = 4
    assert (cov.cited_contributions, cov.contributions) == (4, 7)
    # authors of visible posts: A B C D (E only wrote hidden posts); cited: A, C, D
    assert (cov.cited_participants, cov.participants) == (3, 4)
    # endorsed visible arguments: a1 (3), a2 (2), a4 (1); only a1 is cited
    assert (cov.top_cited, cov.top_considered) == (1, 3)
    assert cov.uncited_top_ids == [hand_built.a2.id, hand_built.a4.id]
    shares = {s.stance: (s.cited, s.arguments, s.cited_share, s.argument_share)
              for s in cov.stances}
    # citations by their argument's stance: a1 for, r2 (→a1) for, r3 (→a2) against, a3 neutral
    assert shares == {"for": (2, 1, 0.5, 0.25), "against": (1, 1, 0.25, 0.25),
                      "neutral": (1, 1, 0.25, 0.25), "question": (0, 1, 0.0, 0.25)}
    assert cov.newer == 0


def test_uncited_top_arguments_are_only_listed_when_asked(session, hand_built):
    assert compute_coverage(session, hand_built.summary).uncited_top_ids is None


def test_only_the_ten_most_endorsed_arguments_are_considered(session, people):
    thread = make_thread(session)
    posts = [make_post(session, thread=thread, stance="for") for _ in range(12)]
    for count, post in enumerate(posts, start=1):
        post.endorsement_count = count
    session.flush()
    # cite the least endorsed (outside the top ten) and the most endorsed
    summary = services.create_summary(session, people["moderator"], thread, now=utcnow(),
                                      body=f"[#{posts[0].id}] [#{posts[-1].id}]")
    cov = compute_coverage(session, summary, uncited=True)
    assert (cov.top_cited, cov.top_considered) == (1, 10)
    assert cov.uncited_top_ids == [p.id for p in reversed(posts[2:-1])]


def test_ties_in_endorsements_go_to_the_older_argument(session, people):
    thread = make_thread(session)
    posts = [make_post(session, thread=thread, stance="for") for _ in range(11)]
    for post in posts:
        post.endorsement_count = 1
    session.flush()
    summary = services.create_summary(session, people["moderator"], thread, now=utcnow(),
                                      body=f"[#{posts[-1].id}]")
    cov = compute_coverage(session, summary, uncited=True)
    assert (cov.top_cited, cov.top_considered) == (0, 10)
    assert cov.uncited_top_ids == [p.id for p in posts[:10]]


def test_newer_contributions_count_visible_posts_after_the_covered_one(session, hand_built):
    later = make_post(session, thread=hand_built.thread, stance="for")
    make_post(session, thread=hand_built.thread, parent=later)
    hidden = make_post(session, thread=hand_built.thread, stance="against")
    hidden.hidden_at = utcnow()
    session.commit()
    cov = compute_coverage(session, hand_built.summary)
    assert cov.newer == 2
    assert (cov.cited_contributions, cov.contributions) == (4, 9)


def test_a_summary_written_before_any_post_counts_every_post_as_newer(session, people):
    thread = make_thread(session)
    summary = services.create_summary(session, people["moderator"], thread, body="Early.",
                                      now=utcnow())
    make_post(session, thread=thread, stance="for")
    session.flush()
    cov = compute_coverage(session, summary)
    assert (cov.newer, cov.contributions, cov.top_considered) == (1, 1, 0)
    assert all(s.cited_share == 0 for s in cov.stances)


def test_thread_figures_agree_with_the_panel(session, hand_built):
    figures = thread_figures(session, hand_built.thread.id)
    assert (figures.participants, figures.arguments, figures.replies) == (4, 4, 3)
    assert figures.argument_tally == {"for": 1, "against": 1, "neutral": 1, "question": 1}
