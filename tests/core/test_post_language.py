"""The language a resident's post or opening text is written in: chosen in the forms and the
API (default: the author's interface language), refused when unknown, marked with ``lang``."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum.db import utcnow
from forum.errors import Invalid
from forum.posts.models import Post
from forum.posts.services import create_post, edit_post
from forum.threads.models import Thread
from forum.threads.services import start_thread
from tests.factories import bearer, make_post, make_thread, make_topic, make_user

WELSH = "Mae angen croesfan ddiogel ger yr ysgol."


def _welsh_speaker(session):  # noqa: ANN001, ANN202
    user = make_user(session)
    user.language = "cy"
    return user


def test_a_post_keeps_the_language_it_was_written_in(session):  # noqa: ANN001
    thread = make_thread(session, language="cy", body=WELSH)
    argument = make_post(session, thread=thread, stance="for", body=WELSH, language="cy")
    reply = make_post(session, thread=thread, parent=argument, body="I agree.")
    assert (thread.language, argument.language, reply.language) == ("cy", "cy", "en")


@pytest.mark.parametrize("bad", ["fr", "CY", "en_XA", "cy ", 7, ["cy"]])
def test_an_unknown_language_is_refused_on_its_field(session, bad):  # noqa: ANN001
    thread = make_thread(session)
    with pytest.raises(Invalid) as refused:
        create_post(session, make_user(session), thread, body="Text.", stance="for",
                    language=bad, now=utcnow())
    assert refused.value.field == "language" and "en, cy" in refused.value.message
    with pytest.raises(Invalid) as refused:
        start_thread(session, make_user(session), make_topic(session), title="A good title",
                     body="Text.", language=bad, now=utcnow())
    assert refused.value.field == "language"


def test_a_missing_text_and_a_bad_language_are_reported_together(session):  # noqa: ANN001
    with pytest.raises(Invalid) as refused:
        create_post(session, make_user(session), make_thread(session), body="", stance="for",
                    language="xx", now=utcnow())
    fields = {refused.value.field, *(other.field for other in refused.value.others)}
    assert fields == {"body", "language"}


def test_an_edit_can_change_only_the_language(session):  # noqa: ANN001
    post = make_post(session, thread=make_thread(session), stance="for", body=WELSH)
    assert post.language == "en"
    edit_post(session, post.author, post, body=WELSH, language="cy", now=utcnow())
    assert (post.language, post.version) == ("cy", 2)
    assert session.scalar(select(Post.language).where(Post.id == post.id)) == "cy"
    edit_post(session, post.author, post, body="Changed.", now=utcnow())
    assert post.language == "cy"  # not named: kept
    with pytest.raises(Invalid):
        edit_post(session, post.author, post, body="Changed.", language="de", now=utcnow())


# -- the HTML forms -------------------------------------------------------------------------

def _select(page: str) -> str:
    found = re.search(r'<select id="language" name="language"[^>]*>(.*?)</select>', page, re.S)
    assert found, "no language choice on the page"
    return found.group(1)


def test_the_argument_form_offers_each_language_in_its_own_words(client, session,  # noqa: ANN001
                                                                  login):
    thread = make_thread(session)
    login(_welsh_speaker(session))
    options = _select(client.get(f"/threads/{thread.id}").get_data(as_text=True))
    assert '<option lang="en-GB" value="en">English</option>' in options
    assert '<option lang="cy" selected value="cy">Cymraeg</option>' in options  # pages' language


def test_a_welsh_speakers_post_is_welsh_unless_they_choose(client, session, login):  # noqa: ANN001
    thread = make_thread(session)
    login(_welsh_speaker(session))
    client.post(f"/threads/{thread.id}/posts", data={"body": WELSH, "stance": "for"})
    client.post(f"/threads/{thread.id}/posts",
                data={"body": "In English.", "stance": "against", "language": "en"})
    posts = session.scalars(select(Post).where(Post.thread_id == thread.id)
                            .order_by(Post.id)).all()
    assert [p.language for p in posts] == ["cy", "en"]
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert f'<div class="prose" lang="cy" dir="auto"><p>{WELSH}</p></div>' in page
    assert '<div class="prose" lang="en-GB" dir="auto"><p>In English.</p></div>' in page


def test_a_bad_language_in_the_form_is_a_422_next_to_the_choice(client, session, login):  # noqa: ANN001
    thread = make_thread(session)
    login(make_user(session))
    response = client.post(f"/threads/{thread.id}/posts",
                           data={"body": "Kept text.", "stance": "for", "language": "zz"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="language-error"' in page and "Kept text." in page
    assert session.scalar(select(Post).where(Post.thread_id == thread.id)) is None


def test_reply_edit_and_thread_forms_carry_the_language(client, session, login):  # noqa: ANN001
    author = make_user(session)
    login(author)
    topic = make_topic(session)
    session.commit()
    assert 'name="language"' in client.get(f"/topics/{topic.slug}/threads/new").get_data(
        as_text=True)
    client.post(f"/topics/{topic.slug}/threads/new",
                data={"title": "Croesfan ger yr ysgol", "body": WELSH, "language": "cy"})
    thread = session.scalar(select(Thread).where(Thread.title == "Croesfan ger yr ysgol"))
    assert thread.language == "cy"
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert f'<div class="prose" lang="cy" dir="auto"><p>{WELSH}</p></div>' in page
    edit_page = client.get(f"/threads/{thread.id}/edit").get_data(as_text=True)
    assert '<option lang="cy" selected value="cy">' in _select(edit_page)
    client.post(f"/threads/{thread.id}/edit",
                data={"title": thread.title, "body": WELSH, "language": "en"})
    assert thread.language == "en"

    argument = make_post(session, thread=thread, stance="for", author=author)
    session.commit()
    assert 'name="language"' in client.get(f"/posts/{argument.id}/reply").get_data(as_text=True)
    client.post(f"/posts/{argument.id}/reply", data={"body": WELSH, "language": "cy"})
    reply = session.scalar(select(Post).where(Post.parent_id == argument.id))
    assert reply.language == "cy"
    assert '<option lang="en-GB" selected' in _select(
        client.get(f"/posts/{argument.id}/edit").get_data(as_text=True))
    client.post(f"/posts/{argument.id}/edit", data={"body": argument.body, "stance": "for",
                                                    "language": "cy",
                                                    "version": str(argument.version)})
    assert argument.language == "cy"


def test_one_language_offers_no_choice(client, session, login, app, monkeypatch):  # noqa: ANN001
    monkeypatch.setitem(app.config, "LANGUAGES", ("en",))
    thread = make_thread(session)
    login(make_user(session))
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert 'name="language"' not in page
    client.post(f"/threads/{thread.id}/posts", data={"body": "Only English.", "stance": "for"})
    assert session.scalar(select(Post.language).where(Post.thread_id == thread.id)) == "en"


# -- the API --------------------------------------------------------------------------------

def test_the_api_takes_and_shows_the_language(client, session):  # noqa: ANN001
    thread = make_thread(session, language="cy", body=WELSH)
    author = make_user(session)
    headers = bearer(author, session)
    response = client.post(f"/api/v1/threads/{thread.id}/posts", headers=headers,
                           json={"body": WELSH, "stance": "for", "language": "cy"})
    assert response.status_code == 201 and response.json["language"] == "cy"
    post_id = response.json["id"]
    plain = client.post(f"/api/v1/threads/{thread.id}/posts", headers=headers,
                        json={"body": "No language named.", "stance": "for"})
    assert plain.json["language"] == "en"  # the token's person has no language: the default
    changed = client.patch(f"/api/v1/posts/{post_id}", headers=headers, json={"language": "en"})
    assert changed.status_code == 200 and changed.json["language"] == "en"
    assert client.get(f"/api/v1/threads/{thread.id}").json["language"] == "cy"
    listed = client.get(f"/api/v1/threads/{thread.id}/posts").json["posts"]
    assert {p["id"]: p["language"] for p in listed}[post_id] == "en"
    started = client.post("/api/v1/threads", headers=headers,
                          json={"topic": thread.topic.slug, "title": "Yn Gymraeg",
                                "body": WELSH, "language": "cy"})
    assert started.status_code == 201 and started.json["language"] == "cy"


@pytest.mark.parametrize("bad", ["xx", 3, "", None])
def test_the_api_refuses_a_bad_language_with_a_422(client, session, bad):  # noqa: ANN001
    thread = make_thread(session)
    headers = bearer(make_user(session), session)
    response = client.post(f"/api/v1/threads/{thread.id}/posts", headers=headers,
                           json={"body": "Text.", "stance": "for", "language": bad})
    if bad in ("", None):  # empty or null: not named, so the default
        assert response.status_code == 201 and response.json["language"] == "en"
        return
    assert response.status_code == 422
    assert response.json["error"]["field"] == "language"
    post = make_post(session, thread=thread, stance="for")
    session.commit()
    edited = client.patch(f"/api/v1/posts/{post.id}", headers=bearer(post.author, session),
                          json={"language": bad})
    assert edited.status_code == 422 and edited.json["error"]["field"] == "language"


def test_an_api_post_speaks_its_authors_language_by_default(client, session):  # noqa: ANN001
    thread = make_thread(session)
    author = _welsh_speaker(session)
    response = client.post(f"/api/v1/threads/{thread.id}/posts", headers=bearer(author, session),
                           json={"body": WELSH, "stance": "for"})
    assert response.json["language"] == "cy"
