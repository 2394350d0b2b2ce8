"""The moderators' pages: the queue of reports and appeals, reviewing a report, deciding an
appeal, current suspensions and the moderation log."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from forum.i18n import _
from forum.inputs import whole_number
from forum.db import db, utcnow
from forum.errors import Invalid
from forum.forms import round_trip
from forum.moderation import appeals, audit, flags, services
from forum.moderation.forms import DecideAppealForm, LogFilterForm, ReviewForm
from forum.moderation.models import Appeal, AuditAction
from forum.moderation.views import bp
from forum.moderation.dates import start_of_day
from forum.moderation.views.helpers import then, moderators_only, page_arg
from forum.posts.models import Post
from forum.posts.services import get_post

QUEUE_PER_PAGE = 20
LOG_PER_PAGE = 50


@bp.route("/moderation")
@login_required
def index():
    """The queue: reported posts (most reported first) and appeals waiting for a decision."""
    moderators_only()
    page = page_arg()
    items, total = flags.flag_queue(db.session, page=page, per_page=QUEUE_PER_PAGE)
    pending = db.session.scalars(appeals.pending_appeals()).unique().all()
    return render_template("moderation/queue.html", items=items, total=total, page=page,
                           pages=max(1, -(-total // QUEUE_PER_PAGE)), appeals=pending)


def _review(post: Post, decision: str | None, reason: str | None, now: datetime) -> Post:
    if decision == "uphold":
        return flags.uphold_flags(db.session, current_user, post, reason=reason, now=now)
    if decision == "dismiss":
        return flags.dismiss_flags(db.session, current_user, post, reason=reason, now=now)
    raise Invalid(_("Choose whether to uphold or dismiss the reports."), field="decision")


@bp.route("/moderation/posts/<id:post_id>/review", methods=["GET", "POST"])
@login_required
def review(post_id: int):
    """Uphold or dismiss the open reports of one post."""
    moderators_only()
    now = utcnow()
    post = get_post(db.session, post_id, current_user, now=now)
    form = ReviewForm()
    item = flags.queue_item(db.session, post)
    act = then(lambda: _review(post, form.decision.data, form.reason.data, now),
               done=_("Decision recorded."), target=url_for("moderation.index"))
    return round_trip(form, act, "moderation/review.html", item=item)


def _decide(appeal: Appeal, decision: str | None, reason: str | None,
            now: datetime) -> Appeal:
    granted = {"grant": True, "refuse": False}.get(decision or "")
    return appeals.decide_appeal(db.session, current_user, appeal, granted=granted,
                                 reason=reason, now=now)


@bp.route("/moderation/appeals/<id:appeal_id>", methods=["GET", "POST"])
@login_required
def decide(appeal_id: int):
    """Grant or refuse an appeal (a moderator other than the one who acted)."""
    moderators_only()
    now = utcnow()
    appeal = appeals.get_appeal(db.session, appeal_id)
    form = DecideAppealForm()
    act = then(lambda: _decide(appeal, form.decision.data, form.reason.data, now),
               done=_("Decision recorded; the person who appealed has been told."),
               target=url_for("moderation.index", _anchor="appeals"))
    return round_trip(form, act, "moderation/decide.html", appeal=appeal)


@bp.route("/moderation/suspensions")
@login_required
def suspensions():
    """Accounts suspended now, ending soonest first."""
    moderators_only()
    rows = db.session.execute(services.current_suspensions(utcnow())).all()
    return render_template("moderation/suspensions.html", rows=rows)


def log_filters(form: LogFilterForm) -> dict:
    """Turn the filter form into arguments for :func:`audit.log_entries` (or raise Invalid)."""
    actor = form.actor.data or ""
    action = form.action.data or ""
    if actor and whole_number(actor) is None:
        raise Invalid(_("Choose a moderator from the list."), field="actor")
    if action and action not in AuditAction.__members__.values():
        raise Invalid(_("Choose an action from the list."), field="action")
    if form.start.data and form.end.data and form.start.data > form.end.data:
        raise Invalid(_("The “From” date must not be after the “To” date."), field="end")
    start = start_of_day(form.start.data)
    end = start_of_day(form.end.data + timedelta(days=1)) if form.end.data else None
    return {"actor_id": int(actor) if actor else None,
            "action": AuditAction(action) if action else None, "start": start,
            "end": end}


@bp.route("/moderation/log")
@login_required
def log():
    """The moderation log, filterable by moderator, action and dates, newest first."""
    moderators_only()
    form = LogFilterForm(request.args)
    form.actor.choices = [SelectChoice("", _("Anyone"))] + [
        SelectChoice(str(u.id), u.display_name) for u in audit.log_actors(db.session)]
    page, status = None, 200
    if form.validate():
        try:
            filters = log_filters(form)
        except Invalid as error:
            form.attach(error)
            status = 422
        else:
            page = db.paginate(audit.log_entries(**filters), page=page_arg(),
                               per_page=LOG_PER_PAGE, error_out=False)
            audit.label_entries(db.session, page.items)
    else:
        status = 422
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("moderation/log.html", form=form, page=page, args=args), status
