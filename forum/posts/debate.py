"""The debate page's content: a thread's opening text, stance tally and a page of arguments
with their reply trees, loaded in a fixed number of queries."""
from __future__ import annotations

from typing import Any

from flask import request
from flask_login import current_user

from forum.db import db, utcnow
from forum.inputs import page_arg
from forum.permissions import actor_or_none, asker
from forum.posts.cards import flat_cards, reader_of, someone_like
from forum.posts.forms import ArgumentForm
from forum.posts.models import Stance
from forum.posts.counters import stance_counts
from forum.posts.services import endorsed_ids
from forum.posts.tree import SORTS, argument_page, build_tree, load_posts
from forum.settings import arguments_per_page
from forum.threads.models import Thread


def thread_context(thread: Thread, form: ArgumentForm | None = None, *,
                   endorses_none: bool = False, as_class: bool = False) -> dict[str, Any]:
    """Everything the thread page shows, read from the request's sort, stance and page
    (``endorses_none``: the reader is known to endorse nothing in the thread; ``as_class``:
    the cards as any reader of the signed-in reader's class sees them, none of them theirs,
    for a kept page's copy)."""
    actor = actor_or_none(current_user)
    if as_class and actor is not None:
        user = getattr(actor, "_get_current_object", lambda: actor)()  # not the proxy
        actor, endorses_none = someone_like(user), True
    sort = request.args.get("sort", "oldest")
    sort = sort if sort in SORTS else "oldest"
    stance_arg = request.args.get("stance", "")
    stance = Stance(stance_arg) if stance_arg in Stance.__members__.values() else None
    page = page_arg()
    per_page = arguments_per_page()
    root_ids, total = argument_page(db.session, thread, sort=sort, stance=stance, page=page,
                                    per_page=per_page)
    posts = load_posts(db.session, thread, root_ids)
    nodes = build_tree(posts, root_ids)
    endorsed = set() if endorses_none else endorsed_ids(db.session, actor, [p.id for p in posts])
    now = utcnow()
    ask = asker(actor, now)
    reader = reader_of(ask, thread)
    return {
        "thread": thread, "nodes": nodes, "total_arguments": total,
        "page": page, "pages": max(1, -(-total // per_page)), "sort": sort,
        "stance": stance.value if stance else "", "stance_counts": stance_counts(thread),
        "endorsed": endorsed, "reader": reader,
        "cards": flat_cards(nodes, ask, reader, endorsed, now),
        "form": form or ArgumentForm(formdata=None),
    }
