"""Outcomes ("You said, we did"), the printable consultation report, exports, and the
summary shown on the thread page."""
from __future__ import annotations

import json
from datetime import datetime

from flask import Blueprint, Response, current_app, g, render_template, request
from flask_login import current_user
from sqlalchemy import Row, func, select

from forum.council.loop import load_loops
from forum.consultations.models import Consultation
from forum.db import db, utcnow
from forum.errors import NotFound
from forum.i18n import _
from forum.inputs import page_arg
from forum.outcomes import exports, services
from forum.outcomes.panel import KEPT_FIGURES, Panel, load_panel
from forum.outcomes.proposals import council_proposals, cursor_after
from forum.outcomes.status import LISTED, LoopStatus, loop_status
from forum.outcomes.timeline import Step, consultation_timeline
from forum.pagecache.pages import kept_or_made
from forum.pagecache.store import Kept
from forum.permissions import actor_or_none
from forum.proposals.answer import answer_timing, due_at
from forum.proposals.models import Proposal
from forum.proposals.services import get_proposal
from forum.summaries.coverage import compute_coverage, thread_figures
from forum.threads.kept import listing_key, thread_key
from forum.threads.rules import can_view_thread
from forum.threads.models import Thread
from forum.topics.models import Topic

bp = Blueprint("outcomes", __name__)
PER_PAGE = 20


@bp.app_template_global("summary_panel")
def summary_panel(thread: Thread) -> Panel | None:
    """The thread's summary and coverage, loaded once per request (one query)."""
    cache = g.setdefault("_summary_panels", {})
    if thread.id not in cache:
        # a GET writes nothing, so the thread's number as loaded names what the figures count
        kept = (current_app.extensions.setdefault(
            "forum_coverage_figures", Kept(KEPT_FIGURES, weigh=lambda _figures: 1)),
            thread.content_version) if request.method in ("GET", "HEAD") else None
        cache[thread.id] = load_panel(db.session, thread.id, kept=kept)
    return cache[thread.id]


@bp.app_template_global("loop_status")
def thread_status(thread: Thread) -> LoopStatus:
    """Where ``thread`` is in the loop now, from its summary panel (no query of its own)."""
    if thread.id is None:  # not saved yet: nothing recorded about it
        return loop_status(thread, None, None, utcnow())
    cache = g.setdefault("_loop_statuses", {})
    if thread.id not in cache:
        panel = summary_panel(thread)
        summary = panel.summary if panel else None
        cache[thread.id] = loop_status(thread, summary, summary.response if summary else None,
                                       utcnow())
    return cache[thread.id]


@bp.app_template_global("consultation_steps")
def consultation_steps(thread: Consultation) -> list[Step]:
    """The consultation's timeline now, its current step at :func:`thread_status`."""
    status = thread_status(thread)
    due = status.summary.due_at(current_app.config["RESPONSE_DUE_DAYS"]) \
        if status.summary else None
    return consultation_timeline(thread, status, response_due_at=due)


def _proposals_page(now: datetime, topic: Topic | None, stage: str, due_days: int,
                    ) -> tuple[list[Row], str | None, dict[int, tuple]]:
    """The page of proposals at the council the filters ask for: its rows, the cursor of the
    next page (``None``: the last), and each one's answer due date and timing."""
    rows = db.session.execute(council_proposals(
        now, topic_id=topic.id if topic else None, stage=stage or None, due_days=due_days,
        after=request.args.get("proposals_after") or None).limit(PER_PAGE + 1)).all()
    more = cursor_after(rows[PER_PAGE - 1].Proposal) if len(rows) > PER_PAGE else None
    rows = rows[:PER_PAGE]
    dues = {r.Proposal.id: (due_at(r.Proposal, due_days),
                            answer_timing(r.Proposal, r.CouncilResponse, now, due_days))
            for r in rows}
    return rows, more, dues


#: the query parameters the outcomes page reads
_OUTCOMES_ARGS = frozenset({"page", "topic", "status", "proposals_after"})


@bp.route("/outcomes")
def index():
    """Every consultation and every discussion sent to the council, and every proposal that
    reached it: where it is in the loop, its summary and the council's decision. Kept whole
    for readers who are not signed in until anything it lists changes (forum/pagecache)."""
    now = utcnow()
    due_days = current_app.config["RESPONSE_DUE_DAYS"]
    key, dates = listing_key(("outcomes", due_days), now, args=_OUTCOMES_ARGS)
    return kept_or_made(key, lambda: (_outcomes_page(now, due_days), dates))


def _outcomes_page(now: datetime, due_days: int) -> str:
    """The outcomes page the query parameters ask for, rendered."""
    topics = db.session.scalars(select(Topic).order_by(Topic.title)).all()
    slug = request.args.get("topic", "")
    topic = next((t for t in topics if t.slug == slug), None)
    stage = request.args.get("status", "")
    stage = stage if stage in LISTED or stage == services.OVERDUE else ""
    stmt = services.outcomes(now, topic=topic, stage=stage or None, due_days=due_days)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    pages = max(1, -(-total // PER_PAGE))
    number = min(page_arg(), pages)
    rows = db.session.execute(stmt.limit(PER_PAGE).offset((number - 1) * PER_PAGE)).all()
    proposals, more, dues = _proposals_page(now, topic, stage, due_days)
    updates = services.latest_updates(db.session, [
        r.CouncilResponse.id for r in [*rows, *proposals] if r.CouncilResponse is not None])
    loops = load_loops(db.session, [r.Summary for r in rows if r.CouncilResponse is not None],
                       now=now)
    return render_template("outcomes/index.html", rows=rows, page=number, pages=pages,
                           loops=loops, proposals=proposals, proposals_more=more,
                           proposal_dues=dues,
                           total=total, topics=topics, topic=topic, stage=stage,
                           stages={s.value: s.label for s in LISTED}, updates=updates,
                           statuses=[services.row_status(row, now) for row in rows],
                           at=now, due_days=due_days)


@bp.route("/consultations/<id:thread_id>/report")
def report(thread_id: int):
    """A printable report: question, dates, figures, stance chart, summary and response.
    Kept whole for readers who are not signed in until anything on it changes (its
    figures count every post of the consultation); it says when it was produced."""
    now = utcnow()
    due_days = current_app.config["RESPONSE_DUE_DAYS"]

    def make() -> tuple[str, list[datetime | None]]:
        thread = services.get_consultation(db.session, thread_id, actor_or_none(current_user),
                                           now=now)
        summary = services.published_summary(db.session, thread)
        html = render_template(
            "outcomes/report.html", thread=thread, summary=summary,
            figures=thread_figures(db.session, thread.id),
            coverage=compute_coverage(db.session, summary) if summary else None,
            at=now, due_days=due_days)
        return html, thread.moments()
    return kept_or_made(thread_key(("report", due_days), thread_id), make)


def _download(body: str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/consultations/<id:thread_id>/contributions.csv")
def contributions_csv(thread_id: int):
    """Every visible contribution as CSV (formula-safe)."""
    thread = services.get_consultation(db.session, thread_id, actor_or_none(current_user),
                                       now=utcnow())
    rows = exports.contributions(db.session, thread)
    return _download(exports.to_csv(rows), "text/csv; charset=utf-8",
                     f"consultation-{thread.id}-contributions.csv")


@bp.route("/consultations/<id:thread_id>/contributions.json")
def contributions_json(thread_id: int):
    """Every visible contribution as JSON."""
    thread = services.get_consultation(db.session, thread_id, actor_or_none(current_user),
                                       now=utcnow())
    body = {"consultation": {"id": thread.id, "title": thread.title, "question": thread.question,
                             "language": thread.language,
                             "opens_at": (thread.opens_at or thread.created_at).isoformat(),
                             "closes_at": thread.closes_at.isoformat() if thread.closes_at
                             else None},
            "contributions": exports.contributions(db.session, thread)}
    return _download(json.dumps(body, ensure_ascii=False, indent=2), "application/json",
                     f"consultation-{thread.id}-contributions.json")


@bp.route("/proposals.csv")
def proposals_csv():
    """Every public proposal with its supports and the council's decision, as CSV."""
    rows = exports.proposals(db.session, utcnow())
    return _download(exports.to_csv(rows, exports.PROPOSAL_COLUMNS), "text/csv; charset=utf-8",
                     "proposals.csv")


@bp.route("/proposals.json")
def proposals_json():
    """Every public proposal with its supports and the council's decision, as JSON."""
    body = {"proposals": exports.proposals(db.session, utcnow())}
    return _download(json.dumps(body, ensure_ascii=False, indent=2), "application/json",
                     "proposals.json")


def _debated_proposal(proposal_id: int) -> Proposal:
    """The proposal whose debate the reader may see (a draft: its author and staff)."""
    proposal = get_proposal(db.session, proposal_id)
    if not can_view_thread(actor_or_none(current_user), proposal, utcnow()):
        raise NotFound(_("There is no proposal at this address."))
    return proposal


@bp.route("/proposals/<id:proposal_id>/contributions.csv")
def proposal_contributions_csv(proposal_id: int):
    """Every visible argument and reply of a proposal's debate as CSV (formula-safe)."""
    proposal = _debated_proposal(proposal_id)
    return _download(exports.to_csv(exports.contributions(db.session, proposal)),
                     "text/csv; charset=utf-8", f"proposal-{proposal.id}-contributions.csv")


@bp.route("/proposals/<id:proposal_id>/contributions.json")
def proposal_contributions_json(proposal_id: int):
    """Every visible argument and reply of a proposal's debate as JSON."""
    proposal = _debated_proposal(proposal_id)
    body = {"proposal": {"id": proposal.id, "title": proposal.title,
                         "problem": proposal.problem, "proposal": proposal.body,
                         "language": proposal.language,
                         "published_at": proposal.published_at.isoformat()
                         if proposal.published_at else None},
            "contributions": exports.contributions(db.session, proposal)}
    return _download(json.dumps(body, ensure_ascii=False, indent=2), "application/json",
                     f"proposal-{proposal.id}-contributions.json")
