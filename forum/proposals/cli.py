"""``flask --app forum proposals close-expired``: record the moves the clock has made.

A collecting proposal whose window has passed is closed already (``Proposal.stage``); this
command, run from cron, writes that move into its timeline with the window's end as its
time and no actor, so lists by stored state and exports agree with the pages.
"""
from __future__ import annotations

from datetime import UTC, datetime

import click
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.db import db, utcnow
from forum.proposals.models import Proposal, ProposalState
from forum.proposals.states import move

proposals_cli = AppGroup("proposals", help="Residents' proposals.")
#: proposals closed per batch (each batch is one transaction)
BATCH = 200


def close_expired(session: Session, *, now: datetime, limit: int = BATCH) -> int:
    """Record "closed without enough support" for up to ``limit`` proposals whose window
    ended by ``now`` without qualifying; return how many were recorded. A proposal that
    qualified meanwhile is left alone (the move is conditional)."""
    expired = session.scalars(
        select(Proposal).where(Proposal.proposal_state == ProposalState.COLLECTING,
                               Proposal.collect_until <= now)
        .order_by(Proposal.collect_until, Proposal.id).limit(limit)).all()
    return sum(move(session, proposal, ProposalState.CLOSED, actor=None,
                    now=proposal.collect_until or now) for proposal in expired)


@proposals_cli.command("close-expired")
@click.option("--now", "now_given", type=click.DateTime(["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
                                                        "%Y-%m-%d"]),
              help="The time to act as of (UTC), e.g. 2026-12-01T07:00. Default: now.")
def close_expired_command(now_given: datetime | None) -> None:
    """Record the closing of every proposal whose window has passed."""
    now = now_given.replace(tzinfo=UTC) if now_given else utcnow()
    total = 0
    while True:
        closed = close_expired(db.session, now=now)
        db.session.commit()
        total += closed
        if closed < BATCH:
            break
    click.echo(f"Closed {total} proposal{'' if total == 1 else 's'} whose window had passed.")
