"""Every kind of notification, what a person may choose for it, and the default choice.

Each person chooses, per kind, how they hear of it (:data:`DELIVERIES`): in the forum only,
by email at once, or in a daily or weekly digest. A kind not yet chosen uses its default here.
Kinds about your own account (a hidden post, a suspension) are always shown in the forum; the
choice is only about email.
"""
from __future__ import annotations

from dataclasses import dataclass

from forum.i18n import _l

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
    Kind("reply", _l("Someone replied to your post."), AT_ONCE),
    Kind("mentioned", _l("Someone mentioned you."), AT_ONCE),
    Kind("cited", _l("A summary cites something you wrote."), AT_ONCE),
    Kind("council_responded", _l("The council answered a summary you took part in or follow."),
         AT_ONCE),
    Kind("point_update", _l("The council updated a point you are cited in or follow, or its due "
                            "date passed."), AT_ONCE),
    # what happens where you follow
    Kind("followed_thread", _l("A new argument or reply in a thread you follow."), DAILY),
    Kind("followed_topic", _l("A new thread or consultation in a topic you follow."), DAILY),
    Kind("followed_person", _l("A new contribution by a person you follow."), DAILY),
    Kind("closing_soon", _l("A consultation you follow closes in 48 hours."), AT_ONCE),
    Kind("summary_published", _l("A summary of a thread you took part in or follow was "
                                 "published or corrected."), DAILY),
    Kind("consultation_extended", _l("A consultation you took part in now closes later."), DAILY),
    Kind("consultation_closed", _l("A consultation you took part in was closed early."), DAILY),
    Kind("proposal_halfway", _l("A proposal you support or follow is half-way to its "
                                "threshold."), DAILY),
    Kind("proposal_reached", _l("A proposal you support or follow reached its threshold."),
         AT_ONCE),
    Kind("proposal_answered", _l("The council answered a proposal you support or follow."),
         AT_ONCE),
    Kind("proposal_updated", _l("The council posted an update on a proposal you support or "
                                "follow."), DAILY),
    # your own account and contributions (always in the forum too)
    Kind("post_hidden", _l("A moderator hid your post, or readers' reports did."), AT_ONCE),
    Kind("post_restored", _l("Your post is visible again."), DAILY),
    Kind("thread_locked", _l("A moderator locked your thread."), AT_ONCE),
    Kind("report_decided", _l("A moderator decided on your report."), DAILY),
    Kind("user_suspended", _l("Your account was suspended."), AT_ONCE),
    Kind("suspension_lifted", _l("Your suspension was lifted."), AT_ONCE),
    Kind("appeal_decided", _l("Your appeal was decided."), AT_ONCE),
    Kind("proposal_refused", _l("A moderator refused your proposal."), AT_ONCE),
    Kind("proposal_merged", _l("A proposal you support or follow was merged into another."),
         DAILY),
    # staff work
    Kind("report_waiting", _l("A new report waits in the moderation queue."), DAILY, staff=True),
    Kind("appeal_waiting", _l("An appeal waits for a decision."), DAILY, staff=True),
    Kind("summary_submitted", _l("A summary was submitted to the council."), DAILY, staff=True),
    Kind("proposal_qualified", _l("A proposal reached its support threshold."), DAILY, staff=True),
    Kind("point_overdue", _l("A point's promised update is overdue."), DAILY, staff=True),
)

BY_NAME = {kind.name: kind for kind in KINDS}


def default_delivery(name: str) -> str:
    """How a person hears of ``name`` until they choose (in the forum only if unknown)."""
    kind = BY_NAME.get(name)
    return kind.default if kind else IN_APP
