"""Outgoing mail: SMTP when ``MAIL_SERVER`` is set, else ``.eml`` files in ``instance/outbox/``.

Mail is never sent inside a request: :func:`queue_mail` writes a ``mail.send`` job in the
caller's transaction (:mod:`forum.jobs`), and the job sends it; a failed send raises, so the
job is tried again later. :func:`queue_template_mail` renders both parts from
``templates/mail/<name>.txt`` and ``.html`` first, inside the request, so the job carries
plain strings. The outbox lets developers (and tests) read what would have been sent.
"""
from __future__ import annotations

import logging
import smtplib
import uuid
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy.orm import Session

from forum.db import utcnow
from forum.jobs import enqueue, job
from forum.jobs.models import Job
from forum.urls import external_url

log = logging.getLogger(__name__)


def outbox_path() -> Path:
    """The folder development mail is written to."""
    return Path(current_app.instance_path) / "outbox"


def where_mail_goes() -> str:
    """A sentence saying where this app's mail goes (``make run`` prints it)."""
    config = current_app.config
    if config.get("MAIL_SERVER"):
        return (f"Mail is sent through the SMTP server {config['MAIL_SERVER']}:"
                f"{config['MAIL_PORT']}.")
    return (f"Mail is not sent: each message is written to {outbox_path()} as an .eml file "
            "(set FORUM_MAIL_SERVER to send it).")


def build_message(to: str, subject: str, body: str, *, html: str | None = None,
                  headers: dict[str, str] | None = None) -> EmailMessage:
    """A message from the forum's address: ``body`` as plain text, ``html`` as its
    alternative part, and any extra ``headers`` (e.g. ``List-Unsubscribe``)."""
    config = current_app.config
    name, address = parseaddr(config["MAIL_FROM"])
    message = EmailMessage()
    message["From"] = formataddr((name or config["SITE_NAME"], address))
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain=address.rpartition("@")[2] or None)
    for header, value in (headers or {}).items():
        message[header] = value
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


class MailNotSent(RuntimeError):
    """The SMTP server refused or could not be reached (the job will try again)."""


def deliver(message: EmailMessage) -> None:
    """Send ``message`` now (SMTP, or the outbox folder); raise :class:`MailNotSent` if not."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        folder = outbox_path()
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{utcnow():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
        (folder / name).write_bytes(bytes(message))
        return
    connect = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
    try:
        with connect(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=15) as smtp:
            if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailNotSent(f"The mail {message['Subject']!r} to {message['To']} could not be "
                          f"sent: {type(error).__name__}: {error}") from error


def send_mail(to: str, subject: str, body: str, *, html: str | None = None,
              headers: dict[str, str] | None = None) -> bool:
    """Send an email now; return whether it went (failures are logged, not raised)."""
    try:
        deliver(build_message(to, subject, body, html=html, headers=headers))
    except MailNotSent:
        log.exception("Could not send mail %r", subject)
        return False
    return True


def render_mail(template: str, **context: Any) -> tuple[str, str]:
    """Render ``mail/<template>.txt`` and ``mail/<template>.html``: (plain text, HTML).

    Both get ``site_name``, ``home_url`` and ``external_url`` (links from ``BASE_URL``); the
    HTML extends ``mail/base.html``, the text ``mail/base.txt`` (the name and a footer).
    """
    context = {"site_name": current_app.config["SITE_NAME"],
               "home_url": current_app.config["BASE_URL"].rstrip("/") + "/",
               "external_url": external_url, **context}
    # the templates alone, without the page's context processors: a job has no request
    env = current_app.jinja_env
    return (env.get_template(f"mail/{template}.txt").render(context),
            env.get_template(f"mail/{template}.html").render(context))


def queue_mail(session: Session, to: str, subject: str, body: str, *, html: str | None = None,
               headers: dict[str, str] | None = None) -> Job:
    """Send an email once ``session``'s transaction commits (as a job; see :func:`send_mail`)."""
    return enqueue(session, "mail.send", to=to, subject=subject, body=body, html=html,
                   headers=headers or {})


def queue_template_mail(session: Session, to: str, template: str, subject: str, *,
                        headers: dict[str, str] | None = None, **context: Any) -> Job:
    """Render ``template``'s two parts now (see :func:`render_mail`) and queue the email."""
    body, html = render_mail(template, subject=subject, **context)
    return queue_mail(session, to, subject, body, html=html, headers=headers)


@job("mail.send")
def _send_job(_session: Session, *, to: str, subject: str, body: str, html: str | None = None,
              headers: dict[str, str] | None = None) -> None:
    deliver(build_message(to, subject, body, html=html, headers=headers))
