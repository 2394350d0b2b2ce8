"""Query budgets: the thread page costs the same few queries whatever the thread's size."""
from __future__ import annotations

from forum.posts.models import Post
from forum.posts.revisions import add_revision
from tests.factories import bulk_posts, make_thread, make_user

#: signed in as one of the threads' authors, whose page is made once, as their class's copy,
#: then their own cards are put in: the page's queries, the kept page's key, their cards
QUERY_BUDGET = 9


def _grow(session, thread, authors, n_posts: int) -> None:
    """Add ``n_posts`` posts quickly: 1 argument in 4, the rest replies up to depth 9."""
    bulk_posts(session, thread=thread, authors=authors, n=n_posts)


def test_thread_page_query_count_does_not_grow(client, session, login, count_queries):
    """Anonymous, then signed in, on the same two threads (growing them is the costly part)."""
    authors = [make_user(session) for _ in range(5)]
    small, large = make_thread(session), make_thread(session)
    _grow(session, small, authors, 10)
    _grow(session, large, authors, 1000)
    for signed_in in (False, True):
        if signed_in:
            login(authors[0])
        counts = []
        for thread in (small, large):
            with count_queries() as statements:
                response = client.get(f"/threads/{thread.id}?sort=endorsed")
            assert response.status_code == 200
            counts.append(len(statements))
        assert counts[0] == counts[1], (signed_in, counts)
        assert counts[1] <= QUERY_BUDGET, (signed_in, counts)
