"""Supports gathered off the forum (a paper petition, a stall at the market), recorded in
batches by a councillor or an admin with their source and count.

They count toward the threshold and are shown apart ("312 online + 140 on paper"); each
batch is written to the moderation log. The counter moves by a conditional ``UPDATE`` in the
recorder's transaction, so batches recorded together all count, and crossing the threshold
qualifies the proposal once.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from forum.accounts.models import User
from forum.accounts.rules import can_participate, is_councillor
from forum.errors import Conflict, DomainError, Invalid, NotAllowed
from forum.i18n import _
from forum.moderation.audit import log_action, thread_link
from forum.moderation.models import AuditAction
from forum.permissions import rule
from forum.proposals import notify
from forum.proposals.models import OfflineSupportBatch, Proposal
from forum.proposals.services import move_count

SOURCE_MAX = 200
#: the most supports one batch may record (a typing slip should not qualify a proposal)
COUNT_MAX = 100_000


def why_cannot_record(user: User | None, proposal: Proposal, now: datetime) -> DomainError | None:
    """Return the error refusing to record offline supports, or ``None``.

    Cases: not a councillor (or admin), or suspended (403); the proposal is not collecting
    (409).
    """
    if not (is_councillor(user) and can_participate(user, now)):
        return NotAllowed(_("Only councillors and admins can record supports gathered "
                            "offline."), code="not_councillor")
    if not proposal.is_collecting(now):
        return Conflict(_("This proposal is not collecting support any more."),
                        code="not_collecting")
    return None


@rule
def can_record_offline_supports(user: User | None, proposal: Proposal, now: datetime) -> bool:
    """Councillors and admins record offline supports while the proposal is collecting."""
    return isinstance(proposal, Proposal) and why_cannot_record(user, proposal, now) is None


def clean_batch(source: str | None, count: int | None) -> tuple[str, int]:
    """Check a batch's source (1–200 characters) and count (1–100,000), or raise Invalid."""
    source = " ".join((source or "").split())
    if not source:
        raise Invalid(_("Say where these supports were gathered, for example “Paper petition "
                        "at the library”."), field="source")
    if len(source) > SOURCE_MAX:
        raise Invalid(_("Keep the source to %(max)d characters or fewer.", max=SOURCE_MAX),
                      field="source")
    if count is None or count < 1 or count > COUNT_MAX:
        raise Invalid(_("Enter the number of supports as a whole number from 1 to "
                        "%(max)s.", max=f"{COUNT_MAX:,}"), field="count")
    return source, count


def record_offline_batch(session: Session, actor: User, proposal: Proposal, *,
                         source: str | None, count: int | None,
                         now: datetime) -> OfflineSupportBatch:
    """Record a batch of offline supports: counted, logged, and half-way or the threshold
    told (and the proposal qualified) as for supports online."""
    refused = why_cannot_record(actor, proposal, now)
    if refused is not None:
        raise refused
    source, count = clean_batch(source, count)
    move_count(session, proposal, now=now, offline=count)
    session.refresh(proposal, ["offline_support_count"])
    batch = OfflineSupportBatch(proposal_id=proposal.id, source=source, count=count,
                                recorded_at=now, recorded_by_id=actor.id)
    session.add(batch)
    session.flush()
    log_action(session, actor, AuditAction.OFFLINE_SUPPORTS_RECORDED, target_type="thread",
               target_id=proposal.id, link=thread_link(proposal), now=now,
               details=_("%(count)d supports from: %(source)s", count=count, source=source))
    notify.count_changed(session, proposal, actor=actor, now=now)
    return batch


def offline_batches(session: Session, proposal: Proposal) -> list[OfflineSupportBatch]:
    """The proposal's offline batches, newest first, with who recorded them."""
    return list(session.scalars(
        select(OfflineSupportBatch).options(joinedload(OfflineSupportBatch.recorded_by))
        .where(OfflineSupportBatch.proposal_id == proposal.id)
        .order_by(OfflineSupportBatch.recorded_at.desc(), OfflineSupportBatch.id.desc())))
