"""Send requests at the same moment from several threads (tests of races ask for ``fresh_app``)."""
from __future__ import annotations

import threading
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

#: how long a thread waits for the others at the starting line before the test fails
BARRIER_TIMEOUT = 30


def at_once(app: Flask, calls: list[Callable[[FlaskClient], TestResponse]],
            clients: list[FlaskClient] | None = None) -> list[TestResponse]:
    """Run each call with its own test client (``clients``, or new ones), all released together.

    Return the responses.
    """
    clients = clients or [app.test_client() for _ in calls]
    barrier = threading.Barrier(len(calls), timeout=BARRIER_TIMEOUT)
    responses: list[TestResponse | None] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[FlaskClient], TestResponse]) -> None:
        try:
            barrier.wait()
            responses[index] = call(clients[index])
        except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return [r for r in responses if r is not None]


def statuses(responses: list[TestResponse]) -> list[int]:
    """The status codes, sorted (the order the threads finished in is not the point)."""
    return sorted(r.status_code for r in responses)
