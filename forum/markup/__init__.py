"""The one place where Markdown and bleach meet: user text in, safe HTML out.

Rendering is bounded: :mod:`forum.markup.bounded` keeps Python-Markdown linear, the linkifier
uses a linear URL regex (:mod:`forum.markup.links`), and a text with more formatting than
:data:`MAX_MARKUP_COST` allows is shown as escaped plain text instead (see :func:`markup_cost`).
"""
from __future__ import annotations

import html
import re
import threading
from functools import lru_cache, partial

import markdown
from bleach.linkifier import LinkifyFilter
from bleach.sanitizer import Cleaner

from forum.markup.bounded import BoundedExtension
from forum.markup.links import ALLOWED_PROTOCOLS, LINK_REL, URL_RE, keep_link

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_PROTOCOLS", "ALLOWED_TAGS", "LINK_REL",
           "MAX_MARKUP_COST", "STAFF_MARKUP_COST", "count_links", "escape_markdown", "excerpt",
           "markup_cost", "render_markdown"]

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "h5", "h6", "del", "sup", "sub",
    "table", "thead", "tbody", "tr", "th", "td",
})
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "th": ["align"], "td": ["align"]}

#: each thread's sanitiser, made once: a bleach Cleaner keeps its parser's state while it
#: cleans, so two threads sharing one corrupt each other's documents
_cleaners = threading.local()


def _cleaner() -> Cleaner:
    """Return this thread's Cleaner: one pass sanitises, linkifies bare URLs outside code and
    gives every link its rel."""
    cleaner = getattr(_cleaners, "cleaner", None)
    if cleaner is None:
        cleaner = Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                          protocols=ALLOWED_PROTOCOLS, strip=True,
                          filters=[partial(LinkifyFilter, callbacks=[keep_link],
                                           skip_tags={"pre", "code"}, parse_email=False,
                                           url_re=URL_RE)])
        _cleaners.cleaner = cleaner
    return cleaner


#: what each character costs to render, in units of a few µs (measured with
#: bench/markdown_worst.py): each starts an element, an entity or a Markdown construct that
#: Python-Markdown and bleach handle one by one; letters, digits and spaces cost nothing
_COSTS = {"\n": 10, "|": 20, "&": 10, "[": 5, "]": 5, "(": 5, ")": 5, "<": 8, ">": 8, "#": 8,
          "!": 1, "\\": 2, "-": 3, "+": 2, "=": 2, "~": 1, "'": 1, '"': 3, ":": 1, "/": 1,
          ".": 2, "@": 1, "    ": 2}
#: what a run of ``*``, ``_`` or backticks costs: it opens or closes emphasis or code
_RUN_COST = 7
_RUN = re.compile(r"\*+|_+|`+")
#: what a dot between two letters (``example.org``, so maybe a bare address that bleach makes
#: into a link) costs on top of its characters
_URL_COST = 7
_WORD_DOT = re.compile(r"\.(?<=\w\.)(?=\w)")
#: the most formatting a text may carry and still be rendered as Markdown: about four times
#: the time of a plain 20,000-character paragraph (a 20,000-character post of paragraphs,
#: lists, emphasis and a few links uses about two thirds of it)
MAX_MARKUP_COST = 6_000
#: the budget for texts only staff write (summaries, council responses and updates, topic
#: descriptions): long, link-dense documents keep their formatting; the worst such text still
#: renders in linear time, at most about 50 times a plain paragraph (a quarter of a second)
STAFF_MARKUP_COST = 150_000


def markup_cost(text: str) -> int:
    """Estimate the work of rendering ``text`` from its Markdown-significant characters."""
    marks = sum(text.count(char) * cost for char, cost in _COSTS.items())
    return (marks + _RUN_COST * len(_RUN.findall(text))
            + _URL_COST * len(_WORD_DOT.findall(text)))


def _plain(text: str) -> str:
    """Render ``text`` as escaped paragraphs and line breaks, with no formatting at all."""
    paragraphs = (html.escape(part.strip("\n"), quote=False).replace("\n", "<br>\n")
                  for part in re.split(r"\n\s*\n", text) if part.strip())
    return "\n".join(f"<p>{part}</p>" for part in paragraphs)


#: each thread's Markdown converter, made once (building one costs about as much as converting
#: a short post) and reset before each text
_converters = threading.local()


def _converter() -> markdown.Markdown:
    md = getattr(_converters, "md", None)
    if md is None:
        md = markdown.Markdown(extensions=["sane_lists", "fenced_code", "tables",
                                           BoundedExtension()], output_format="html")
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        _converters.md = md
    return md.reset()


@lru_cache(maxsize=32)
def _render(text: str, shift_headings: bool, budget: int) -> str:
    if markup_cost(text) > budget:
        return _plain(text)
    html_out = _converter().convert(text)
    if shift_headings:
        html_out = re.sub(r"<(/?)h1>", r"<\1h2>", html_out)
    return _cleaner().clean(html_out)


def render_markdown(text: str, *, shift_headings: bool = True,
                    budget: int = MAX_MARKUP_COST) -> str:
    """Render user Markdown to sanitised HTML (raw HTML in the source is escaped).

    A text whose :func:`markup_cost` is over ``budget`` is shown as plain paragraphs; pass
    :data:`STAFF_MARKUP_COST` for texts only staff can write.
    """
    return _render(text, shift_headings, budget)


_LINK_TAG = re.compile(r"<a[\s>]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>])")


def escape_markdown(text: str) -> str:
    """Escape ``text`` (a name, say) so Markdown shows it as typed, formatting nothing."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def count_links(text: str) -> int:
    """Count the links in the rendered ``text``, bare addresses included (new-account limits)."""
    return len(_LINK_TAG.findall(render_markdown(text)))


def excerpt(text: str, limit: int = 200) -> str:
    """Return the first sentence (or the first ``limit`` characters) of plain-ish text."""
    plain = re.sub(r"[#>*_`\[\]]", "", text).strip()
    plain = re.sub(r"\s+", " ", plain)
    match = re.match(r"(.+?[.!?])(\s|$)", plain)
    sentence = match.group(1) if match else plain
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rsplit(" ", 1)[0] + "…"
    return sentence
