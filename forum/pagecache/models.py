"""The forum-wide number that moves whenever something every page may show changes."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, ScalarSelect, event, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from forum.db import db


class SiteVersion(db.Model):
    """One row: moved by triggers (forum/pagecache/triggers.py), read by every kept page."""

    __tablename__ = "site_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0, server_default="0")

    @classmethod
    def current(cls) -> ScalarSelect[int]:
        """The number, as a column of a kept page's key query."""
        return select(cls.version).where(cls.id == 1).scalar_subquery()


@event.listens_for(SiteVersion.__table__, "after_create")
def _first_row(target: Any, connection: Connection, **_kw: Any) -> None:
    connection.execute(insert(target).values(id=1, version=0))


from forum.pagecache import triggers  # noqa: E402,F401  (the triggers follow create_all)
