"""Rows of the benchmark forum: users, topics, threads, posts, revisions, endorsements, flags.

Ids are assigned here, so a reply's path needs no round trip, and rows are inserted in
batches of ``BATCH`` with Core ``insert()``, parents before children.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from forum.accounts.models import Role, User
from forum.db import db
from forum.markup import render_markdown
from forum.moderation.flags import AUTO_HIDE_REASON
from forum.moderation.models import Flag, FlagReason
from forum.posts.models import PATH_WIDTH, Endorsement, Post, Revision
from forum.threads.models import Thread, ThreadKind
from forum.topics.models import Topic

USERS, TOPICS, MAX_REPLY_DEPTH, BATCH = 5_000, 50, 10, 5_000
#: threads of these sizes are always built when the budget allows; the benchmark uses them
LANDMARKS = (50, 100, 1_000, 10_000)
PASSWORD = "bench-password"
QUESTION = "What should the council do, and what would it mean for you?"
STANCES = ("for", "against", "neutral", "question")
AREAS = ("Transport", "Housing", "Parks", "Libraries", "Schools", "Waste", "Planning",
         "Health", "Policing", "Budget")
ASPECTS = ("in the town centre", "in the suburbs", "for families", "for older residents",
           "and the climate")
SENTENCES = (
    "The bus every twenty minutes would change how I get to work.",
    "We tried this in **2019** and footfall went *down* for a year.",
    "Has anyone costed the maintenance, not just the building?",
    "See the [council's own report](https://council.example/reports/42) on page 7.",
    "My children walk this way to school and the crossing is dangerous.",
    "A six-month trial with a proper review would settle it.",
    "Residents on the estate were not asked, and they are the most affected.",
    "The consultation leaflet never reached our street.",
    "I support it if the money comes from the capital budget, not from services.",
    "Other boroughs publish the figures monthly; we should too.",
    "This is the third time the plan has changed since the election.",
    "Small shops need deliveries before ten, or they lose the morning trade.",
)
FIRST = ("Sam", "Priya", "Alex", "Jo", "Ana", "Ben", "Chris", "Fatima", "Tom", "Mei", "Olu",
         "Grace", "Ravi", "Hannah", "Piotr", "Aisha", "Kwame", "Lucy", "Omar", "Sian")
LAST = ("Smith", "Shah", "Jones", "Okafor", "Patel", "Lopez", "Evans", "Nowak", "Khan", "Brown",
        "Wright", "Chen", "Hughes", "Ahmed", "Murphy")
TITLES = ("Should the High Street be car-free on weekends?", "A new cycle lane on Mill Lane",
          "More benches and shade in the park", "Opening hours of the central library",
          "Where should the 400 new homes go?", "Weekly bin collections",
          "A 20 mph limit near schools", "The future of the leisure centre",
          "Street lighting after midnight", "Parking permits for residents")


def role_of(uid: int) -> Role:
    """The role of user ``uid``: 1 admin, 10 moderators, 20 councillors, the rest citizens."""
    return (Role.ADMIN if uid == 1 else Role.MODERATOR if uid <= 11
            else Role.COUNCILLOR if uid <= 31 else Role.CITIZEN)


class Builder:
    """Generates rows and inserts them in batches of ``BATCH`` with Core ``insert()``."""

    def __init__(self, session: Session, rng: random.Random, now: datetime,
                 progress=None) -> None:  # noqa: ANN001  (a click progress bar or None)
        self.session, self.rng, self.now, self.progress = session, rng, now, progress
        self.buffers: dict = {}
        self.next_post = 1
        self.next_revision = 1
        self.bodies = [self._body() for _ in range(64)]
        self.hidden: list[int] = []

    def add(self, table, row: dict) -> None:  # noqa: ANN001  (a Table)
        """Buffer one row; insert everything buffered once a table holds ``BATCH`` rows."""
        rows = self.buffers.setdefault(table, [])
        rows.append(row)
        if len(rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Insert every buffered row, parents before children."""
        for each in db.metadata.sorted_tables:
            if self.buffers.get(each):
                self.session.execute(insert(each), self.buffers[each])
                self.buffers[each] = []

    def _body(self) -> tuple[str, str]:
        picked = self.rng.sample(SENTENCES, self.rng.randint(1, 5))
        if self.rng.random() < 0.3:
            picked.append("\n\n- " + "\n- ".join(self.rng.sample(SENTENCES, 3)))
        body = " ".join(picked)
        return body, render_markdown(body)

    def body(self) -> tuple[str, str]:
        """A body and its HTML from the pool."""
        return self.bodies[self.rng.randrange(len(self.bodies))]

    def users(self, password_hash: str) -> None:
        """5,000 accounts: 1 admin, 10 moderators, 20 councillors, the rest citizens."""
        table = User.__table__
        for uid in range(1, USERS + 1):
            self.add(table, {
                "id": uid, "email": f"user{uid}@bench.example", "role": role_of(uid),
                "display_name": f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)} {uid}",
                "password_hash": password_hash,
                "session_token": f"{self.rng.getrandbits(128):032x}",
                "created_at": self.now - timedelta(days=400 + self.rng.randrange(500)),
                "email_confirmed_at": self.now})
        self.flush()

    def topics(self) -> None:
        """50 topics: ten policy areas, five angles each."""
        for tid in range(1, TOPICS + 1):
            area, aspect = AREAS[(tid - 1) // 5], ASPECTS[(tid - 1) % 5]
            description = f"{area} {aspect}: what residents want and what the council plans."
            self.add(Topic.__table__, {
                "id": tid, "slug": f"{area.lower()}-{(tid - 1) % 5 + 1}",
                "title": f"{area} {aspect}", "description": description,
                "description_html": render_markdown(description),
                "created_at": self.now - timedelta(days=900), "archived_at": None})
        self.flush()

    def dates(self, consultation: str | None) -> tuple[datetime, datetime, datetime | None,
                                                      datetime | None]:
        """First and last post, opening and closing: closed consultations ended 60 days ago."""
        if consultation == "closed":
            start, end = self.now - timedelta(days=120), self.now - timedelta(days=60)
            return start, end, start, end + timedelta(hours=1)
        start = self.now - timedelta(days=30 + self.rng.randrange(300))
        end = min(self.now - timedelta(hours=1), start + timedelta(days=60))
        if consultation == "open":
            return start, end, start, self.now + timedelta(days=14)
        return start, end, None, None

    def thread(self, tid: int, size: int, consultation: str | None) -> None:
        """One thread of ``size`` posts; ``consultation``: ``open``, ``closed`` or ``None``."""
        rng = self.rng
        start, end, opens, closes = self.dates(consultation)
        author = rng.randrange(12, 32) if consultation else rng.randrange(32, USERS + 1)
        body, html = self.body()
        self.add(Thread.__table__, {
            "id": tid, "topic_id": rng.randrange(1, TOPICS + 1), "author_id": author,
            "author_role": role_of(author),
            "kind": ThreadKind.CONSULTATION if consultation else ThreadKind.DISCUSSION,
            "title": f"{rng.choice(TITLES)} ({tid})", "body": body, "body_html": html,
            "created_at": start, "edited_at": None, "last_activity_at": end, "post_count": size,
            "locked_at": None, "lock_reason": None, "opens_at": opens, "closes_at": closes,
            "question": QUESTION if consultation else None, "closed_early_reason": None})
        self.revision(author, body, html, start, thread_id=tid)
        self.posts(tid, size, start, end)

    def revision(self, editor: int, body: str, html: str, at: datetime, *,
                 thread_id: int | None = None, post_id: int | None = None) -> None:
        """The first saved version of a thread's opening text or of a post."""
        self.add(Revision.__table__, {
            "id": self.next_revision, "thread_id": thread_id, "post_id": post_id,
            "editor_id": editor, "body": body, "body_html": html, "created_at": at})
        self.next_revision += 1

    def posts(self, tid: int, size: int, start: datetime, end: datetime) -> None:
        """Arguments (a third) and replies to a recent post, no deeper than ``MAX_REPLY_DEPTH``."""
        rng, step = self.rng, (end - start) / (size + 1)
        tree: list[tuple[int, int, str, int]] = []  # id, depth, path, root
        for i in range(size):
            pid = self.next_post
            self.next_post += 1
            parent = None
            if tree and rng.random() > 0.33:
                parent = tree[rng.randrange(max(0, len(tree) - 30), len(tree))]
                while parent[1] >= MAX_REPLY_DEPTH:
                    parent = tree[rng.randrange(len(tree))]
            segment = str(pid).zfill(PATH_WIDTH)
            node = ((pid, 0, segment, pid) if parent is None
                    else (pid, parent[1] + 1, f"{parent[2]}/{segment}", parent[3]))
            tree.append(node)
            self.post(tid, node, parent, start + step * (i + 1))
        if self.progress is not None:
            self.progress.update(size)

    def post(self, tid: int, node: tuple, parent: tuple | None, at: datetime) -> None:
        """One post with its revision, endorsements and flags (a few are deleted or hidden)."""
        rng = self.rng
        pid, depth, path, root = node
        author = rng.randrange(2, USERS + 1)
        body, html = self.body()
        roll = rng.random()
        hidden = roll < 0.002 and depth > 0
        endorsers = self.endorsers(author)
        self.add(Post.__table__, {
            "id": pid, "thread_id": tid, "parent_id": parent[0] if parent else None,
            "root_id": root, "author_id": author, "author_role": role_of(author),
            "depth": depth, "path": path,
            "stance": None if parent else rng.choice(STANCES), "body": body, "body_html": html,
            "created_at": at, "edited_at": None, "version": 1,
            "deleted_at": at + timedelta(hours=1) if 0.002 <= roll < 0.007 else None,
            "endorsement_count": len(endorsers),
            "hidden_at": at + timedelta(hours=2) if hidden else None,
            "hidden_reason": AUTO_HIDE_REASON if hidden else None, "hidden_by_id": None})
        self.revision(author, body, html, at, post_id=pid)
        for user in endorsers:
            self.add(Endorsement.__table__, {"user_id": user, "post_id": pid,
                                             "created_at": at + timedelta(hours=3)})
        flags = 3 if hidden else 1 if 0.007 <= roll < 0.012 else 0
        for user in rng.sample(range(2, USERS + 1), flags):
            if user != author:
                self.add(Flag.__table__, {
                    "post_id": pid, "user_id": user, "reason": rng.choice(list(FlagReason)),
                    "text": None, "created_at": at + timedelta(hours=1), "resolved_at": None,
                    "resolution": None, "resolved_by_id": None})
        if hidden:
            self.hidden.append(pid)

    def endorsers(self, author: int) -> list[int]:
        """Most posts get no endorsement; a few get hundreds (a Pareto tail)."""
        if self.rng.random() < 0.6:
            return []
        count = min(int(self.rng.paretovariate(1.3)), 400)
        return [u for u in self.rng.sample(range(2, USERS + 1), count) if u != author]
