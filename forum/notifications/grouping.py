"""The notifications list grouped by the thread each one is about.

A notification stores only its link, so the thread is read from it: ``/threads/<id>``,
``/posts/<id>…`` (the post's thread) or ``/summaries/<id>…`` (the summary's thread). Links to
anything else (the moderation queue, an appeal of a suspension, the account) form a group
of their own. Resolving a page costs at most three queries, whatever its length.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.notifications.models import Notification
from forum.posts.models import Post
from forum.summaries.models import Summary
from forum.threads.models import Thread

_LINK = re.compile(r"^/(threads|posts|summaries)/(\d{1,12})(?:[/?#].*)?$")


@dataclass
class Group:
    """The notifications about one thread (``thread_id`` ``None``: about no thread)."""

    thread_id: int | None
    title: str | None
    items: list[Notification] = field(default_factory=list)


def _thread_ids(session: Session, found: dict[int, tuple[str, int]]) -> dict[int, int]:
    """Map each notification id to its thread id (one query per kind of link)."""
    wanted = {"posts": (Post, Post.thread_id), "summaries": (Summary, Summary.thread_id)}
    resolved: dict[tuple[str, int], int] = {}
    for name, (model, column) in wanted.items():
        ids = {i for kind, i in found.values() if kind == name}
        if ids:
            rows = session.execute(select(model.id, column).where(model.id.in_(ids)))
            resolved.update({(name, i): thread_id for i, thread_id in rows})
    return {n: i if kind == "threads" else resolved[(kind, i)]
            for n, (kind, i) in found.items() if kind == "threads" or (kind, i) in resolved}


def by_thread(session: Session, notifications: list[Notification]) -> list[Group]:
    """Group ``notifications`` by thread, groups in the order their first item comes."""
    found = {}
    for n in notifications:
        match = _LINK.match(n.link)
        if match:
            found[n.id] = (match.group(1), int(match.group(2)))
    thread_of = _thread_ids(session, found)
    titles: dict[int, str] = {}
    if thread_of:
        stmt = select(Thread.id, Thread.title).where(Thread.id.in_(set(thread_of.values())))
        titles = {i: title for i, title in session.execute(stmt)}
    groups: dict[int | None, Group] = {}
    for n in notifications:
        thread_id = thread_of.get(n.id)
        if thread_id not in titles:
            thread_id = None
        group = groups.setdefault(thread_id, Group(thread_id, titles.get(thread_id)))
        group.items.append(n)
    return list(groups.values())
