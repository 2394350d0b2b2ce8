"""Work done after the response was sent, so the visitor neither waits for it nor can time it.

:func:`after_response` attaches a task to the current response. When the WSGI server closes
the response (after the last byte went out) the task goes to a small thread pool, so the
server also closes the connection at once: neither the body nor the connection's end reveals
how long the task takes. The task runs in a fresh app context with its own database session:
it is called as ``task(session, *args, **kwargs)`` and committed when it returns (the task
flushes, like a service); an exception is logged and rolled back, never shown to anyone.
Tasks stay short (a lookup and an email); longer work belongs in a job queue. Each process
starts its own pool on first use, so forked workers never share one.
"""
from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from functools import partial
from typing import Any

from flask import Flask, Response, after_this_request, current_app

from forum.db import db

log = logging.getLogger(__name__)

#: threads per process running tasks; more tasks wait in the pool's queue
WORKERS = 2
#: tasks a process holds at most (running or waiting); more are dropped and logged, so a
#: flood of requests from many addresses cannot grow the queue without end
MAX_PENDING = 1000

_lock = threading.Lock()
_pool: tuple[int, ThreadPoolExecutor] | None = None
_pending: set[Future] = set()


def after_response(task: Callable[..., Any], /, *args: Any, **kwargs: Any) -> None:
    """Run ``task(session, *args, **kwargs)`` once this request's response has been sent."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    @after_this_request
    def _attach(response: Response) -> Response:
        response.call_on_close(partial(_submit, app, task, args, kwargs))
        return response


def submit(app: Flask, task: Callable[..., Any], /, *args: Any, **kwargs: Any) -> None:
    """Run ``task(session, *args, **kwargs)`` soon in this process's pool (no response needed)."""
    _submit(app, task, args, kwargs)


def wait_for_tasks(timeout: float = 30) -> None:
    """Block until every task queued so far has finished (for tests and scripts)."""
    with _lock:
        pending = list(_pending)
    wait(pending, timeout=timeout)


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _lock:
        if _pool is None or _pool[0] != os.getpid():  # first use in this (forked) process
            _pool = (os.getpid(), ThreadPoolExecutor(WORKERS, "after-response"))
        return _pool[1]


def _submit(app: Flask, task: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    executor = _executor()
    with _lock:
        if len(_pending) >= MAX_PENDING:
            log.warning("The task %s was dropped: %d tasks are already waiting.",
                        task.__qualname__, len(_pending))
            return
        future = executor.submit(run_task, app, task, args, kwargs)
        _pending.add(future)
    future.add_done_callback(_forget)  # at once if the task is already done


def _forget(future: Future) -> None:
    with _lock:
        _pending.discard(future)


def run_task(app: Flask, task: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    """Run one task in its own app context and session; commit, or log and roll back."""
    with app.app_context():
        try:
            task(db.session, *args, **kwargs)
            db.session.commit()
        except Exception:  # noqa: BLE001 - the response is gone; logging is all that is left
            db.session.rollback()
            log.exception("The task %s, run after a response, failed.", task.__qualname__)
