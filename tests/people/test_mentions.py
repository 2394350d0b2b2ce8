"""Mentions: ``@Name`` resolves to one account (stored), links to the person and notifies
them; a name several people share is refused with the choice of whom you mean."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from forum.db import utcnow
from forum.errors import Invalid
from forum.markup import render_markdown
from forum.notifications.models import Notification
from forum.posts.mentions import MAX_MENTIONS, render_post
from forum.posts.models import Mention
from forum.posts.services import edit_post
from tests.factories import make_post, make_thread, make_user


def _mentioned(session, post) -> set[int]:  # noqa: ANN001
    return set(session.scalars(select(Mention.user_id).where(Mention.post_id == post.id)))


def _told(session, user) -> list[Notification]:  # noqa: ANN001
    return list(session.scalars(select(Notification).where(Notification.user_id == user.id,
                                                           Notification.kind == "mentioned")))


def test_a_mention_links_to_the_person_is_stored_and_tells_them(session):
    priya = make_user(session, name="Priya Shah")
    writer = make_user(session, name="Sam Jones")
    thread = make_thread(session, title="Buses")
    post = make_post(session, thread=thread, author=writer, body="As @priya shah said, yes.")
    assert f'<a href="/people/{priya.id}">@Priya Shah</a> said, yes.' in post.body_html
    assert _mentioned(session, post) == {priya.id}
    [note] = _told(session, priya)
    assert note.message == "Sam Jones mentioned you in “Buses”." and note.link == f"/posts/{post.id}"


def test_the_longest_name_wins_and_the_rest_stays_text(session):
    make_user(session, name="Alex")
    full = make_user(session, name="Alex Brown")
    post = make_post(session, thread=make_thread(session), body="@Alex Brown. thinks so")
    assert f'<a href="/people/{full.id}">@Alex Brown</a>. thinks so' in post.body_html


def test_code_emails_escapes_and_unknown_names_are_not_mentions(session):
    make_user(session, name="Priya")
    post = make_post(session, thread=make_thread(session),
                     body="`@Priya` and mail priya@Priya.example, \\@Priya, @Nobody\n\n"
                          "```\n@Priya\n```")
    assert "/people/" not in post.body_html and _mentioned(session, post) == set()
    assert "&#64;Priya" in post.body_html and "\\@" not in post.body_html


def test_a_name_several_people_share_is_refused_with_the_choice(session):
    thread = make_thread(session)
    here = make_user(session, name="Alex Brown", role="moderator")
    make_post(session, thread=thread, author=here, body="I posted here.")
    elsewhere = make_user(session, name="alex brown")
    with pytest.raises(Invalid) as refused:
        render_post(session, thread, "Thanks @Alex Brown!")
    message = refused.value.message
    assert refused.value.field == "body" and "“@Alex Brown” could be 2 people" in message
    assert (f"@[Alex Brown]({here.id}) for the one who is a moderator, has posted in this "
            "thread and joined in") in message
    assert f"@[alex brown]({elsewhere.id}) for the one who joined in" in message
    assert message.index(str(here.id)) < message.index(f"({elsewhere.id})")  # participants first
    chosen = make_post(session, thread=thread, body=f"Thanks @[Alex Brown]({elsewhere.id})!")
    assert f'<a href="/people/{elsewhere.id}">@alex brown</a>!' in chosen.body_html
    assert _mentioned(session, chosen) == {elsewhere.id}


def test_the_link_shows_the_accounts_name_whatever_the_brackets_say(session):
    person = make_user(session, name="Ben Okafor")
    post = make_post(session, thread=make_thread(session),
                     body=f"@[The Moderator]({person.id}) agrees.")
    assert f'<a href="/people/{person.id}">@Ben Okafor</a>' in post.body_html
    assert "The Moderator" not in post.body_html
    with pytest.raises(Invalid, match="No one has the number 999999999"):
        render_post(session, post.thread, "@[x](999999999)")


def test_an_ambiguous_mention_on_the_form_is_a_422_keeping_the_text(client, session, login):
    thread = make_thread(session)
    make_user(session, name="Jo Evans")
    make_user(session, name="Jo Evans")
    writer = make_user(session)
    session.commit()
    login(writer)
    response = client.post(f"/threads/{thread.id}/posts",
                           data={"body": "I agree with @Jo Evans here.", "stance": "for"})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "could be 2 people" in text and "I agree with @Jo Evans here.</textarea>" in text
    api = client.post(f"/api/v1/threads/{thread.id}/posts",
                      json={"body": "@Jo Evans", "stance": "for"})
    assert api.status_code == 422 and api.json["error"]["code"] == "mention"


def test_an_edit_tells_only_the_newly_mentioned(session):
    ana, ben = make_user(session, name="Ana"), make_user(session, name="Ben")
    writer = make_user(session)
    post = make_post(session, thread=make_thread(session), author=writer, body="Hi @Ana.")
    edit_post(session, writer, post, body="Hi @Ana and @Ben.", now=utcnow())
    assert _mentioned(session, post) == {ana.id, ben.id}
    assert (len(_told(session, ana)), len(_told(session, ben))) == (1, 1)
    edit_post(session, writer, post, body="Hi @Ben.", now=utcnow())
    assert _mentioned(session, post) == {ben.id} and len(_told(session, ben)) == 1


def test_mentioning_oneself_tells_no_one(session):
    me = make_user(session, name="Fatima Khan")
    make_post(session, thread=make_thread(session), author=me, body="I, @Fatima Khan, agree.")
    assert _told(session, me) == []


def test_too_many_people_are_refused(session):
    people = [make_user(session, name=f"Person {i}") for i in range(MAX_MENTIONS + 1)]
    body = " ".join(f"@[P]({p.id})" for p in people)
    with pytest.raises(Invalid, match=f"at most {MAX_MENTIONS} people"):
        render_post(session, make_thread(session), body)


def test_mention_rendering_stays_bounded(session, count_queries):
    """Thousands of would-be mentions cost at most two queries, not one per ``@``; the one
    real name among them is found."""
    make_user(session, name="Ann")
    thread = make_thread(session)
    hostile = "@" + " @".join(["a"] * 4000) + " @Ann" + "@" * 5000 + " x" * 3000
    with count_queries() as statements:
        rendered = render_post(session, thread, hostile)
    assert len(statements) <= 2
    assert len(rendered.user_ids) == 1


def test_a_mention_link_survives_the_sanitiser():
    html = render_markdown("[@Ana](/people/12)")
    assert html == '<p><a href="/people/12">@Ana</a></p>'


def test_the_stored_text_keeps_the_account_so_edits_and_homonyms_do_not_move_it(session):
    priya = make_user(session, name="Priya Shah")
    writer = make_user(session)
    post = make_post(session, thread=make_thread(session), author=writer,
                     body="Thanks @Priya Shah.")
    assert post.body == f"Thanks @[Priya Shah]({priya.id})."
    make_user(session, name="Priya Shah")  # a namesake joins later
    edit_post(session, writer, post, body=post.body + " Agreed.", now=utcnow())
    assert _mentioned(session, post) == {priya.id}
    assert f'<a href="/people/{priya.id}">@Priya Shah</a>. Agreed.' in post.body_html


def test_a_rename_shows_in_the_posts_that_mention_the_person(session, client):
    from forum.accounts.services import change_display_name  # noqa: PLC0415
    ana = make_user(session, name="Ana Lopez")
    post = make_post(session, thread=make_thread(session), body="Ask @Ana Lopez & @Ana Lopez.")
    change_display_name(session, ana, "Ana <Lopez-Reyes>", now=utcnow())
    assert post.body_html.count(f'<a href="/people/{ana.id}">@Ana &lt;Lopez-Reyes&gt;</a>') == 2
    assert "Ana Lopez" not in post.body_html


def test_mentions_do_not_count_as_links_for_new_accounts(session):
    people = [make_user(session, name=f"Neighbour {i}") for i in range(4)]
    newcomer = make_user(session, created_at=utcnow())
    body = " ".join(f"@[N]({p.id})" for p in people)
    post = make_post(session, thread=make_thread(session), author=newcomer, body=body)
    assert _mentioned(session, post) == {p.id for p in people}
