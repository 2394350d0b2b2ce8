"""The debate page of a thread, and arguing, replying, editing, deleting and endorsing posts
in the HTML interface."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache, partial
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import Select, bindparam, or_, select
from sqlalchemy.orm import joinedload

from forum.accounts.rules import can_participate, is_new_account
from forum.db import db, utcnow
from forum.errors import Conflict, DomainError
from forum.forms import ActionForm, PreviewableForm, press, round_trip
from forum.i18n import _, current_language
from forum.inputs import whole_number
from forum.limits import post_limit, preview_limit
from forum.permissions import actor_or_none, asker
from forum.pagecache.models import SiteVersion
from forum.pagecache.pages import (OwnRegions, keep, keepable, keeping, kept, reader_facts,
                                   reader_region, request_key)
from forum.posts import services
from forum.posts.cards import (Addresses, Card, CardCache, Reader, actions_of, card_html,
                               reader_of, render_cards)
from forum.posts.debate import thread_context
from forum.posts.duplicates import DuplicatePost
from forum.posts.forms import ArgumentForm, EditPostForm, ReplyForm
from forum.posts.models import MAX_DISPLAY_DEPTH, Endorsement, Post
from forum.posts.quotes import quote_for
from forum.posts.revisions import thread_revisions
from forum.posts.tree import page_of
from forum.redirects import safe_next
from forum.security.rules import has_two_factor
from forum.settings import arguments_per_page, forum_zone
from forum.threads.models import Thread, ThreadKind
from forum.threads.services import get_thread

bp = Blueprint("posts", __name__)


def _card_maker(thread_id: int, back: str) -> dict[str, Any]:
    """How the thread page's cards are rendered and kept: the ``post_card`` macro, the
    process's card cache and what every card of the page shares."""
    env = current_app.jinja_env
    macro = env.get_template("_macros/posts.html").module.post_card  # type: ignore[attr-defined]
    thread_url = url_for("posts.thread", thread_id=thread_id)
    return {"cache": current_app.extensions.setdefault("forum_card_cache", CardCache()),
            "render": lambda card, who, csrf: macro(card, who, back, thread_url, csrf),
            "page": (current_language(), str(forum_zone()), thread_url, back)}


@bp.app_template_global("post_cards")
def post_cards(thread: Thread, cards: list[Card], reader: Reader, back: str) -> Markup:
    """``{{ post_cards(thread, cards, reader, back) }}``: the thread page's posts, each card
    rendered by the ``post_card`` macro once per process and then kept (forum/posts/cards.py).
    On a page kept for signed-in readers, each card is a region some of them have their own
    version of; a page for readers not signed in has no such readers, so no marks."""
    def wrap(card: Card, html: str) -> str:
        return reader_region(f"card-{card.post.id}", html, (card.replying_to, back))
    return render_cards(cards, reader, **_card_maker(thread.id, back),
                        csrf=generate_csrf() if reader.reply else None,
                        wrap=wrap if current_user.is_authenticated else None)


def _own_cards(thread_id: int) -> OwnRegions:
    """The signed-in reader's own versions of a kept page's cards: those of the posts on it
    that they wrote or endorsed, decided by their own permissions (one query: those posts,
    their authors and the thread; made once per kept page and reader)."""
    def make(regions: Mapping[str, Any]) -> dict[str, str]:
        notes = {int(name.removeprefix("card-")): note for name, note in regions.items()
                 if name.startswith("card-")}
        me = current_user.id
        mine = select(Endorsement.post_id).where(Endorsement.user_id == me,
                                                 Endorsement.post_id.in_(notes))
        rows = db.session.execute(
            select(Post, Post.id.in_(mine))
            .options(joinedload(Post.author), joinedload(Post.thread))
            .where(Post.id.in_(notes), Post.thread_id == thread_id,
                   or_(Post.author_id == me, Post.id.in_(mine)))).all()
        if not rows:
            return {}
        now = utcnow()
        ask = asker(current_user, now)
        reader = reader_of(ask, rows[0][0].thread)
        addresses, makers, own = Addresses(), {}, {}
        for post, endorsed in rows:
            replying_to, back = notes[post.id]
            if back not in makers:  # the page's return address: one for all its cards
                makers[back] = _card_maker(thread_id, back)
            actions = actions_of(ask, post, reader, now)
            card = Card(post, min(post.depth, MAX_DISPLAY_DEPTH), replying_to, actions,
                        bool(endorsed), addresses.of(post, actions))
            # the token stays a slot, put in per response with the page's
            own[f"card-{post.id}"] = card_html(card, reader, **makers[back])
        return own
    return make


def permalink(post: Post) -> str:
    """The post's address on the page of its thread that shows it (oldest first: where its
    argument's position puts it), so whoever just posted, edited or deleted sees the post."""
    root = post if post.parent_id is None else db.session.get(Post, post.root_id)
    page = page_of(root.argument_number if root is not None else None, arguments_per_page())
    return url_for("posts.thread", thread_id=post.thread_id, page=page if page > 1 else None,
                   _anchor=f"post-{post.id}")


#: the query parameters the thread page reads
_THREAD_ARGS = frozenset({"page", "sort", "stance", "version"})


@cache
def _kept_page_query(*, signed_in: bool) -> Select:
    """:func:`_kept_page_key`'s query, built once: the parameters ``thread`` and, for a
    signed-in reader, ``me``."""
    thread, me = bindparam("thread"), bindparam("me")
    columns = [Thread.content_version, SiteVersion.current()]
    if signed_in:
        wrote = select(Post.id).where(Post.author_id == me, Post.thread_id == thread)
        endorsed = (select(Endorsement.post_id).join(Post, Post.id == Endorsement.post_id)
                    .where(Endorsement.user_id == me, Post.thread_id == thread))
        columns += [Thread.kind, Thread.author_id, wrote.exists(), endorsed.exists()]
    return select(*columns).where(Thread.id == thread)


def _kept_page_key(thread_id: int) -> tuple[tuple | None, bool, bool]:
    """The key of the thread's page as kept for this reader (one query, and for a signed-in
    reader those of :func:`reader_facts`), or ``None`` when it is not to be kept: no such
    thread (or no forum-wide number to check it by), or a signed-in reader whose page is
    their own (see :func:`_reader_class`). Whether the reader is known to endorse nothing
    in the thread (so a page made for them need not ask), and whether they wrote or
    endorsed there (so some of the kept page's cards are theirs: :func:`_own_cards`)."""
    signed_in = current_user.is_authenticated
    row = db.session.execute(_kept_page_query(signed_in=signed_in), {
        "thread": thread_id, "me": current_user.id if signed_in else None}).first()
    if row is None or row[1] is None:
        return None, False, False
    if not current_user.is_authenticated:
        return request_key("thread", thread_id, *row), True, False
    reader = _reader_class(row[2], row[3])
    endorses_none, involved = not row[5], bool(row[4] or row[5])
    if reader is None:
        return None, endorses_none, involved
    return (request_key("thread", thread_id, row[0], row[1], *reader,
                        *reader_facts("thread", thread_id)), endorses_none, involved)


def _reader_class(kind: str, author_id: int) -> tuple | None:
    """What the thread page of a signed-in reader depends on about them, when it is the same
    page for everyone alike but for the cards of their own posts and of those they endorsed
    (put in per response): their role and what their account may do. ``None`` (the page is
    theirs alone, made each time) when they started the thread, when the thread is a
    proposal (its supporters' and co-authors' page differs) or when they may not take part
    (the page says why, with their own dates)."""
    now = utcnow()
    user = current_user
    if kind == ThreadKind.PROPOSAL or author_id == user.id or not can_participate(user, now):
        return None
    return ("reader", user.role, is_new_account(user, now), has_two_factor(user))


@bp.route("/threads/<id:thread_id>")
@bp.route("/threads/<id:thread_id>-<path:_slug>")
@bp.route("/threads/<id:thread_id>/<path:_slug>")
def thread(thread_id: int, _slug: str = ""):
    """The thread: opening text, stance tally, arguments with their reply trees.

    The page is kept whole and shown again until anything on it changes (forum/pagecache):
    one copy for the readers not signed in, one for each class of signed-in reader."""
    key, endorses_none, involved = (_kept_page_key(thread_id)
                                    if keepable(_THREAD_ARGS, signed_in=True)
                                    else (None, False, False))
    own = _own_cards(thread_id) if involved else None
    if key is not None and (html := kept(key, own)) is not None:
        return html
    found = get_thread(db.session, thread_id, actor_or_none(current_user), now=utcnow())
    if key is None:
        return render_template("threads/show.html",
                               **thread_context(found, endorses_none=endorses_none))
    # the copy kept is the class's: a reader who wrote or endorsed here gets the cards
    # anyone of their class sees, and their own put in
    shown = thread_context(found, endorses_none=endorses_none, as_class=involved)
    with keeping():
        html = render_template("threads/show.html", **shown)
    return keep(key, html, dates=found.moments(), own=own)


@bp.route("/posts/<id:post_id>")
def show(post_id: int):
    """A post's lasting address: redirect to the thread page its argument is on, at the post."""
    post = services.get_post(db.session, post_id, actor_or_none(current_user), now=utcnow())
    return redirect(permalink(post))


@bp.route("/threads/<id:thread_id>/history")
def thread_history(thread_id: int):
    """Every saved version of the opening text."""
    found = get_thread(db.session, thread_id, actor_or_none(current_user), now=utcnow())
    revisions = db.session.scalars(thread_revisions(found)).all()
    return render_template("threads/history.html", thread=found, subject=found,
                           revisions=revisions)


def _posting(form: PreviewableForm, create: Callable[[], Post], preview: Callable[[], str],
             message: str, page: Callable[[], str],
             shown: dict[str, Any]) -> Callable[[], ResponseReturnValue]:
    """The act of a new post's round trip: preview (the ``page`` again, with
    ``preview_html`` in ``shown``; nothing saved) or post and go to the post. A refused
    duplicate leaves the earlier post's id in ``shown``, for the page's link to it."""
    def act() -> ResponseReturnValue:
        if form.previewing:
            shown["preview_html"] = preview()
            return page(), 200
        try:
            post = create()
        except DuplicatePost as error:
            shown["duplicate_id"] = error.first_id
            raise
        flash(message, "success")
        return redirect(permalink(post))
    return act


@bp.route("/threads/<id:thread_id>/posts", methods=["POST"])
@login_required
@preview_limit
@post_limit
def argue(thread_id: int):
    """Add an argument (a reply to the thread itself) with a stance, or preview it."""
    now = utcnow()
    found = get_thread(db.session, thread_id, current_user, now=now)
    form = ArgumentForm()
    shown: dict[str, Any] = {}

    def page(**_extra: object) -> str:
        return render_template("threads/show.html", **thread_context(found, form), **shown)
    act = _posting(
        form,
        lambda: services.create_post(db.session, current_user, found, body=form.body.data or "",
                                     stance=form.stance.data, stance_required=True,
                                     language=form.language.data, now=now),
        lambda: services.preview_post(db.session, current_user, found,
                                      body=form.body.data or "", language=form.language.data,
                                      now=now),
        _("Your argument is posted."), page, shown)
    return round_trip(form, act, page, submitted=True)


@bp.route("/posts/<id:post_id>/reply", methods=["GET", "POST"])
@login_required
@preview_limit
@post_limit
def reply(post_id: int):
    """Reply to a post (a page of its own, so it works without JavaScript), or preview it."""
    now = utcnow()
    parent = services.get_post(db.session, post_id, current_user, now=now)
    form = ReplyForm()
    shown: dict[str, Any] = {}
    if not form.is_submitted():  # "Quote": the reply starts with the quoted passage
        form.body.data = quote_for(db.session, current_user, parent,
                                   whole_number(request.args.get("quote")), now=now)

    def page(**_extra: object) -> str:
        return render_template("posts/reply.html", form=form, parent=parent, **shown)
    act = _posting(
        form,
        lambda: services.create_post(db.session, current_user, parent.thread,
                                     body=form.body.data or "", parent=parent,
                                     language=form.language.data, now=now),
        lambda: services.preview_post(db.session, current_user, parent.thread,
                                      body=form.body.data or "", language=form.language.data,
                                      parent=parent, now=now),
        _("Your reply is posted."), page, shown)
    return round_trip(form, act, page)


@bp.route("/posts/<id:post_id>/edit", methods=["GET", "POST"])
@login_required
@preview_limit
def edit(post_id: int):
    """Edit one's own post (an argument's stance too), or preview the edit; earlier versions
    stay in its history.

    A save based on an older version than the current one comes back (409) with the typed
    text kept and the current text beside it.
    """
    now = utcnow()
    post = services.get_post(db.session, post_id, current_user, now=now)
    form = EditPostForm(obj=post)
    check = partial(services.check_can_edit_post, current_user, post, now)
    shown: dict[str, Any] = {}

    def act() -> ResponseReturnValue:
        if form.previewing:
            shown["preview_html"] = services.preview_edit(current_user, post,
                                                          body=form.body.data or "", now=now)
            return page(), 200
        services.edit_post(db.session, current_user, post, body=form.body.data or "",
                           stance=form.stance.data if post.is_argument else None,
                           language=form.language.data, version=form.base_version(), now=now)
        flash(_("Your changes are saved."), "success")
        return redirect(permalink(post))

    def page(refused: DomainError | None = None) -> str:
        conflict = isinstance(refused, Conflict)
        if conflict:
            form.version.data = str(post.version)  # saving again builds on the current text
        return render_template("posts/edit.html", form=form, post=post, conflict=conflict,
                               **shown)
    return round_trip(form, act, page, check=check)


@bp.route("/posts/<id:post_id>/delete", methods=["GET", "POST"])
@login_required
def delete(post_id: int):
    """Confirm, then delete one's own post (a placeholder keeps the tree)."""
    now = utcnow()
    post = services.get_post(db.session, post_id, current_user, now=now)
    services.check_can_delete_post(current_user, post, now)
    form = ActionForm()

    def act() -> ResponseReturnValue:
        services.delete_post(db.session, current_user, post, now=now)
        flash(_("Your post is deleted."), "success")
        return redirect(permalink(post))
    return round_trip(form, act, "posts/delete.html", post=post)


@bp.route("/posts/<id:post_id>/endorse", methods=["POST"])
@login_required
def endorse(post_id: int):
    """Endorse a post or withdraw the endorsement (``endorse``: 1 or 0 says which, else toggle)."""
    now = utcnow()
    post = services.get_post(db.session, post_id, current_user, now=now)

    def act() -> None:
        wanted = {"1": True, "0": False}.get(request.form.get("endorse", ""))
        endorsed = services.set_endorsement(db.session, current_user, post, endorsed=wanted,
                                            now=now)
        flash(_("You endorse this post.") if endorsed else _("Endorsement withdrawn."), "success")
    return press(ActionForm(), act, safe_back(post))


def safe_back(post: Post) -> str:
    """Return to the page the button was on (same thread), else to the post's permalink."""
    back = safe_next(request.form.get("next"), "")
    return f"{back}#post-{post.id}" if back.startswith(f"/threads/{post.thread_id}") \
        else permalink(post)


@bp.route("/posts/<id:post_id>/history")
def history(post_id: int):
    """Every saved version of a post."""
    now = utcnow()
    post = services.get_post(db.session, post_id, actor_or_none(current_user), now=now)
    revisions = services.post_revisions(db.session, actor_or_none(current_user), post, now=now)
    return render_template("threads/history.html", thread=post.thread, subject=post,
                           revisions=revisions)
