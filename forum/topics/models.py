"""Policy topics."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from forum.db import UTCDateTime, db, utcnow


class Topic(db.Model):
    """A policy area such as Transport or Housing."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: set when an admin archives the topic: it stays readable, no new threads
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: supports a proposal in this topic needs (``None``: the site's PROPOSAL_THRESHOLD)
    proposal_threshold: Mapped[int | None] = mapped_column()

    def __repr__(self) -> str:
        return f"<Topic {self.slug}>"

    @property
    def is_archived(self) -> bool:
        """Archived topics take no new threads."""
        return self.archived_at is not None
