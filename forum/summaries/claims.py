"""Mark the claims of a rendered summary that cite no contribution.

A claim is a paragraph or a list item with text of its own (a list item's own text excludes
the paragraphs and lists nested in it, which are claims of their own). Headings, code,
tables and horizontal rules are not claims. A claim is cited when it contains a link to a
post (a rendered ``[#123]`` citation).

The input is the stored, sanitised ``body_html``; the output adds only a class and a text
label, so it stays safe to show.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from markupsafe import Markup

from forum.i18n import _
from forum.summaries.citations import CITATION_HREF_RE

VOID = frozenset({"br", "hr", "img"})
#: elements whose text belongs to them, not to an enclosing list item
BLOCKS = frozenset({"p", "ul", "ol", "blockquote", "pre", "table", "h2", "h3", "h4", "h5",
                    "h6", "hr"})


def _flag() -> str:
    """The mark put before an uncited claim, in the current language."""
    return f'<span class="uncited-flag">{escape(_("Uncited"), quote=False)}</span> '


@dataclass
class Element:
    """An HTML element with its children (strings for text)."""

    tag: str
    attrs: list[tuple[str, str | None]]
    children: list[Element | str] = field(default_factory=list)
    uncited: bool = False


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("root", [])
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, attrs)
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _is_citation(element: Element) -> bool:
    href = dict(element.attrs).get("href") or ""
    return element.tag == "a" and CITATION_HREF_RE.match(href) is not None


def _inline(element: Element) -> list[Element | str]:
    """The element's own content: children that are not nested blocks."""
    return [c for c in element.children if isinstance(c, str) or c.tag not in BLOCKS]


def _text(nodes: list[Element | str]) -> str:
    return "".join(n if isinstance(n, str) else _text(n.children) for n in nodes)


def _cites(nodes: list[Element | str]) -> bool:
    return any(not isinstance(n, str) and (_is_citation(n) or _cites(n.children)) for n in nodes)


def _mark(element: Element, counts: list[int]) -> None:
    for child in element.children:
        if isinstance(child, str):
            continue
        if child.tag in ("p", "li"):
            own = child.children if child.tag == "p" else _inline(child)
            if _text(own).strip():
                counts[0] += 1
                if not _cites(own):
                    child.uncited = True
                    counts[1] += 1
        if child.tag not in ("pre", "table"):
            _mark(child, counts)


def _attrs(element: Element) -> str:
    attrs = list(element.attrs)
    if element.uncited:
        attrs.append(("class", "claim-uncited"))
    return "".join(f' {k}="{escape(v or "", quote=True)}"' if v is not None else f" {k}"
                   for k, v in attrs)


def _serialise(nodes: list[Element | str]) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(escape(node, quote=False))
        elif node.tag in VOID:
            out.append(f"<{node.tag}{_attrs(node)}>")
        else:
            flag = _flag() if node.uncited else ""
            out.append(f"<{node.tag}{_attrs(node)}>{flag}{_serialise(node.children)}</{node.tag}>")
    return "".join(out)


@dataclass
class ClaimCheck:
    """The summary's HTML with uncited claims marked, and the counts."""

    html: Markup
    claims: int
    uncited: int


def check_claims(body_html: str) -> ClaimCheck:
    """Mark every claim in ``body_html`` that cites no contribution."""
    builder = _TreeBuilder()
    builder.feed(body_html)
    builder.close()
    counts = [0, 0]
    _mark(builder.root, counts)
    return ClaimCheck(html=Markup(_serialise(builder.root.children)), claims=counts[0],
                      uncited=counts[1])


@dataclass
class Claim:
    """One point of a summary: its text (citations left out), the posts it cites, its heading."""

    text: str
    cited_ids: list[int]
    #: the text of the ``##`` heading above it, if any
    section: str | None


def _cited_ids(nodes: list[Element | str]) -> list[int]:
    found: list[int] = []
    for node in nodes:
        if isinstance(node, str):
            continue
        if _is_citation(node):
            found.append(int(CITATION_HREF_RE.match(dict(node.attrs)["href"] or "").group(1)))
        else:
            found.extend(_cited_ids(node.children))
    return found


def _plain(nodes: list[Element | str]) -> str:
    """The text of ``nodes`` without the citation links, spaces tidied."""
    text = "".join(n if isinstance(n, str) else "" if _is_citation(n) else _plain(n.children)
                   for n in nodes)
    text = _EMPTY_BRACKETS.sub("", " ".join(text.split()))
    return _SPACE_BEFORE_MARK.sub(r"\1", text).strip()


_EMPTY_BRACKETS = re.compile(r"\s*\(\s*[,;]?\s*\)")
_SPACE_BEFORE_MARK = re.compile(r"\s+([.,;:!?)])")


def _collect(element: Element, found: list[Claim], section: list[str | None]) -> None:
    for child in element.children:
        if isinstance(child, str):
            continue
        if child.tag == "h2":
            section[0] = _text(child.children).strip()[:200] or None
            continue
        if child.tag in ("p", "li"):
            own = child.children if child.tag == "p" else _inline(child)
            if _text(own).strip():
                found.append(Claim(text=_plain(own) or _text(own).strip(),
                                   cited_ids=list(dict.fromkeys(_cited_ids(own))),
                                   section=section[0]))
        if child.tag not in ("pre", "table"):
            _collect(child, found, section)


def extract_claims(body_html: str) -> list[Claim]:
    """Every claim of ``body_html`` in order: the points the council answers."""
    builder = _TreeBuilder()
    builder.feed(body_html)
    builder.close()
    found: list[Claim] = []
    _collect(builder.root, found, [None])
    return found
