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
from flask import current_app
from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.benchdata.rows import LANDMARKS, PASSWORD, SENTENCES, Builder
from forum.council.services import Answer, add_update, publish_response, save_response
from forum.db import db
from forum.jobs.models import Job
from forum.moderation.audit import log_post
from forum.moderation.flags import AUTO_HIDE_REASON
from forum.moderation.models import AuditAction
from forum.pagecache import triggers
from forum.posts.counters import recount_arguments
from forum.posts.models import Post, Revision
from forum.summaries.services import create_summary, publish_summary, submit_summary
from forum.threads.models import Thread
from forum.topics.models import Topic


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
    # the kept pages' triggers would move a thread's number once for each of its posts: a
    # new forum has no page kept yet, so they are left out of the load and made again after
    triggers.drop(session.connection())
    builder = Builder(session, rng, now, progress)
    builder.users(password_hash(seed))
    builder.topics()
    landmarks, others = sizes(posts, rng)
    plan = Plan(posts=posts, threads={size: i for i, size in enumerate(landmarks, start=1)})
    kinds = []
    for tid, size in enumerate(landmarks + others, start=1):
        kind = (None if tid <= len(landmarks) or tid % 5
                else ("closed", "closed", "open")[tid // 5 % 3])
        builder.thread(tid, size, kind)
        kinds.append((tid, size, kind))
    builder.flush()
    plan.write_thread = next((t for t, _s, k in kinds if k is None and t > len(landmarks)),
                             kinds[0][0])
    _fix_sequences(session)
    recount_arguments(session)
    _hide(session, builder.hidden)
    plan.report = _summaries(session, rng, [(t, s) for t, s, k in kinds if k == "closed"])
    # the council's answers queued an email to everyone who took part: made-up people need
    # none, and thousands of jobs left pending would be run by the server being measured
    session.execute(delete(Job))
    session.flush()
    triggers.create(session.connection())
    return plan


def _fix_sequences(session: Session) -> None:
    """On PostgreSQL, move each id sequence past the ids inserted here."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in (User, Topic, Thread, Post, Revision):
        name = table.__tablename__
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                             f"(SELECT max(id) FROM {name}))"))


def _hide(session: Session, post_ids: list[int]) -> None:
    """Log the automatic hiding of the posts hidden by three reports, as the app would."""
    for pid in post_ids:
        post = session.get(Post, pid)
        log_post(session, None, AuditAction.POST_AUTO_HIDDEN, post, reason=AUTO_HIDE_REASON,
                 details="3 reports", now=post.hidden_at)


def _summaries(session: Session, rng: random.Random,
               closed: list[tuple[int, int]]) -> int | None:
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
        save_response(session, councillor, summary, decision="agreed_in_part",
                      now=t + timedelta(days=5),
                      body="Cabinet agreed a **phased** approach, reviewed after a year.",
                      answers=[Answer(p.id, rng.choice(("agreed", "needs_more_work")),
                                      rng.choice(SENTENCES)) for p in summary.points])
        publish_response(session, councillor, summary, now=t + timedelta(days=5))
        add_update(session, councillor, summary, body="The first phase has started.",
                   now=t + timedelta(days=20))
        report = report or tid
    return report


@click.command("bench-data")
@click.option("--posts", type=click.IntRange(min=10), default=20_000, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--now", "now_text",
              help="ISO time the data is built around (default: today 00:00 UTC).")
@click.option("--manifest", type=click.Path(dir_okay=False, path_type=Path),
              help="Write what the benchmark needs (thread ids, the writer's account) as JSON.")
def bench_data(posts: int, seed: int, now_text: str | None, manifest: Path | None) -> None:
    """Build a large, realistic forum for benchmarks into an empty database."""
    now = datetime.fromisoformat(now_text).astimezone(UTC) if now_text else _now_default()
    if db.session.get_bind().dialect.name == "sqlite":  # rebuilt, never kept: skip the syncs
        db.session.execute(text("PRAGMA synchronous=OFF"))
    current_app.config["JOBS_RUNNER"] = "manual"  # nothing of the build runs as a job
    with click.progressbar(length=posts, label="Posts", file=None) as bar:
        plan = build_forum(db.session, posts=posts, seed=seed, now=now, progress=bar)
    db.session.commit()
    if manifest is not None:
        manifest.write_text(json.dumps(asdict(plan), indent=2))
    click.echo(f"Built {posts:,} posts; landmark threads {plan.threads}.")
