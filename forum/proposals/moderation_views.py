"""Moderators' pages for proposals (refuse, merge a duplicate) and the author's appeal
against a refusal. Deciding the appeal is the moderation queue's own page."""
from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from wtforms import StringField, TextAreaField

from forum.db import db, utcnow
from forum.errors import NotFound
from forum.forms import BaseForm, round_trip
from forum.i18n import _, _l
from forum.inputs import whole_number
from forum.moderation.appeals import appeal_for_thread
from forum.moderation.forms import AppealForm
from forum.moderation.views.helpers import moderators_only
from forum.proposals import moderation
from forum.proposals.moderation_rules import can_appeal_refusal
from forum.proposals.services import get_proposal

bp = Blueprint("proposal_moderation", __name__)


@bp.after_request
def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


class RefuseForm(BaseForm):
    reason = TextAreaField(_l("Reason"), description=_l(
        "Which house rule it breaks. Shown to its authors and kept in the moderation log. "
        "500 characters at most."))


class MergeForm(BaseForm):
    into = StringField(_l("Number of the proposal it repeats"), description=_l(
        "The number in the other proposal's address, like 42 in /threads/42."))


def _page(proposal_id: int):  # noqa: ANN202
    return get_proposal(db.session, proposal_id)


@bp.route("/proposals/<id:proposal_id>/refuse", methods=["GET", "POST"])
@login_required
def refuse(proposal_id: int):
    """Refuse a proposal under the house rules, with a reason (moderators)."""
    moderators_only()
    now = utcnow()
    proposal = _page(proposal_id)
    form = RefuseForm()

    def act() -> ResponseReturnValue:
        moderation.refuse_proposal(db.session, current_user, proposal,
                                   reason=form.reason.data, now=now)
        flash(_("The proposal is refused and its authors have been told why."), "success")
        return redirect(url_for("posts.thread", thread_id=proposal.id))
    return round_trip(form, act, "proposals/moderation_refuse.html", proposal=proposal)


@bp.route("/proposals/<id:proposal_id>/merge", methods=["GET", "POST"])
@login_required
def merge(proposal_id: int):
    """Merge a duplicate into the proposal it repeats (moderators)."""
    moderators_only()
    now = utcnow()
    proposal = _page(proposal_id)
    form = MergeForm()

    def act() -> ResponseReturnValue:
        target = moderation.merge_target(db.session, whole_number((form.into.data or "").strip()),
                                         proposal)
        carried = moderation.merge_proposals(db.session, current_user, proposal, target,
                                             now=now)
        flash(_("The proposal is merged into “%(title)s”; %(count)d supports were carried "
                "over.", title=target.title, count=carried), "success")
        return redirect(url_for("posts.thread", thread_id=target.id))
    return round_trip(form, act, "proposals/moderation_merge.html", proposal=proposal)


@bp.route("/proposals/<id:proposal_id>/appeal", methods=["GET", "POST"])
@login_required
def appeal(proposal_id: int):
    """Appeal once against the refusal of one's proposal, or see how it was decided."""
    now = utcnow()
    proposal = _page(proposal_id)
    if proposal.author_id != current_user.id:
        raise NotFound(_("There is no appeal for you at this address."))
    existing = appeal_for_thread(db.session, proposal)
    if existing is not None or not can_appeal_refusal(current_user, proposal, now):
        return render_template("proposals/moderation_appeal.html", proposal=proposal,
                               appeal=existing, form=None)
    form = AppealForm()

    def act() -> ResponseReturnValue:
        moderation.appeal_refusal(db.session, current_user, proposal,
                                  statement=form.statement.data, now=now)
        flash(_("Your appeal is sent. A different moderator will decide it, and you will be "
                "told the outcome."), "success")
        return redirect(url_for("proposal_moderation.appeal", proposal_id=proposal.id))
    return round_trip(form, act, "proposals/moderation_appeal.html", proposal=proposal,
                      appeal=None)
