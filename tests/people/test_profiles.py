"""Profile pages: name, role, joined date and public contributions, newest first, in keyset
pages; names link there; a post shows the role its author had when writing it."""
from __future__ import annotations

from datetime import timedelta

from forum.accounts.services import set_role
from forum.db import utcnow
from forum.moderation.services import hide_post
from forum.people.services import contribution_page
from forum.posts.services import delete_post
from tests.consultations.conftest import make_consultation
from tests.factories import make_post, make_thread, make_topic, make_user


def test_a_profile_shows_name_role_joined_and_contributions_newest_first(client, session):
    person = make_user(session, name="Priya Shah", role="councillor",
                       created_at=utcnow() - timedelta(days=400))
    thread = make_thread(session, title="Buses on Mill Lane")
    first = make_post(session, thread=thread, author=person, stance="for", body="Buses first.")
    reply = make_post(session, thread=thread, author=person, parent=first, body="And later.")
    session.commit()
    page = client.get(f"/people/{person.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "<h1>Priya Shah" in text and "Councillor" in text and "Joined" in text
    assert text.index("And later.") < text.index("Buses first.")
    assert f'href="/posts/{reply.id}"' in text and "Buses on Mill Lane" in text


def test_hidden_deleted_and_unopened_contributions_are_left_out(session):
    person = make_user(session)
    moderator = make_user(session, role="moderator")
    thread = make_thread(session)
    kept = make_post(session, thread=thread, author=person, body="Kept.")
    hidden = make_post(session, thread=thread, author=person, body="Hidden.")
    deleted = make_post(session, thread=thread, author=person, body="Deleted.")
    now = utcnow()
    hide_post(session, moderator, hidden, reason="Off topic.", now=now)
    delete_post(session, person, deleted, now=now)
    page = contribution_page(session, person, now=now)
    assert [p.id for p in page.posts] == [kept.id] and page.next_before is None


def test_a_consultation_not_open_yet_is_left_out(session):
    person = make_user(session, role="councillor")
    consultation = make_consultation(session, person, make_topic(session))
    make_post(session, thread=consultation, author=person, body="In the consultation.")
    make_post(session, thread=make_thread(session), author=person, body="Elsewhere.")
    consultation.opens_at = utcnow() + timedelta(days=3)  # moved to a later opening
    session.flush()
    page = contribution_page(session, person, now=utcnow())
    assert [p.body for p in page.posts] == ["Elsewhere."]


def test_contributions_come_in_keyset_pages(client, session):
    person = make_user(session)
    thread = make_thread(session)
    posts = [make_post(session, thread=thread, author=person, body=f"Number {i}.")
             for i in range(5)]
    first = contribution_page(session, person, now=utcnow(), per_page=2)
    assert [p.id for p in first.posts] == [posts[4].id, posts[3].id]
    second = contribution_page(session, person, now=utcnow(), before=first.next_before,
                               per_page=2)
    assert [p.id for p in second.posts] == [posts[2].id, posts[1].id]
    last = contribution_page(session, person, now=utcnow(), before=second.next_before,
                             per_page=2)
    assert [p.id for p in last.posts] == [posts[0].id] and last.next_before is None
    session.commit()
    older = client.get(f"/people/{person.id}?before={posts[1].id}").get_data(as_text=True)
    assert "Number 0." in older and "Number 4." not in older and "Back to the newest" in older


def test_a_profile_page_costs_the_same_whatever_the_page(client, session, count_queries):
    person = make_user(session)
    thread = make_thread(session)
    posts = [make_post(session, thread=thread, author=person) for _ in range(30)]
    session.commit()
    with count_queries() as first:
        assert client.get(f"/people/{person.id}").status_code == 200
    with count_queries() as older:
        assert client.get(f"/people/{person.id}?before={posts[5].id}").status_code == 200
    assert len(first) == len(older) <= 3


def test_bad_addresses_are_answered_calmly(client, session):
    person = make_user(session)
    session.commit()
    assert client.get("/people/999999999").status_code == 404
    for before in ("abc", "-1", "0", "9" * 40, "１２", str(2**31), str(2**63)):
        assert client.get(f"/people/{person.id}?before={before}").status_code == 200


def test_names_on_the_thread_page_link_to_profiles(client, session):
    person = make_user(session, name="Ana Lopez")
    thread = make_thread(session)
    make_post(session, thread=thread, author=person, body="Hello.")
    session.commit()
    text = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert f'<a class="author" href="/people/{person.id}"><bdi>Ana Lopez</bdi></a>' in text
    assert f'href="/people/{thread.author.id}"' in text  # the opening post's author too


def test_a_post_keeps_the_role_its_author_had_when_writing_it(client, session):
    person = make_user(session, name="Jo Evans")
    admin = make_user(session, role="admin")
    thread = make_thread(session)
    before = make_post(session, thread=thread, author=person, body="As a resident.")
    set_role(session, admin, person, "moderator")
    after = make_post(session, thread=thread, author=person, body="As a moderator.")
    session.commit()
    assert (before.author_role.value, after.author_role.value) == ("citizen", "moderator")
    text = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    old_card = text[text.index(f'id="post-{before.id}"'):text.index(f'id="post-{after.id}"')]
    new_card = text[text.index(f'id="post-{after.id}"'):]
    assert "badge-moderator" not in old_card and "badge-moderator" in new_card.split("</header>")[0]
    assert client.get(f"/api/v1/posts/{before.id}").json["author_role"] == "citizen"


def test_a_thread_keeps_the_role_its_author_had_when_starting_it(client, session):
    person = make_user(session, name="Jo Evans")
    admin = make_user(session, role="admin")
    thread = make_thread(session, author=person, title="Started as a resident")
    set_role(session, admin, person, "moderator")
    session.commit()
    assert thread.author_role.value == "citizen"
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    byline = page[page.index('class="byline"'):].split("</p>")[0]
    assert "Jo Evans" in byline and "badge-moderator" not in byline
    topic = client.get(f"/topics/{thread.topic.slug}").get_data(as_text=True)
    row = topic[topic.index("Started as a resident"):].split("</li>")[0]
    assert "badge-moderator" not in row
    later = make_thread(session, author=person, title="Started as a moderator")
    session.commit()
    page = client.get(f"/threads/{later.id}").get_data(as_text=True)
    assert "badge-moderator" in page[page.index('class="byline"'):].split("</p>")[0]
