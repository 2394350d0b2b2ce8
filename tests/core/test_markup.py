"""Markdown rendering and sanitising (the full XSS corpus lives with the security tests)."""
from __future__ import annotations

import pytest

from forum.markup import count_links, excerpt, render_markdown


@pytest.mark.parametrize("source,expected", [
    ("**bold** and _em_", "<p><strong>bold</strong> and <em>em</em></p>"),
    ("# Title", "<h2>Title</h2>"),
    ("<b>raw</b>", "<p>&lt;b&gt;raw&lt;/b&gt;</p>"),
    ("[site](https://example.org)",
     '<p><a href="https://example.org" rel="nofollow ugc noopener">site</a></p>'),
    ("see https://example.org/a?b=1 now",
     '<p>see <a href="https://example.org/a?b=1" rel="nofollow ugc noopener">'
     'https://example.org/a?b=1</a> now</p>'),
    ("[x](javascript:alert(1))", "<p>x</p>"),
    ("[x](//evil.example)", "<p>x</p>"),
    ("![img](https://example.org/i.png)", "<p></p>"),
    ("`<script>`", "<p><code>&lt;script&gt;</code></p>"),
])
def test_render_markdown(source, expected):
    assert render_markdown(source) == expected


def test_mailto_links_allowed():
    assert 'href="mailto:a@example.org"' in render_markdown("[mail](mailto:a@example.org)")


def test_count_links_and_excerpt():
    assert count_links("a https://x.org b www.y.org [c](http://z.org)") == 3
    assert excerpt("First sentence here. Second one.") == "First sentence here."
    assert excerpt("word " * 100, limit=20).endswith("…")


def test_one_text_leaves_nothing_behind_for_the_next():
    """The converter is kept per thread and reset between texts: a reference defined in one
    text links nothing in the next, and each text renders as it does on a fresh converter."""
    import markdown

    from forum.markup import _cleaner
    from forum.markup.bounded import BoundedExtension

    texts = ["[x]: https://example.org/defined\n\nsee [x]", "see [x] too",
             "# One\n\n# Two\n\ntext\n===", "text\n===", "> a\n> > b", "---\n\nend",
             "```\n<b>\n```", "plain"]
    for text in texts:
        fresh = markdown.Markdown(extensions=["sane_lists", "fenced_code", "tables",
                                              BoundedExtension()], output_format="html")
        fresh.preprocessors.deregister("html_block")
        fresh.inlinePatterns.deregister("html")
        expected = _cleaner().clean(fresh.convert(text).replace("<h1>", "<h2>")
                                  .replace("</h1>", "</h2>"))
        assert render_markdown(text) == expected, text
    assert "example.org" not in render_markdown("see [x] again")


def test_threads_rendering_at_once_get_what_one_thread_gets():
    """A bleach Cleaner keeps its parser's state while it cleans: each thread has its own, so
    texts sanitised at the same moment (threaded workers, the job runner) stay whole."""
    from concurrent.futures import ThreadPoolExecutor

    from forum.markup import MAX_MARKUP_COST, _render

    texts = [f"Point {n}: **bold** and _em_ with https://example.org/{n} and a list\n\n"
             f"- one {n}\n- two\n\n> quoted {n}\n\n| a | b |\n| - | - |\n| {n} | x |"
             for n in range(400)]
    render = _render.__wrapped__  # no cache: every call parses and cleans
    expected = [render(text, True, MAX_MARKUP_COST) for text in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda text: render(text, True, MAX_MARKUP_COST), texts))
    assert got == expected
