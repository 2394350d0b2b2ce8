"""The one place where Markdown and bleach meet: user text in, safe HTML out."""
from __future__ import annotations

import re
from functools import partial

import markdown
from bleach.linkifier import LinkifyFilter
from bleach.sanitizer import Cleaner

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "h5", "h6", "del", "sup", "sub",
    "table", "thead", "tbody", "tr", "th", "td",
})
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "th": ["align"], "td": ["align"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

_URL_RE = re.compile(r"(?:https?://|mailto:|www\.)", re.I)


def _set_rel(attrs: dict, new: bool = False) -> dict | None:
    """Give every link the forum's rel value; drop links whose scheme is not allowed."""
    href = attrs.get((None, "href"), "")
    if href.startswith("#") or (href.startswith("/") and not href.startswith("//")):
        return attrs
    scheme = href.split(":", 1)[0].lower() if ":" in href else ""
    if scheme not in ALLOWED_PROTOCOLS:
        return None
    attrs[(None, "rel")] = LINK_REL
    return attrs


# One pass: sanitise, then linkify bare URLs and give every link its rel (code is left alone).
_cleaner = Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS,
                   strip=True, filters=[partial(LinkifyFilter, callbacks=[_set_rel],
                                                skip_tags={"pre", "code"}, parse_email=False)])


def render_markdown(text: str, *, shift_headings: bool = True) -> str:
    """Render user Markdown to sanitised HTML (raw HTML in the source is escaped)."""
    md = markdown.Markdown(extensions=["sane_lists", "fenced_code", "tables"],
                           output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    html = md.convert(text)
    if shift_headings:
        html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    return _cleaner.clean(html)


def count_links(text: str) -> int:
    """Count the links a piece of Markdown would produce (for new-account limits)."""
    return len(_URL_RE.findall(text))


def excerpt(text: str, limit: int = 200) -> str:
    """Return the first sentence (or the first ``limit`` characters) of plain-ish text."""
    plain = re.sub(r"[#>*_`\[\]]", "", text).strip()
    plain = re.sub(r"\s+", " ", plain)
    match = re.match(r"(.+?[.!?])(\s|$)", plain)
    sentence = match.group(1) if match else plain
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rsplit(" ", 1)[0] + "…"
    return sentence
