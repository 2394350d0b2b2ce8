"""Reporting a post; moderators hiding and restoring posts, locking threads, suspending
accounts; admins lifting suspensions."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.db import db, utcnow
from forum.errors import Conflict
from forum.forms import round_trip
from forum.i18n import _
from forum.limits import flag_limit
from forum.moderation import flags, services
from forum.moderation.dates import end_of_day
from forum.moderation.forms import FlagForm, OptionalReasonForm, ReasonForm, SuspendForm
from forum.moderation.rules import can_flag_post
from forum.moderation.views import bp
from forum.moderation.views.helpers import moderators_only, then
from forum.posts.services import get_post
from forum.posts.views import permalink
from forum.threads.services import get_thread


@bp.route("/posts/<id:post_id>/flag", methods=["GET", "POST"])
@login_required
@flag_limit
def flag(post_id: int):
    """Report a post to the moderators: a reason, and details for "something else"."""
    now = utcnow()
    post = get_post(db.session, post_id, current_user, now=now)
    earlier = flags.existing_flag(db.session, current_user, post)
    if earlier is not None:
        return render_template("moderation/flag.html", post=post, earlier=earlier, form=None)
    if not can_flag_post(current_user, post, now):
        flags.explain_flag_refusal(current_user, post, now)  # says why, before any typing
    form = FlagForm()

    def act() -> ResponseReturnValue:
        try:
            flags.flag_post(db.session, current_user, post, reason=form.reason.data,
                            text=form.text.data, now=now,
                            threshold=current_app.config["FLAG_HIDE_THRESHOLD"])
        except Conflict as error:  # reported meanwhile (or removed): nothing was written
            flash(error.message, "info")
        else:
            flash(_("Thank you for your report. A moderator will review it."), "success")
        return redirect(permalink(post))
    return round_trip(form, act, "moderation/flag.html", post=post, earlier=None)


@bp.route("/posts/<id:post_id>/hide", methods=["GET", "POST"])
@login_required
def hide(post_id: int):
    """Hide a post with a public reason (moderators)."""
    moderators_only()
    now = utcnow()
    post = get_post(db.session, post_id, current_user, now=now)
    form = ReasonForm()
    act = then(lambda: services.hide_post(db.session, current_user, post,
                                          reason=form.reason.data, now=now),
               done=_("The post is hidden and its author has been told why."),
               target=permalink(post))
    return round_trip(form, act, "moderation/post_action.html", post=post, verb="hide")


@bp.route("/posts/<id:post_id>/restore", methods=["GET", "POST"])
@login_required
def restore(post_id: int):
    """Restore a hidden post (moderators)."""
    moderators_only()
    now = utcnow()
    post = get_post(db.session, post_id, current_user, now=now)
    form = OptionalReasonForm()
    act = then(lambda: services.restore_post(db.session, current_user, post,
                                             reason=form.reason.data, now=now),
               done=_("The post is restored."), target=permalink(post))
    return round_trip(form, act, "moderation/post_action.html", post=post, verb="restore")


@bp.route("/threads/<id:thread_id>/lock", methods=["GET", "POST"])
@login_required
def lock(thread_id: int):
    """Lock a thread with a reason shown on it (moderators)."""
    moderators_only()
    now = utcnow()
    thread = get_thread(db.session, thread_id, current_user, now=now)
    form = ReasonForm()
    act = then(lambda: services.lock_thread(db.session, current_user, thread,
                                            reason=form.reason.data, now=now),
               done=_("The thread is locked."),
               target=url_for("posts.thread", thread_id=thread.id))
    return round_trip(form, act, "moderation/thread_action.html", thread=thread, verb="lock")


@bp.route("/threads/<id:thread_id>/unlock", methods=["GET", "POST"])
@login_required
def unlock(thread_id: int):
    """Unlock a thread (moderators)."""
    moderators_only()
    now = utcnow()
    thread = get_thread(db.session, thread_id, current_user, now=now)
    form = OptionalReasonForm()
    act = then(lambda: services.unlock_thread(db.session, current_user, thread,
                                              reason=form.reason.data, now=now),
               done=_("The thread is unlocked."),
               target=url_for("posts.thread", thread_id=thread.id))
    return round_trip(form, act, "moderation/thread_action.html", thread=thread, verb="unlock")


@bp.route("/users/<id:user_id>/suspend", methods=["GET", "POST"])
@login_required
def suspend(user_id: int):
    """Suspend an account until a date, with a reason (moderators)."""
    moderators_only()
    now = utcnow()
    user = services.get_user(db.session, user_id)
    form = SuspendForm()
    act = then(lambda: services.suspend_user(db.session, current_user, user,
                                             until=end_of_day(form.until.data),
                                             reason=form.reason.data, now=now),
               done=_("%(name)s is suspended and has been told why.", name=user.display_name),
               target=url_for("moderation.suspensions"))
    return round_trip(form, act, "moderation/suspend.html", user=user)


@bp.route("/users/<id:user_id>/suspension/lift", methods=["GET", "POST"])
@login_required
def lift(user_id: int):
    """Lift a suspension early (admins)."""
    now = utcnow()
    services.require_lifter(current_user, now)
    user = services.get_user(db.session, user_id)
    form = OptionalReasonForm()
    act = then(lambda: services.lift_suspension(db.session, current_user, user,
                                                reason=form.reason.data, now=now),
               done=_("%(name)s's suspension is lifted.", name=user.display_name),
               target=url_for("moderation.suspensions"))
    return round_trip(form, act, "moderation/lift.html", user=user)
