"""The thread page keeps each post's rendered card, keyed by everything the card shows: a
change to the post, its author, the reader's rights or the language is a new card, the
session's CSRF token is never kept, and the cache stays bounded by the weight of its HTML."""
from __future__ import annotations

import re

from forum.db import utcnow
from forum.moderation.services import hide_post
from forum.posts.cards import CardCache
from forum.posts.services import edit_post, endorse
from tests.factories import make_post, make_thread, make_user


def _cache(client) -> CardCache:  # noqa: ANN001
    return client.application.extensions.setdefault("forum_card_cache", CardCache())


def _article(page: str, post_id: int) -> str:
    return page.split(f'id="post-{post_id}"')[1].split("</article>")[0]


def test_a_second_view_reads_the_kept_cards(client, session):
    thread = make_thread(session)
    posts = [make_post(session, thread=thread, stance="for") for _ in range(3)]
    session.commit()
    cache = _cache(client)
    first = client.get(f"/threads/{thread.id}").text
    kept = len(cache)
    second = client.get(f"/threads/{thread.id}").text
    assert len(cache) == kept >= len(posts)  # nothing new rendered
    assert first.split('<ol class="tree">', 1)[1] == second.split('<ol class="tree">', 1)[1]


def test_every_change_a_card_shows_reaches_the_next_view(client, login, session):
    author, other = make_user(session, name="Ana Author"), make_user(session, name="Ben")
    moderator = make_user(session, role="moderator")
    thread = make_thread(session)
    post = make_post(session, thread=thread, author=author, stance="for", body="First text.")
    session.commit()
    url = f"/threads/{thread.id}"
    assert "First text." in client.get(url).text
    edit_post(session, author, post, body="Second text.", now=utcnow())
    session.commit()
    assert "Second text." in _article(client.get(url).text, post.id)
    endorse(session, other, post, now=utcnow())
    session.commit()
    assert "1 endorsement" in _article(client.get(url).text, post.id)
    author.display_name = "Ana Renamed"
    session.commit()
    assert "Ana Renamed" in _article(client.get(url).text, post.id)
    client.set_cookie("forum_language", "cy")
    assert "Dadl o blaid gan Ana Renamed" in client.get(url).text  # the card in Welsh
    client.set_cookie("forum_language", "en")
    hide_post(session, moderator, post, reason="Personal attack on a neighbour.", now=utcnow())
    session.commit()
    article = _article(client.get(url).text, post.id)
    assert "Second text." not in article and "Hidden by a moderator" in article


def test_each_reader_gets_their_own_actions_and_token(client, login, session, app):
    author, reader = make_user(session), make_user(session)
    thread = make_thread(session)
    post = make_post(session, thread=thread, author=author, stance="for")
    session.commit()
    url = f"/threads/{thread.id}"
    as_author = _article(login(author).get(url).text, post.id)
    other_client = app.test_client()
    as_reader = _article(login(reader, other_client).get(url).text, post.id)
    assert "Edit<span" in as_author and "Edit<span" not in as_reader
    tokens = [re.findall(r'name="csrf_token" value="([^"]+)"', page)
              for page in (client.get(url).text, other_client.get(url).text)]
    assert tokens[0] and tokens[1] and tokens[0][0] != tokens[1][0]
    assert "\x00" not in client.get(url).text


def test_the_cache_is_bounded_by_the_weight_of_its_html():
    cache = CardCache(chars=1_000)
    for number in range(50):
        cache.put((number,), "x" * 90)
    assert cache.weight <= 1_000 and len(cache) <= 11
    assert cache.get((49,)) == "x" * 90 and cache.get((0,)) is None
    cache.put(("huge",), "y" * 600)  # over half the bound alone: never kept
    assert cache.get(("huge",)) is None and cache.weight <= 1_000
