"""What moderation announces, inside the transaction that did it.

Each signal is sent with the session as sender; the keyword arguments name what changed.
Other domains subscribe (the composition root connects them): notifications tells the
people affected.
"""
from __future__ import annotations

from blinker import signal

#: ``post_hidden.send(session, post=, actor=, reason=, now=, after_review=)``: a post was
#: hidden (``actor`` ``None``: by reports, pending review), or a moderator reviewed the
#: reports of a post they had hidden and it stays hidden (``after_review`` true)
post_hidden = signal("forum.moderation.post-hidden")
#: ``post_restored.send(session, post=, actor=, now=, after_review=)``: a hidden post is
#: visible again (``after_review``: a moderator dismissed the reports that hid it)
post_restored = signal("forum.moderation.post-restored")
#: ``thread_locked.send(session, thread=, actor=, reason=, now=)``
thread_locked = signal("forum.moderation.thread-locked")
#: ``user_suspended.send(session, user=, actor=, until=, reason=, now=)``
user_suspended = signal("forum.moderation.user-suspended")
#: ``suspension_lifted.send(session, user=, actor=, reason=, now=, by_appeal=)``
suspension_lifted = signal("forum.moderation.suspension-lifted")
#: ``reports_decided.send(session, post=, reporters=, upheld=, now=)``: a moderator upheld
#: or dismissed the open reports of a post; ``reporters`` are the ids of who reported it
reports_decided = signal("forum.moderation.reports-decided")
#: ``appeal_decided.send(session, appeal=, now=)``: an appeal was granted or refused
appeal_decided = signal("forum.moderation.appeal-decided")
#: ``report_opened.send(session, flag=, post=, now=)``: a post got its first open report
report_opened = signal("forum.moderation.report-opened")
#: ``appeal_opened.send(session, appeal=, now=)``: someone appealed a decision
appeal_opened = signal("forum.moderation.appeal-opened")
