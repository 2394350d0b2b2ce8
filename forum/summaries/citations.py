"""Citations in a summary: ``[#123]`` names a post of the thread.

At save time each citation is checked (the post exists, is in this thread, is neither
hidden nor deleted) and turned into a Markdown link to the post carrying its author's name,
before :func:`forum.markup.render_markdown` runs; the HTML is stored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from forum.errors import Invalid
from forum.markup import STAFF_MARKUP_COST, render_markdown
from forum.posts.models import Post
from forum.threads.models import Thread

#: ``[#123]`` not escaped, not part of a Markdown link ``[#123](…)`` or ``[#123][ref]``
CITATION_RE = re.compile(r"(?<!\\)\[#(\d{1,12})\](?![(\[])")
#: a rendered citation link (what :func:`link_for` produces, after rendering)
#: (summaries saved before permalinks link to the thread page, with its page and anchor)
CITATION_HREF_RE = re.compile(r"^(?:/posts/|/threads/\d+(?:\?page=\d+)?#post-)(\d+)$")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>])")


@dataclass
class Rendered:
    """A summary body rendered for storage."""

    html: str
    #: the distinct posts cited, in order of first citation
    cited_ids: list[int]


def cited_ids(body: str) -> list[int]:
    """Return the distinct post ids cited in ``body``, in order of first appearance."""
    return list(dict.fromkeys(int(m.group(1)) for m in CITATION_RE.finditer(body)))


def _problem(post: Post | None, post_id: int, thread: Thread) -> str | None:
    if post is None:
        return f"[#{post_id}] does not exist"
    if post.thread_id != thread.id:
        return f"[#{post_id}] is in another thread"
    if post.is_deleted:
        return f"[#{post_id}] was deleted by its author"
    if post.is_hidden:
        return f"[#{post_id}] is hidden by a moderator"
    return None


def link_for(post: Post) -> str:
    """The site-relative permalink of ``post`` (it redirects to the page the post is on)."""
    return f"/posts/{post.id}"


def _escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def render_summary(session: Session, thread: Thread, body: str, *, per_page: int,
                   field: str = "body") -> Rendered:
    """Check every citation in ``body`` and render it, citations as links, to safe HTML.

    Each link is the post's permalink, which finds its page when followed; ``per_page`` is
    no longer needed and kept for callers. Raises :class:`Invalid` on ``field`` listing
    every citation that cannot be used.
    """
    ids = cited_ids(body)
    posts: dict[int, Post] = {}
    if ids:
        stmt = select(Post).options(joinedload(Post.author)).where(Post.id.in_(ids))
        posts = {p.id: p for p in session.scalars(stmt)}
    problems = [msg for i in ids if (msg := _problem(posts.get(i), i, thread))]
    if problems:
        raise Invalid("Some citations cannot be used: " + "; ".join(problems) + ". "
                      "Cite only visible contributions to this thread.", field=field)
    def _link(match: re.Match) -> str:
        post = posts[int(match.group(1))]
        href = link_for(post)
        name = _escape(post.author.display_name)
        return f'[{name}, \\#{post.id}]({href} "Contribution #{post.id}")'

    return Rendered(html=render_markdown(CITATION_RE.sub(_link, body),
                                            budget=STAFF_MARKUP_COST), cited_ids=ids)
