"""Kept pages for signed-in readers: one copy of a thread's page for each class of reader,
with each reader's own name, unread count and token put in, and the cards of the posts they
wrote or endorsed; a page that is the reader's alone (they started the thread, may not take
part) is made each time.
Whoever reads, the page equals the one made afresh for them, on both databases."""
from __future__ import annotations

from datetime import timedelta

import pytest

from forum.accounts.models import Role
from forum.db import utcnow
from forum.moderation.services import hide_post
from forum.notifications.follows import follow
from forum.notifications.models import FollowKind
from forum.notifications.services import notify
from forum.posts.services import endorse
from tests.factories import make_post, make_thread, make_topic, make_user, without_tokens

#: a kept page for a signed-in reader: who they are, the page's key, whether they follow the
#: thread, their unread count
KEPT_QUERIES = 4
#: and for a reader who wrote or endorsed there: their posts on the page (with the thread)
OWN_CARDS_QUERIES = 1


@pytest.fixture
def world(session):  # noqa: ANN001
    """A thread, its posts and readers of every class (and of none: the involved ones)."""
    now = utcnow()
    author, arguer, endorser = (make_user(session, name=n)
                                for n in ("Ann Author", "Bea Arguer", "Eli Endorser"))
    readers = {
        "plain": make_user(session, name="Dee Plain"),
        "plain too": make_user(session, name="Fay <Plain> & Co"),
        "follower": make_user(session, name="Gus Follower"),
        "new account": make_user(session, name="Hal New", created_at=now - timedelta(hours=2)),
        "moderator": make_user(session, role=Role.MODERATOR, name="Mo Derator"),
        "councillor": make_user(session, role=Role.COUNCILLOR, name="Cy Councillor"),
        "unconfirmed": make_user(session, name="Uma Unconfirmed", confirmed=False),
        "suspended": make_user(session, name="Sue Suspended",
                               suspended_until=now + timedelta(days=3)),
        "author": author, "arguer": arguer, "endorser": endorser,
        "moderator who replied": make_user(session, role=Role.MODERATOR, name="Max Moderator"),
        "hidden author": make_user(session, name="Hid Den"),
    }
    thread = make_thread(session, author=author, topic=make_topic(session, title="Parks"),
                         title="Keep the library open late")
    argument = make_post(session, thread=thread, author=arguer, stance="for",
                         body="Evening hours help shift workers.")
    make_post(session, thread=thread, author=make_user(session), parent=argument,
              body="And students after lectures.")
    make_post(session, thread=thread, author=readers["moderator who replied"], parent=argument,
              body="Please keep to the hours.")
    hidden = make_post(session, thread=thread, author=readers["hidden author"],
                       stance="against", body="A rude remark.")
    hide_post(session, readers["moderator"], hidden, reason="Rude.", now=now)
    endorse(session, endorser, argument, now=now)
    follow(session, readers["follower"], FollowKind.THREAD, thread.id, now=now)
    notify(session, [readers["plain"].id], kind="reply", message="Someone replied.",
           link="/", now=now)
    session.commit()
    return {"thread": thread, "argument": argument, "readers": readers}


def _fresh(app, client, url: str) -> bytes:  # noqa: ANN001
    app.config["PAGE_CACHE_CHARS"] = 0
    try:
        return without_tokens(client.get(url).data)
    finally:
        app.config["PAGE_CACHE_CHARS"] = 16_000_000


def test_every_reader_gets_their_own_page_whoever_read_before(app, login, world):  # noqa: ANN001
    url = f"/threads/{world['thread'].id}"
    clients = {name: login(user, app.test_client()) for name, user in world["readers"].items()}
    fresh = {name: _fresh(app, client, url) for name, client in clients.items()}
    for _ in range(2):  # the second round reads pages the others' views kept
        for name, client in clients.items():
            page = client.get(url).data
            assert without_tokens(page) == fresh[name], name
            shown = world["readers"][name].display_name.replace("&", "&amp;").replace("<", "&lt;")
            assert shown.replace(">", "&gt;").encode() in page
    assert b"Hide" in fresh["moderator"] and b"Hide" not in fresh["plain"]
    assert fresh["plain"] != fresh["plain too"]  # the name and the unread count differ


def test_readers_of_one_class_share_a_kept_page(app, login, count_queries, world):  # noqa: ANN001
    url = f"/threads/{world['thread'].id}"
    first = login(world["readers"]["plain"], app.test_client())
    second = login(world["readers"]["plain too"], app.test_client())
    assert b"Dee Plain" in first.get(url).data
    with count_queries() as statements:
        page = second.get(url).data
    assert len(statements) == KEPT_QUERIES, statements
    assert b"Fay &lt;Plain&gt; &amp; Co" in page and b"Dee Plain" not in page
    with count_queries() as statements:
        page = first.get(url).data
    assert len(statements) == KEPT_QUERIES
    assert b'<span class="count">1<span class="visually-hidden"> unread</span></span>' in page


@pytest.mark.parametrize("name", ["author", "unconfirmed", "suspended"])
def test_a_page_that_is_the_readers_own_is_made_each_time(app, login, count_queries,  # noqa: ANN001
                                                          world, name):
    url = f"/threads/{world['thread'].id}"
    client = login(world["readers"][name], app.test_client())
    client.get(url)
    with count_queries() as statements:
        client.get(url)
    assert len(statements) > KEPT_QUERIES


def test_what_a_reader_does_is_on_their_next_view(app, session, login, world):  # noqa: ANN001
    url = f"/threads/{world['thread'].id}"
    user = world["readers"]["plain too"]
    client = login(user, app.test_client())
    assert b"Follow this thread" in client.get(url).data
    follow(session, user, FollowKind.THREAD, world["thread"].id, now=utcnow())
    notify(session, [user.id], kind="reply", message="Someone replied.", link="/", now=utcnow())
    session.commit()
    page = client.get(url).data
    assert b"Following this thread" in page
    assert b'<span class="count">1<span class="visually-hidden"> unread</span></span>' in page
    endorse(session, user, world["argument"], now=utcnow())
    session.commit()
    assert without_tokens(client.get(url).data) == _fresh(app, client, url)


@pytest.mark.parametrize("name", ["arguer", "endorser"])
def test_a_reader_who_took_part_gets_the_class_copy_with_their_own_cards(  # noqa: ANN201
        app, login, count_queries, world, name):  # noqa: ANN001
    """The arguer and the endorser share the kept copy of the readers of their class (the
    follower's: they follow the thread too), with their own cards put in; whichever reads
    first, nobody else's page shows their actions."""
    url = f"/threads/{world['thread'].id}"
    readers = world["readers"]
    involved = login(readers[name], app.test_client())
    follower = login(readers["follower"], app.test_client())
    fresh_involved = _fresh(app, involved, url)
    fresh_follower = _fresh(app, follower, url)
    assert fresh_involved != fresh_follower  # their own card differs
    # the involved reader reads first: the copy kept is the class's, not theirs
    assert without_tokens(involved.get(url).data) == fresh_involved
    with count_queries() as statements:
        assert without_tokens(follower.get(url).data) == fresh_follower
    assert len(statements) == KEPT_QUERIES, statements
    with count_queries() as statements:  # their own cards were kept for them as well
        assert without_tokens(involved.get(url).data) == fresh_involved
    assert len(statements) == KEPT_QUERIES, statements
    # a page kept afresh (a plain reader's, here) has its own cards made once for them
    app.extensions.pop("forum_page_cache")
    assert without_tokens(follower.get(url).data) == fresh_follower
    with count_queries() as statements:
        assert without_tokens(involved.get(url).data) == fresh_involved
    assert len(statements) == KEPT_QUERIES + OWN_CARDS_QUERIES, statements


def test_own_cards_carry_the_readers_actions_and_no_one_elses(app, login, world):  # noqa: ANN001
    """The arguer's card has their edit and delete buttons and the endorser's card says they
    endorsed it, on the kept copy; the follower's has neither."""
    url = f"/threads/{world['thread'].id}"
    argument = world["argument"]
    readers = world["readers"]
    pages = {}
    for name in ("follower", "arguer", "endorser", "follower"):
        pages[name] = login(readers[name], app.test_client()).get(url).text
    edit = f"/posts/{argument.id}/edit"
    assert edit in pages["arguer"]
    assert edit not in pages["follower"] and edit not in pages["endorser"]
    assert pages["endorser"] != pages["follower"]
