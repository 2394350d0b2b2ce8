"""Every kind of notification, what a person may choose for it, and the default choice.

Each person chooses, per kind, how they hear of it (:data:`DELIVERIES`): in the forum only,
by email at once, or in a daily or weekly digest. A kind not yet chosen uses its default here.
Kinds about your own account (a hidden post, a suspension) are always shown in the forum; the
choice is only about email.
"""
from __future__ import annotations

from dataclasses import dataclass

IN_APP = "in_app"
AT_ONCE = "at_once"
DAILY = "daily"
WEEKLY = "weekly"
#: the choices, in the order the settings page shows them
DELIVERIES = (IN_APP, AT_ONCE, DAILY, WEEKLY)


@dataclass(frozen=True)
class Kind:
    """One kind of notification: its name, a sentence for the settings page, its default."""

    name: str
    label: str
    default: str
    #: only staff hear of it (the settings page shows it to them alone)
    staff: bool = False


KINDS: tuple[Kind, ...] = (
    # what was said to or about you
    Kind("reply", "Someone replied to your post.", AT_ONCE),
    Kind("mentioned", "Someone mentioned you.", AT_ONCE),
    Kind("cited", "A summary cites something you wrote.", AT_ONCE),
    Kind("council_responded", "The council answered a summary you took part in or follow.",
         AT_ONCE),
    Kind("point_update", "The council updated a point you are cited in or follow, or its "
         "due date passed.", AT_ONCE),
    # what happens where you follow
    Kind("followed_thread", "A new argument or reply in a thread you follow.", DAILY),
    Kind("followed_topic", "A new thread or consultation in a topic you follow.", DAILY),
    Kind("followed_person", "A new contribution by a person you follow.", DAILY),
    Kind("closing_soon", "A consultation you follow closes in 48 hours.", AT_ONCE),
    Kind("summary_published", "A summary of a thread you took part in or follow was published "
         "or corrected.", DAILY),
    Kind("consultation_extended", "A consultation you took part in now closes later.", DAILY),
    Kind("consultation_closed", "A consultation you took part in was closed early.", DAILY),
    Kind("proposal_halfway", "A proposal you support or follow is half-way to its threshold.",
         DAILY),
    Kind("proposal_reached", "A proposal you support or follow reached its threshold.",
         AT_ONCE),
    Kind("proposal_answered", "The council answered a proposal you support or follow.",
         AT_ONCE),
    Kind("proposal_updated", "The council posted an update on a proposal you support or "
         "follow.", DAILY),
    # your own account and contributions (always in the forum too)
    Kind("post_hidden", "A moderator hid your post, or readers' reports did.", AT_ONCE),
    Kind("post_restored", "Your post is visible again.", DAILY),
    Kind("thread_locked", "A moderator locked your thread.", AT_ONCE),
    Kind("report_decided", "A moderator decided on your report.", DAILY),
    Kind("user_suspended", "Your account was suspended.", AT_ONCE),
    Kind("suspension_lifted", "Your suspension was lifted.", AT_ONCE),
    Kind("appeal_decided", "Your appeal was decided.", AT_ONCE),
    Kind("proposal_refused", "A moderator refused your proposal.", AT_ONCE),
    Kind("proposal_merged", "A proposal you support or follow was merged into another.",
         DAILY),
    # staff work
    Kind("report_waiting", "A new report waits in the moderation queue.", DAILY, staff=True),
    Kind("appeal_waiting", "An appeal waits for a decision.", DAILY, staff=True),
    Kind("summary_submitted", "A summary was submitted to the council.", DAILY, staff=True),
    Kind("proposal_qualified", "A proposal reached its support threshold.", DAILY, staff=True),
    Kind("point_overdue", "A point's promised update is overdue.", DAILY, staff=True),
)

BY_NAME = {kind.name: kind for kind in KINDS}


def default_delivery(name: str) -> str:
    """How a person hears of ``name`` until they choose (in the forum only if unknown)."""
    kind = BY_NAME.get(name)
    return kind.default if kind else IN_APP
