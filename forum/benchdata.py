"""Benchmark data: ``flask --app forum bench-data --posts N --seed S`` builds a large forum.

50 topics, 5,000 users, threads of 10 to 10,000 posts with reply trees up to depth 10,
stances, endorsements, flags, consultations, summaries and council responses. Rows go in
through SQLAlchemy Core in batches, with ids assigned here so reply paths need no round
trip; the few summaries and responses go through the services, so they are exactly what the
app makes. The same seed and ``--now`` build the same rows. The database must be empty.
"""
from __future__ import annotations

import hashlib
import json
import math
import random
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from forum.accounts.models import Role, User
from forum.council.services import Point, add_update, respond
from forum.db import db
from forum.markup import render_markdown
from forum.moderation.audit import log_post
from forum.moderation.flags import AUTO_HIDE_REASON
from forum.moderation.models import AuditAction, Flag, FlagReason
from forum.posts.models import PATH_WIDTH, Endorsement, Post
from forum.summaries.services import create_summary, publish_summary, submit_summary
from forum.threads.models import Revision, Thread, ThreadKind
from forum.topics.models import Topic

USERS, TOPICS, MAX_REPLY_DEPTH, BATCH = 5_000, 50, 10, 5_000
#: threads of these sizes are always built when the budget allows; the benchmark uses them
LANDMARKS = (50, 100, 1_000, 10_000)
PASSWORD = "bench-password"
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


def _now_default() -> datetime:
    """Midnight UTC today: the same seed gives the same data all day."""
    return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass
class Plan:
    """What was built, for the benchmark: thread ids by landmark size, and who to write as."""

    posts: int = 0
    threads: dict[int, int] = field(default_factory=dict)
    write_thread: int | None = None
    report: int | None = None
    citizen_email: str = "user100@bench.example"
    password: str = PASSWORD


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
        return self.bodies[self.rng.randrange(len(self.bodies))]

    def users(self, password_hash: str) -> None:
        """5,000 accounts: 1 admin, 10 moderators, 20 councillors, the rest citizens."""
        table = User.__table__
        for uid in range(1, USERS + 1):
            role = (Role.ADMIN if uid == 1 else Role.MODERATOR if uid <= 11
                    else Role.COUNCILLOR if uid <= 31 else Role.CITIZEN)
            self.add(table, {
                "id": uid, "email": f"user{uid}@bench.example", "role": role,
                "display_name": f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)} {uid}",
                "password_hash": password_hash, "session_token": f"{self.rng.getrandbits(128):032x}",
                "created_at": self.now - timedelta(days=400 + self.rng.randrange(500))})
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

    def thread(self, tid: int, size: int, consultation: str | None) -> None:
        """One thread of ``size`` posts; ``consultation``: ``open``, ``closed`` or ``None``."""
        rng = self.rng
        start = self.now - timedelta(days=30 + rng.randrange(300))
        end = min(self.now - timedelta(hours=1), start + timedelta(days=60))
        question = opens = closes = None
        author = rng.randrange(32, USERS + 1)
        if consultation:
            author = rng.randrange(12, 32)
            question = "What should the council do, and what would it mean for you?"
            opens = start
            closes = end if consultation == "closed" else self.now + timedelta(days=14)
            if consultation == "closed":
                start, end = self.now - timedelta(days=120), self.now - timedelta(days=60)
                opens, closes = start, end + timedelta(hours=1)
        body, html = self.body()
        self.add(Thread.__table__, {
            "id": tid, "topic_id": rng.randrange(1, TOPICS + 1), "author_id": author,
            "kind": ThreadKind.CONSULTATION if consultation else ThreadKind.DISCUSSION,
            "title": f"{rng.choice(TITLES)} ({tid})", "body": body, "body_html": html,
            "created_at": start, "edited_at": None, "last_activity_at": end, "post_count": size,
            "locked_at": None, "lock_reason": None, "question": question, "opens_at": opens,
            "closes_at": closes, "closed_early_reason": None})
        self.revision(author, body, html, start, thread_id=tid)
        self.posts(tid, size, start, end)

    def revision(self, editor: int, body: str, html: str, at: datetime, *,
                 thread_id: int | None = None, post_id: int | None = None) -> None:
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
        rng = self.rng
        pid, depth, path, root = node
        author = rng.randrange(2, USERS + 1)
        body, html = self.body()
        roll = rng.random()
        hidden = roll < 0.002 and depth > 0
        endorsers = self.endorsers(author)
        self.add(Post.__table__, {
            "id": pid, "thread_id": tid, "parent_id": parent[0] if parent else None,
            "root_id": root, "author_id": author, "depth": depth, "path": path,
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


FIRST = ("Sam", "Priya", "Alex", "Jo", "Ana", "Ben", "Chris", "Fatima", "Tom", "Mei", "Olu",
         "Grace", "Ravi", "Hannah", "Piotr", "Aisha", "Kwame", "Lucy", "Omar", "Sian")
LAST = ("Smith", "Shah", "Jones", "Okafor", "Patel", "Lopez", "Evans", "Nowak", "Khan", "Brown",
        "Wright", "Chen", "Hughes", "Ahmed", "Murphy")
TITLES = ("Should the High Street be car-free on weekends?", "A new cycle lane on Mill Lane",
          "More benches and shade in the park", "Opening hours of the central library",
          "Where should the 400 new homes go?", "Weekly bin collections",
          "A 20 mph limit near schools", "The future of the leisure centre",
          "Street lighting after midnight", "Parking permits for residents")


def sizes(posts: int, rng: random.Random) -> tuple[list[int], list[int]]:
    """The landmark sizes that fit, then other sizes (10 to 10,000, log-uniform) up to ``posts``."""
    landmarks, out, left = [], [], posts
    for size in LANDMARKS:
        if size + 10 <= left:
            landmarks.append(size)
            left -= size
    while left >= 10:
        size = min(left, int(math.exp(rng.uniform(math.log(10), math.log(10_000)))))
        out.append(size if left - size >= 10 else left)
        left -= out[-1]
    if left:
        out[-1] += left
    return landmarks, out


def password_hash(seed: int) -> str:
    """Werkzeug's scrypt format with a salt from the seed (one hash shared by every account)."""
    salt = hashlib.sha256(f"bench-{seed}".encode()).hexdigest()[:16]
    digest = hashlib.scrypt(PASSWORD.encode(), salt=salt.encode(), n=2**15, r=8, p=1,
                            maxmem=132 * 1024 * 1024)
    return f"scrypt:32768:8:1${salt}${digest.hex()}"


def build_forum(session: Session, *, posts: int, seed: int, now: datetime,
                progress=None) -> Plan:  # noqa: ANN001  (a click progress bar or None)
    """Fill an empty database with a forum of ``posts`` posts; return what the benchmark uses."""
    if session.scalar(select(func.count()).select_from(User)):
        raise click.ClickException("bench-data builds into an empty database; this one has users.")
    rng = random.Random(seed)
    builder = Builder(session, rng, now, progress)
    builder.users(password_hash(seed))
    builder.topics()
    landmarks, others = sizes(posts, rng)
    plan = Plan(posts=posts, threads={size: i for i, size in enumerate(landmarks, start=1)})
    kinds = []
    for tid, size in enumerate(landmarks + others, start=1):
        kind = None if tid <= len(landmarks) or tid % 5 else ("closed", "closed", "open")[tid // 5 % 3]
        builder.thread(tid, size, kind)
        kinds.append((tid, size, kind))
    builder.flush()
    plan.write_thread = next((t for t, _s, k in kinds if k is None and t > len(landmarks)),
                             kinds[0][0])
    _fix_sequences(session)
    _hide(session, builder.hidden, now)
    plan.report = _summaries(session, rng, [(t, s) for t, s, k in kinds if k == "closed"], now)
    session.flush()
    return plan


def _fix_sequences(session: Session) -> None:
    """On PostgreSQL, move each id sequence past the ids inserted here."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in (User, Topic, Thread, Post, Revision, Flag):
        name = table.__tablename__
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                             f"(SELECT max(id) FROM {name}))"))


def _hide(session: Session, post_ids: list[int], now: datetime) -> None:
    """Log the automatic hiding of the posts hidden by three reports, as the app would."""
    for pid in post_ids:
        post = session.get(Post, pid)
        log_post(session, None, AuditAction.POST_AUTO_HIDDEN, post, reason=AUTO_HIDE_REASON,
                 details="3 reports", now=post.hidden_at)


def _summaries(session: Session, rng: random.Random, closed: list[tuple[int, int]],
               now: datetime) -> int | None:
    """Summarise closed consultations: published, submitted, answered (with an update)."""
    moderator, councillor = session.get(User, 2), session.get(User, 12)
    report = None
    for i, (tid, _size) in enumerate(sorted(closed, key=lambda c: -c[1])[:40]):
        thread = session.get(Thread, tid)
        args = list(session.scalars(select(Post.id).where(
            Post.thread_id == tid, Post.parent_id.is_(None), Post.hidden_at.is_(None),
            Post.deleted_at.is_(None)).order_by(Post.endorsement_count.desc()).limit(4)))
        body = "\n\n".join(f"## {heading}\n\n- {rng.choice(SENTENCES)} [#{pid}]"
                           for heading, pid in zip(("For", "Against", "Neutral", "Questions"),
                                                   args))
        t = thread.closes_at + timedelta(days=1)
        summary = create_summary(session, moderator, thread, body=body or "No arguments.", now=t)
        publish_summary(session, moderator, summary, now=t + timedelta(hours=1))
        if i % 3 == 2:
            continue
        submit_summary(session, moderator, summary, now=t + timedelta(hours=2))
        if i % 3 == 1:
            continue
        respond(session, councillor, summary, decision="adopted_in_part", now=t + timedelta(days=5),
                body="Cabinet agreed a **phased** approach, reviewed after a year.",
                points=[Point(h, rng.choice(("adopted", "deferred")), rng.choice(SENTENCES))
                        for h in ("For", "Against", "Neutral", "Questions")[:len(args)]])
        add_update(session, councillor, summary, body="The first phase has started.",
                   now=t + timedelta(days=20))
        report = report or tid
    return report


@click.command("bench-data")
@click.option("--posts", type=click.IntRange(min=10), default=20_000, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--now", "now_text", help="ISO time the data is built around (default: today 00:00 UTC).")
@click.option("--manifest", type=click.Path(dir_okay=False, path_type=Path),
              help="Write what the benchmark needs (thread ids, the writer's account) as JSON.")
def bench_data(posts: int, seed: int, now_text: str | None, manifest: Path | None) -> None:
    """Build a large, realistic forum for benchmarks into an empty database."""
    now = datetime.fromisoformat(now_text).astimezone(UTC) if now_text else _now_default()
    with click.progressbar(length=posts, label="Posts", file=None) as bar:
        plan = build_forum(db.session, posts=posts, seed=seed, now=now, progress=bar)
    db.session.commit()
    if manifest is not None:
        manifest.write_text(json.dumps(asdict(plan), indent=2))
    click.echo(f"Built {posts:,} posts; landmark threads {plan.threads}.")
