"""Appeals by the people affected: against the hiding of a post, or against a suspension."""
from __future__ import annotations

from flask import render_template, url_for
from flask_login import current_user, login_required

from forum.db import db, utcnow
from forum.errors import NotFound
from forum.forms import round_trip
from forum.i18n import _, _l
from forum.moderation import appeals, services
from forum.moderation.forms import AppealForm
from forum.moderation.rules import can_appeal_post, can_appeal_suspension
from forum.moderation.views import bp
from forum.moderation.views.helpers import then
from forum.posts.services import get_post

APPEAL_SENT = _l("Your appeal is sent. A different moderator will decide it, and you will be "
                 "told the outcome.")


@bp.route("/posts/<id:post_id>/appeal", methods=["GET", "POST"])
@login_required
def post_appeal(post_id: int):
    """Appeal once against the hiding of one's post, or see how the appeal was decided."""
    now = utcnow()
    post = get_post(db.session, post_id, current_user, now=now)
    if post.author_id != current_user.id:
        raise NotFound(_("There is no appeal for you at this address."))
    existing = appeals.appeal_for_post(db.session, post)
    if existing is not None or not can_appeal_post(current_user, post, now):
        return render_template("moderation/appeal.html", post=post, appeal=existing, form=None)
    form = AppealForm()
    act = then(lambda: appeals.appeal_post(db.session, current_user, post,
                                           statement=form.statement.data, now=now),
               done=APPEAL_SENT, target=url_for("moderation.post_appeal", post_id=post.id))
    return round_trip(form, act, "moderation/appeal.html", post=post, appeal=None)


@bp.route("/appeals/suspension", methods=["GET", "POST"])
@login_required
def suspension_appeal():
    """Appeal once against one's current suspension, or see how the appeal was decided."""
    now = utcnow()
    # Reads only: a suspension set without a record gets one when the appeal is sent.
    suspended = current_user.is_suspended(now)
    record = services.current_suspension(db.session, current_user, now)
    existing = appeals.appeal_for_suspension(db.session, record)
    if existing is None and not suspended:
        latest = db.session.scalars(appeals.appeals_by(current_user)).unique().all()
        existing = next((a for a in latest if a.suspension_id is not None), None)
    if existing is not None or not can_appeal_suspension(current_user, None, now):
        return render_template("moderation/appeal.html", post=None, appeal=existing,
                               suspended=suspended, form=None)
    form = AppealForm()
    act = then(lambda: appeals.appeal_suspension(db.session, current_user,
                                                 statement=form.statement.data, now=now),
               done=APPEAL_SENT, target=url_for("moderation.suspension_appeal"))
    return round_trip(form, act, "moderation/appeal.html", post=None, suspended=suspended,
                      appeal=None)


@bp.route("/appeals")
@login_required
def mine():
    """The signed-in user's appeals and their outcomes."""
    rows = db.session.scalars(appeals.appeals_by(current_user)).unique().all()
    return render_template("moderation/my_appeals.html", appeals=rows,
                           appeal_link=appeals.appeal_link)
