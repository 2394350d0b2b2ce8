"""The edited text of a site page in one language (a page without a row in a language shows
the default text shipped for that language, or the default language's version)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.accounts.models import User
from forum.db import UTCDateTime, db, utcnow


class SitePage(db.Model):
    """A site page, in one language, as an admin last saved it."""

    __tablename__ = "site_pages"

    #: ``privacy``, ``accessibility`` or ``house-rules`` (:data:`forum.sitepages.services.PAGES`)
    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    #: the language of this version (a code of ``LANGUAGES``); each language has its own
    language: Mapped[str] = mapped_column(String(16), primary_key=True, server_default="en")
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    #: ``body`` through ``render_markdown`` when saved
    body_html: Mapped[str] = mapped_column(Text)
    #: what the last edit changed, in the admin's words
    revision_note: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                 ondelete="SET NULL"))

    updated_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<SitePage {self.slug} {self.language}>"
