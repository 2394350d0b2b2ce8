"""Pages of a topic and of a thread hold as many items as the settings say."""
from __future__ import annotations

from tests.factories import make_post, make_thread, make_topic


def _post_ids(html: str, posts) -> list[int]:  # noqa: ANN001
    return [p.id for p in posts if f'id="post-{p.id}"' in html]


def test_the_thread_page_shows_arguments_per_page_from_the_setting(app, client, session):
    app.config["ARGUMENTS_PER_PAGE"] = 3
    thread = make_thread(session)
    arguments = [make_post(session, thread=thread, stance="for", body=f"Argument {i}.")
                 for i in range(4)]
    session.commit()
    first = client.get(f"/threads/{thread.id}")
    second = client.get(f"/threads/{thread.id}?page=2")
    assert _post_ids(first.text, arguments) == [a.id for a in arguments[:3]]
    assert _post_ids(second.text, arguments) == [arguments[3].id]


def test_the_topic_page_shows_threads_per_page_from_the_setting(app, client, session):
    app.config["THREADS_PER_PAGE"] = 2
    topic = make_topic(session, title="Parks", slug="parks")
    threads = [make_thread(session, topic=topic, title=f"Thread number {i} about parks")
               for i in range(3)]
    session.commit()
    pages = [client.get("/topics/parks").text, client.get("/topics/parks?page=2").text]
    shown = [[t.id for t in threads if t.title in page] for page in pages]
    assert [len(ids) for ids in shown] == [2, 1]
    assert sorted(shown[0] + shown[1]) == sorted(t.id for t in threads)


def test_the_topic_api_limit_defaults_to_threads_per_page(app, client, session):
    app.config["THREADS_PER_PAGE"] = 2
    topic = make_topic(session, title="Parks", slug="parks")
    for i in range(3):
        make_thread(session, topic=topic, title=f"Thread number {i} about parks")
    session.commit()
    body = client.get("/api/v1/topics/parks/threads").get_json()
    assert len(body["threads"]) == 2
