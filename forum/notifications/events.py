"""Who hears of new contributions, summaries, answers and staff work: the signal handlers
behind following, each writing with the session the signal came with.

Every person is told once per event, by the most personal kind that applies (a reply to
you, then a mention, then a followed thread, then a followed person). Followers are found
in one query per event and notified in one ``executemany`` (:func:`notify`). Nobody is told
about a thread they cannot see (a consultation not open yet), and the actor is never told of
their own act.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.accounts.rules import councillor_clause, moderator_clause
from forum.i18n import deferred
from forum.notifications.follows import auto_follow, followers
from forum.notifications.models import Follow, FollowKind
from forum.notifications.services import notify, thread_participants
from forum.posts.models import Post
from forum.summaries.models import SummaryCitation
from forum.threads.models import Thread, ThreadKind
from forum.threads.rules import can_view_thread

if TYPE_CHECKING:
    from forum.council.models import CouncilResponse, ResponseUpdate
    from forum.moderation.models import Appeal
    from forum.summaries.models import Summary


def readers(session: Session, user_ids: Iterable[int], thread: Thread, now: datetime) -> set[int]:
    """Those of ``user_ids`` who may see ``thread`` (no query unless it is not open yet)."""
    ids = set(user_ids)
    if not ids or not thread.is_upcoming(now):
        return ids
    return {user.id for user in session.scalars(select(User).where(User.id.in_(ids)))
            if can_view_thread(user, thread, now)}


def _following(session: Session, *targets: tuple[FollowKind, int],
               unless: object = None) -> dict[FollowKind, set[int]]:
    """Who follows each of ``targets`` (one query), minus the ids ``unless`` names or
    selects."""
    stmt = select(Follow.user_id, Follow.target_kind).where(
        or_(*(and_(Follow.target_kind == kind, Follow.target_id == i) for kind, i in targets)))
    if unless is not None:
        stmt = stmt.where(Follow.user_id.not_in(unless))
    found: dict[FollowKind, set[int]] = defaultdict(set)
    for user_id, kind in session.execute(stmt):
        found[kind].add(user_id)
    return found


def on_post_created(session: Session, *, post: Post, actor: User, now: datetime,
                    mentioned: Iterable[int] = (), **_extra: object) -> None:
    """Tell the parent's author, the thread's and the author's followers; follow the thread
    (unless the author is among its followers already: most posts are by people who have
    posted there before)."""
    thread = post.thread
    follows = False
    if post.is_visible:
        told = {actor.id}
        if post.parent_id is not None:
            parent = session.get(Post, post.parent_id)
            if parent is not None and parent.author_id not in told:
                notify(session, readers(session, [parent.author_id], thread, now), kind="reply",
                       message=deferred("%(name)s replied to your post in “%(title)s”.",
                                        name=actor.display_name, title=thread.title),
                       link=f"/posts/{post.id}", now=now)
                told.add(parent.author_id)
        # the people it names are told of it as a mention, not again as followers
        found = _following(session, (FollowKind.THREAD, thread.id), (FollowKind.PERSON, actor.id),
                           unless=list(mentioned) or None)
        in_thread = readers(session, found[FollowKind.THREAD] - told, thread, now)
        message = (deferred("%(name)s added an argument to “%(title)s”.",
                            name=actor.display_name, title=thread.title) if post.is_argument
                   else deferred("%(name)s replied in “%(title)s”.",
                                 name=actor.display_name, title=thread.title))
        notify(session, in_thread, kind="followed_thread", message=message,
               link=f"/posts/{post.id}", now=now)
        notify(session, readers(session, found[FollowKind.PERSON] - told - in_thread, thread, now),
               kind="followed_person", link=f"/posts/{post.id}", now=now,
               message=deferred("%(name)s posted in “%(title)s”.",
                                name=actor.display_name, title=thread.title))
        follows = actor.id in found[FollowKind.THREAD]
    if not follows:
        auto_follow(session, actor, thread, now=now)


def on_thread_started(session: Session, *, thread: Thread, actor: User, now: datetime,
                      **_extra: object) -> None:
    """Tell the topic's and the author's followers; the author follows the thread.

    A consultation not open yet is told of by no one: only its author and staff can see it.
    """
    auto_follow(session, actor, thread, now=now)
    if thread.is_upcoming(now):
        return
    found = _following(session, (FollowKind.TOPIC, thread.topic_id),
                       (FollowKind.PERSON, actor.id))
    topic = thread.topic.title
    message = (deferred("A new consultation, “%(title)s”, opened in %(topic)s.",
                        title=thread.title, topic=topic)
               if thread.kind == ThreadKind.CONSULTATION
               else deferred("%(name)s started “%(title)s” in %(topic)s.",
                             name=actor.display_name, title=thread.title, topic=topic))
    in_topic = found[FollowKind.TOPIC] - {actor.id}
    notify(session, in_topic, kind="followed_topic", message=message,
           link=f"/threads/{thread.id}", now=now)
    notify(session, found[FollowKind.PERSON] - in_topic, kind="followed_person",
           message=deferred("%(name)s started “%(title)s” in %(topic)s.",
                            name=actor.display_name, title=thread.title, topic=topic),
           link=f"/threads/{thread.id}", now=now, exclude=actor.id)


def on_post_endorsed(session: Session, *, post: Post, actor: User, now: datetime,
                     **_extra: object) -> None:
    """Endorsing in a thread follows it."""
    auto_follow(session, actor, post.thread, now=now)


def _audience(session: Session, thread: Thread, now: datetime) -> set[int]:
    """Everyone who took part in the thread or follows it, and may see it."""
    ids = {thread.author_id, *session.scalars(thread_participants(thread.id)),
           *session.scalars(followers(FollowKind.THREAD, thread.id))}
    return readers(session, ids, thread, now)


def cited_links(session: Session, summary: Summary) -> dict[int, str]:
    """The people ``summary`` cites, each with a link to the first point citing them (or to
    the summary while it has no points: they are made when it is submitted)."""
    base = f"/summaries/{summary.id}"
    rows = session.execute(select(Post.id, Post.author_id).join(
        SummaryCitation, SummaryCitation.post_id == Post.id).where(
        SummaryCitation.summary_id == summary.id, Post.deleted_at.is_(None),
        Post.hidden_at.is_(None))).all()
    point_of = {}
    for point in sorted(summary.points, key=lambda p: p.position, reverse=True):
        point_of.update({post_id: point.id for post_id in point.cited_post_ids})
    links: dict[int, str] = {}
    for post_id, author_id in sorted(rows, key=lambda r: (r[0] not in point_of, r[0])):
        links.setdefault(author_id, f"{base}#point-{point_of[post_id]}" if post_id in point_of
                         else base)
    return links


def _tell_cited(session: Session, links: dict[int, str], *, kind: str, message: str,
                now: datetime, exclude: int | None) -> None:
    """Notify each cited person with their own link (one insert per distinct link)."""
    by_link: dict[str, list[int]] = defaultdict(list)
    for user_id, link in links.items():
        by_link[link].append(user_id)
    for link, ids in sorted(by_link.items()):
        notify(session, ids, kind=kind, message=message, link=link, now=now, exclude=exclude)


def on_summary_published(session: Session, *, summary: Summary, actor: User, now: datetime,
                         **_extra: object) -> None:
    """Tell the people it cites where (always), and everyone who took part or follows."""
    thread = summary.thread
    cited = cited_links(session, summary)
    _tell_cited(session, cited, kind="cited", now=now, exclude=actor.id,
                message=deferred("A moderator published a summary of “%(title)s” that cites you.",
                                 title=thread.title))
    notify(session, _audience(session, thread, now) - set(cited), kind="summary_published",
           message=deferred("A moderator published a summary of “%(title)s”.", title=thread.title),
           link=f"/summaries/{summary.id}", now=now, exclude=actor.id)


def on_summary_corrected(session: Session, *, summary: Summary, actor: User, now: datetime,
                         **_extra: object) -> None:
    """Tell everyone who took part, follows or is cited that the summary was corrected."""
    thread = summary.thread
    notify(session, _audience(session, thread, now) | set(cited_links(session, summary)),
           kind="summary_published", link=f"/summaries/{summary.id}", now=now,
           exclude=actor.id, message=deferred("A moderator corrected the summary of “%(title)s”.",
                                              title=thread.title))


def on_response_published(session: Session, *, response: CouncilResponse, actor: User,
                          now: datetime, **_extra: object) -> None:
    """Tell the cited people at their point, and everyone who took part or follows."""
    summary = response.summary
    thread = summary.thread
    decision = response.decision.message
    cited = cited_links(session, summary)
    _tell_cited(session, cited, kind="council_responded", now=now, exclude=actor.id,
                message=deferred("The council responded to the summary of “%(title)s”, which cites "
                                 "you: %(decision)s.", title=thread.title, decision=decision))
    notify(session, _audience(session, thread, now) - set(cited), kind="council_responded",
           message=deferred("The council responded to the summary of “%(title)s”: %(decision)s.",
                            title=thread.title, decision=decision),
           link=f"/summaries/{summary.id}", now=now, exclude=actor.id)


def on_update_added(session: Session, *, update: ResponseUpdate, summary: Summary, actor: User,
                    now: datetime, **_extra: object) -> None:
    """Tell the people cited in the point updated, and the thread's followers."""
    thread = summary.thread
    link = f"/summaries/{summary.id}"
    cited: set[int] = set()
    point = next((p for p in summary.points if p.id == update.point_id), None)
    if point is not None:
        link = f"{link}#point-{point.id}"
        cited = set(session.scalars(select(Post.author_id).where(
            Post.id.in_(point.cited_post_ids), Post.deleted_at.is_(None),
            Post.hidden_at.is_(None))))
    ids = readers(session, cited | set(session.scalars(followers(FollowKind.THREAD, thread.id))),
                  thread, now)
    notify(session, ids, kind="point_update", link=link, now=now, exclude=actor.id,
           message=deferred("The council posted a progress update on “%(title)s”.",
                            title=thread.title))


def on_report_opened(session: Session, *, post: Post, now: datetime, **_extra: object) -> None:
    """Tell the moderators a post waits in the queue."""
    notify(session, session.scalars(select(User.id).where(moderator_clause())),
           kind="report_waiting", link="/moderation", now=now,
           message=deferred("A post in “%(title)s” was reported and waits for review.",
                            title=post.thread.title))


def on_appeal_opened(session: Session, *, appeal: Appeal, now: datetime,
                     **_extra: object) -> None:
    """Tell the moderators (other than the appellant) an appeal waits for a decision."""
    notify(session, session.scalars(select(User.id).where(moderator_clause())),
           kind="appeal_waiting", link=f"/moderation/appeals/{appeal.id}", now=now,
           exclude=appeal.appellant_id,
           message=deferred("An appeal waits for a moderator's decision."))


def on_summary_submitted(session: Session, *, summary: Summary, actor: User, now: datetime,
                         **_extra: object) -> None:
    """Tell the councillors a summary waits for the council's response."""
    notify(session, session.scalars(select(User.id).where(councillor_clause())),
           kind="summary_submitted", link=f"/summaries/{summary.id}", now=now, exclude=actor.id,
           message=deferred("The summary of “%(title)s” was submitted to the council.",
                            title=summary.thread.title))
