"""Proposal pages: the list, starting one, its draft (edit, co-author link, publish), the
co-author join page and the support buttons; template helpers for the thread page's panel.

A published proposal's own page is its thread page, which shows the panel
(``proposals/_panel.html``) above the debate.
"""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.db import db, utcnow
from forum.forms import ActionForm, press, round_trip
from forum.i18n import _
from forum.limits import post_limit
from forum.permissions import actor_or_none
from forum.proposals import lists, services
from forum.proposals.forms import ProposalForm, SupportForm
from forum.proposals.models import Proposal
from forum.proposals.panel import Panel, Step, proposal_panel, stage_label, timeline
from forum.threads.models import Thread
from forum.topics.models import Topic
from forum.topics.services import get_topic

bp = Blueprint("proposals", __name__)
PER_PAGE = 20


@bp.route("/proposals")
def index():
    """Public proposals: filter by topic, state and area; four orders; keyset pages."""
    now = utcnow()
    args = request.args
    sort = args.get("sort") or "supported"
    topic = get_topic(db.session, args["topic"]) if args.get("topic") else None
    stmt = lists.proposals_list(topic_id=topic.id if topic else None,
                                state=args.get("state"), area=args.get("area"), sort=sort,
                                after=args.get("after"), now=now)
    rows = list(db.session.scalars(stmt.limit(PER_PAGE + 1)))
    more, rows = len(rows) > PER_PAGE, rows[:PER_PAGE]
    answered = lists.answered_times(db.session, rows) if sort == "answered" else {}
    after = (lists.cursor_after(rows[-1], sort, answered_at=answered.get(rows[-1].id))
             if more else None)
    topics = db.session.scalars(lists.open_topics(include_archived=True)).all()
    return render_template("proposals/index.html", proposals=rows, after=after, sort=sort,
                           topic=topic, topics=topics, state=args.get("state") or "",
                           area=args.get("area") or "", sorts=lists.SORTS,
                           states=lists.STATES)


@bp.route("/proposals/new")
@login_required
def choose_topic():
    """Choose the topic of a new proposal."""
    topics = db.session.scalars(lists.open_topics()).all()
    return render_template("proposals/choose_topic.html", topics=topics)


def _draft_fields(form: ProposalForm) -> dict[str, object]:
    return {"title": form.title.data or "", "problem": form.problem.data or "",
            "area": form.area.data, "cost_estimate": form.cost_estimate.data,
            "language": form.language.data}


@bp.route("/topics/<slug>/proposals/new", methods=["GET", "POST"])
@login_required
@post_limit
def create(slug: str):
    """Start a draft proposal in a topic."""
    now = utcnow()
    topic = get_topic(db.session, slug)
    form = ProposalForm()

    def act() -> ResponseReturnValue:
        proposal = services.start_proposal(
            db.session, current_user, topic, proposal=form.body.data or "", now=now,
            threshold_default=current_app.config["PROPOSAL_THRESHOLD"],
            days=current_app.config["PROPOSAL_DAYS"], **_draft_fields(form))
        flash(_("Your draft is saved. Only you, your co-authors and staff can see it until "
                "you publish it."), "success")
        return redirect(url_for("proposals.draft", proposal_id=proposal.id))
    return round_trip(form, act, "proposals/new.html", topic=topic,
                      check=lambda: _check_can_start(topic, now))


def _check_can_start(topic: Topic, now) -> None:  # noqa: ANN001
    """The service's refusal, for the page (before anything is typed)."""
    services.check_can_start(current_user, topic, now)


@bp.route("/proposals/<id:proposal_id>/draft", methods=["GET", "POST"])
@login_required
def draft(proposal_id: int):
    """See and edit a draft; the author shares the co-author link and publishes it."""
    now = utcnow()
    proposal = services.get_draft(db.session, proposal_id, current_user, now=now)
    form = ProposalForm(obj=proposal)

    def act() -> ResponseReturnValue:
        fields = _draft_fields(form)
        services.update_draft(db.session, current_user, proposal, proposal_text=form.body.data
                              or "", now=now, **fields)
        flash(_("Your changes to the draft are saved."), "success")
        return redirect(url_for("proposals.draft", proposal_id=proposal.id))
    return round_trip(form, act, "proposals/draft.html", proposal=proposal,
                      action_form=ActionForm(formdata=None), panel=proposal_panel(proposal, now),
                      check=lambda: services.require_editable(current_user, proposal, now))


@bp.route("/proposals/<id:proposal_id>/publish", methods=["POST"])
@login_required
def publish(proposal_id: int):
    """Publish a draft: it goes public and collects support."""
    now = utcnow()
    proposal = services.get_draft(db.session, proposal_id, current_user, now=now)

    def act() -> ResponseReturnValue:
        services.publish_proposal(db.session, current_user, proposal, now=now,
                                  days=current_app.config["PROPOSAL_DAYS"])
        flash(_("Your proposal is published and collecting support."), "success")
        return redirect(url_for("posts.thread", thread_id=proposal.id))
    return press(ActionForm(), act, url_for("proposals.draft", proposal_id=proposal.id))


@bp.route("/proposals/<id:proposal_id>/invitation", methods=["POST"])
@login_required
def invitation(proposal_id: int):
    """Make (or renew) the co-author invitation link of a draft."""
    now = utcnow()
    proposal = services.get_draft(db.session, proposal_id, current_user, now=now)

    def act() -> None:
        renew = proposal.invite_token is not None
        services.invite_link(db.session, current_user, proposal, now=now, renew=renew)
        flash(_("A new invitation link is ready; the old one no longer works.") if renew else
              _("Your invitation link is ready. Send it to up to five co-authors."), "success")
    return press(ActionForm(), act, url_for("proposals.draft", proposal_id=proposal.id))


@bp.route("/proposals/join/<token>", methods=["GET", "POST"])
@login_required
def join(token: str):
    """Join a draft as co-author through its invitation link."""
    proposal = services.proposal_by_invitation(db.session, token)
    form = ActionForm()

    def act() -> ResponseReturnValue:
        services.join_as_coauthor(db.session, current_user, token, now=utcnow())
        flash(_("You are now a co-author of this proposal."), "success")
        return redirect(url_for("proposals.draft", proposal_id=proposal.id))
    return round_trip(form, act, "proposals/join.html", proposal=proposal)


def _thread_page(proposal_id: int) -> str:
    return url_for("posts.thread", thread_id=proposal_id, _anchor="proposal-support")


@bp.route("/proposals/<id:proposal_id>/support", methods=["POST"])
@login_required
def support(proposal_id: int):
    """Support a proposal (a form POST: works without JavaScript)."""
    proposal = services.get_proposal(db.session, proposal_id)
    form = SupportForm()

    def act() -> None:
        now = utcnow()
        area = services.area_for_postcode(form.postcode.data,
                                          current_app.config["PROPOSAL_POSTCODE_AREAS"])
        if services.support(db.session, current_user, proposal, now=now, area=area):
            flash(_("Thank you: your support is counted."), "success")
        else:
            flash(_("You already support this proposal."), "info")
    return press(form, act, _thread_page(proposal.id), flash_refusals=True)


@bp.route("/proposals/<id:proposal_id>/withdraw", methods=["POST"])
@login_required
def withdraw(proposal_id: int):
    """Withdraw one's support while the proposal collects."""
    proposal = services.get_proposal(db.session, proposal_id)

    def act() -> None:
        if services.withdraw(db.session, current_user, proposal, now=utcnow()):
            flash(_("Your support is withdrawn."), "success")
        else:
            flash(_("You were not supporting this proposal."), "info")
    return press(ActionForm(), act, _thread_page(proposal.id), flash_refusals=True)


@bp.app_template_test("proposal")
def is_proposal(thread: object) -> bool:
    """``{% if thread is proposal %}``: the thread is a proposal."""
    return isinstance(thread, Proposal)


@bp.app_template_global("proposal_panel")
def panel_for(thread: Thread) -> Panel | None:
    """The panel of a proposal now (``None`` for other threads)."""
    return proposal_panel(thread, utcnow()) if isinstance(thread, Proposal) else None


@bp.app_template_global("proposal_timeline")
def timeline_for(thread: Proposal) -> list[Step]:
    """The proposal's state moves, oldest first."""
    return timeline(db.session, thread, utcnow())


@bp.app_template_global("supports_proposal")
def supports_proposal(thread: Proposal) -> bool:
    """Whether the current user supports ``thread``."""
    return services.supports(db.session, actor_or_none(current_user), thread)


@bp.app_template_global("proposal_stage_label")
def stage_label_for(thread: Proposal) -> str:
    """The proposal's stage now, in words (for lists)."""
    return stage_label(thread.stage(utcnow()))


@bp.app_template_global("asks_postcode")
def asks_postcode() -> bool:
    """Whether supporting asks for a postcode (the site lists postcode areas)."""
    return bool(current_app.config["PROPOSAL_POSTCODE_AREAS"])

