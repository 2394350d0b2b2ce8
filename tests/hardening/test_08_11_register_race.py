"""The same email registering twice at once: one account, and a 422 (never a 500) for the other."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from forum.accounts import services
from forum.accounts.models import User
from forum.db import utcnow
from forum.errors import Invalid
from forum.topics.models import Topic
from tests.factories import make_topic, make_user

TAKEN = "An account with this email address already exists. Sign in instead."


def _post_at_once(app, forms: list[dict], *, meet_after_check: bool) -> list[int]:  # noqa: ANN001
    """POST each form to /register from its own thread and client; return the statuses.

    With ``meet_after_check`` every request waits, after its "is this email free?" check,
    until all have checked: they all find it free, as when they really arrive together.
    """
    barrier = threading.Barrier(len(forms), timeout=20)
    statuses: list[int] = [0] * len(forms)
    original = services.find_user_by_email

    def checked_together(session, email):  # noqa: ANN001, ANN202
        found = original(session, email)
        barrier.wait()
        return found

    def send(index: int, form: dict) -> None:
        client = app.test_client()
        if not meet_after_check:
            barrier.wait()
        statuses[index] = client.post("/register", data=form).status_code

    if meet_after_check:
        services.find_user_by_email = checked_together
    try:
        threads = [threading.Thread(target=send, args=(i, f)) for i, f in enumerate(forms)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        services.find_user_by_email = original
    return statuses


def _form(email: str, name: str) -> dict:
    return {"email": email, "display_name": name, "password": "long-enough-pw"}


def _count_users(app) -> int:  # noqa: ANN001
    from forum.db import db
    db.session.remove()
    return db.session.scalar(select(func.count()).select_from(User))


def test_08_11_two_registrations_that_both_pass_the_check(fresh_app):
    statuses = _post_at_once(fresh_app, [_form("race@example.org", "First"),
                                         _form("Race@Example.org.", "Second")],
                             meet_after_check=True)
    assert sorted(statuses) == [302, 422]
    assert _count_users(fresh_app) == 1


def test_08_11_many_registrations_of_one_email_at_once(fresh_app):
    forms = [_form("crowd@example.org", f"Person {n}") for n in range(4)]
    statuses = _post_at_once(fresh_app, forms, meet_after_check=False)
    assert sorted(statuses) == [302, 422, 422, 422]
    assert _count_users(fresh_app) == 1


def test_08_11_a_lost_race_is_the_usual_invalid_and_keeps_the_transaction(session, monkeypatch):
    make_user(session, email="taken@example.org")
    topic = make_topic(session, title="Made earlier in the same transaction")
    # The other request inserted its row after our check: the check sees nothing.
    monkeypatch.setattr(services, "find_user_by_email", lambda *_args: None)
    with pytest.raises(Invalid) as error:
        services.register_user(session, email="taken@example.org", display_name="Late",
                               password="long-enough-pw", now=utcnow())
    assert error.value.field == "email" and error.value.message == TAKEN
    session.commit()  # only the losing insert was undone
    assert session.scalar(select(Topic.title).where(Topic.id == topic.id)) == topic.title
    assert session.scalar(select(func.count()).select_from(User)) == 1
