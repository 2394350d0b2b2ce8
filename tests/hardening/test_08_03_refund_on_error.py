"""Issue 8, item 3: the refund runs on answers a view raised and on 429s, not only on returns."""
from __future__ import annotations

import pytest
from flask_login import login_required

from forum.errors import NotFound
from forum.limits import flag_limit
from tests.factories import make_user
from tests.security.conftest import TEST_LIMITS


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    """Limits on (2 flags per minute)."""
    return {**app_config, **TEST_LIMITS}


def test_08_03_a_refused_flag_raised_by_the_view_is_taken_back(app, client, session, login):
    outcomes = iter(["missing"] * 4 + ["ok"] * 3)

    @login_required
    @flag_limit
    def fake_flag():
        if next(outcomes) == "missing":
            raise NotFound("There is no post at this address.")
        return "flagged", 201

    app.add_url_rule("/test-only/flag-or-raise", "test_only_flag_or_raise", fake_flag,
                     methods=["POST"])
    user = make_user(session)
    session.commit()
    login(user)
    codes = [client.post("/test-only/flag-or-raise").status_code for _ in range(7)]
    assert codes == [404] * 4 + [201, 201, 429]
