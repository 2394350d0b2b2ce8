"""The pseudo-locale walk: every page of the demo forum, read in ``en_XA`` by a visitor and by
each role, has no English word outside people's own content.

In ``en_XA`` every translated letter is accented, so a plain ASCII word left on a page is
either content (a title, a name, a post: its words are in the database), a date or time
Babel writes in English for this locale, or a string that escaped ``_()``: the test names
each of those with its page.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.accounts.models import User
from forum.db import db, utcnow
from forum.demo import DEMO_ACCOUNTS, load_demo
from forum.summaries.models import Summary
from forum.threads.models import Thread
from forum.topics.models import Topic
from tests.i18n.pseudo import (BABEL_WORDS, NOT_LANGUAGE, content_words, interface_words,
                               known_words)

PSEUDO = {"Accept-Language": "en-XA"}


@pytest.fixture
def database(sqlite_database):  # noqa: ANN001
    """The walk reads pages, and pages read the same on both databases."""
    return sqlite_database


@pytest.fixture
def demo(session):  # noqa: ANN001
    load_demo(session, now=utcnow())
    session.commit()
    people = {role.value: session.scalar(select(User).where(User.email == email))
              for email, _, role, _ in DEMO_ACCOUNTS}
    for person in people.values():
        person.language = "en_XA"  # a signed-in person's own setting comes first
    session.commit()
    return people


def _pages(session) -> list[str]:  # noqa: ANN001
    threads = [f"/threads/{i}" for i in session.scalars(select(Thread.id).order_by(Thread.id))]
    topics = [f"/topics/{s}" for s in session.scalars(select(Topic.slug))]
    summaries = [f"/summaries/{i}" for i in session.scalars(
        select(Summary.id).where(Summary.published_at.is_not(None)))]
    return ["/", "/topics", "/proposals", "/outcomes", "/transparency", "/search?q=bus",
            "/login", "/register", "/password/forgot", "/privacy", "/accessibility",
            "/house-rules", "/api", *topics, *threads, *summaries]


SIGNED_IN = {"citizen": ["/account", "/account/notifications", "/account/follows",
                         "/account/tokens", "/account/data", "/notifications", "/appeals",
                         "/proposals/new", "/topics/ideas/proposals/new"],
             "councillor": ["/council"],
             "moderator": ["/moderation", "/moderation/log", "/moderation/suspensions"],
             "admin": ["/admin", "/admin/users", "/admin/jobs", "/topics/new"]}


def test_no_english_word_escapes_the_catalogue(client, login, session, demo):  # noqa: ANN001
    known = known_words(db.session, client.application.config["SITE_NAME"])
    walks = [(None, _pages(session))] + [(demo[role], paths) for role, paths in
                                         SIGNED_IN.items()]
    escaped: dict[str, set[str]] = {}
    for who, paths in walks:
        if who is not None:
            login(who)
        for path in paths + ([] if who is None else [p for p in _pages(session)[:4]]):
            response = client.get(path, headers=PSEUDO)
            assert response.status_code == 200, (path, response.status_code)
            words = interface_words(response.get_data(as_text=True)) - known
            if words:
                escaped[f"{path} ({who.role.value if who else 'visitor'})"] = words
    assert not escaped, "\n".join(f"{page}: {sorted(words)}" for page, words in escaped.items())


def test_the_walk_finds_a_planted_literal(session, demo):  # noqa: ANN001
    """The check sees a word that escaped the catalogue, in text and in a submit input's
    value (the label it shows), not in a button's value (sent, never shown)."""
    words = interface_words('<p>[Šîĝñ îñ]</p><input type="submit" value="Send">'
                            '<button type="submit" name="action" value="save">[Šåṽé]</button>')
    assert words - (content_words(db.session) | BABEL_WORDS | NOT_LANGUAGE) == {"Send"}
