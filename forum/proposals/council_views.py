"""The council's pages about a proposal: its answer (draft, preview, publish, correct),
progress updates, marking the work done, and supports recorded offline."""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.bilingual.views import edit_versions
from forum.council.models import CouncilResponse, ResponseRevision
from forum.council.services import revisions
from forum.council.thread_responses import thread_response
from forum.council.versions import parts as response_parts
from forum.db import db, utcnow
from forum.errors import DomainError, NotFound
from forum.forms import ActionForm, press, round_trip
from forum.i18n import _
from forum.permissions import actor_or_none
from forum.proposals import answer, answer_versions, offline
from forum.proposals.answer_rules import can_view_answer, why_cannot_answer, why_cannot_update
from forum.proposals.council_forms import AnswerForm, AnswerUpdateForm, OfflineBatchForm
from forum.proposals.models import Proposal
from forum.proposals.services import get_proposal
from forum.threads.rules import can_view_thread

bp = Blueprint("proposal_council", __name__)


def _refuse(why: Callable[..., DomainError | None], *args: object) -> None:
    """Raise the error ``why(*args)`` gives, if any (a page's permission check)."""
    error = why(*args)
    if error is not None:
        raise error


def _answer_page(proposal: Proposal) -> str:
    return url_for("posts.thread", thread_id=proposal.id, _anchor="council-answer")


@bp.app_template_global("proposal_answer")
def answer_for(thread: Proposal) -> CouncilResponse | None:
    """The council's answer the reader may see (published, or the draft for councillors),
    loaded once per request with its updates, their authors and the linked consultation."""
    cache = g.setdefault("_proposal_answers", {})
    if thread.id not in cache:
        cache[thread.id] = thread_response(db.session, thread.id)
    if cache[thread.id] is None or not can_view_answer(actor_or_none(current_user), thread,
                                                       utcnow()):
        return None
    return cache[thread.id]


@bp.app_template_global("proposal_answer_due")
def answer_due(thread: Proposal) -> dict[str, object]:
    """When the answer is due and how that stands: ``{"at", "timing"}``."""
    days = current_app.config["RESPONSE_DUE_DAYS"]
    cache = g.setdefault("_proposal_answer_due", {})
    if thread.id not in cache:
        cache[thread.id] = {"at": answer.due_at(thread, days), "timing": answer.answer_timing(
            thread, thread.council_response, utcnow(), days)}
    return cache[thread.id]


@bp.route("/proposals/<id:proposal_id>/answer", methods=["GET", "POST"])
@login_required
def respond(proposal_id: int):
    """Write the council's answer as a draft, or correct the published one."""
    now = utcnow()
    proposal = get_proposal(db.session, proposal_id)
    saved = proposal.council_response
    correcting = saved is not None and saved.is_published
    form = AnswerForm()
    if request.method == "GET" and saved is not None:
        form.fill(saved)
    move = "correct" if correcting else "draft"
    check = partial(_refuse, why_cannot_answer, current_user, proposal, now, move)

    def act() -> ResponseReturnValue:
        answer.save_answer(db.session, current_user, proposal, decision=form.decision.data or "",
                           body=form.body.data or "", consultation_id=form.consultation.data,
                           now=now)
        if correcting:
            flash(_("The correction is published. The earlier version stays in the answer's "
                    "public revision history."), "success")
            return redirect(_answer_page(proposal))
        flash(_("The draft answer is saved. Only councillors can see it: check it below as "
                "residents will see it, then publish it."), "success")
        return redirect(url_for("proposal_council.preview", proposal_id=proposal.id))
    return round_trip(form, act, "proposals/council_answer.html", check=check, thread=proposal,
                      correcting=correcting)


@bp.route("/proposals/<id:proposal_id>/answer/versions", methods=["GET", "POST"])
@login_required
def translate(proposal_id: int):
    """Write the council's answer in another language, side by side with the original."""
    now = utcnow()
    proposal = get_proposal(db.session, proposal_id)
    response = answer_versions.check_can_translate(current_user, proposal, now)
    back = _answer_page(proposal) if response.is_published else \
        url_for("proposal_council.preview", proposal_id=proposal.id)
    return edit_versions(
        response_parts(db.session, response),
        title=_("Versions in other languages: the council’s answer to “%(title)s”",
                title=proposal.title),
        back=back,
        check=lambda: answer_versions.check_can_translate(current_user, proposal, now),
        save=lambda language, texts, token: answer_versions.save(
            db.session, current_user, proposal, language, texts, now=now, token=token),
        thread=proposal)


@bp.route("/proposals/<id:proposal_id>/answer/preview")
@login_required
def preview(proposal_id: int):
    """The draft answer exactly as residents will see it, with the button to publish it."""
    now = utcnow()
    proposal = get_proposal(db.session, proposal_id)
    _refuse(why_cannot_answer, current_user, proposal, now, "publish")
    return render_template("proposals/council_preview.html", thread=proposal,
                           response=proposal.council_response)


def _press(proposal: Proposal, service: Callable[..., object], done: str,
           back: str) -> ResponseReturnValue:
    """A council button on ``proposal``: run ``service``, say ``done``, show the answer."""
    def act() -> ResponseReturnValue:
        service(db.session, current_user, proposal, now=utcnow())
        flash(done, "success")
        return redirect(_answer_page(proposal))
    return press(ActionForm(), act, back)


@bp.route("/proposals/<id:proposal_id>/answer/publish", methods=["POST"])
@login_required
def publish(proposal_id: int):
    """Publish the draft answer: the proposal is answered and its people are told."""
    proposal = get_proposal(db.session, proposal_id)
    return _press(proposal, answer.publish_answer,
                  _("The council's answer is published; the proposal's supporters and "
                    "followers have been told."),
                  url_for("proposal_council.preview", proposal_id=proposal.id))


@bp.route("/proposals/<id:proposal_id>/answer/updates/new", methods=["GET", "POST"])
@login_required
def add_update(proposal_id: int):
    """Add a dated progress update on the answered proposal (optionally: the work is done)."""
    now = utcnow()
    proposal = get_proposal(db.session, proposal_id)
    form = AnswerUpdateForm()
    check = partial(_refuse, why_cannot_update, current_user, proposal, now)

    def act() -> ResponseReturnValue:
        answer.post_update(db.session, current_user, proposal, body=form.body.data or "",
                           complete=bool(form.complete.data), now=now)
        flash(_("The progress update is published. The work is marked done.")
              if form.complete.data else _("The progress update is published."), "success")
        return redirect(_answer_page(proposal))
    return round_trip(form, act, "proposals/council_update.html", check=check, thread=proposal)


@bp.route("/proposals/<id:proposal_id>/answer/complete", methods=["POST"])
@login_required
def complete(proposal_id: int):
    """Mark the work on the answered proposal done."""
    proposal = get_proposal(db.session, proposal_id)
    return _press(proposal, answer.complete_answer,
                  _("The work on this proposal is marked done."), _answer_page(proposal))


@bp.route("/proposals/<id:proposal_id>/answer/revisions")
def answer_revisions(proposal_id: int):
    """The published answer's public revisions: as published, then each correction."""
    now = utcnow()
    proposal = get_proposal(db.session, proposal_id)
    response = proposal.council_response
    if (response is None or not response.is_published
            or not can_view_thread(actor_or_none(current_user), proposal, now)):
        raise NotFound(_("The council has not published an answer to this proposal."))
    found: list[ResponseRevision] = revisions(db.session, response)
    return render_template("proposals/council_revisions.html", thread=proposal,
                           revisions=found)


@bp.route("/proposals/<id:proposal_id>/offline", methods=["GET", "POST"])
@login_required
def record_offline(proposal_id: int):
    """Record a batch of supports gathered offline (councillors and admins)."""
    now = utcnow()
    proposal = get_proposal(db.session, proposal_id)
    form = OfflineBatchForm()

    check = partial(_refuse, offline.why_cannot_record, current_user, proposal, now)

    def act() -> ResponseReturnValue:
        offline.record_offline_batch(db.session, current_user, proposal,
                                     source=form.source.data, count=form.count.data, now=now)
        flash(_("The supports are recorded and counted toward the threshold."), "success")
        return redirect(url_for("posts.thread", thread_id=proposal.id,
                                _anchor="proposal-status"))
    return round_trip(form, act, "proposals/council_offline.html", check=check, thread=proposal,
                      batches=offline.offline_batches(db.session, proposal))
