"""The same email registering twice at once: one account, and a "you already have an account"
note (never a 500) for the other."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from forum.accounts import confirmation, services
from forum.accounts.models import User
from forum.db import db, utcnow
from forum.jobs.models import DONE, Job
from forum.jobs.runner import perform
from forum.errors import Invalid
from forum.topics.models import Topic
from tests.factories import make_topic, make_user
from tests.security.helpers import deliver, outbox

TAKEN = "An account with this email address already exists. Sign in instead."


def _run_jobs_at_once(app, job_ids: list[int]) -> None:  # noqa: ANN001
    """Run each account job from its own thread and session; every job waits, after its
    "is this email free?" check, until all have checked: they all find it free, as when two
    registrations of one address are made at the same moment."""
    barrier = threading.Barrier(len(job_ids), timeout=20)
    original = confirmation.find_user_by_email
    waited = threading.local()

    def checked_together(session, email):  # noqa: ANN001, ANN202
        found = original(session, email)
        if not getattr(waited, "once", False):  # only the first look-up: the check itself
            waited.once = True
            barrier.wait()
        return found

    def run(job_id: int) -> None:
        with app.app_context():
            try:
                perform(db.session, job_id)
            finally:
                db.session.remove()

    confirmation.find_user_by_email = checked_together
    try:
        threads = [threading.Thread(target=run, args=(i,)) for i in job_ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        confirmation.find_user_by_email = original


def _form(email: str, name: str) -> dict:
    return {"email": email, "display_name": name, "password": "long-enough-pw"}


def _count_users(app) -> int:  # noqa: ANN001
    db.session.remove()
    return db.session.scalar(select(func.count()).select_from(User))


def _register_all(app, forms: list[dict]) -> list[int]:  # noqa: ANN001
    client = app.test_client()
    assert [client.post("/register", data=f).status_code for f in forms] == [200] * len(forms)
    db.session.remove()
    return list(db.session.scalars(select(Job.id).where(Job.name == "accounts.create")))


def test_08_11_two_registrations_that_both_pass_the_check(fresh_app):
    ids = _register_all(fresh_app, [_form("race@example.org", "First"),
                                    _form("Race@Example.org.", "Second")])
    _run_jobs_at_once(fresh_app, ids)
    assert _count_users(fresh_app) == 1
    statuses = [db.session.get(Job, i).status for i in ids]
    assert statuses == [DONE, DONE]  # the loser's job is not a failure: it sends the note
    deliver(db.session)
    subjects = sorted(m["Subject"] for m in outbox(fresh_app))
    assert len(subjects) == 2 and any("already have" in s for s in subjects) \
        and any("Confirm" in s for s in subjects)


def test_08_11_many_registrations_of_one_email_at_once(fresh_app):
    forms = [_form("crowd@example.org", f"Person {n}") for n in range(4)]
    _run_jobs_at_once(fresh_app, _register_all(fresh_app, forms))
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
