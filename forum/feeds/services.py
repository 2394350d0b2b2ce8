"""What each feed holds: public content only, newest first, at most
:data:`~forum.feeds.atom.MAX_ENTRIES` entries, in a fixed number of queries.

Hidden and deleted posts, threads not open yet (a consultation before it opens), summaries
not published and council answers not published never appear. The links are absolute, on
the configured site (:func:`forum.urls.external_url`), whatever host the request named.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, contains_eager, joinedload

from forum.accounts.models import User
from forum.council.models import CouncilResponse, ResponseUpdate
from forum.feeds.atom import MAX_ENTRIES, Entry
from forum.i18n import _l, default_language, html_lang
from forum.outcomes.status import response_join, summary_join
from forum.people.services import public_contributions
from forum.posts.models import Post, Stance
from forum.summaries.models import Summary
from forum.threads.models import Thread
from forum.topics.models import Topic
from forum.urls import external_url

#: entry titles, whole sentences with named placeholders, translated when a feed is built
ARGUMENT_TITLE = _l("An argument (%(stance)s) by %(name)s in “%(title)s”")
REPLY_TITLE = _l("A reply by %(name)s in “%(title)s”")
SUMMARY_TITLE = _l("The summary of “%(title)s” is published")
RESPONSE_TITLE = _l("The council answered “%(title)s”")
UPDATE_TITLE = _l("A progress update on “%(title)s”")


def entry_title(sentence: object, **values: str) -> str:
    """``sentence`` (a lazy string from above) in the current language, filled in."""
    return str(sentence) % values

_threads = Thread.__table__.c


def _opened_at():
    """When a thread became public: a consultation's opening time, else its creation."""
    return func.coalesce(_threads.opens_at, Thread.created_at)


def _thread_entry(thread: Thread) -> Entry:
    opened = getattr(thread, "opens_at", None) or thread.created_at
    return Entry(key=f"thread/{thread.id}", title=thread.title,
                 link=external_url("posts.thread", thread_id=thread.id),
                 published=opened, updated=max(opened, thread.edited_at or opened),
                 author=thread.author.display_name,
                 html="" if thread.withholds_text else thread.body_html,
                 categories=(thread.kind.value, thread.topic.title),
                 language=html_lang(thread.language), own_title=True)


def _post_entry(post: Post, author: User) -> Entry:
    if post.is_argument:
        stance = post.stance or Stance.NEUTRAL
        title = entry_title(ARGUMENT_TITLE, stance=stance.label.lower(),
                            name=author.display_name, title=post.thread.title)
    else:
        title = entry_title(REPLY_TITLE, name=author.display_name, title=post.thread.title)
    return Entry(key=f"post/{post.id}", title=title,
                 link=external_url("posts.show", post_id=post.id),
                 published=post.created_at, updated=post.edited_at or post.created_at,
                 author=author.display_name, html=post.body_html,
                 categories=(post.stance.value,) if post.stance else (),
                 language=html_lang(post.language))


def new_threads(session: Session, *, now: datetime, topic: Topic | None = None) -> list[Entry]:
    """The newest threads open to everyone (discussions and consultations), on the site or
    in ``topic``."""
    stmt = select(Thread).where(~Thread.is_upcoming(now))
    if topic is not None:
        stmt = stmt.where(Thread.topic_id == topic.id)
    stmt = stmt.order_by(_opened_at().desc(), Thread.id.desc()).limit(MAX_ENTRIES)
    return [_thread_entry(thread) for thread in session.scalars(stmt)]


def thread_posts(session: Session, thread: Thread) -> list[Entry]:
    """The newest readable arguments and replies of ``thread`` (a thread everyone may see)."""
    stmt = (select(Post).where(Post.thread_id == thread.id, Post.deleted_at.is_(None),
                               Post.hidden_at.is_(None))
            .options(joinedload(Post.author)).order_by(Post.id.desc()).limit(MAX_ENTRIES))
    posts = list(session.scalars(stmt))
    for post in posts:
        post.thread = thread  # the same object: no query per post
    return [_post_entry(post, post.author) for post in posts]


def contributions(session: Session, person: User, *, now: datetime) -> list[Entry]:
    """``person``'s newest public arguments and replies (as their profile page lists them)."""
    posts = session.scalars(public_contributions(person, now=now).limit(MAX_ENTRIES))
    return [_post_entry(post, person) for post in posts]


def outcomes(session: Session, *, now: datetime) -> list[Entry]:
    """Summaries published, council answers published (to summaries and to residents'
    proposals) and progress updates, newest first."""
    public = ~Thread.is_upcoming(now)
    summaries = session.scalars(
        select(Summary).join(Thread, summary_join(now)).where(public)
        .options(contains_eager(Summary.thread), joinedload(Summary.published_by),
                 joinedload(Summary.created_by))
        .order_by(Summary.published_at.desc(), Summary.id.desc()).limit(MAX_ENTRIES))
    responses = session.scalars(
        select(CouncilResponse).join(Summary, CouncilResponse.summary_id == Summary.id)
        .join(Thread, Thread.id == Summary.thread_id)
        .where(public, Summary.published_at <= now, response_join(now),
               CouncilResponse.published_at <= now)
        .options(contains_eager(CouncilResponse.summary).contains_eager(Summary.thread),
                         joinedload(CouncilResponse.author))
        .order_by(CouncilResponse.published_at.desc(), CouncilResponse.id.desc())
        .limit(MAX_ENTRIES))
    entries = [_summary_entry(s) for s in summaries] + [
        _response_entry(r, r.summary.thread.title, _answer_link(r.summary_id, None))
        for r in responses]
    updates = session.execute(
        select(ResponseUpdate, Summary.id, Thread.title)
        .join(CouncilResponse, ResponseUpdate.response_id == CouncilResponse.id)
        .join(Summary, CouncilResponse.summary_id == Summary.id)
        .join(Thread, Thread.id == Summary.thread_id)
        .where(public, Summary.published_at <= now, response_join(now),
               CouncilResponse.published_at <= now)
        .options(joinedload(ResponseUpdate.author))
        .order_by(ResponseUpdate.created_at.desc(), ResponseUpdate.id.desc())
        .limit(MAX_ENTRIES))
    entries += [_update_entry(update, title, _answer_link(summary_id, None))
                for update, summary_id, title in updates]
    entries += _thread_answers(session, public, now)
    entries.sort(key=lambda e: e.published, reverse=True)
    return entries[:MAX_ENTRIES]


def _summary_entry(summary: Summary) -> Entry:
    published = summary.published_at
    author = summary.published_by or summary.created_by
    return Entry(key=f"summary/{summary.id}",
                 title=entry_title(SUMMARY_TITLE, title=summary.thread.title),
                 link=external_url("summaries.show", summary_id=summary.id),
                 published=published, updated=max(published, summary.corrected_at or published),
                 author=author.display_name, html=summary.body_html, categories=("summary",),
                 language=html_lang(default_language()))


def _thread_answers(session: Session, public, now: datetime) -> list[Entry]:  # noqa: ANN001
    """The council's published answers to threads (residents' proposals) and their updates."""
    answers = session.scalars(
        select(CouncilResponse).join(Thread, Thread.id == CouncilResponse.thread_id)
        .where(public, CouncilResponse.published_at <= now)
        .options(contains_eager(CouncilResponse.thread), joinedload(CouncilResponse.author))
        .order_by(CouncilResponse.published_at.desc(), CouncilResponse.id.desc())
        .limit(MAX_ENTRIES))
    entries = [_response_entry(r, r.thread.title, _answer_link(None, r.thread_id))
               for r in answers]
    updates = session.execute(
        select(ResponseUpdate, Thread.id, Thread.title)
        .join(CouncilResponse, ResponseUpdate.response_id == CouncilResponse.id)
        .join(Thread, Thread.id == CouncilResponse.thread_id)
        .where(public, CouncilResponse.published_at <= now)
        .options(joinedload(ResponseUpdate.author))
        .order_by(ResponseUpdate.created_at.desc(), ResponseUpdate.id.desc())
        .limit(MAX_ENTRIES))
    return entries + [_update_entry(update, title, _answer_link(None, thread_id))
                      for update, thread_id, title in updates]


def _answer_link(summary_id: int | None, thread_id: int | None) -> str:
    """Where the council's answer is read: under the summary, or on the thread answered."""
    if summary_id is not None:
        return external_url("summaries.show", summary_id=summary_id, _anchor="response")
    return external_url("posts.thread", thread_id=thread_id, _anchor="council-answer")


def _response_entry(response: CouncilResponse, title: str, link: str) -> Entry:
    published = response.published_at
    return Entry(key=f"response/{response.id}",
                 title=entry_title(RESPONSE_TITLE, title=title), link=link,
                 published=published,
                 updated=max(published, response.corrected_at or published),
                 author=response.author.display_name, html=response.body_html,
                 categories=("response", response.decision.value),
                 language=html_lang(default_language()))


def _update_entry(update: ResponseUpdate, title: str, link: str) -> Entry:
    return Entry(key=f"update/{update.id}", title=entry_title(UPDATE_TITLE, title=title),
                 link=link,
                 published=update.created_at, updated=update.created_at,
                 author=update.author.display_name, html=update.body_html,
                 categories=("update",), language=html_lang(default_language()))
