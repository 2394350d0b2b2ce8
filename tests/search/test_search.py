"""Ranking, filters, keyset pages and snippets, on both databases."""
from __future__ import annotations

from datetime import timedelta

import pytest

from forum.db import utcnow
from forum.errors import Invalid
from forum.posts.models import Stance
from forum.search.models import DocumentKind
from forum.search.services import decode_after, encode_after
from forum.search.snippets import marked_html
from tests.factories import make_post, make_thread, make_topic
from tests.search.helpers import find, found


def test_a_title_match_beats_a_body_match(session):
    old = utcnow() - timedelta(days=30)
    titled = make_thread(session, title="Cycle parking at the station", body="Racks.", now=old)
    other = make_thread(session, title="The market square", now=utcnow(),
                        body="Where would cycle parking go? More cycle parking near the stalls.")
    hits = find(session, "cycle parking").hits
    assert [hit.ref_id for hit in hits[:2]] == [titled.id, other.id]


def test_recent_activity_breaks_a_tie(session):
    thread = make_thread(session, title="Tree planting")
    now = utcnow()
    older = make_post(session, thread=thread, stance="for", body="Plant oaks.",
                      now=now - timedelta(days=2))
    newer = make_post(session, thread=thread, stance="against", body="Plant oaks.",
                      now=now - timedelta(days=1))
    hits = find(session, "oaks").hits
    assert [hit.ref_id for hit in hits] == [newer.id, older.id]


def test_filters_by_kind_stance_topic_thread_and_dates(session):
    parks, roads = make_topic(session, title="Parks"), make_topic(session, title="Roads")
    now = utcnow()
    park = make_thread(session, topic=parks, title="Fountain repairs", now=now - timedelta(days=40))
    road = make_thread(session, topic=roads, title="Fountain roundabout", now=now)
    pro = make_post(session, thread=park, stance="for", body="Repair the fountain.",
                    now=now - timedelta(days=39))
    con = make_post(session, thread=road, stance="against", body="Move the fountain.", now=now)
    assert found(find(session, "fountain", kind=DocumentKind.POST)) == {("post", pro.id),
                                                                        ("post", con.id)}
    assert found(find(session, "fountain", stance=Stance.AGAINST)) == {("post", con.id)}
    assert found(find(session, "fountain", topic=parks)) == {("discussion", park.id),
                                                             ("post", pro.id)}
    assert found(find(session, "fountain", thread=road)) == {("discussion", road.id),
                                                             ("post", con.id)}
    since = (now - timedelta(days=2)).date()
    assert found(find(session, "fountain", date_from=since)) == {("discussion", road.id),
                                                                 ("post", con.id)}
    until = (now - timedelta(days=30)).date()
    assert found(find(session, "fountain", date_to=until)) == {("discussion", park.id),
                                                               ("post", pro.id)}


def test_keyset_pages_cover_every_result_once(session):
    thread = make_thread(session, title="Noise at night")
    now = utcnow()
    posts = [make_post(session, thread=thread, stance="for", now=now - timedelta(minutes=i),
                       body=f"Noise from the depot {'again ' * (i % 3)}(number {i}).")
             for i in range(7)]
    seen, after, pages = [], None, 0
    while True:
        page = find(session, "depot", after=after, per_page=3)
        assert page.total == 7
        seen += [hit.ref_id for hit in page.hits]
        pages += 1
        after = page.next_cursor
        if after is None:
            break
    assert pages == 3
    assert sorted(seen) == sorted(p.id for p in posts) and len(seen) == len(set(seen))


def test_the_cursor_keeps_the_exact_rank():
    now = utcnow()
    for rank in (0.1, 1 / 3, 1e-300, -2.5, 123456.789):
        assert decode_after(encode_after(rank, now, 42)) == (rank, now, 42)
    for bad in ("x", "bnVsbA", encode_after(0.1, now, 1)[:-3], "W10"):
        with pytest.raises(Invalid):
            decode_after(bad)


def test_snippets_highlight_the_words_and_escape_everything_else(session):
    thread = make_thread(session, title="Skate park <script>alert(1)</script>")
    make_post(session, thread=thread, stance="for",
              body="A skate park <img src=x onerror=alert(1)> & \ue000fake\ue001 marks.")
    for hit in find(session, "skate").hits:
        html = str(hit.snippet_html) + str(hit.title_html)
        assert "<mark>" in html
        assert "<script" not in html and "<img" not in html
        assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0
    assert str(marked_html("a \ue000b<\ue001 \ue001c\ue000d")) == "a <mark>b&lt;</mark> c<mark>d</mark>"


def test_stemming_finds_other_forms_of_a_word(session):
    thread = make_thread(session, title="Parking permits")
    make_post(session, thread=thread, stance="for", body="Permits should be cheaper.")
    assert find(session, "permit").total == 2
    assert find(session, "parked").total == 1


def test_the_query_syntax(session):
    thread = make_thread(session, title="Community centre opening")
    a = make_post(session, thread=thread, stance="for", body="Evening yoga classes, please.")
    b = make_post(session, thread=thread, stance="for", body="Morning yoga and pottery.")
    c = make_post(session, thread=thread, stance="for", body="Pottery for children.")
    assert found(find(session, "yoga -pottery")) == {("post", a.id)}
    assert found(find(session, '"morning yoga"')) == {("post", b.id)}
    assert found(find(session, '"yoga morning"')) == set()
    assert found(find(session, "evening or children")) == {("post", a.id), ("post", c.id)}


def test_a_common_word_ranks_only_the_newest_candidates(session, monkeypatch, count_queries):  # noqa: ANN001
    """The work is bounded by CANDIDATES, not by how many documents hold the word: past it
    the results say so, and a filter still reaches what the cap left out."""
    from forum.search import services
    monkeypatch.setattr(services, "CANDIDATES", 3)
    old = make_thread(session, title="Seating", now=utcnow() - timedelta(days=9))
    first = make_post(session, thread=old, stance="for", body="More benches by the pond.")
    thread = make_thread(session, title="Lighting")
    newest = [make_post(session, thread=thread, stance="for", body=f"Benches, please ({n}).")
              for n in range(4)]
    results = find(session, "benches")
    assert results.capped and results.total == 3
    assert found(results) == {("post", post.id) for post in newest[1:]}
    narrowed = find(session, "benches", thread=old)
    assert not narrowed.capped
    assert found(narrowed) == {("post", first.id)}
    monkeypatch.setattr(services, "CANDIDATES", 1_000)
    everything = find(session, "benches")
    assert not everything.capped and everything.total == 5


def test_a_capped_search_says_so_on_the_page_and_in_the_api(client, session, monkeypatch):  # noqa: ANN001
    from forum.search import services
    monkeypatch.setattr(services, "CANDIDATES", 2)
    thread = make_thread(session, title="Allotments")
    for n in range(3):
        make_post(session, thread=thread, stance="for", body=f"Allotment waiting lists ({n}).")
    session.commit()
    assert "More than 2 results match." in client.get("/search?q=allotment").text
    body = client.get("/api/v1/search?q=allotment").get_json()
    assert body["capped"] is True and body["total"] == 2
    assert client.get("/api/v1/search?q=nothing+like+it").get_json()["capped"] is False
