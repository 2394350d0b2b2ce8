"""Generated downloads of a person's data."""
from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from forum.db import UTCDateTime, db, utcnow


class DataExport(db.Model):
    """One download of a person's data: asked for, then written by the ``privacy.export`` job."""

    __tablename__ = "data_exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: the random name of the file in ``instance/exports/`` and of its download address
    token: Mapped[str] = mapped_column(String(64), unique=True,
                                       default=lambda: secrets.token_urlsafe(24))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: set by the job once the file is written
    ready_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: after this the file is deleted and the address answers 410 Gone
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    def __repr__(self) -> str:
        return f"<DataExport {self.id} user={self.user_id} ready={self.ready_at is not None}>"

    @property
    def file_name(self) -> str:
        """The file's name in the exports folder."""
        return f"{self.token}.json"

    def is_ready(self, now: datetime) -> bool:
        """Written and not expired at ``now``."""
        return self.ready_at is not None and not self.is_expired(now)

    def is_expired(self, now: datetime) -> bool:
        """Past its expiry at ``now``."""
        return self.expires_at <= now
