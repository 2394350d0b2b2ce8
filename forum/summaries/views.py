"""Summary pages: write, preview, edit (conflict-safe), publish, submit, revisions and diffs."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from forum.i18n import _
from forum.inputs import whole_number
from forum.accounts.rules import is_moderator
from forum.db import db, utcnow
from forum.errors import DomainError, Invalid, NotFound
from forum.forms import ActionForm, press, round_trip
from forum.markup import excerpt
from forum.permissions import actor_or_none
from forum.settings import arguments_per_page
from forum.bilingual.views import edit_versions
from forum.summaries import services, versions
from forum.summaries.citations import render_summary
from forum.summaries.claims import check_claims
from forum.summaries.coverage import compute_coverage
from forum.summaries.diff import diff_texts
from forum.summaries.draft import draft_from_debate
from forum.summaries.forms import SummaryForm
from forum.summaries.models import Summary
from forum.threads.models import Thread
from forum.threads.services import get_thread

bp = Blueprint("summaries", __name__)


@bp.app_template_filter("first_sentence")
def first_sentence(text: str) -> str:
    """The first sentence of a post, for lists of arguments."""
    return excerpt(text, 160)


def _action() -> str:
    action = request.form.get("action", "save")
    return action if action in ("save", "preview", "generate") else "save"


def _preview(form: SummaryForm, thread: Thread) -> dict[str, Any]:
    """Render the typed text with uncited claims marked (citation errors: ``Invalid``)."""
    rendered = render_summary(db.session, thread, form.body.data or "",
                              per_page=arguments_per_page())
    return {"preview": check_claims(rendered.html)}


def _generate(form: SummaryForm, thread: Thread) -> dict[str, Any]:
    """Put a draft built from the debate in the box, after any text already typed."""
    draft = draft_from_debate(db.session, thread)
    if not draft:
        raise Invalid(_("There are no arguments in this thread to draft from yet."))
    typed = (form.body.data or "").strip()
    form.body.data = f"{typed}\n\n{draft}" if typed else draft
    return {"generated": True}


def _editor(form: SummaryForm, thread: Thread, page: Callable[..., str],
            save: Callable[[], ResponseReturnValue]) -> Callable[[], ResponseReturnValue]:
    """The act of the editor's round trip: the button pressed (draft from debate and
    preview show the page again and save nothing; save runs ``save``)."""
    def act() -> ResponseReturnValue:
        action = _action()
        if action == "generate":
            return page(**_generate(form, thread)), 200
        if action == "preview":
            return page(**_preview(form, thread)), 200
        return save()
    return act


@bp.route("/threads/<id:thread_id>/summary/new", methods=["GET", "POST"])
@login_required
def create(thread_id: int):
    """Write the summary of a thread (moderators); preview and draft-from-debate save nothing."""
    now = utcnow()
    thread = get_thread(db.session, thread_id, current_user, now=now)
    services.require_writer(current_user, thread, now)
    existing = services.summary_of(db.session, thread)
    if existing is not None:
        flash(_("This thread already has a summary; you are editing it."), "info")
        return redirect(url_for("summaries.edit", summary_id=existing.id))
    form = SummaryForm(seen=str(services.newest_post_id(db.session, thread) or ""))

    def page(**extra: Any) -> str:
        return render_template("summaries/new.html", form=form, thread=thread, **extra)

    def save() -> ResponseReturnValue:
        summary = services.create_summary(db.session, current_user, thread,
                                          body=form.body.data or "", now=now,
                                          seen_up_to=form.int_value("seen"),
                                          arguments_per_page=arguments_per_page())
        flash(_("The summary is saved as a draft: only moderators can see it."), "success")
        return redirect(url_for("summaries.show", summary_id=summary.id))
    return round_trip(form, _editor(form, thread, page, save), page)


@bp.route("/summaries/<id:summary_id>")
def show(summary_id: int):
    """The summary with its coverage panel and the council's response; moderators' tools."""
    now = utcnow()
    actor = actor_or_none(current_user)
    summary = services.get_summary(db.session, summary_id, actor, now=now)
    moderator = is_moderator(actor)
    coverage = compute_coverage(db.session, summary, uncited=moderator)
    uncited_posts = services.posts_by_id(db.session, coverage.uncited_top_ids or [])
    return render_template("summaries/show.html", summary=summary, thread=summary.thread,
                           coverage=coverage, uncited_posts=uncited_posts,
                           claims=check_claims(summary.body_html) if moderator else None)


@bp.route("/summaries/<id:summary_id>/edit", methods=["GET", "POST"])
@login_required
def edit(summary_id: int):
    """Edit a summary; a save based on an old revision comes back with both texts."""
    now = utcnow()
    summary = services.get_summary(db.session, summary_id, current_user, now=now)
    thread = summary.thread
    if request.method != "POST":
        services.require_move(current_user, summary, "edit", now)
    form = SummaryForm() if request.method == "POST" else SummaryForm(
        obj=summary, revision=str(summary.revision),
        seen=str(services.newest_post_id(db.session, thread) or ""))

    def page(refused: DomainError | None = None, **extra: Any) -> str:
        if refused is not None and refused.code == "stale_revision":
            extra.update(_stale_texts(form, summary))
        return render_template("summaries/edit.html", form=form, summary=summary, thread=thread,
                               refused=refused, **extra)

    def save() -> ResponseReturnValue:
        services.edit_summary(db.session, current_user, summary, body=form.body.data or "",
                              revision=form.int_value("revision") or 0, now=now,
                              seen_up_to=form.int_value("seen"),
                              arguments_per_page=arguments_per_page())
        flash(_("Saved as revision %(number)d.", number=summary.revision), "success")
        return redirect(url_for("summaries.show", summary_id=summary.id))
    return round_trip(form, _editor(form, thread, page, save), page)


def _stale_texts(form: SummaryForm, summary: Summary) -> dict[str, Any]:
    """After a save based on an old revision: the current text and the difference, and the
    form now based on the current revision (the typed text is kept)."""
    db.session.refresh(summary)
    form.revision.data = str(summary.revision)
    return {"conflict": summary, "conflict_diff": diff_texts(summary.body, form.body.data or "")}


@bp.route("/summaries/<id:summary_id>/versions", methods=["GET", "POST"])
@login_required
def translate(summary_id: int):
    """Write the summary and its points in another language, side by side with the original."""
    now = utcnow()
    summary = services.get_summary(db.session, summary_id, current_user, now=now)
    versions.check_can_translate(current_user, summary, now)
    per_page = arguments_per_page()
    return edit_versions(
        versions.parts(db.session, summary, per_page=per_page),
        title=_("Versions in other languages: summary of “%(title)s”",
                title=summary.thread.title),
        back=url_for("summaries.show", summary_id=summary.id),
        check=lambda: versions.check_can_translate(current_user, summary, now),
        save=lambda language, texts, token: versions.save(
            db.session, current_user, summary, language, texts, now=now, per_page=per_page,
            token=token),
        thread=summary.thread)


@bp.route("/summaries/<id:summary_id>/publish", methods=["POST"])
@login_required
def publish(summary_id: int):
    """Publish a draft (moderators): participants are notified."""
    return _move(summary_id, services.publish_summary,
                 _("The summary is published; everyone who took part has been notified."))


@bp.route("/summaries/<id:summary_id>/submit", methods=["POST"])
@login_required
def submit(summary_id: int):
    """Submit a published summary to the council (moderators)."""
    return _move(summary_id, services.submit_summary,
                 _("The summary is submitted: it is now in the council's inbox."))


def _move(summary_id: int, operation: Callable[..., Summary], message: str) -> Response:
    now = utcnow()
    summary = services.get_summary(db.session, summary_id, current_user, now=now)

    def act() -> None:
        operation(db.session, current_user, summary, now=now)
        flash(message, "success")
    return press(ActionForm(), act, url_for("summaries.show", summary_id=summary.id))


@bp.route("/summaries/<id:summary_id>/revisions")
def revisions(summary_id: int):
    """Every revision, with a form to compare any two."""
    summary = services.get_summary_history(db.session, summary_id, actor_or_none(current_user),
                                           now=utcnow())
    return render_template("summaries/revisions.html", summary=summary, thread=summary.thread,
                           revisions=services.revisions(db.session, summary))


@bp.route("/summaries/<id:summary_id>/revisions/<id:number>")
def revision(summary_id: int, number: int):
    """One revision as it was saved."""
    summary = services.get_summary_history(db.session, summary_id, actor_or_none(current_user),
                                           now=utcnow())
    return render_template("summaries/revision.html", summary=summary, thread=summary.thread,
                           revision=services.get_revision(db.session, summary, number))


def _revision_arg(name: str, default: int) -> int:
    raw = request.args.get(name, "")
    if not raw:
        return default
    number = whole_number(raw)
    if number is None:
        raise NotFound(_("“%(name)s” must be a revision number.", name=name))
    return number


@bp.route("/summaries/<id:summary_id>/diff")
def diff(summary_id: int):
    """The difference between two revisions (``?from=&to=``; default: the last change)."""
    summary = services.get_summary_history(db.session, summary_id, actor_or_none(current_user),
                                           now=utcnow())
    new_n = _revision_arg("to", summary.revision)
    old_n = _revision_arg("from", max(1, new_n - 1))
    old = services.get_revision(db.session, summary, old_n)
    new = services.get_revision(db.session, summary, new_n)
    return render_template("summaries/diff.html", summary=summary, thread=summary.thread,
                           old=old, new=new, diff=diff_texts(old.body, new.body),
                           revisions=services.revisions(db.session, summary))
