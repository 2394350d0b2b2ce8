"""Outgoing mail: SMTP when ``MAIL_SERVER`` is set, else ``.eml`` files in ``instance/outbox/``.

Mail is never sent inside a request: :func:`queue_mail` writes a ``mail.send`` job in the
caller's transaction (:mod:`forum.jobs`), and the job sends it; a failed send raises, so the
job is tried again later. The outbox lets developers (and tests) read what would have been
sent.
"""
from __future__ import annotations

import logging
import smtplib
import uuid
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app
from sqlalchemy.orm import Session

from forum.db import utcnow
from forum.jobs import enqueue, job
from forum.jobs.models import Job

log = logging.getLogger(__name__)


def outbox_path() -> Path:
    """The folder development mail is written to."""
    return Path(current_app.instance_path) / "outbox"


def build_message(to: str, subject: str, body: str, *, html: str | None = None,
                  headers: dict[str, str] | None = None) -> EmailMessage:
    """A message from the forum's address: ``body`` as plain text, ``html`` as its
    alternative part, and any extra ``headers`` (e.g. ``List-Unsubscribe``)."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain=config["MAIL_FROM"].rpartition("@")[2] or None)
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


def send_mail(to: str, subject: str, body: str, *, html: str | None = None,
              headers: dict[str, str] | None = None) -> bool:
    """Send an email now; return whether it went (failures are logged, not raised)."""
    message = build_message(to, subject, body, html=html, headers=headers)
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        folder = outbox_path()
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{utcnow():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
        (folder / name).write_bytes(bytes(message))
        return True
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=15) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        log.exception("Could not send mail %r", subject)
        return False
    return True


class MailNotSent(RuntimeError):
    """The SMTP server refused or could not be reached (the job will try again)."""


def queue_mail(session: Session, to: str, subject: str, body: str, *, html: str | None = None,
               headers: dict[str, str] | None = None) -> Job:
    """Send an email once ``session``'s transaction commits (as a job; see :func:`send_mail`)."""
    return enqueue(session, "mail.send", to=to, subject=subject, body=body, html=html,
                   headers=headers or {})


@job("mail.send")
def _send_job(_session: Session, *, to: str, subject: str, body: str, html: str | None = None,
              headers: dict[str, str] | None = None) -> None:
    if not send_mail(to, subject, body, html=html, headers=headers):
        raise MailNotSent(f"The mail {subject!r} to {to} could not be sent.")
