"""Writing a post: the stance asked for, previews, formatting help, and duplicates refused."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.db import utcnow
from forum.errors import Invalid
from forum.markup import render_markdown
from forum.posts.duplicates import DUPLICATE_LOOKBACK, DUPLICATE_WINDOW, DuplicatePost
from forum.posts.models import Post, Revision, Stance
from forum.posts.services import create_post, delete_post, edit_post
from forum.threads.models import Thread
from tests.factories import bearer, make_post, make_thread, make_topic, make_user

MARKDOWN = "Trial it *first*, then:\n\n- review the figures\n- ask again"


def _posts(session) -> int:  # noqa: ANN001
    return session.scalar(select(func.count()).select_from(Post))


# --- the stance is asked for -----------------------------------------------------------------

def test_the_argument_form_asks_for_a_stance_and_chooses_none(client, session, login):
    thread = make_thread(session)
    login(make_user(session))
    page = client.get(f"/threads/{thread.id}").text
    assert "Are you for, against, neutral, or asking a question?" in page
    radios = re.findall(r'<input[^>]*name="stance"[^>]*>', page)
    assert len(radios) == 4 and not any("checked" in radio for radio in radios)


def test_posting_without_a_stance_is_refused_and_keeps_the_text(client, session, login):
    thread = make_thread(session)
    login(make_user(session))
    response = client.post(f"/threads/{thread.id}/posts", data={"body": "My careful words."})
    assert response.status_code == 422
    assert "Choose whether you are for, against, neutral, or asking a question." in response.text
    assert 'href="#stance"' in response.text  # the error summary links to the question
    assert "My careful words.</textarea>" in response.text
    assert _posts(session) == 0


def test_no_stance_and_no_text_are_both_explained_at_once(client, session, login):
    thread = make_thread(session)
    login(make_user(session))
    response = client.post(f"/threads/{thread.id}/posts", data={"body": ""})
    assert response.status_code == 422
    assert 'href="#stance"' in response.text and 'href="#body"' in response.text


def test_the_api_keeps_neutral_as_its_default(client, session):
    thread = make_thread(session)
    auth = bearer(make_user(session), session)
    response = client.post(f"/api/v1/threads/{thread.id}/posts", json={"body": "No stance."},
                           headers=auth)
    assert response.status_code == 201 and response.json["stance"] == "neutral"


def test_the_author_changes_the_stance_when_editing_and_the_history_keeps_it(client, session,
                                                                            login):
    thread = make_thread(session)
    author = make_user(session)
    post = make_post(session, thread=thread, author=author, stance="for", body="Yes, at first.")
    login(author)
    page = client.get(f"/posts/{post.id}/edit").text
    assert re.search(r'<input[^>]*checked[^>]*value="for"|<input[^>]*value="for"[^>]*checked',
                     page)
    response = client.post(f"/posts/{post.id}/edit", data={
        "body": "Yes, at first.", "stance": "against", "version": "1"})
    assert response.status_code == 302
    session.refresh(post)
    session.refresh(thread)
    assert post.stance == Stance.AGAINST and post.version == 2
    assert (thread.stance_for, thread.stance_against) == (0, 1)
    stances = session.scalars(select(Revision.stance).where(Revision.post_id == post.id)
                              .order_by(Revision.id)).all()
    assert stances == [Stance.FOR, Stance.AGAINST]
    history = client.get(f"/posts/{post.id}/history").text
    assert re.findall(r'Position: <span class="stance stance-(\w+)"', history) == [
        "against", "for"]  # newest first


def test_a_reply_takes_no_stance_on_edit(session):
    thread = make_thread(session)
    author = make_user(session)
    argument = make_post(session, thread=thread, stance="for")
    reply = make_post(session, thread=thread, author=author, parent=argument)
    with pytest.raises(Invalid, match="Only arguments"):
        edit_post(session, author, reply, body=reply.body, stance="against", now=utcnow())


def test_the_api_changes_a_stance_alone(client, session):
    thread = make_thread(session)
    author = make_user(session)
    post = make_post(session, thread=thread, author=author, stance="neutral", body="Hmm.")
    response = client.patch(f"/api/v1/posts/{post.id}", json={"stance": "question"},
                            headers=bearer(author, session))
    assert response.status_code == 200 and response.json["stance"] == "question"
    revisions = client.get(f"/api/v1/posts/{post.id}/revisions",
                           headers=bearer(author, session)).json["revisions"]
    assert [r["stance"] for r in revisions] == ["question", "neutral"]
    session.refresh(thread)
    assert (thread.stance_neutral, thread.stance_question) == (0, 1)


# --- preview ---------------------------------------------------------------------------------

def test_previewing_an_argument_renders_it_as_saved_and_saves_nothing(client, session, login):
    thread = make_thread(session)
    login(make_user(session))
    response = client.post(f"/threads/{thread.id}/posts",
                           data={"body": MARKDOWN, "preview": "1"})  # no stance yet: fine
    assert response.status_code == 200
    assert "Preview of your argument" in response.text
    assert render_markdown(MARKDOWN.strip()) in response.text
    assert "Trial it *first*, then:" in response.text  # still in the box
    assert _posts(session) == 0
    session.refresh(thread)
    assert thread.post_count == 0


def test_a_preview_of_nothing_is_explained(client, session, login):
    thread = make_thread(session)
    login(make_user(session))
    response = client.post(f"/threads/{thread.id}/posts", data={"body": " ", "preview": "1"})
    assert response.status_code == 422 and "Enter some text." in response.text


@pytest.mark.parametrize("kind", ["reply", "edit"])
def test_previewing_a_reply_or_an_edit(client, session, login, kind):
    thread = make_thread(session)
    author = make_user(session)
    argument = make_post(session, thread=thread, author=author, stance="for", body="Before.")
    login(author)
    url = f"/posts/{argument.id}/{kind}"
    response = client.post(url, data={"body": MARKDOWN, "preview": "1", "version": "1"})
    assert response.status_code == 200
    assert render_markdown(MARKDOWN.strip()) in response.text
    assert _posts(session) == 1
    session.refresh(argument)
    assert argument.body == "Before." and argument.version == 1


def test_previewing_a_thread_and_its_edit(client, session, login):
    topic = make_topic(session)
    author = make_user(session)
    login(author)
    response = client.post(f"/topics/{topic.slug}/threads/new",
                           data={"title": "A title here", "body": MARKDOWN, "preview": "1"})
    assert response.status_code == 200
    assert "Preview of your opening post" in response.text
    assert render_markdown(MARKDOWN.strip()) in response.text
    assert session.scalar(select(func.count()).select_from(Thread)) == 0
    thread = make_thread(session, author=author, topic=topic, body="Old opening.")
    response = client.post(f"/threads/{thread.id}/edit",
                           data={"title": thread.title, "body": MARKDOWN, "preview": "1"})
    assert response.status_code == 200 and render_markdown(MARKDOWN.strip()) in response.text
    session.refresh(thread)
    assert thread.body == "Old opening."


def test_every_markdown_box_has_the_formatting_help(client, session, login):
    topic = make_topic(session)
    author = make_user(session)
    thread = make_thread(session, author=author, topic=topic)
    post = make_post(session, thread=thread, author=author, stance="for")
    login(author)
    for url in (f"/threads/{thread.id}", f"/posts/{post.id}/reply", f"/posts/{post.id}/edit",
                f"/topics/{topic.slug}/threads/new", f"/threads/{thread.id}/edit"):
        page = client.get(url).text
        assert page.count('class="formatting-help"') == 1, url
        assert 'name="preview"' in page, url


# --- duplicates ------------------------------------------------------------------------------

def test_the_same_text_twice_within_ten_minutes_is_refused(session):
    thread = make_thread(session)
    author = make_user(session)
    now = utcnow()
    first = make_post(session, thread=thread, author=author, stance="for", body="Same words.",
                      now=now)
    with pytest.raises(DuplicatePost) as refused:
        create_post(session, author, thread, body="  Same words.\r\n", stance="against",
                    now=now + DUPLICATE_WINDOW - timedelta(seconds=1))
    assert refused.value.first_id == first.id and refused.value.status == 409
    with pytest.raises(DuplicatePost):  # a reply repeating it too
        create_post(session, author, thread, body="Same words.", parent=first, now=now)


@pytest.mark.parametrize("case", ["later", "someone else", "other thread", "deleted"])
def test_the_same_text_is_accepted_when_it_is_not_a_repeat(session, case):
    thread = make_thread(session)
    author = make_user(session)
    now = utcnow()
    first = make_post(session, thread=thread, author=author, stance="for", body="Same words.",
                      now=now)
    when, who, where = now + timedelta(minutes=1), author, thread
    if case == "later":
        when = now + DUPLICATE_WINDOW
    elif case == "someone else":
        who = make_user(session)
    elif case == "other thread":
        where = make_thread(session)
    else:
        delete_post(session, author, first, now=now)
    assert create_post(session, who, where, body="Same words.", stance="for", now=when).id


def test_the_repeat_check_reads_a_bounded_number_of_posts(session, count_queries):
    """The text is compared with the author's latest ``DUPLICATE_LOOKBACK`` posts in the
    thread: a repeat among them is refused, however many posts came before them, and the
    statement reads that many rows at most (its inner range is limited)."""
    thread = make_thread(session)
    author = make_user(session)
    now = utcnow()
    repeated = make_post(session, thread=thread, author=author, stance="for",
                         body="Said early.", now=now)
    for n in range(DUPLICATE_LOOKBACK - 1):
        make_post(session, thread=thread, author=author, stance="for", body=f"Post {n}.",
                  now=now + timedelta(seconds=n + 1))
    later = now + timedelta(minutes=2)
    with pytest.raises(DuplicatePost) as refused:  # the 50th latest: still compared
        create_post(session, author, thread, body="Said early.", stance="for", now=later)
    assert refused.value.first_id == repeated.id
    make_post(session, thread=thread, author=author, stance="for", body="One more.",
              now=later)
    with count_queries() as statements:  # now the 51st latest: past the bound
        assert create_post(session, author, thread, body="Said early.", stance="for",
                           now=later + timedelta(seconds=1)).id
    check = next(s for s in statements if "posts.body =" in s)
    assert "LIMIT" in check.split("posts.body =")[0], check


def test_a_duplicate_form_comes_back_with_a_link_to_the_first(client, session, login):
    thread = make_thread(session)
    author = make_user(session)
    first = make_post(session, thread=thread, author=author, stance="for", body="Same words.")
    login(author)
    response = client.post(f"/threads/{thread.id}/posts",
                           data={"body": "Same words.", "stance": "for"})
    assert response.status_code == 422
    assert "You already posted this text in this thread in the last 10 minutes" in response.text
    assert f'href="/posts/{first.id}"' in response.text
    assert "Same words.</textarea>" in response.text
    reply = client.post(f"/posts/{first.id}/reply", data={"body": "Same words."})
    assert reply.status_code == 422 and f'href="/posts/{first.id}"' in reply.text
    session.refresh(thread)
    assert _posts(session) == 1 and thread.post_count == 1 and thread.stance_for == 1


def test_a_duplicate_in_the_api_is_a_conflict_naming_the_first(client, session):
    thread = make_thread(session)
    author = make_user(session)
    auth = bearer(author, session)
    first = client.post(f"/api/v1/threads/{thread.id}/posts", json={"body": "Twice."},
                        headers=auth)
    again = client.post(f"/api/v1/threads/{thread.id}/posts", json={"body": "Twice."},
                        headers=auth)
    assert again.status_code == 409
    assert again.json["error"]["code"] == "duplicate_post"
    assert again.json["error"]["post_id"] == first.json["id"]
    session.refresh(thread)
    assert thread.post_count == 1 and thread.argument_count == 1


def test_the_duplicate_check_is_one_query(session, count_queries):
    thread = make_thread(session)
    author = make_user(session)
    make_post(session, thread=thread, author=author, stance="for", body="Counted.")
    with count_queries() as statements:
        make_post(session, thread=thread, author=author, stance="for", body="Counted again.")
    checks = [s for s in statements if s.lstrip().upper().startswith("SELECT")
              and "posts.body" in s and "posts.author_id" in s]
    assert len(checks) == 1, statements
