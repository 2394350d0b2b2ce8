"""Summary operations: write, edit (with optimistic locking), publish, submit, look up."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from forum.accounts.models import User
from forum.config import DEFAULTS
from forum.errors import Conflict, Invalid, NotAllowed, NotFound
from forum.i18n import _, ngettext
from forum.posts.models import Post
from forum.summaries.citations import Rendered, render_summary
from forum.summaries.claims import Claim, extract_claims
from forum.summaries.models import Summary, SummaryCitation, SummaryPoint, SummaryRevision
from forum.summaries.rules import (can_view_summary, can_view_summary_history, can_write_summary,
                                   why_cannot)
from forum.summaries.signals import (summary_corrected, summary_published, summary_saved,
                                      summary_submitted)
from forum.threads.models import Thread
from forum.threads.services import clean_body


def get_summary(session: Session, summary_id: int, actor: User | None, *,
                now: datetime) -> Summary:
    """Return the summary if ``actor`` may read it; drafts are 404 for everyone but moderators."""
    summary = session.get(Summary, summary_id)
    if summary is None or not can_view_summary(actor, summary, now):
        raise NotFound(_("There is no summary at this address."))
    return summary


def get_summary_history(session: Session, summary_id: int, actor: User | None, *,
                        now: datetime) -> Summary:
    """Return the summary if ``actor`` may see its revisions, or raise :class:`NotFound`."""
    summary = session.get(Summary, summary_id)
    if summary is None or not can_view_summary_history(actor, summary, now):
        raise NotFound(_("There is no summary at this address."))
    return summary


def summary_of(session: Session, thread: Thread) -> Summary | None:
    """Return the thread's summary in any state, or ``None``."""
    return session.scalar(select(Summary).where(Summary.thread_id == thread.id))


def _newest_post(session: Session, thread: Thread, seen_up_to: int | None) -> Post | None:
    """The newest post of ``thread`` (at most ``seen_up_to``, the newest the editor saw)."""
    stmt = select(Post).where(Post.thread_id == thread.id)
    if seen_up_to is not None:
        stmt = stmt.where(Post.id <= seen_up_to)
    return session.scalar(stmt.order_by(Post.id.desc()).limit(1))


def newest_post_id(session: Session, thread: Thread) -> int | None:
    """The id of the thread's newest post (what an editor opening the form has seen)."""
    post = _newest_post(session, thread, None)
    return post.id if post else None


def _save(session: Session, actor: User, summary: Summary, body: str, rendered: Rendered, *,
          now: datetime, seen_up_to: int | None) -> None:
    """Store the rendered ``body``, what it covers, a revision and the citations."""
    newest = _newest_post(session, summary.thread, seen_up_to)
    summary.body, summary.body_html, summary.updated_at = body, rendered.html, now
    summary.covers_up_to_id = newest.id if newest else None
    summary.covers_up_to_at = newest.created_at if newest else None
    session.flush()
    session.add(SummaryRevision(summary_id=summary.id, number=summary.revision, editor_id=actor.id,
                                body=body, body_html=rendered.html, created_at=now))
    session.execute(delete(SummaryCitation).where(SummaryCitation.summary_id == summary.id))
    if rendered.cited_ids:
        session.execute(insert(SummaryCitation), [{"summary_id": summary.id, "post_id": i}
                                                  for i in rendered.cited_ids])
    session.flush()
    summary_saved.send(session, summary=summary, actor=actor, now=now)


def require_writer(actor: User | None, thread: Thread, now: datetime) -> None:
    """Refuse (403) anyone who may not write the summary of ``thread``."""
    if not can_write_summary(actor, thread, now):
        raise NotAllowed(_("Only moderators can write summaries."), code="not_moderator")


def require_move(actor: User | None, summary: Summary, move: str, now: datetime) -> None:
    """Refuse ``move`` (edit, publish, submit) on ``summary`` with the error that says why."""
    error = why_cannot(actor, summary, move, now)
    if error is not None:
        raise error


def create_summary(session: Session, actor: User, thread: Thread, *, body: str, now: datetime,
                   seen_up_to: int | None = None,
                   arguments_per_page: int = DEFAULTS["ARGUMENTS_PER_PAGE"]) -> Summary:
    """Write the thread's summary as a draft (revision 1); a thread has one summary at most.

    Citations link to the thread page of ``arguments_per_page`` arguments their post is on.
    """
    require_writer(actor, thread, now)
    existing = summary_of(session, thread)
    if existing is not None:
        raise Conflict(_("This thread already has a summary; edit that one instead."),
                       code="summary_exists")
    body = clean_body(body)
    rendered = render_summary(session, thread, body, per_page=arguments_per_page)
    summary = Summary(thread=thread, body=body, body_html=rendered.html, revision=1,
                      created_at=now, created_by_id=actor.id, updated_at=now)
    session.add(summary)
    session.flush()
    _save(session, actor, summary, body, rendered, now=now, seen_up_to=seen_up_to)
    return summary


def _stale(session: Session, summary: Summary, revision: int) -> Conflict:
    session.refresh(summary)
    latest = session.scalar(select(SummaryRevision).where(
        SummaryRevision.summary_id == summary.id, SummaryRevision.number == summary.revision))
    if latest:
        message = _("This summary was changed by %(name)s while you were editing: you started "
                    "from revision %(revision)d, the current one is revision %(current)d. "
                    "Nothing was overwritten; merge your changes into the current text and "
                    "save again.", name=latest.editor.display_name, revision=revision,
                    current=summary.revision)
    else:
        message = _("This summary was changed while you were editing: you started from "
                    "revision %(revision)d, the current one is revision %(current)d. Nothing "
                    "was overwritten; merge your changes into the current text and save again.",
                    revision=revision, current=summary.revision)
    return Conflict(message, code="stale_revision")


def edit_summary(session: Session, actor: User, summary: Summary, *, body: str, revision: int,
                 now: datetime, seen_up_to: int | None = None,
                 arguments_per_page: int = DEFAULTS["ARGUMENTS_PER_PAGE"]) -> Summary:
    """Save a new revision of ``summary``, based on ``revision``; a stale base is a conflict.

    After publication a save is a correction (``corrected_at``); after submission it must
    keep the submitted points, and each changed point records its correction.

    The check-and-bump is one conditional UPDATE, so two concurrent saves cannot both win.
    """
    require_move(actor, summary, "edit", now)
    if not isinstance(revision, int) or isinstance(revision, bool) or revision < 1:
        raise Invalid(_("“revision” must be the number of the revision you edited."),
                      field="revision")
    body = clean_body(body)
    if revision != summary.revision:
        raise _stale(session, summary, revision)
    rendered = render_summary(session, summary.thread, body,
                              per_page=arguments_per_page)
    check_keeps_points(summary, extract_claims(rendered.html))
    bumped = session.execute(
        update(Summary).where(Summary.id == summary.id, Summary.revision == revision)
        .values(revision=revision + 1).execution_options(synchronize_session=False))
    if bumped.rowcount != 1:
        raise _stale(session, summary, revision)
    set_committed_value(summary, "revision", revision + 1)
    if summary.submitted_at is not None:
        _correct_points(summary, extract_claims(rendered.html), now=now)
    if summary.published_at is not None:
        summary.corrected_at = now
    _save(session, actor, summary, body, rendered, now=now, seen_up_to=seen_up_to)
    if summary.published_at is not None:
        summary_corrected.send(session, summary=summary, actor=actor, now=now)
    return summary


def check_keeps_points(summary: Summary, claims: list[Claim]) -> None:
    """Refuse (422) a correction of a submitted summary that adds or removes points."""
    if summary.submitted_at is None or len(claims) == len(summary.points):
        return
    raise Invalid(ngettext("This summary was submitted to the council with %(num)d point, and "
                           "your text has %(has)d. Correct each point in place (a paragraph or "
                           "a list item each) without adding or removing any, so the council's "
                           "answers stay on the points they were given to.",
                           "This summary was submitted to the council with %(num)d points, and "
                           "your text has %(has)d. Correct each point in place (a paragraph or "
                           "a list item each) without adding or removing any, so the council's "
                           "answers stay on the points they were given to.",
                           len(summary.points), has=len(claims)), field="body")


def _correct_points(summary: Summary, claims: list[Claim], *, now: datetime) -> None:
    """Give each point whose text changed its correction (the submitted text is kept)."""
    for point, claim in zip(summary.points, claims, strict=True):
        if claim.text != point.current_text:
            point.corrected_text = None if claim.text == point.text else claim.text
            point.corrected_at = now
        point.cited_post_ids = claim.cited_ids


def make_points(summary: Summary) -> list[SummaryPoint]:
    """Make the summary's points rows from its current text (at submission)."""
    summary.points = [SummaryPoint(position=i, section=c.section, text=c.text,
                                   cited_post_ids=c.cited_ids)
                      for i, c in enumerate(extract_claims(summary.body_html))]
    return summary.points


def publish_summary(session: Session, actor: User, summary: Summary, *, now: datetime) -> Summary:
    """Publish a draft: it appears on the thread page and every participant is notified."""
    require_move(actor, summary, "publish", now)
    summary.published_at, summary.published_by_id = now, actor.id
    summary_published.send(session, summary=summary, actor=actor, now=now)
    session.flush()
    return summary


def submit_summary(session: Session, actor: User, summary: Summary, *, now: datetime) -> Summary:
    """Submit a published summary to the council: its points become rows the council answers,
    and it enters the council inbox."""
    require_move(actor, summary, "submit", now)
    summary.submitted_at, summary.submitted_by_id = now, actor.id
    make_points(summary)
    session.flush()
    summary_submitted.send(session, summary=summary, actor=actor, now=now)
    return summary


def revisions(session: Session, summary: Summary) -> list[SummaryRevision]:
    """Every saved version of ``summary``, newest first."""
    stmt = (select(SummaryRevision).where(SummaryRevision.summary_id == summary.id)
            .order_by(SummaryRevision.number.desc()))
    return list(session.scalars(stmt))


def get_revision(session: Session, summary: Summary, number: int) -> SummaryRevision:
    """Return revision ``number`` of ``summary`` or raise :class:`NotFound`."""
    found = session.scalar(select(SummaryRevision).where(
        SummaryRevision.summary_id == summary.id, SummaryRevision.number == number))
    if found is None:
        raise NotFound(_("This summary has no revision %(number)d.", number=number))
    return found


def posts_by_id(session: Session, post_ids: list[int]) -> list[Post]:
    """Load the posts ``post_ids`` with their authors, in the order given."""
    if not post_ids:
        return []
    found = {p.id: p for p in session.scalars(
        select(Post).options(joinedload(Post.author)).where(Post.id.in_(post_ids)))}
    return [found[i] for i in post_ids if i in found]
