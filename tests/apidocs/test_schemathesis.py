"""schemathesis against the live app, on SQLite and PostgreSQL, with a citizen's token: no
server error, and every documented answer matches its schema."""
from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from forum.db import utcnow
from tests.factories import bearer, make_post, make_thread, make_topic, make_user

#: examples per operation: enough to find a 500, small enough for about a minute per database
EXAMPLES = 8


def test_no_operation_fails_or_breaks_its_schema(app, session):
    citizen = make_user(session)
    topic = make_topic(session, slug="transport")
    thread = make_thread(session, topic=topic, now=utcnow())
    make_post(session, thread=thread, stance="for")
    headers = bearer(citizen, session)
    session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    checked = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case) -> None:  # noqa: ANN001
            response = case.call(headers=headers)
            session.rollback()  # what a refused request left behind, before the next one
            # Raises (naming the operation, the request and the check) on a failure.
            case.validate_response(response, checks=[not_a_server_error,
                                                     response_schema_conformance])
        run()
        checked += 1
    assert checked > 50
