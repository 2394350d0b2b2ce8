"""The feeds' addresses: ``/feed.atom``, ``/topics/<slug>/feed.atom``,
``/threads/<id>/feed.atom``, ``/outcomes/feed.atom`` and ``/people/<id>/feed.atom``.

A feed is public: it is built for an anonymous reader whoever asks, so a moderator's
feed reader never receives what only moderators see.
"""
from __future__ import annotations

import hashlib
from dataclasses import replace

from flask import Blueprint, Response, current_app, request

from forum.db import db, utcnow
from forum.feeds import services
from forum.feeds.atom import MEDIA_TYPE, Feed, render
from forum.i18n import _l, current_language, html_lang
from forum.people.services import get_person
from forum.threads.services import get_thread
from forum.topics.services import get_topic
from forum.urls import external_url

bp = Blueprint("feeds", __name__)

#: feed titles, whole sentences with named placeholders
SITE_TITLE = _l("New threads and consultations on %(site)s")
TOPIC_TITLE = _l("New threads in %(topic)s")
THREAD_TITLE = _l("New posts in “%(title)s”")
OUTCOMES_TITLE = _l("What the council did: summaries, answers and progress updates")
PERSON_TITLE = _l("Contributions by %(name)s")
#: how long a feed reader may keep a copy before asking again (seconds)
MAX_AGE = 300


_TITLES = {"site": SITE_TITLE, "topic": TOPIC_TITLE, "thread": THREAD_TITLE,
           "outcomes": OUTCOMES_TITLE, "person": PERSON_TITLE}


@bp.app_template_global("feed_title")
def feed_title(kind: str, **values: str) -> str:
    """A feed's title, for its page's ``<link rel="alternate">`` tag (the feed's own words)."""
    values.setdefault("site", current_app.config["SITE_NAME"])
    return services.entry_title(_TITLES[kind], **values)


def _answer(feed: Feed) -> Response:
    """The feed as Atom, with a validator pair so an unchanged feed is a 304."""
    feed = replace(feed, language=html_lang())  # the language the feed's own words are in
    response = Response(render(feed, current_app.config["BASE_URL"]), mimetype=MEDIA_TYPE)
    response.last_modified = feed.updated
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    # the language is part of the validator: a reader of one never gets another's 304
    response.set_etag(hashlib.sha256(current_language().encode() + b"\0"
                                     + response.get_data()).hexdigest()[:40])
    return response.make_conditional(request)


@bp.route("/feed.atom")
def site() -> Response:
    """New threads and consultations on the whole site."""
    return _answer(Feed(key="feed/site",
                        title=services.entry_title(SITE_TITLE,
                                                   site=current_app.config["SITE_NAME"]),
                        self_url=external_url("feeds.site"),
                        page_url=external_url("overview.home"),
                        entries=services.new_threads(db.session, now=utcnow())))


@bp.route("/topics/<slug>/feed.atom")
def topic(slug: str) -> Response:
    """New threads and consultations in one topic."""
    found = get_topic(db.session, slug)
    return _answer(Feed(key=f"feed/topic/{found.id}",
                        title=services.entry_title(TOPIC_TITLE, topic=found.title),
                        self_url=external_url("feeds.topic", slug=found.slug),
                        page_url=external_url("threads.topic", slug=found.slug),
                        entries=services.new_threads(db.session, now=utcnow(), topic=found),
                        since=found.created_at))


@bp.route("/threads/<id:thread_id>/feed.atom")
def thread(thread_id: int) -> Response:
    """New arguments and replies in one thread (one everyone may see)."""
    found = get_thread(db.session, thread_id, None, now=utcnow())
    return _answer(Feed(key=f"feed/thread/{found.id}",
                        title=services.entry_title(THREAD_TITLE, title=found.title),
                        self_url=external_url("feeds.thread", thread_id=found.id),
                        page_url=external_url("posts.thread", thread_id=found.id),
                        entries=services.thread_posts(db.session, found),
                        since=found.created_at))


@bp.route("/outcomes/feed.atom")
def outcomes() -> Response:
    """Summaries published, the council's answers and its progress updates."""
    return _answer(Feed(key="feed/outcomes", title=str(OUTCOMES_TITLE),
                        self_url=external_url("feeds.outcomes"),
                        page_url=external_url("outcomes.index"),
                        entries=services.outcomes(db.session, now=utcnow())))


@bp.route("/people/<id:user_id>/feed.atom")
def person(user_id: int) -> Response:
    """One person's public arguments and replies."""
    found = get_person(db.session, user_id)
    return _answer(Feed(key=f"feed/person/{found.id}",
                        title=services.entry_title(PERSON_TITLE, name=found.display_name),
                        self_url=external_url("feeds.person", user_id=found.id),
                        page_url=external_url("people.show", user_id=found.id),
                        entries=services.contributions(db.session, found, now=utcnow()),
                        since=found.created_at))
