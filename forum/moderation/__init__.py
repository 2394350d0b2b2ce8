"""Moderation: reports (flags), hiding and restoring posts, locking threads, suspending
accounts, appeals, the append-only moderation log and the public transparency report."""
