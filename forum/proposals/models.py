"""A proposal: a thread a resident starts to put an idea on the council's table.

Stored in the ``threads`` table (single-table inheritance on ``kind``, like a consultation);
its debate is the thread's own arguments and replies. Supports, co-authors, offline batches
and the record of each state move have tables of their own.
"""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (CheckConstraint, Column, ColumnElement, ForeignKey, Index, Integer, JSON,
                        String, Text, UniqueConstraint, and_)
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.base import ReadOnlyColumnCollection

from forum.accounts.models import User
from forum.db import UTCDateTime, db, utcnow
from forum.i18n import Deferred, from_stored
from forum.threads.models import Thread, ThreadKind, _enum


class ProposalState(enum.StrEnum):
    """Where a proposal stands. Collecting ends by the clock (see :meth:`Proposal.stage`):
    a collecting proposal whose window has passed without enough support is *closed* even
    before a job records the move."""

    DRAFT = "draft"              # only its authors see it
    COLLECTING = "collecting"    # public, taking supports until ``collect_until``
    QUALIFIED = "qualified"      # reached its threshold: in the council's inbox
    ANSWERED = "answered"        # the council's response is published
    IN_PROGRESS = "in_progress"  # the council posts dated updates
    DONE = "done"                # the council marked the work complete
    CLOSED = "closed"            # "closed without enough support" (never "rejected")
    REFUSED = "refused"          # a moderator refused it under the house rules (appealable)
    MERGED = "merged"            # merged into another proposal (``merged_into_id``)


class Proposal(Thread):
    """An idea a verified resident puts to the council: the problem, what they propose, and
    optionally the area it concerns and a cost estimate. ``body``/``body_html`` (the
    thread's opening text) hold what they propose."""

    #: the problem the proposal answers (Markdown, rendered once into ``problem_html``)
    problem: Mapped[str | None] = mapped_column(Text)
    problem_html: Mapped[str | None] = mapped_column(Text)
    #: the part of the council's area it concerns (free text, optional)
    area: Mapped[str | None] = mapped_column(String(100))
    #: the author's estimate of the cost, in whole pounds (optional)
    cost_estimate: Mapped[int | None] = mapped_column(Integer)
    proposal_state: Mapped[ProposalState | None] = mapped_column(
        _enum(ProposalState), index=True)
    #: when it went public (collecting began) and until when it collects support
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    collect_until: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    #: supports needed, fixed when it is published (the topic's, else the site's setting)
    threshold: Mapped[int | None] = mapped_column(Integer)
    #: online supports: one row each in proposal_supports, counted in the same transaction
    support_count: Mapped[int] = mapped_column(Integer, server_default="0")
    #: supports recorded offline (paper petitions, stalls): the sum of its batches
    offline_support_count: Mapped[int] = mapped_column(Integer, server_default="0")
    qualified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when supporters were told it is half-way (so they are told once)
    halfway_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when a state move made it closed, refused or merged
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    refusal_reason: Mapped[str | None] = mapped_column(String(1000))
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("threads.id", ondelete="SET NULL", name="fk_threads_merged_into_id_threads"))
    #: the secret of the co-author invitation link (``None``: no link, or revoked)
    invite_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    #: who joined through the invitation link, in the order they joined (read-only here:
    #: rows are written by the proposals services)
    coauthors: Mapped[list[ProposalCoauthor]] = relationship(
        viewonly=True, order_by="ProposalCoauthor.joined_at")

    __mapper_args__ = {"polymorphic_identity": ThreadKind.PROPOSAL}

    @property
    def total_supports(self) -> int:
        """Online and offline supports together: what counts toward the threshold."""
        return self.support_count + self.offline_support_count

    @hybrid_method
    def is_upcoming(self, now: datetime) -> bool:
        """A draft: only its authors (and staff) see it."""
        return self.proposal_state == ProposalState.DRAFT

    @is_upcoming.expression
    def is_upcoming(cls, now: datetime) -> ColumnElement[bool]:  # noqa: N805
        return _columns().proposal_state == ProposalState.DRAFT.value

    @hybrid_method
    def is_collecting(self, now: datetime) -> bool:
        """Taking supports at ``now``: published, not qualified, and its window still open."""
        return (self.proposal_state == ProposalState.COLLECTING
                and self.collect_until is not None and self.collect_until > now)

    @is_collecting.expression
    def is_collecting(cls, now: datetime) -> ColumnElement[bool]:  # noqa: N805
        column = _columns()
        return and_(column.proposal_state == ProposalState.COLLECTING.value,
                    column.collect_until > now)

    def stage(self, now: datetime) -> ProposalState:
        """The state at ``now``: the stored one, except that a collecting proposal past its
        window is closed (the clock decides; a job only records the move)."""
        state = self.proposal_state or ProposalState.DRAFT
        if state == ProposalState.COLLECTING and not self.is_collecting(now):
            return ProposalState.CLOSED
        return state

    def status(self, now: datetime) -> str:
        """The stage as a string (the thread's API field ``status``)."""
        return self.stage(now).value

    @property
    def withholds_text(self) -> bool:
        """A proposal refused under the house rules keeps its words from the public."""
        return self.proposal_state == ProposalState.REFUSED

    def kind_fields(self) -> dict[str, object]:
        """The proposal's own API fields."""
        return {"closes_at": self.collect_until, "problem": self.problem, "area": self.area,
                "cost_estimate": self.cost_estimate, "threshold": self.threshold,
                "supports": self.support_count,
                "offline_supports": self.offline_support_count}


def _columns() -> ReadOnlyColumnCollection[str, Column[Any]]:
    """The table's columns, for SQL twins usable in ``select(Thread)``."""
    return Proposal.__table__.c


class ProposalSupport(db.Model):
    """One person's support of a proposal: once per person, withdrawn by deleting the row
    (and decrementing the counter in the same transaction)."""

    __tablename__ = "proposal_supports"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the area of the supporter's postcode, when the site asks for one (never the postcode)
    area: Mapped[str | None] = mapped_column(String(60))

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<ProposalSupport {self.proposal_id}:{self.user_id}>"


class ProposalCoauthor(db.Model):
    """A resident who joined a proposal as co-author through its invitation link (at most
    five per proposal, besides its author)."""

    __tablename__ = "proposal_coauthors"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)

    def __repr__(self) -> str:
        return f"<ProposalCoauthor {self.proposal_id}:{self.user_id}>"


class OfflineSupportBatch(db.Model):
    """Supports gathered off the forum (a paper petition, a market stall), recorded by a
    councillor or an admin with their source and count."""

    __tablename__ = "proposal_offline_batches"
    __table_args__ = (CheckConstraint("count > 0", name="positive_count"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"),
                                             index=True)
    source: Mapped[str] = mapped_column(String(200))
    count: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))

    recorded_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<OfflineSupportBatch {self.id} proposal={self.proposal_id} {self.count}>"


class ProposalEvent(db.Model):
    """One move of a proposal's state: when, from what, to what, by whom (``None``: the
    clock, e.g. the window closing) and why, when a reason was given."""

    __tablename__ = "proposal_events"
    __table_args__ = (Index("ix_proposal_events_proposal", "proposal_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    from_state: Mapped[ProposalState | None] = mapped_column(_enum(ProposalState))
    to_state: Mapped[ProposalState] = mapped_column(_enum(ProposalState))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: why, in the site's default language (a moderator's reason is kept as written)
    note: Mapped[str | None] = mapped_column(String(1000))
    #: a note the forum wrote (the decision, "Merged into …"), kept to translate when read
    note_message: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))

    actor: Mapped[User | None] = relationship()

    @property
    def said(self) -> Deferred | str | None:
        """The note, in the language of whoever reads it when the forum wrote it."""
        return from_stored(self.note, self.note_message)

    def __repr__(self) -> str:
        return f"<ProposalEvent {self.proposal_id} {self.from_state}->{self.to_state}>"
