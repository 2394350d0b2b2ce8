"""The status line at the top of a consultation: open, closed or not yet open, in words."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from forum.consultations.dates import format_when, remaining
from forum.consultations.models import Consultation
from forum.i18n import _
from forum.threads.models import Thread


@dataclass(frozen=True)
class Banner:
    """What the banner says: ``state`` is upcoming/open/closed; ``text`` the status line."""

    state: str
    text: str
    #: why it was closed early, when it was
    reason: str | None = None
    #: the closing time, for an upcoming consultation
    detail: str | None = None


def consultation_banner(thread: Thread, now: datetime, zone: ZoneInfo) -> Banner | None:
    """Describe a consultation's status at ``now`` in ``zone``; ``None`` for a discussion."""
    if not isinstance(thread, Consultation):
        return None
    state = thread.status(now)
    if state == "upcoming":
        return Banner(state, _("Opens on %(when)s", when=format_when(thread.opens_at, zone)),
                      detail=_("Closes on %(when)s", when=format_when(thread.closes_at, zone)))
    if state == "closed":
        return Banner(state, _("Closed on %(when)s", when=format_when(thread.closes_at, zone)),
                      reason=thread.closed_early_reason)
    return Banner(state, _("Open: closes in %(left)s (%(when)s)",
                           left=remaining(thread.closes_at - now),
                           when=format_when(thread.closes_at, zone, now)))


def short_status(thread: Thread, now: datetime, zone: ZoneInfo) -> str:
    """A one-line status for lists: "Open: closes in 3 days (…)", "Closed on …"."""
    banner = consultation_banner(thread, now, zone)
    return banner.text if banner else ""
