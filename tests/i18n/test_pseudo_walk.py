"""The pseudo-locale walk: every page of the demo forum, read in ``en_XA`` by a visitor and by
each role, has no English word outside people's own content.

In ``en_XA`` every translated letter is accented, so a plain ASCII word left on a page is
either content (a title, a name, a post: its words are in the database), a date or time
Babel writes in English for this locale, or a string that escaped ``_()``: the test names
each of those with its page.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import String, Text, select

from forum.accounts.models import User
from forum.db import Base, db, utcnow
from forum.demo import DEMO_ACCOUNTS, load_demo
from forum.summaries.models import Summary
from forum.threads.models import Thread
from forum.topics.models import Topic

PSEUDO = {"Accept-Language": "en-XA"}
#: attributes read aloud or shown, checked like text
SPOKEN = {"aria-label", "title", "alt", "placeholder", "value", "data-label"}
#: words Babel writes in English for ``en_XA`` (it formats like ``en``: months, days, units)
BABEL_WORDS = {
    *"January February March April May June July August September October November December"
    .split(), *"Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(),
    *"in ago day days hour hours minute minutes second seconds week weeks month months year "
     "years AM PM".split()}
#: words that are not language: formats, codes and names the site shows as they are
NOT_LANGUAGE = {"CSV", "JSON", "API", "Atom", "RSS", "HTML", "CSRF", "TOTP", "URL", "ID",
                "OpenAPI", "Markdown", "http", "https", "www", "GB", "en", "cy", "XA", "UTC",
                "Cymraeg", "English", "png", "svg", "pdf", "mailto", "example", "org"}
WORD = re.compile(r"(?<![\w&#])[A-Za-z][A-Za-z'’]+")


class _Text(HTMLParser):
    """The text and spoken attributes of a page, outside scripts, styles and code, outside
    ``.prose`` blocks (the texts people and the council wrote: posts, summaries, the site's
    own pages, which are content, not interface), and outside any element marked with a
    ``lang`` of its own (the API reference quotes its English OpenAPI document so)."""

    SKIP = {"script", "style", "code", "pre"}
    VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr", "area", "col"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0
        self._open: list[bool] = []  # for each open element: does it skip its text

    def handle_starttag(self, tag, attrs):  # noqa: ANN001, ANN201
        classes = (dict(attrs).get("class") or "").split()
        skips = tag in self.SKIP or "prose" in classes or (tag != "html" and "lang" in dict(attrs))
        if tag not in self.VOID:
            self._open.append(skips)
            self._skipping += skips
        is_button_value = tag in ("input", "button") and ("type", "submit") in attrs
        for name, value in attrs:
            if value and (name in SPOKEN - {"value"} or (name == "value" and is_button_value)):
                self.parts.append(value)

    def handle_endtag(self, tag):  # noqa: ANN001, ANN201
        if tag not in self.VOID and self._open:
            self._skipping -= self._open.pop()

    def handle_data(self, data):  # noqa: ANN001, ANN201
        if not self._skipping:
            self.parts.append(data)


def _content_words() -> set[str]:
    """Every word stored in the database's text columns: people's own content."""
    words: set[str] = set()
    for table in Base.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text)]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)):
            for value in row:
                if isinstance(value, str):  # stored HTML's attributes are content too
                    words.update(WORD.findall(value))
    return words


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
    known = (_content_words() | BABEL_WORDS | NOT_LANGUAGE
             | set(WORD.findall(client.application.config["SITE_NAME"])))
    walks = [(None, _pages(session))] + [(demo[role], paths) for role, paths in
                                         SIGNED_IN.items()]
    escaped: dict[str, set[str]] = {}
    for who, paths in walks:
        if who is not None:
            login(who)
        for path in paths + ([] if who is None else [p for p in _pages(session)[:4]]):
            response = client.get(path, headers=PSEUDO)
            assert response.status_code == 200, (path, response.status_code)
            reader = _Text()
            reader.feed(response.get_data(as_text=True))
            words = {w for part in reader.parts for w in WORD.findall(part)} - known
            if words:
                escaped[f"{path} ({who.role.value if who else 'visitor'})"] = words
    assert not escaped, "\n".join(f"{page}: {sorted(words)}" for page, words in escaped.items())


def test_the_walk_finds_a_planted_literal(session, demo):  # noqa: ANN001
    """The check sees a word that escaped the catalogue, in text and in a button's value."""
    reader = _Text()
    reader.feed('<p>[Šîĝñ îñ]</p><button type="submit" value="Send">[Šéñð]</button>')
    words = {w for part in reader.parts for w in WORD.findall(part)}
    assert words - (_content_words() | BABEL_WORDS | NOT_LANGUAGE) == {"Send"}
