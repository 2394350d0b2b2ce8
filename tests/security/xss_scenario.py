"""A scenario holding one piece of text in every field the forum renders, its pages, and
the same scenario with harmless text (for the sanitiser tests)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update

from forum.accounts.models import Role, User
from forum.db import utcnow
from forum.markup import render_markdown
from forum.posts.models import Post
from forum.posts.services import create_post
from forum.posts.models import Revision
from forum.threads.models import Thread
from forum.threads.services import start_thread
from forum.topics.models import Topic
from forum.topics.services import create_topic
from tests.factories import make_user

HARMLESS = "Plain words about the bus timetable."


def clean_name(name: str) -> str:
    """Display names are stored with their whitespace collapsed (see ``register_user``)."""
    return " ".join(name.split()) or "x"


@dataclass
class Scenario:
    """Everything holding the text."""

    topic: Topic
    author: User
    thread: Thread
    post: Post
    reply: Post
    consultation: Thread
    summary: object


def build(session, text: str, n: int) -> Scenario:  # noqa: ANN001
    """Topic, author name, thread, argument, reply (hidden, with a reason), lock reason,
    consultation, and a published summary answered by the council: all holding ``text``."""
    from forum.consultations.services import post_consultation
    from forum.council.services import Answer, publish_response, save_response
    from forum.moderation.services import hide_post, lock_thread
    from forum.summaries.services import create_summary, publish_summary, submit_summary
    now = utcnow()
    admin = make_user(session, role=Role.ADMIN)
    moderator = make_user(session, role=Role.MODERATOR)
    councillor = make_user(session, role=Role.COUNCILLOR)
    author = make_user(session, name=clean_name(text[:60]))
    topic = create_topic(session, admin, title=(text * 2)[:100], slug=f"topic-{n}",
                         description=text, now=now)
    thread = start_thread(session, author, topic, title=("Title " + text)[:200], body=text,
                          now=now)
    post = create_post(session, author, thread, body=text, stance="for", now=now)
    # not the same text again: the same author repeating a post is refused as a duplicate
    reply = create_post(session, author, thread, body=f"{text} (a reply)", parent=post, now=now)
    hide_post(session, moderator, reply, reason=text[:500], now=now)
    consultation = post_consultation(session, councillor, topic, title=("Ask " + text)[:200],
                                     question=text[:500], body=text, opens_at=None,
                                     closes_at=now + timedelta(days=9), now=now)
    summary = create_summary(session, moderator, thread, body=text, now=now)
    publish_summary(session, moderator, summary, now=now)
    submit_summary(session, moderator, summary, now=now)
    save_response(session, councillor, summary, decision="agreed", body=text, now=now,
                  answers=[Answer(p.id, "needs_more_work", text[:500] if text.strip() else "x")
                           for p in summary.points])
    publish_response(session, councillor, summary, now=now)
    lock_thread(session, moderator, thread, reason=text[:500], now=now)
    session.commit()
    return Scenario(topic, author, thread, post, reply, consultation, summary)


def pages(client, login, s: Scenario) -> list[str]:  # noqa: ANN001
    """Every page showing the scenario's text, as its author sees them."""
    login(s.author)  # the author sees the most: edit links, the hidden reply
    paths = ["/", "/topics", f"/topics/{s.topic.slug}", f"/threads/{s.thread.id}",
             f"/threads/{s.thread.id}/history", f"/posts/{s.post.id}/history",
             f"/posts/{s.post.id}/reply", f"/posts/{s.reply.id}/history",
             f"/threads/{s.consultation.id}", f"/summaries/{s.summary.id}", "/outcomes",
             f"/summaries/{s.summary.id}/response/revisions"]
    out = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        out.append(response.get_data(as_text=True))
    return out


def fragments(client, s: Scenario) -> list[str]:  # noqa: ANN001
    """The stored and served ``*_html`` Markdown fields."""
    out = [s.topic.description_html, s.thread.body_html, s.post.body_html,
           s.consultation.body_html, s.summary.response.body_html]
    out += [item["body_html"] or "" for item in
            client.get(f"/api/v1/threads/{s.thread.id}/posts").get_json()["posts"]]
    out.append(client.get(f"/api/v1/threads/{s.thread.id}").get_json()["body_html"])
    out.append(client.get(f"/api/v1/topics/{s.topic.slug}").get_json()["description_html"])
    return out


def neutralise(session, s: Scenario) -> None:  # noqa: ANN001
    """Put harmless text in every field of a scenario (the same pages, nothing to inject)."""
    html = render_markdown(HARMLESS)
    s.topic.title, s.topic.description, s.topic.description_html = HARMLESS, HARMLESS, html
    s.author.display_name = HARMLESS
    for thread in (s.thread, s.consultation):
        thread.title, thread.body, thread.body_html = "Title " + HARMLESS, HARMLESS, html
    s.consultation.question = HARMLESS
    s.thread.lock_reason = HARMLESS
    s.reply.hidden_reason = HARMLESS
    s.summary.body, s.summary.body_html = HARMLESS, html
    s.summary.response.body, s.summary.response.body_html = HARMLESS, html
    from forum.summaries.models import SummaryRevision
    session.execute(update(SummaryRevision).where(SummaryRevision.summary_id == s.summary.id)
                    .values(body=HARMLESS, body_html=html))
    post_ids = select(Post.id).where(Post.thread_id == s.thread.id)
    session.execute(update(Post).where(Post.thread_id == s.thread.id)
                    .values(body=HARMLESS, body_html=html))
    session.execute(update(Revision).where(
        Revision.thread_id.in_([s.thread.id, s.consultation.id]) | Revision.post_id.in_(post_ids))
        .values(body=HARMLESS, body_html=html))
    session.commit()
