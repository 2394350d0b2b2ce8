"""Citations in a summary: ``[#123]`` names a post of the thread.

At save time each citation is checked (the post exists, is in this thread, is neither
hidden nor deleted) and turned into a Markdown link to the post, before
:func:`forum.markup.render_markdown` runs; the HTML is stored. The author's name is not
stored with it: :func:`name_citations` writes the names in when the summary is shown, so a
person who changes their name is shown by their current one everywhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import Label, String, cast, func, literal, select
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.errors import Invalid
from forum.i18n import _
from forum.markup import STAFF_MARKUP_COST, render_markdown
from forum.posts.models import Post
from forum.summaries.models import Summary, SummaryCitation
from forum.threads.models import Thread

#: ``[#123]`` not escaped, not part of a Markdown link ``[#123](…)`` or ``[#123][ref]``
CITATION_RE = re.compile(r"(?<!\\)\[#(\d{1,12})\](?![(\[])")
#: a rendered citation link (what :func:`link_for` produces, after rendering)
#: (summaries saved before permalinks link to the thread page, with its page and anchor)
CITATION_HREF_RE = re.compile(r"^(?:/posts/|/threads/\d+(?:\?page=\d+)?#post-)(\d+)$")
#: a stored citation link, whatever its text (summaries saved before names were written in
#: when shown carry the name of the time): the title names the post
#: what separates a post id from its author's name, and one pair from the next
_ID_END, _PAIR_END = "\x1f", "\x1e"
_STORED_CITATION = re.compile(
    r'(<a href="[^"<>]*" title="Contribution #(\d{1,12})"[^<>]*>)[^<]*</a>')


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
        return _("[#%(id)d] does not exist", id=post_id)
    if post.thread_id != thread.id:
        return _("[#%(id)d] is in another thread", id=post_id)
    if post.is_deleted:
        return _("[#%(id)d] was deleted by its author", id=post_id)
    if post.is_hidden:
        return _("[#%(id)d] is hidden by a moderator", id=post_id)
    return None


def link_for(post: Post) -> str:
    """The site-relative permalink of ``post`` (it redirects to the page the post is on)."""
    return f"/posts/{post.id}"


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
        stmt = select(Post).where(Post.id.in_(ids))
        posts = {p.id: p for p in session.scalars(stmt)}
    problems = [msg for i in ids if (msg := _problem(posts.get(i), i, thread))]
    if problems:
        raise Invalid(_("Some citations cannot be used: %(problems)s. Cite only visible "
                        "contributions to this thread.", problems="; ".join(problems)),
                      field=field)
    def _link(match: re.Match) -> str:
        post = posts[int(match.group(1))]
        return f'[\\#{post.id}]({link_for(post)} "Contribution #{post.id}")'

    return Rendered(html=render_markdown(CITATION_RE.sub(_link, body),
                                            budget=STAFF_MARKUP_COST), cited_ids=ids)


def name_citations(session: Session, body_html: str,
                   names: dict[int, str] | None = None) -> Markup:
    """Write each cited post's author, by their current name, into a stored summary's links.

    ``names`` are the names by post id when the page loaded them already (see
    :func:`cited_names_column`); otherwise one query for the whole text, however many
    citations. A link whose post is gone shows its number alone.
    """
    ids = {int(m.group(2)) for m in _STORED_CITATION.finditer(body_html)}
    if names is None:
        names = dict(session.execute(select(Post.id, User.shown_name())
                                     .join(User, User.id == Post.author_id)
                                     .where(Post.id.in_(ids))).all()) if ids else {}

    def _named(match: re.Match) -> str:
        post_id = int(match.group(2))
        name = names.get(post_id)
        text = f"{escape(name)}, #{post_id}" if name is not None else f"#{post_id}"
        return f"{match.group(1)}{text}</a>"
    return Markup(_STORED_CITATION.sub(_named, body_html))  # stored, sanitised HTML


def cited_names_column() -> Label[str | None]:
    """A column naming the authors of the posts a summary cites, for a page that loads the
    summary in one query (``select(Summary, cited_names_column())``); read it with
    :func:`read_cited_names`. Names hold no control characters, so two of them separate.
    """
    pair = cast(Post.id, String) + literal(_ID_END, String) + User.shown_name()
    return (select(func.aggregate_strings(pair, _PAIR_END))
            .select_from(SummaryCitation).join(Post, Post.id == SummaryCitation.post_id)
            .join(User, User.id == Post.author_id)
            .where(SummaryCitation.summary_id == Summary.id)
            .scalar_subquery().label("cited_names"))


def read_cited_names(value: str | None) -> dict[int, str]:
    """The names by post id in a :func:`cited_names_column` value."""
    pairs = (pair.partition(_ID_END) for pair in (value or "").split(_PAIR_END) if pair)
    return {int(post_id): name for post_id, _, name in pairs}
