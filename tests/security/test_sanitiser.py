"""Every rendered field survives the XSS corpus: no injected element, handler or script URL.

Fields: topic titles and descriptions, display names, thread titles and opening text, posts
and replies, hiding and locking reasons, consultation titles, questions and background,
summaries and the council's response (see :mod:`tests.security.xss_scenario`).

Pages are parsed with :mod:`html.parser` and compared with the same pages showing harmless
text: a payload may add only the elements Markdown is allowed to produce, and no element
anywhere may carry an event handler, a style attribute or a script URL.
"""
from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from forum.markup import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown
from tests.security import xss_scenario
from tests.security.xss_corpus import PAYLOADS

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                  "background", "srcdoc", "srcset", "ping", "lowsrc", "dynsrc", "cite"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")


@pytest.fixture
def database(sqlite_database) -> str:  # noqa: ANN001
    """Sanitising does not depend on the database: SQLite only, to keep the suite quick (the
    run's SQLite database, so the app built for it is reused, not one built per test)."""
    return sqlite_database


class Elements(HTMLParser):
    """Collect every start tag with its attributes (entities already decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001, ANN201
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Parse ``html`` into ``(tag, attributes)`` pairs."""
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def _url(value: str) -> str:
    """A URL as a browser reads it: control characters and whitespace removed, lower case."""
    return re.sub(r"[\x00-\x20\x7f]+", "", value).lower()


def dangerous_attributes(html: str) -> list[str]:
    """Event handlers, style attributes and script URLs anywhere in ``html``."""
    return _dangerous(elements(html))


def _dangerous(parsed: list[tuple[str, list[tuple[str, str | None]]]]) -> list[str]:
    """``dangerous_attributes`` of a page already parsed (each page is parsed once)."""
    found = []
    for tag, attrs in parsed:
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                found.append(f"<{tag} {name}={value!r}>")
            elif name in URL_ATTRIBUTES and value and _url(value).startswith(BAD_SCHEMES):
                found.append(f"<{tag} {name}={value!r}>")
    return found


def check_fragment(html: str) -> None:
    """Stored ``*_html``: only the sanitiser's tags and attributes, only safe link targets."""
    parsed = elements(html)
    for tag, attrs in parsed:
        assert tag in ALLOWED_TAGS, f"<{tag}> in {html!r}"
        for name, value in attrs:
            assert name in ALLOWED_ATTRIBUTES.get(tag, []), f"<{tag} {name}> in {html!r}"
            if name == "href":
                url = _url(value or "")
                assert url.startswith(("http://", "https://", "mailto:", "/", "#")) \
                    and not url.startswith("//"), f"href {value!r} in {html!r}"
    assert not _dangerous(parsed)


#: the JSON data blocks a page may carry (their text is the catalogue's, never a person's)
DATA_BLOCKS = {"forum-messages"}


def check_page(html: str, baseline: str) -> None:
    """A page may differ from its harmless twin only by elements Markdown may produce."""
    parsed = elements(html)
    found = _dangerous(parsed)
    assert not found, found
    got = Counter(tag for tag, _ in parsed)
    base = Counter(tag for tag, _ in elements(baseline))
    extra = {tag: n - base[tag] for tag, n in got.items()
             if n > base[tag] and tag not in ALLOWED_TAGS}
    assert not extra, f"injected elements: {extra}"
    for tag, attrs in parsed:
        if tag == "script":
            attributes = dict(attrs)
            if attributes.get("type") == "application/json":
                # a data block of the server's own sentences for the scripts, never run
                assert attributes.get("id") in DATA_BLOCKS, attrs
                continue
            assert attributes.get("src", "").startswith("/static/"), attrs


def test_the_corpus_is_big_enough():
    assert len(PAYLOADS) >= 60 and len(set(PAYLOADS)) == len(PAYLOADS)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_render_markdown_neutralises(payload):
    check_fragment(render_markdown(payload))


#: payloads per test: one app (and its compiled templates) serves several payloads
CHUNK = 8
CHUNKS = [PAYLOADS[i:i + CHUNK] for i in range(0, len(PAYLOADS), CHUNK)]
CHUNK_IDS = [f"payloads-{i * CHUNK}-to-{i * CHUNK + len(c) - 1}" for i, c in enumerate(CHUNKS)]


@pytest.mark.parametrize("payloads", CHUNKS, ids=CHUNK_IDS)
def test_every_rendered_field_neutralises(client, session, login, payloads):
    for n, payload in enumerate(payloads, start=1):
        scenario = xss_scenario.build(session, payload, n)
        hostile = xss_scenario.pages(client, login, scenario)
        stored = xss_scenario.fragments(client, scenario)
        summary_html = scenario.summary.body_html  # citations add their own markup
        xss_scenario.neutralise(session, scenario)
        try:
            for page, harmless in zip(hostile, xss_scenario.pages(client, login, scenario)):
                check_page(page, harmless)
            for fragment in stored:
                check_fragment(fragment)
            assert not dangerous_attributes(summary_html)
        except AssertionError as error:
            raise AssertionError(f"payload {payload!r}: {error}") from None


def test_the_checks_catch_what_they_look_for():
    with pytest.raises(AssertionError):
        check_fragment('<a href="javascript:alert(1)">x</a>')
    with pytest.raises(AssertionError):
        check_fragment('<a href=" java&#10;script:alert(1)">x</a>')
    with pytest.raises(AssertionError):
        check_fragment("<img src=x>")
    with pytest.raises(AssertionError):
        check_page("<p><svg></svg></p>", "<p></p>")
    with pytest.raises(AssertionError):
        check_page('<p onclick="x">a</p>', "<p>a</p>")
    with pytest.raises(AssertionError):
        check_page("<script>alert(1)</script>", "")
    check_page("<p><strong>a</strong></p>", "<p>a</p>")
