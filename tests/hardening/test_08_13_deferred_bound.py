"""Issue 8, item 13: tasks run after a response wait in a bounded queue."""
from __future__ import annotations

import logging
import threading

import forum.deferred as deferred


def test_08_13_a_flood_of_tasks_is_dropped_past_the_bound(app, monkeypatch, caplog):
    monkeypatch.setattr(deferred, "MAX_PENDING", 3)
    release, ran = threading.Event(), []

    def slow(task_session, n: int) -> None:  # noqa: ANN001
        release.wait(10)
        ran.append(n)
    try:
        with caplog.at_level(logging.WARNING, logger="forum.deferred"):
            for n in range(10):
                deferred._submit(app, slow, (n,), {})
        assert len(deferred._pending) == 3
        assert "dropped" in caplog.text
    finally:
        release.set()
        deferred.wait_for_tasks()
    assert sorted(ran) == [0, 1, 2] and not deferred._pending
