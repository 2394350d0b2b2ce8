"""Server errors: a generic page or JSON error with a reference that is also in the log."""
from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import text

from forum.db import db

pytestmark = pytest.mark.own_app  # the tests add failing routes to their app


@pytest.fixture
def broken(app):  # noqa: ANN001
    """Routes that fail, registered only on this test app."""
    def boom():
        raise RuntimeError("secret internal detail in the traceback")

    def bad_sql():
        db.session.execute(text("SELECT password_hash FROM no_such_table WHERE id = 1"))

    app.add_url_rule("/test-only/boom", "test_boom", boom)
    app.add_url_rule("/test-only/sql", "test_sql", bad_sql)
    app.add_url_rule("/api/v1/test-only/boom", "test_api_boom", boom)
    return app


@pytest.mark.parametrize("path", ["/test-only/boom", "/test-only/sql"])
def test_html_server_error_is_generic_with_a_logged_reference(broken, client, caplog, path):
    with caplog.at_level(logging.ERROR, logger="forum.errors"):
        response = client.get(path)
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Sorry, something went wrong" in page
    reference = re.search(r"reference <strong>([0-9a-f]{12})</strong>", page).group(1)
    for leak in ("Traceback", "RuntimeError", "secret internal detail", "SELECT",
                 "no_such_table", "password_hash", 'File "'):
        assert leak not in page
    logged = [r for r in caplog.records if reference in r.getMessage()]
    assert logged and logged[0].exc_info is not None  # the log has the details


def test_api_server_error_is_json_with_a_reference(broken, client, caplog):
    with caplog.at_level(logging.ERROR, logger="forum.errors"):
        response = client.get("/api/v1/test-only/boom")
    assert response.status_code == 500
    error = response.get_json()["error"]
    assert error["code"] == "server_error"
    assert re.fullmatch(r"[0-9a-f]{12}", error["reference"])
    assert "secret internal detail" not in response.get_data(as_text=True)
    assert any(error["reference"] in r.getMessage() for r in caplog.records)


def test_the_database_session_is_usable_after_an_error(broken, client):
    assert client.get("/test-only/sql").status_code == 500
    assert client.get("/").status_code == 200
