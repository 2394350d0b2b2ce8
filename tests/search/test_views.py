"""The search page, the header box, the API, the reindex command and the bus-lane journey."""
from __future__ import annotations

from sqlalchemy import delete

from forum.db import utcnow
from forum.demo import load_demo
from forum.search.index import index_tables
from tests.factories import make_post, make_thread, make_user
from tests.search.helpers import find


def _bus_lane(session):  # noqa: ANN001, ANN202
    thread = make_thread(session, title="A bus lane for Hill Street",
                         body="Should Hill Street get a bus lane?")
    post = make_post(session, thread=thread, stance="for", body="Yes, a bus lane <b>now</b>.")
    session.commit()
    return thread, post


def test_the_page_shows_highlighted_results_and_a_count(client, session):  # noqa: ANN001
    thread, post = _bus_lane(session)
    page = client.get("/search?q=bus+lane").get_data(as_text=True)
    assert "Number of results: 2." in page
    assert "<mark>bus</mark> <mark>lane</mark>" in page
    assert f'href="/posts/{post.id}"' in page and f'href="/threads/{thread.id}"' in page
    assert "&lt;b&gt;" not in page or "<b>now" not in page


def test_every_page_has_the_header_search_box(client):  # noqa: ANN001
    for path in ("/", "/topics", "/search"):
        page = client.get(path).get_data(as_text=True)
        assert 'role="search"' in page and 'for="site-search-q"' in page, path


def test_search_in_this_topic_and_thread_links(client, session):  # noqa: ANN001
    thread, _ = _bus_lane(session)
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert f"/search?thread={thread.id}" in page
    page = client.get(f"/topics/{thread.topic.slug}").get_data(as_text=True)
    assert f"/search?topic={thread.topic.slug}" in page
    results = client.get(f"/search?q=bus&thread={thread.id}").get_data(as_text=True)
    assert "Number of results: 2." in results and 'name="thread"' in results


def test_bad_arguments_are_422_with_the_text_kept(client, session):  # noqa: ANN001
    _bus_lane(session)
    long = client.get("/search", query_string={"q": "bus " * 100})
    assert long.status_code == 422
    assert "200 characters or fewer" in long.get_data(as_text=True)
    for args in ({"q": "bus", "kind": "poll"}, {"q": "bus", "stance": "maybe"},
                 {"q": "bus", "from": "2025-02-30"}, {"q": "bus", "topic": "nowhere"},
                 {"q": "bus", "thread": "99999999"}, {"q": "bus", "after": "garbage"},
                 {"q": "bus", "from": "2025-03-02", "to": "2025-03-01"}):
        response = client.get("/search", query_string=args)
        assert response.status_code == 422, args
        assert 'value="bus"' in response.get_data(as_text=True)
    assert client.get("/search?q=%00").status_code == 400
    assert "Type one or more words" in client.get("/search?q=%2A%22").get_data(as_text=True)
    assert client.get("/search").status_code == 200


def test_the_page_runs_a_bounded_number_of_queries(client, session, count_queries):  # noqa: ANN001
    thread = make_thread(session, title="Bus shelters")
    for i in range(30):
        make_post(session, thread=thread, stance="for", body=f"Bus shelter number {i}.")
    session.commit()
    with count_queries() as queries:
        page = client.get("/search?q=bus").get_data(as_text=True)
    assert "Number of results: 31." in page and "Next" in page
    assert len(queries) <= 5, queries


def test_the_api_pages_with_a_cursor(client, session):  # noqa: ANN001
    thread = make_thread(session, title="Bus stops on the ring road")
    for i in range(4):
        make_post(session, thread=thread, stance="against", body=f"Bus stop {i} is too far.")
    session.commit()
    first = client.get("/api/v1/search?q=bus&limit=3").get_json()
    assert first["total"] == 5 and len(first["results"]) == 3 and first["next_cursor"]
    assert first["results"][0]["kind"] == "discussion"
    assert "<mark>" in first["results"][0]["title_html"]
    assert first["results"][0]["url"].startswith("http")
    second = client.get(f"/api/v1/search?q=bus&limit=3&cursor={first['next_cursor']}").get_json()
    assert len(second["results"]) == 2 and second["next_cursor"] is None
    ids = {(r["kind"], r["id"]) for r in first["results"] + second["results"]}
    assert len(ids) == 5
    only = client.get("/api/v1/search?q=bus&kind=post&stance=against").get_json()
    assert only["total"] == 4


def test_the_api_refuses_bad_arguments_in_the_envelope(client):  # noqa: ANN001
    for args in ({"q": "x" * 201}, {"q": "bus", "cursor": "nope"}, {"q": "bus", "kind": "x"},
                 {"q": "bus", "limit": "0"}):
        response = client.get("/api/v1/search", query_string=args)
        assert response.status_code == 422, args
        assert response.get_json()["error"]["code"] == "invalid"
    empty = client.get("/api/v1/search?q=-").get_json()
    assert empty["results"] == [] and empty["message"]


def test_reindex_rebuilds_the_index(app, session):  # noqa: ANN001
    thread, post = _bus_lane(session)
    hidden_thread = make_thread(session, title="Bus garage")
    from forum.moderation.services import hide_post  # noqa: PLC0415 - only here
    hidden = make_post(session, thread=hidden_thread, stance="for", body="Bus garage noise.")
    hide_post(session, make_user(session, role="moderator"), hidden, reason="Off topic here.",
              now=utcnow())
    for table in index_tables(session):
        session.execute(delete(table))
    session.commit()
    assert find(session, "bus").total == 0
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Indexed 3 documents." in result.output
    assert find(session, "bus").total == 3


def test_a_resident_finds_the_bus_lane_consultation_its_arguments_and_the_answer(
        client, session, login):  # noqa: ANN001
    load_demo(session, now=utcnow())
    session.commit()
    login(make_user(session))
    page = client.get("/search?q=bus+lane").get_data(as_text=True)
    for kind in ("Consultation", "Post", "Summary", "Council response"):
        assert f'<span class="kind-badge">{kind}</span>' in page, kind
    assert "A <mark>bus</mark> <mark>lane</mark> on London Road" in page
    results = client.get("/api/v1/search?q=bus+lane&limit=50").get_json()["results"]
    kinds = {r["kind"] for r in results}
    assert {"consultation", "post", "summary", "response"} <= kinds
    assert all("<mark>" in r["snippet_html"] + r["title_html"] for r in results)
