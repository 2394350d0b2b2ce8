"""The notification emails: one notification at once, or a digest; text and HTML parts from
``templates/mail/``, the RFC 8058 one-click unsubscribe headers, absolute links only."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app, render_template
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.i18n import Deferred, _, recipient_locale
from forum.mail import queue_mail
from forum.notifications.unsubscribe import digest_scope, unsubscribe_url
from forum.urls import external_url

#: the longest subject line; a longer message is cut at a word and ends with "…"
SUBJECT_LENGTH = 120


@dataclass(frozen=True)
class DigestGroup:
    """The notifications of one thread (or of none: ``title`` is ``None``) in a digest."""

    title: str | None
    link: str | None
    #: (message, absolute link); the message is translated when the mail is written
    items: Sequence[tuple[Deferred | str, str]]


def absolute(link: str) -> str:
    """A site-relative link made absolute on the configured ``BASE_URL``."""
    base = current_app.config["BASE_URL"].rstrip("/")
    return base + (link if link.startswith("/") else "/" + link)


def _subject(text: str) -> str:
    text = " ".join(text.split())  # a header is one line
    if len(text) <= SUBJECT_LENGTH:
        return text
    return text[:SUBJECT_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def _headers(unsubscribe: str) -> dict[str, str]:
    return {"List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _queue(session: Session, user: User, subject: str, template: str, unsubscribe: str,
           **context: Any) -> None:
    context.update(user=user, site=current_app.config["SITE_NAME"], unsubscribe=unsubscribe,
                   preferences=external_url("notifications.preferences"))
    with recipient_locale(user.language):  # a job has no request: the recipient's language
        text = render_template(f"mail/{template}.txt", **context)
        html = render_template(f"mail/{template}.html", **context)
    queue_mail(session, user.email, subject, text, html=html, headers=_headers(unsubscribe))


def queue_notification(session: Session, user: User, *, kind: str, label: object,
                       message: Deferred | str, link: str) -> None:
    """Email ``user`` one notification now (after commit), with its kind's unsubscribe link,
    in their language (``label``, the kind's, and ``message`` are translated for them)."""
    with recipient_locale(user.language):
        text, label = str(message), str(label)
    _queue(session, user, _subject(text), "notification", unsubscribe_url(user.id, kind),
           message=text, link=absolute(link), kind_label=label)


def queue_digest(session: Session, user: User, *, period: str,
                 groups: Sequence[DigestGroup], count: int) -> None:
    """Email ``user`` their ``period`` digest of ``count`` notifications in ``groups``."""
    site = current_app.config["SITE_NAME"]
    with recipient_locale(user.language):
        subject = (_("Your daily digest from %(site)s", site=site) if period == "daily"
                   else _("Your weekly digest from %(site)s", site=site))
    _queue(session, user, subject, "digest", unsubscribe_url(user.id, digest_scope(period)),
           period=period, groups=groups, count=count)
