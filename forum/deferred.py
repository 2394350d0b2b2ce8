"""Work done after the response was sent, so the visitor neither waits for it nor can time it.

:func:`after_response` attaches a task to the current response. The WSGI server runs it when
it closes the response, after the last byte went out, in a fresh app context with its own
database session: the task is called as ``task(session, *args, **kwargs)`` and committed when
it returns (the task flushes, like a service); an exception is logged and rolled back, never
shown to anyone. The worker is busy until the task ends, so tasks stay short (a lookup and an
email); longer work belongs in a job queue.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from flask import Flask, Response, after_this_request, current_app

from forum.db import db

log = logging.getLogger(__name__)


def after_response(task: Callable[..., Any], /, *args: Any, **kwargs: Any) -> None:
    """Run ``task(session, *args, **kwargs)`` once this request's response has been sent."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    @after_this_request
    def _attach(response: Response) -> Response:
        response.call_on_close(partial(run_task, app, task, args, kwargs))
        return response


def run_task(app: Flask, task: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    """Run one task in its own app context and session; commit, or log and roll back."""
    with app.app_context():
        try:
            task(db.session, *args, **kwargs)
            db.session.commit()
        except Exception:  # noqa: BLE001 - the response is gone; logging is all that is left
            db.session.rollback()
            log.exception("The task %s, run after a response, failed.", task.__qualname__)
