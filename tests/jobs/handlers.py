"""Job handlers for the tests: one that records its payload, one that always fails, and one
that fails once then works."""
from __future__ import annotations

from forum import jobs

CALLS: list[dict] = []
#: how many times ``test.flaky`` has been called
FLAKY: list[int] = []


@jobs.job("test.record")
def _record(_session, **payload) -> None:  # noqa: ANN001, ANN003
    CALLS.append(payload)


@jobs.job("test.fail")
def _fail(_session, **_payload) -> None:  # noqa: ANN001, ANN003
    raise RuntimeError("the test says no")


@jobs.job("test.flaky")
def _flaky(_session, **payload) -> None:  # noqa: ANN001, ANN003
    FLAKY.append(1)
    if len(FLAKY) == 1:
        raise RuntimeError("not this time")
    CALLS.append(payload)
