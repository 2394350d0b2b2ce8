"""Query budgets: telling N followers costs the same as telling one, and the follow button
costs anonymous readers nothing and signed-in readers one query."""
from __future__ import annotations

from forum.db import utcnow
from forum.notifications import follows
from forum.notifications.models import FollowKind
from tests.factories import bearer, make_post, make_thread, make_user


def _post_statements(session, count_queries, thread, author) -> list[str]:  # noqa: ANN001
    with count_queries() as statements:
        make_post(session, thread=thread, author=author, stance="for")
    return statements


def test_telling_many_followers_costs_what_telling_one_does(session, forum, count_queries):  # noqa: ANN001
    now = utcnow()
    few = make_thread(session, author=forum.author, topic=forum.topic, title="Few followers")
    many = make_thread(session, author=forum.author, topic=forum.topic, title="Many followers")
    follows.follow(session, forum.ana, FollowKind.THREAD, few.id, now=now)
    follows.follow(session, forum.ben, FollowKind.PERSON, forum.cat.id, now=now)
    for _ in range(25):
        reader = make_user(session)
        follows.follow(session, reader, FollowKind.THREAD, many.id, now=now)
        follows.follow(session, reader, FollowKind.PERSON, forum.cat.id, now=now)
    session.commit()
    for thing in (few, many, forum.cat):  # loaded again after the commit, before counting
        session.refresh(thing)
    one = _post_statements(session, count_queries, few, forum.cat)
    lots = _post_statements(session, count_queries, many, forum.cat)
    assert len(one) == len(lots), (one, lots)
    # who is emailed at once is one query per kind told, loading only those people (none here)
    assert len([s for s in lots if s.startswith("SELECT users")]) == 2
    inserts = [s for s in lots if s.startswith("INSERT INTO notifications")]
    assert len(inserts) == 2  # followed_thread and followed_person: one executemany each


def test_the_follow_button_costs_signed_in_readers_one_query(client, login, forum,  # noqa: ANN001
                                                              count_queries):
    url = f"/threads/{forum.thread.id}"
    with count_queries() as anonymous:
        assert client.get(url).status_code == 200
    assert not [s for s in anonymous if "follows" in s]
    login(forum.ana)
    with count_queries() as signed_in:
        assert client.get(url).status_code == 200
    assert len([s for s in signed_in if "FROM follows" in s]) == 1


def test_a_post_sent_with_a_token_costs_what_it_must(client, session, forum,  # noqa: ANN001
                                                      count_queries):
    """The write path's statements: the token and its user in one query; a second post in
    a thread its author follows already does not ask to follow it again; a new post has no
    row of the search index to remove."""
    headers = bearer(forum.cat, session)
    url = f"/api/v1/threads/{forum.thread.id}/posts"
    session.commit()
    runs = []
    for n in range(2):
        with count_queries() as statements:
            response = client.post(url, json={"body": f"Post number {n}.", "stance": "for"},
                                   headers=headers)
        assert response.status_code == 201, response.get_json()
        runs.append(statements)
    first, second = runs
    token_reads = [s for s in second if "FROM api_tokens" in s]
    assert len(token_reads) == 1 and "JOIN users" in token_reads[0], token_reads
    assert not [s for s in second if s.startswith("SELECT users") and "WHERE users.id = " in s]
    assert [s for s in first if s.startswith("INSERT INTO follows")]
    assert not [s for s in second if s.startswith("INSERT INTO follows")]
    assert not [s for s in second if s.startswith("DELETE")]
    assert len(second) < len(first), (first, second)
    assert follows.is_following(session, forum.cat, FollowKind.THREAD, forum.thread.id)
