"""flask --app forum purge deletes what is past its period, and only that, idempotently."""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from forum.jobs.models import DONE, FAILED, PENDING, Job
from forum.mail import outbox_path
from forum.privacy.export import exports_path
from forum.privacy.models import DataExport
from forum.security.models import UserSession
from tests.conftest import NOW
from tests.factories import make_sign_in, make_user


def _count(session, model, *where) -> int:  # noqa: ANN001
    return session.scalar(select(func.count()).select_from(model).where(*where))


def _world(session):  # noqa: ANN001, ANN202
    user = make_user(session)
    make_sign_in(session, user=user, now=NOW - timedelta(days=91))
    make_sign_in(session, user=user, now=NOW - timedelta(days=89))
    for status, age in ((DONE, 31), (DONE, 29), (FAILED, 31), (PENDING, 60)):
        session.add(Job(name="mail.send", payload={}, status=status,
                        created_at=NOW - timedelta(days=age), run_after=NOW - timedelta(days=age),
                        finished_at=NOW - timedelta(days=age) if status == DONE else None))
    old = DataExport(user_id=user.id, created_at=NOW - timedelta(days=9),
                     ready_at=NOW - timedelta(days=8), expires_at=NOW - timedelta(days=1))
    fresh = DataExport(user_id=user.id, created_at=NOW, ready_at=NOW,
                       expires_at=NOW + timedelta(days=7))
    session.add_all([old, fresh])
    session.commit()
    folder = exports_path()
    folder.mkdir(parents=True, exist_ok=True)
    for export in (old, fresh):
        (folder / export.file_name).write_text("{}")
    mail = outbox_path()
    mail.mkdir(parents=True, exist_ok=True)
    stale, recent = mail / "stale.eml", mail / "recent.eml"
    for path, age in ((stale, 15), (recent, 13)):
        path.write_bytes(b"To: x@example.org\n\nHi")
        when = (NOW - timedelta(days=age)).timestamp()
        os.utime(path, (when, when))
    return old, fresh, stale, recent


def test_purge_deletes_what_is_past_its_period(app, session):
    old, fresh, stale, recent = _world(session)
    result = app.test_cli_runner().invoke(args=["purge", "--now", NOW.isoformat()])
    assert result.exit_code == 0, result.output
    assert "1 sign-in records, 1 downloads, 2 finished jobs, 1 development mail files" \
        in result.output
    assert _count(session, UserSession) == 1
    assert _count(session, Job) == 2 and _count(session, Job, Job.status == PENDING) == 1
    assert [e.id for e in session.scalars(select(DataExport))] == [fresh.id]
    assert not (exports_path() / old.file_name).exists()
    assert (exports_path() / fresh.file_name).exists()
    assert not stale.exists() and recent.exists()
    again = app.test_cli_runner().invoke(args=["purge", "--now", NOW.isoformat()])
    assert "0 sign-in records, 0 downloads, 0 finished jobs, 0 development mail files" \
        in again.output


def test_the_periods_are_settings(app, session):
    _world(session)
    app.config.update(RETENTION_SIGN_INS_DAYS=30, RETENTION_JOBS_DAYS=100)
    result = app.test_cli_runner().invoke(args=["purge", "--now", NOW.isoformat()])
    assert "2 sign-in records, 1 downloads, 0 finished jobs" in result.output


def test_a_bad_time_is_refused(app):
    result = app.test_cli_runner().invoke(args=["purge", "--now", "next tuesday"])
    assert result.exit_code == 2 and "2026-03-02T12:00" in result.output


def test_the_config_documents_every_period():
    import forum.config as config  # noqa: PLC0415 - the module's docstring is what is read
    for name in ("EXPORT_DAYS", "RETENTION_SIGN_INS_DAYS", "RETENTION_IP_DAYS",
                 "RETENTION_OUTBOX_DAYS", "RETENTION_JOBS_DAYS"):
        assert f"``{name}``" in config.__doc__ and name in config.DEFAULTS
    assert Path(config.__file__).exists()
