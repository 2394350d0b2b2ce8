"""Arguments, replies, stances, the tree, endorsements, edits and deletion."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.db import utcnow
from forum.errors import Conflict, Invalid, NotAllowed
from forum.posts.models import Endorsement, Post, Stance
from forum.posts.services import create_post, delete_post, endorse, set_endorsement
from forum.posts.tree import argument_page, build_tree, load_posts
from tests.factories import make_post, make_thread, make_user


def test_a_post_past_the_first_page_lands_its_author_on_the_page_that_shows_it(
        client, session, login, app):  # noqa: ANN001
    app.config["ARGUMENTS_PER_PAGE"] = 2
    thread = make_thread(session)
    for _ in range(2):
        make_post(session, thread=thread, stance="for")
    login(make_user(session))
    session.commit()
    response = client.post(f"/threads/{thread.id}/posts",
                           data={"body": "The third argument.", "stance": "against"})
    post = session.scalar(select(Post).where(Post.body == "The third argument."))
    assert response.headers["Location"] == f"/threads/{thread.id}?page=2#post-{post.id}"
    reply = client.post(f"/posts/{post.id}/reply", data={"body": "A reply to the third."})
    answer = session.scalar(select(Post).where(Post.body == "A reply to the third."))
    assert reply.headers["Location"] == f"/threads/{thread.id}?page=2#post-{answer.id}"
    assert f'id="post-{answer.id}"' in client.get(reply.headers["Location"]).get_data(
        as_text=True)


def test_argument_with_stance_via_form(client, session, login):
    thread = make_thread(session)
    login(make_user(session))
    session.commit()
    response = client.post(f"/threads/{thread.id}/posts",
                           data={"body": "Because *buses*.", "stance": "against"})
    assert response.status_code == 302
    post = session.scalar(select(Post))
    assert response.headers["Location"] == f"/threads/{thread.id}#post-{post.id}"
    assert post.stance == Stance.AGAINST and post.depth == 0 and post.root_id == post.id
    assert post.body_html == "<p>Because <em>buses</em>.</p>"
    session.refresh(thread)
    assert thread.post_count == 1


def test_bad_argument_is_explained_and_kept(client, session, login):
    thread = make_thread(session)
    login(make_user(session))
    session.commit()
    response = client.post(f"/threads/{thread.id}/posts", data={"body": "", "stance": "for"})
    assert response.status_code == 422 and b"Enter some text" in response.data
    response = client.post(f"/threads/{thread.id}/posts", data={"body": "Keep me", "stance": "maybe"})
    assert response.status_code == 422 and b"Keep me" in response.data
    assert b"Choose whether you are for, against, neutral, or asking a question." in response.data
    assert session.scalar(select(Post)) is None


def test_reply_at_depth_has_no_stance(session):
    thread = make_thread(session)
    arg = make_post(session, thread=thread, stance="for")
    reply = make_post(session, thread=thread, parent=arg)
    deeper = make_post(session, thread=thread, parent=reply)
    assert (reply.depth, deeper.depth) == (1, 2)
    assert reply.stance is None and deeper.root_id == arg.id
    assert deeper.path == f"{arg.path}/{reply.id:010d}/{deeper.id:010d}"
    with pytest.raises(Invalid) as error:
        make_post(session, thread=thread, parent=arg, stance="against")
    assert error.value.field == "stance"


def test_argument_without_stance_is_neutral(session):
    assert make_post(session, thread=make_thread(session)).stance == Stance.NEUTRAL


def test_reply_to_post_in_other_thread_is_refused(session):
    other = make_post(session, thread=make_thread(session))
    with pytest.raises(Invalid):
        make_post(session, thread=make_thread(session), parent=other)


def test_reply_page_works_without_javascript(client, session, login):
    thread = make_thread(session)
    arg = make_post(session, thread=thread, stance="for", body="Parent text")
    login(make_user(session))
    session.commit()
    page = client.get(f"/posts/{arg.id}/reply")
    assert page.status_code == 200 and b"Parent text" in page.data
    response = client.post(f"/posts/{arg.id}/reply", data={"body": "My reply"})
    assert response.status_code == 302
    reply = session.scalar(select(Post).where(Post.parent_id == arg.id))
    assert reply.body == "My reply"
    response = client.post(f"/posts/{arg.id}/reply", data={"body": " "})
    assert response.status_code == 422


def test_deep_replies_are_shown_under_their_depth_six_ancestor(client, session):
    thread = make_thread(session)
    names = [make_user(session, name=f"Person {i}") for i in range(9)]
    parent = make_post(session, thread=thread, author=names[0], stance="for")
    chain = [parent]
    for i in range(1, 9):
        parent = make_post(session, thread=thread, author=names[i], parent=parent,
                           body=f"Level {i}")
        chain.append(parent)
    session.commit()
    roots = [chain[0].id]
    tree = build_tree(load_posts(session, thread, roots), roots)
    node = tree[0]
    for _ in range(6):
        node = node.children[0]
    assert node.post.depth == 6
    assert [c.post.depth for c in node.children] == [7, 8]
    assert [c.replying_to for c in node.children] == ["Person 6", "Person 7"]
    html = client.get(f"/threads/{thread.id}").data.decode()
    assert "Replying to Person 6" in html and "Replying to Person 7" in html
    # the argument list, one list per level 1-6, one list of flattened replies: 9 without the cap
    assert html.count('<ol class="tree">') == 8


def test_sort_filter_and_pagination_of_arguments(client, session):
    thread = make_thread(session)
    t0 = utcnow() - timedelta(days=1)
    args = [make_post(session, thread=thread, stance=["for", "against"][i % 2],
                      body=f"Argument {i:02}", now=t0 + timedelta(minutes=i)) for i in range(30)]
    for voter in range(3):
        endorse(session, make_user(session), args[7], now=utcnow())
    make_post(session, thread=thread, parent=args[0], body="Reply to zero")
    session.commit()
    ids, total = argument_page(session, thread, page=1, per_page=25)
    assert total == 30 and ids == [a.id for a in args[:25]]
    ids, _ = argument_page(session, thread, sort="newest", page=1, per_page=25)
    assert ids[0] == args[-1].id
    ids, _ = argument_page(session, thread, sort="endorsed", page=1, per_page=25)
    assert ids[0] == args[7].id
    ids, total = argument_page(session, thread, stance=Stance.AGAINST, page=1, per_page=25)
    assert total == 15 and all(session.get(Post, i).stance == Stance.AGAINST for i in ids)
    page2 = client.get(f"/threads/{thread.id}?page=2").data.decode()
    assert "Argument 25" in page2 and "Argument 24" not in page2 and "Page 2 of 2" in page2
    page1 = client.get(f"/threads/{thread.id}?stance=for").data.decode()
    assert "Argument 00" in page1 and "Reply to zero" in page1 and "Argument 01" not in page1
    assert client.get(f"/threads/{thread.id}?stance=bogus&sort=bogus&page=-1").status_code == 200


def test_stance_tally_counts_visible_arguments(client, session):
    thread = make_thread(session)
    for stance in ["for", "for", "against", "question"]:
        make_post(session, thread=thread, stance=stance)
    gone = make_post(session, thread=thread, stance="neutral")
    delete_post(session, gone.author, gone, now=utcnow())
    session.commit()
    html = client.get(f"/threads/{thread.id}").data.decode()
    assert "Arguments by stance: 4 in all" in html
    assert re.search(r"For</span> 2 \(50%\)", html)
    assert re.search(r"Neutral</span> 0", html)


def test_endorse_once_not_own_and_toggle(client, session, login):
    thread = make_thread(session)
    author = make_user(session)
    post = make_post(session, thread=thread, author=author, stance="for")
    fan = make_user(session)
    with pytest.raises(NotAllowed):
        endorse(session, author, post, now=utcnow())
    endorse(session, fan, post, now=utcnow())
    with pytest.raises(Conflict):
        endorse(session, fan, post, now=utcnow())
    assert post.endorsement_count == 1
    assert set_endorsement(session, fan, post, endorsed=None, now=utcnow()) is False
    assert post.endorsement_count == 0
    session.commit()
    login(fan)
    response = client.post(f"/posts/{post.id}/endorse",
                           data={"next": f"/threads/{thread.id}?sort=endorsed"})
    assert response.headers["Location"] == f"/threads/{thread.id}?sort=endorsed#post-{post.id}"
    assert session.scalar(select(Endorsement)) is not None
    html = client.get(f"/threads/{thread.id}").data.decode()
    assert "You endorse this<" in html and 'aria-pressed="true"' in html
    assert 'name="endorse" value="0"' in html  # pressing the toggle again withdraws


def test_author_sees_no_endorse_button_on_own_post(client, session, login):
    author = make_user(session)
    thread = make_thread(session)
    make_post(session, thread=thread, author=author, stance="for")
    login(author)
    session.commit()
    html = client.get(f"/threads/{thread.id}").data.decode()
    assert ">Endorse<" not in html and "Edit<span" in html


def test_edit_post_keeps_history(client, session, login):
    author = make_user(session)
    post = make_post(session, thread=make_thread(session), author=author, body="Version one")
    login(author)
    session.commit()
    assert client.post(f"/posts/{post.id}/edit", data={"body": "Version two"}).status_code == 302
    session.refresh(post)
    assert post.edited_at and post.body_html == "<p>Version two</p>"
    history = client.get(f"/posts/{post.id}/history").data.decode()
    assert "Version one" in history and "Version two" in history
    response = client.post(f"/posts/{post.id}/edit", data={"body": ""})
    assert response.status_code == 422


@pytest.mark.parametrize("role", ["citizen", "councillor", "moderator", "admin"])
def test_others_cannot_edit_or_delete(client, session, login, role):
    post = make_post(session, thread=make_thread(session), body="Mine")
    login(make_user(session, role=role))
    session.commit()
    assert client.post(f"/posts/{post.id}/edit", data={"body": "Theirs"}).status_code == 403
    assert client.post(f"/posts/{post.id}/delete").status_code == 403
    session.refresh(post)
    assert post.body == "Mine" and post.deleted_at is None


def test_delete_leaves_placeholder_and_keeps_replies(client, session, login):
    author = make_user(session)
    thread = make_thread(session)
    post = make_post(session, thread=thread, author=author, stance="for", body="Secret words")
    make_post(session, thread=thread, parent=post, body="A reply stays")
    login(author)
    session.commit()
    assert client.get(f"/posts/{post.id}/delete").status_code == 200
    assert client.post(f"/posts/{post.id}/delete").status_code == 302
    html = client.get(f"/threads/{thread.id}").data.decode()
    assert "Deleted by its author." in html and "Secret words" not in html
    assert "A reply stays" in html
    assert client.get(f"/posts/{post.id}/history").status_code == 404
    with pytest.raises(Invalid):
        create_post(session, make_user(session), thread, body="x", parent=post, now=utcnow())


def test_suspended_user_cannot_post(client, session, login):
    thread = make_thread(session)
    login(make_user(session, suspended_until=utcnow() + timedelta(days=3)))
    session.commit()
    response = client.post(f"/threads/{thread.id}/posts", data={"body": "Let me in",
                                                                "stance": "for"})
    assert response.status_code == 403
    assert b"suspended" in response.data and b"Let me in" in response.data


def test_flattened_reply_to_a_deleted_post_names_nobody(session):
    thread = make_thread(session)
    parent = make_post(session, thread=thread, stance="for")
    chain = [parent]
    for _ in range(7):
        chain.append(make_post(session, thread=thread, parent=chain[-1]))
    hidden_author = chain[6].author.display_name
    chain[6].deleted_at = utcnow()  # the depth-6 post is deleted; its reply is flattened
    session.commit()
    tree = build_tree(load_posts(session, thread, [parent.id]), [parent.id])
    node = tree[0]
    for _ in range(6):
        node = node.children[0]
    assert node.children[0].replying_to == "a deleted post" != hidden_author
