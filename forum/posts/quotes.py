"""Quoting: a reply that starts with the passage it answers, as a Markdown blockquote, and a
link to the quoted post's permalink."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.markup import escape_markdown
from forum.posts.models import Post
from forum.threads.rules import can_view_thread

#: the longest passage quoted (longer posts are cut at a word, with an ellipsis)
QUOTE_LIMIT = 1000


def quote_text(post: Post) -> str:
    """The start of a reply quoting ``post``: a linked line naming its author, the passage."""
    passage = post.body.strip()
    if len(passage) > QUOTE_LIMIT:
        passage = passage[:QUOTE_LIMIT].rsplit(None, 1)[0] + " …"
    quoted = "\n".join(f"> {line}".rstrip() for line in passage.splitlines())
    name = escape_markdown(post.author.display_name)
    return f"[{name} wrote](/posts/{post.id}):\n\n{quoted}\n\n"


def quote_for(session: Session, actor: User | None, parent: Post, quote_id: int | None, *,
              now: datetime) -> str | None:
    """The quote a reply to ``parent`` starts with when ``?quote=<id>`` asks for one.

    Only a readable post of the same thread is quoted; anything else starts an empty reply.
    """
    if quote_id is None:
        return None
    post = parent if quote_id == parent.id else session.get(Post, quote_id)
    if post is None or post.thread_id != parent.thread_id or not post.is_visible \
            or not can_view_thread(actor, post.thread, now):
        return None
    return quote_text(post)
