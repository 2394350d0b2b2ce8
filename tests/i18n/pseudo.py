"""Reading a page in the pseudo-locale for English left in it: shared by the walk of every
demo page (``test_pseudo_walk.py``) and the browser's walk of the journeys
(``tests/browser/test_pseudo_journeys.py``).

In ``en_XA`` every translated letter is accented, so a plain ASCII word left on a page is
either content (a title, a name, a post: its words are in the database), a date or time
Babel writes in English for this locale, or a string that escaped ``_()``.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Session

from forum.db import Base

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
                "Cymraeg", "English", "png", "svg", "pdf", "mailto", "example", "org",
                # browsers and systems, named on the sign-ins of the account page
                "Chrome", "Edge", "Firefox", "Opera", "Safari", "Android", "ChromeOS", "Linux",
                "Windows", "iPhone", "iPad", "Mac",
                # the forum's time zone, by its tz database name (Europe/London)
                "Europe"}
WORD = re.compile(r"(?<![\w&#])[A-Za-z][A-Za-z'’]+")


class PageText(HTMLParser):
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
        # a submit input shows its value; a <button>'s value is only sent, never shown
        is_button_value = tag == "input" and ("type", "submit") in attrs
        for name, value in attrs:
            if value and (name in SPOKEN - {"value"} or (name == "value" and is_button_value)):
                self.parts.append(value)

    def handle_endtag(self, tag):  # noqa: ANN001, ANN201
        if tag not in self.VOID and self._open:
            self._skipping -= self._open.pop()

    def handle_data(self, data):  # noqa: ANN001, ANN201
        if not self._skipping:
            self.parts.append(data)


def interface_words(html: str) -> set[str]:
    """The plain (unaccented) words of a page's interface: its text and spoken attributes
    outside content, code and elements in a language of their own."""
    reader = PageText()
    reader.feed(html)
    return {word for part in reader.parts for word in WORD.findall(part)}


def content_words(session: Session) -> set[str]:
    """Every word stored in the database's text columns: people's own content."""
    words: set[str] = set()
    for table in Base.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text)]
        if not columns:
            continue
        for row in session.execute(select(*columns)):
            for value in row:
                if isinstance(value, str):  # stored HTML's attributes are content too
                    words.update(WORD.findall(value))
    return words


def known_words(session: Session, site_name: str) -> set[str]:
    """The plain words a pseudo-locale page may show: content, Babel's English, what is not
    language, and the site's name."""
    return content_words(session) | BABEL_WORDS | NOT_LANGUAGE | set(WORD.findall(site_name))
