"""Item 14: a link that looks local but that browsers read as another host is not kept as local.

``/\\evil.example`` and ``/<tab>/evil.example`` are read as ``//evil.example`` (scheme-relative):
such hrefs are treated as external, and as they have no http, https or mailto scheme the link
is dropped (its text stays).
"""
from __future__ import annotations

import pytest

from forum.markup import render_markdown
from forum.markup.links import is_local

SCHEME_RELATIVE = [
    r"/\evil.example/p",
    r"/\\evil.example",
    "/&#9;/evil.example",
    "/&#x09;/evil.example",
    "/&#10;/evil.example",
    "/&#13;/evil.example",
    "/&#92;evil.example",
    "/&Tab;/evil.example",
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%5Cevil.example",
    "/%5c%5cevil.example",
]


@pytest.mark.parametrize("href", SCHEME_RELATIVE)
def test_08_14_scheme_relative_href_is_dropped(href):
    html = render_markdown(f"[x]({href})")
    assert html == "<p>x</p>"
    assert "evil" not in html


def test_08_14_the_two_reported_payloads():
    assert render_markdown(r"[x](/\evil.example/p)") == "<p>x</p>"
    assert render_markdown("[x](/&#9;/evil.example)") == "<p>x</p>"


def test_08_14_spaces_inside_a_local_href_are_not_local():
    assert render_markdown("[x](</ /evil.example>)") == "<p>x</p>"


@pytest.mark.parametrize("href", ["/t/1", "/t/1?a=b&c=d#post-3", "/topics/roads%20and%20paths",
                                  "#top"])
def test_08_14_ordinary_local_links_stay_local_without_rel(href):
    html = render_markdown(f"[x]({href})")
    assert html.startswith('<p><a href="') and "rel=" not in html


def test_08_14_external_links_keep_rel():
    assert render_markdown("[x](https://example.org/\\p)") == (
        '<p><a href="https://example.org/\\p" rel="nofollow ugc noopener">x</a></p>')


@pytest.mark.parametrize("href,local", [
    ("/t/1", True), ("//evil.example", False), ("/\\evil.example", False),
    ("/\t/evil.example", False), ("/&#9;/x", False), ("/%09/x", False), ("https://x.org", False),
])
def test_08_14_is_local(href, local):
    assert is_local(href) is local
