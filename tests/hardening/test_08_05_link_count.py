"""Item 5 (links): ``count_links`` counts exactly the links the rendered text has.

It counts the ``<a>`` elements of :func:`render_markdown`'s output, so bare domains, which
the linkifier turns into links, count too, and the cap for new accounts cannot be bypassed.
"""
from __future__ import annotations

import re
import uuid
from datetime import timedelta

import markdown
import pytest

from forum.db import utcnow
from forum.errors import Invalid
from forum.markup import count_links, render_markdown
from forum.posts.services import create_post
from tests.conftest import NOW
from tests.factories import make_thread, make_user

BARE_DOMAINS = "Compare a-example.com, b-example.org and c.example.co.uk for prices."


def anchors(html: str) -> int:
    """Number of links in rendered HTML."""
    return len(re.findall(r"<a[\s>]", html))


@pytest.mark.parametrize("text,links", [
    ("a-example.com", 1),
    (BARE_DOMAINS, 3),
    ("a https://x.org b www.y.org [c](http://z.org)", 3),
    ("[same](https://x.org) https://x.org", 2),
    ("`https://in.code.example` and\n\n    https://indented.example", 0),
    ("[local](/t/1) and [anchor](#top)", 2),
    ("[bad](javascript:alert(1)) [bad](/\\evil.example)", 0),
    ("file.txt, e.g. this, 3.14", 0),
    ("mailto:someone@example.org", 1),
])
def test_08_05_count_links_counts_the_rendered_links(text, links):
    assert count_links(text) == links == anchors(render_markdown(text))


def test_08_05_text_past_the_formatting_budget_has_no_links():
    text = "a-example.com " + "*a* " * 5000
    assert count_links(text) == anchors(render_markdown(text)) == 0


def test_08_05_new_account_cannot_post_three_bare_domains(session):
    thread = make_thread(session, now=NOW - timedelta(days=3))
    newcomer = make_user(session, created_at=NOW - timedelta(hours=3))
    with pytest.raises(Invalid) as error:
        create_post(session, newcomer, thread, body=BARE_DOMAINS, now=NOW)
    assert error.value.field == "body" and "at most 2 links" in error.value.message


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    """CSRF on, as in production."""
    return {**app_config, "WTF_CSRF_ENABLED": True}


def test_08_05_page_refuses_three_bare_domains_with_csrf_on(client, session, login):
    thread = make_thread(session)
    newcomer = make_user(session, created_at=utcnow() - timedelta(hours=1))
    session.commit()
    login(newcomer)
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    response = client.post(f"/threads/{thread.id}/posts",
                           data={"body": BARE_DOMAINS, "stance": "for", "csrf_token": token})
    assert response.status_code == 422
    assert b"at most 2 links" in response.data
    assert b"c.example.co.uk for prices." in response.data  # the text stays in the form


def test_08_05_counting_links_does_not_render_the_post_twice(session, monkeypatch):
    newcomer = make_user(session, created_at=NOW - timedelta(hours=3))
    thread = make_thread(session)
    calls = []
    convert = markdown.Markdown.convert
    monkeypatch.setattr(markdown.Markdown, "convert",
                        lambda self, text: calls.append(text) or convert(self, text))
    body = f"See a-example.com for the plan ({uuid.uuid4().hex})."
    post = create_post(session, newcomer, thread, body=body, now=NOW)
    assert len(calls) == 1
    assert anchors(post.body_html) == 1
