"""An Atom document (RFC 4287) built with ElementTree: text is escaped by the serialiser,
never concatenated into markup.

Languages are marked with ``xml:lang``: the feed with the language its own words are in
(titles, generated entry titles), each entry with the language of its text; an entry title
the forum wrote (not the text's own) keeps the feed's."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
#: the most entries a feed carries, newest first
MAX_ENTRIES = 50

ET.register_namespace("", ATOM)
#: ``xml:lang`` (and ``xml:base``), in ElementTree's spelling
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Entry:
    """One entry: ``key`` (e.g. ``post/12``) makes its id, ``html`` is stored sanitised HTML."""

    key: str
    title: str
    link: str
    published: datetime
    updated: datetime
    author: str
    html: str
    categories: tuple[str, ...] = ()
    #: the ``xml:lang`` of the entry's text (``""``: the feed's)
    language: str = ""
    #: whether ``title`` is the text's own (a thread's), not a sentence the forum wrote
    own_title: bool = False


@dataclass(frozen=True)
class Feed:
    """A feed: its own and its page's absolute URLs, a title and its entries, newest first."""

    key: str
    title: str
    self_url: str
    page_url: str
    entries: list[Entry]
    subtitle: str = ""
    #: the ``xml:lang`` of the feed's own words (``""``: not marked)
    language: str = ""
    #: when nothing is in the feed yet: the time the thing it follows was made
    since: datetime = field(default=datetime(2024, 1, 1, tzinfo=timezone.utc))

    @property
    def updated(self) -> datetime:
        """The newest entry's update time (or :attr:`since` for an empty feed)."""
        return max((e.updated for e in self.entries), default=self.since)


def tag_uri(base_url: str, key: str) -> str:
    """A stable entry id, ``tag:<host>,2024:<key>`` (RFC 4151): it survives URL changes."""
    host = urlsplit(base_url).hostname or "localhost"
    return f"tag:{host},2024:{key}"


def _stamp(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = text
    return element


def _link(parent: ET.Element, href: str, rel: str = "alternate",
          kind: str = "text/html") -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", {"rel": rel, "type": kind, "href": href})


def render(feed: Feed, base_url: str) -> bytes:
    """Serialise ``feed`` as an Atom document (UTF-8, with an XML declaration)."""
    root = ET.Element(f"{{{ATOM}}}feed")
    # Relative links inside the stored HTML (mentions, citations) resolve on the site.
    root.set("{http://www.w3.org/XML/1998/namespace}base", base_url.rstrip("/") + "/")
    if feed.language:
        root.set(XML_LANG, feed.language)
    _text(root, "id", tag_uri(base_url, feed.key))
    _text(root, "title", feed.title)
    if feed.subtitle:
        _text(root, "subtitle", feed.subtitle)
    _text(root, "updated", _stamp(feed.updated))
    _link(root, feed.self_url, "self", MEDIA_TYPE)
    _link(root, feed.page_url)
    _text(root, "generator", "Civic Forum")
    for entry in feed.entries:
        item = ET.SubElement(root, f"{{{ATOM}}}entry")
        language = entry.language or feed.language
        if language:
            item.set(XML_LANG, language)
        _text(item, "id", tag_uri(base_url, entry.key))
        title = _text(item, "title", entry.title)
        if not entry.own_title and feed.language and language != feed.language:
            title.set(XML_LANG, feed.language)
        _link(item, entry.link)
        _text(item, "published", _stamp(entry.published))
        _text(item, "updated", _stamp(entry.updated))
        author = ET.SubElement(item, f"{{{ATOM}}}author")
        _text(author, "name", entry.author)
        for term in entry.categories:
            ET.SubElement(item, f"{{{ATOM}}}category", {"term": term})
        _text(item, "content", entry.html, type="html")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
