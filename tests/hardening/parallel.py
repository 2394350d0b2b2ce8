"""Send requests at the same moment from threads (tests of races ask for ``fresh_app``)."""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

T = TypeVar("T")


def at_once(calls: list[Callable[[], T]], timeout: float = 60) -> list[T]:
    """Run every call in its own thread, all released together; return their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout)
            results[index] = calls[index]()
        except BaseException as error:  # noqa: BLE001 - re-raised in the calling thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    if errors:
        raise errors[0]
    return results


def requests_at_once(app: Flask, calls: list[Callable[[FlaskClient], TestResponse]],
                     clients: list[FlaskClient] | None = None) -> list[TestResponse]:
    """Run each call with its own test client (``clients``, or new ones), all released together."""
    clients = clients or [app.test_client() for _ in calls]
    return at_once([lambda call=call, client=client: call(client)
                    for call, client in zip(calls, clients, strict=True)])


def statuses(responses: list[TestResponse]) -> list[int]:
    """The status codes, sorted (the order the threads finished in is not the point)."""
    return sorted(r.status_code for r in responses)
