"""Download your data: a job writes everything stored about a person into one JSON file.

"Prepare my download" (:func:`request_export`) writes a :class:`DataExport` row and a
``privacy.export`` job in the same transaction; the job (:func:`write_export`) collects the
data, writes ``instance/exports/<random>.json`` and mails its owner that it is ready. The
download address needs its owner signed in and stops working after ``EXPORT_DAYS``.

The data is read generically: the profile, then every row of every table that refers to the
account (the same walk erasure uses), with credentials and secrets' hashes left out; the
person's posts come with every saved version.
"""
from __future__ import annotations

import enum
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.db import db, utcnow
from forum.errors import NotAllowed
from forum.i18n import _, recipient_locale
from forum.jobs import enqueue, job
from forum.mail import queue_mail
from forum.posts.models import Post, Revision
from forum.privacy.models import DataExport
from forum.privacy.references import is_secret, user_references
from forum.privacy.rules import can_delete_own_account
from forum.security.models import RecoveryCode
from forum.urls import external_url

#: the format of the file, for whoever reads it later
FORMAT_VERSION = 1


def exports_path() -> Path:
    """The folder generated downloads are written to."""
    return Path(current_app.instance_path) / "exports"


def request_export(session: Session, user: User, *, now: datetime, days: int) -> DataExport:
    """Ask for a new download of ``user``'s data (one being prepared is returned instead)."""
    if not can_delete_own_account(user, None, now):
        raise NotAllowed(_("Sign in to download your data."))
    waiting = session.scalar(select(DataExport).where(
        DataExport.user_id == user.id, DataExport.ready_at.is_(None),
        DataExport.expires_at > now))
    if waiting is not None:
        return waiting
    export = DataExport(user_id=user.id, created_at=now, expires_at=now + timedelta(days=days))
    session.add(export)
    session.flush()
    enqueue(session, "privacy.export", export_id=export.id)
    return export


def latest_export(session: Session, user: User) -> DataExport | None:
    """``user``'s most recent download, ready or not."""
    return session.scalar(select(DataExport).where(DataExport.user_id == user.id)
                          .order_by(DataExport.created_at.desc(), DataExport.id.desc()).limit(1))


def find_export(session: Session, token: str) -> DataExport | None:
    """The download with this address, if any."""
    if not isinstance(token, str) or not token.isascii() or len(token) > 64:
        return None
    return session.scalar(select(DataExport).where(DataExport.token == token))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _rows(session: Session, table: Any, where: Any) -> list[dict[str, Any]]:
    return [{name: _plain(value) for name, value in row.items() if not is_secret(table.c[name])}
            for row in session.execute(select(table).where(where)).mappings()]


def collect(session: Session, user: User) -> dict[str, Any]:
    """Everything stored about ``user``, as JSON-ready data."""
    users = User.__table__
    profile = _rows(session, users, users.c.id == user.id)[0]
    codes = session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id)).all()
    records: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for table, column in user_references(db.metadata):
        if (table.name, column.name) == ("posts", "author_id"):
            continue  # below, with their saved versions
        rows = _rows(session, table, column == user.id)
        if rows:
            records.setdefault(table.name, {})[column.name] = rows
    posts = _rows(session, Post.__table__, Post.__table__.c.author_id == user.id)
    versions: dict[int, list[dict[str, Any]]] = {}
    for row in _rows(session, Revision.__table__, Revision.__table__.c.post_id.in_(
            [p["id"] for p in posts])):
        versions.setdefault(row["post_id"], []).append(row)
    for post in posts:
        post["revisions"] = versions.get(post["id"], [])
    return {"format": FORMAT_VERSION, "generated_at": utcnow().isoformat(),
            "site": current_app.config["SITE_NAME"], "profile": profile,
            "second_factor": {"enabled": user.totp_secret is not None,
                              "recovery_codes": len(codes),
                              "recovery_codes_unused": sum(c.used_at is None for c in codes)},
            "posts": posts,
            "records": records}


@job("privacy.export")
def write_export(session: Session, *, export_id: int) -> None:
    """Write the file of one download and mail its owner that it is ready."""
    export = session.get(DataExport, export_id)
    if export is None or export.ready_at is not None:
        return  # erased, purged, or already written
    user = session.get(User, export.user_id)
    folder = exports_path()
    folder.mkdir(parents=True, exist_ok=True)
    data = json.dumps(collect(session, user), ensure_ascii=False, indent=1, default=str)
    (folder / export.file_name).write_text(data, encoding="utf-8")
    now = utcnow()
    export.ready_at = now
    export.expires_at = now + timedelta(days=int(current_app.config["EXPORT_DAYS"]))
    site = current_app.config["SITE_NAME"]
    with recipient_locale(user.language):
        queue_mail(session, user.email,
                   _("Your %(site)s data is ready to download", site=site), (
            _("Hello %(name)s,\n\nThe download of your %(site)s data that you asked for is ready. "
              "Sign in and open this page to download it:\n%(link)s\n\nThe download can be "
              "fetched until %(until)s; after that it is deleted and you can prepare a new one.\n",
              name=user.display_name, site=site, link=external_url("privacy.data"),
              until=f"{export.expires_at:%d %B %Y}")))
    session.flush()


def delete_export_files(session: Session, *, user_id: int | None = None,
                        expired_at: datetime | None = None) -> int:
    """Delete downloads (their rows and files): one person's, or those expired at a time."""
    stmt = select(DataExport)
    if user_id is not None:
        stmt = stmt.where(DataExport.user_id == user_id)
    if expired_at is not None:
        stmt = stmt.where(DataExport.expires_at <= expired_at)
    doomed = list(session.scalars(stmt))
    folder = exports_path()
    for export in doomed:
        (folder / export.file_name).unlink(missing_ok=True)
    if doomed:
        session.execute(delete(DataExport).where(DataExport.id.in_([e.id for e in doomed])))
    return len(doomed)
