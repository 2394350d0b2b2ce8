"""Hostile and odd queries: an empty result or a clear message, never a 500, on both databases."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forum.errors import Invalid
from forum.search.query import QUERY_MAX, clean_query, fts5_query
from tests.factories import make_post, make_thread
from tests.search.helpers import find

ODD = ["", "   ", "!!!", "?.,;:", '"', '""', '"unbalanced', "unbalanced\"", "-", "--", "-bus",
       "*", "bus*", "NEAR(", "NEAR(bus lane)", "bus NEAR lane", "OR", "or", "AND", "NOT",
       "bus OR", "OR bus", "(", ")", "title:bus", "^bus", "{bus}", "bus + lane", "\\",
       "'; DROP TABLE posts; --", "\ue000bus\ue001", "ø", "日本語", "🚌", "the", "a an the"]


@pytest.fixture
def indexed(session):  # noqa: ANN001
    thread = make_thread(session, title="Bus lane on Station Road")
    make_post(session, thread=thread, stance="for", body="Near the bus stop, OR not.")
    session.commit()
    return thread


@pytest.mark.parametrize("q", ODD)
def test_odd_queries_never_fail(session, indexed, q):  # noqa: ANN001
    results = find(session, q)
    assert results.total >= 0
    if not any(c.isalnum() for c in q):
        assert results.hits == [] and results.message


def test_a_lone_surrogate_and_control_characters_are_dropped(session, indexed):  # noqa: ANN001
    assert find(session, "bus\ud800").total == 2
    assert find(session, "bus\x00\x07lane").total >= 1
    assert clean_query("a\x00b\ud800c") == "a b c"


def test_a_long_query_is_refused_with_a_message(session):  # noqa: ANN001
    with pytest.raises(Invalid, match="200 characters"):
        find(session, "bus " * 2500)
    assert find(session, "b" * QUERY_MAX).total == 0


def test_the_fts5_query_quotes_every_term():
    assert fts5_query('NEAR( "bus lane" -car or tram*') == \
        '(("NEAR(" AND "bus lane") NOT "car") OR ("tram*")'
    assert fts5_query("-only -negative") is None
    assert fts5_query('say "hi""') == '("say" AND "hi")'


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=QUERY_MAX))
def test_any_text_searches_without_an_error(session, q):  # noqa: ANN001
    results = find(session, q)
    assert results.total >= 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(alphabet=st.sampled_from('ab "-*()NEARor:^\\\'+'), max_size=40))
def test_operator_soup_searches_without_an_error(session, q):  # noqa: ANN001
    assert find(session, q).total >= 0
