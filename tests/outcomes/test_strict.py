"""The closed-consultation journey with CSRF and rate limits on, as in production."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from forum.consultations.services import close_consultation, post_consultation
from forum.db import utcnow
from tests.factories import make_topic


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    """CSRF protection and rate limits on."""
    return {**app_config, "WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": True}


def test_an_argument_sent_after_closing_is_kept_and_says_what_happens_next(client, login,
                                                                            session, people):
    now = utcnow()
    thread = post_consultation(session, people["councillor"], make_topic(session),
                               title="Late night buses", question="Should buses run later?",
                               body="B.", now=now - timedelta(days=2),
                               closes_at=now + timedelta(days=3))
    session.commit()
    signed_in = login(people["citizen"])
    page = signed_in.get(f"/threads/{thread.id}").text
    assert '<a href="#contribute">Add your argument</a>' in page
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    close_consultation(session, people["councillor"], thread, reason="The budget is set.",
                       now=utcnow())
    session.commit()
    sent = signed_in.post(f"/threads/{thread.id}/posts",
                          data={"csrf_token": token, "stance": "for",
                                "body": "Buses until two in the morning, please."})
    assert sent.status_code == 403
    assert "Buses until two in the morning, please." in sent.text  # nothing typed is lost
    assert "see what happens next</a>: a moderator is writing a summary" in sent.text
    assert "to take part" not in sent.text and "jump-to-form" not in sent.text
