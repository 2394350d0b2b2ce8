"""The thread page asks the template's can() a fixed number of times, whatever its posts;
the flat render keeps the tree's nesting."""
from __future__ import annotations

import re

import pytest

from forum import permissions
from tests.core.test_performance import _grow
from tests.factories import make_thread, make_user


@pytest.mark.parametrize("signed_in", [False, True])
def test_template_permission_checks_do_not_grow_with_posts(client, session, login,
                                                           monkeypatch, signed_in):
    authors = [make_user(session) for _ in range(5)]
    small, large = make_thread(session), make_thread(session)
    _grow(session, small, authors, 4)
    _grow(session, large, authors, 60)
    if signed_in:
        login(authors[0])
    calls: list[str] = []
    original = permissions.can
    monkeypatch.setattr(permissions, "can", lambda name, *a, **k: calls.append(name)
                        or original(name, *a, **k))
    client.application.jinja_env.globals["can"] = permissions.can
    counts = []
    for thread in (small, large):
        calls.clear()
        assert client.get(f"/threads/{thread.id}").status_code == 200
        counts.append(len(calls))
    client.application.jinja_env.globals["can"] = original
    assert counts[0] == counts[1], counts


def test_flat_render_nests_replies(client, session):
    authors = [make_user(session) for _ in range(3)]
    thread = make_thread(session)
    _grow(session, thread, authors, 13)  # arguments with chains of replies down to depth 3
    html = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    section = html[html.index('<ol class="tree">'):html.index("</section>", html.index("debate-title"))]
    assert section.count("<ol") == section.count("</ol>")
    assert section.count("<li") == section.count("</li>") == 13
    depth, deepest = 0, 0
    for tag in re.findall(r"</?ol", section):
        depth += 1 if tag == "<ol" else -1
        deepest = max(deepest, depth)
        assert depth >= 0
    assert depth == 0 and deepest == 4
