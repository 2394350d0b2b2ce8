"""Moderation: reports (flags), hiding and restoring posts, locking threads, suspending
accounts, appeals, the append-only moderation log and the public transparency report."""

from forum.moderation import audit as _audit  # noqa: E402,F401  (connects the log's listeners)
