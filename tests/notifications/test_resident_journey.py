"""The journey the notifications issue is done by, end to end, through a real SMTP server:
a resident follows a consultation, is emailed when it is about to close, gets a digest of new
arguments, an email when the summary cites them and one when the council answers the point
citing them, and unsubscribes from one kind with one click. It runs through the RQ worker on
Redis and through the in-process runner, on both databases."""
from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forum.consultations.services import post_consultation
from forum.db import db, utcnow
from forum.deferred import wait_for_tasks
from forum.jobs.models import PENDING, RUNNING, Job
from forum.jobs.queue import work
from forum.notifications import follows
from forum.notifications.email_models import NotificationPreference
from forum.notifications.models import FollowKind
from forum.notifications.services import notify
from forum.accounts.models import User
from forum.summaries import services as summaries
from forum.summaries.models import Summary
from forum.threads.models import Thread
from tests.factories import make_post, make_topic, make_user
from tests.jobs.conftest import rq_app, thread_runner  # noqa: F401
from tests.mail.conftest import smtp_server  # noqa: F401
from tests.summaries.conftest import people  # noqa: F401
from tests.summaries.helpers import answer_all


@pytest.fixture(params=["rq", "thread"])
def runner(request):  # noqa: ANN001, ANN201
    """Deliver queued jobs as production does: the RQ worker on Redis, or the in-process pool."""
    if request.param == "rq":
        app = request.getfixturevalue("rq_app")
        return lambda: work(app, burst=True)  # ends with the session removed, as a worker does
    app = request.getfixturevalue("thread_runner")

    def settle() -> None:  # the pool and its sweep may both hold a job: wait for the rows
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            wait_for_tasks()
            with app.app_context(), Session(db.engine) as own:
                busy = own.scalar(select(func.count()).select_from(Job).where(
                    Job.status.in_((PENDING, RUNNING)), Job.run_after <= utcnow()))
            if not busy:
                return
            time.sleep(0.05)
    return settle


def _to(inbox, address: str) -> list:  # noqa: ANN001
    return [m for m in inbox.messages if m["To"].endswith(f"<{address}>") or m["To"] == address]


def _run_cron(app, now) -> None:  # noqa: ANN001
    result = app.test_cli_runner().invoke(args=["send-digests", "--now", now.isoformat()])
    assert result.exit_code == 0, result.output


def test_a_resident_hears_back_at_every_step_and_unsubscribes_in_one_click(
        fresh_app, session, client, people, smtp_server, runner):  # noqa: ANN001, F811
    inbox, now = smtp_server, utcnow()
    councillor, moderator = people["councillor"], people["moderator"]
    sam, neighbour = make_user(session, name="Sam Follows"), make_user(session, name="Nia Next")
    consultation = post_consultation(
        session, councillor, make_topic(session), title="Late buses on the 42",
        question="Should the 42 run until midnight?", body="Background.",
        opens_at=now - timedelta(days=5), closes_at=now + timedelta(hours=40),
        now=now - timedelta(days=5))
    follows.follow(session, sam, FollowKind.THREAD, consultation.id, now=now - timedelta(days=4))
    sams = make_post(session, thread=consultation, author=sam, stance="for",
                     body="Night shifts at the hospital need the 42.", now=now - timedelta(days=3))
    make_post(session, thread=consultation, author=neighbour, stance="against",
              body="The money is better spent on daytime buses.", now=now - timedelta(hours=6))
    session.commit()

    ids = {"sam": sam.id, "councillor": councillor.id, "moderator": moderator.id,
           "thread": consultation.id, "post": sams.id}
    email = sam.email

    def reload() -> None:  # the worker's session ended: read the people and things again
        nonlocal sam, councillor, moderator, consultation
        sam, councillor, moderator = (session.get(User, ids[k])
                                      for k in ("sam", "councillor", "moderator"))
        consultation = session.get(Thread, ids["thread"])

    _run_cron(fresh_app, now)  # closing within 48 hours, and the daily digest
    runner()
    reload()
    closing = [m for m in _to(inbox, email) if "closes" in m["Subject"]]
    assert len(closing) == 1 and "Late buses on the 42" in closing[0]["Subject"]
    [digest] = [m for m in _to(inbox, email) if "digest" in m["Subject"]]
    assert "Late buses on the 42" in digest.get_body(("plain",)).get_content()
    assert "Nia Next" in digest.get_body(("plain",)).get_content()

    later = now + timedelta(days=2)  # the consultation has closed
    summary = summaries.create_summary(
        session, moderator, consultation, now=later,
        body=f"## For\n\nShift workers need late buses [#{ids['post']}].")
    summaries.publish_summary(session, moderator, summary, now=later)
    session.commit()
    summary_id = summary.id
    runner()
    reload()
    summary = session.get(Summary, summary_id)
    cited = [m for m in _to(inbox, email) if "cites" in m.get_body(("plain",)).get_content()
             or "cited" in m["Subject"].lower()]
    assert len(cited) == 1, [m["Subject"] for m in _to(inbox, email)]

    summaries.submit_summary(session, moderator, summary, now=later + timedelta(hours=1))
    answer_all(session, councillor, summary, now=later + timedelta(hours=2))
    session.commit()
    runner()
    reload()
    summary = session.get(Summary, summary_id)
    answered = [m for m in _to(inbox, email) if "council" in m["Subject"].lower()]
    assert len(answered) == 1, [m["Subject"] for m in _to(inbox, email)]
    body = answered[0].get_body(("plain",)).get_content()
    assert f"#point-{summary.points[0].id}" in body  # straight to the point that cites them

    # one click, as a mail client sends it: no session, no CSRF token
    header = answered[0]["List-Unsubscribe"]
    assert answered[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = urlsplit(header.strip("<>"))
    path = url.path.removeprefix(urlsplit(fresh_app.config["BASE_URL"]).path)
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    session.expire_all()
    chosen = session.scalar(select(NotificationPreference.delivery).where(
        NotificationPreference.user_id == ids["sam"],
        NotificationPreference.kind == "council_responded"))
    assert chosen == "in_app"
    before = len(_to(inbox, email))
    notify(session, [ids["sam"]], kind="council_responded", now=later, link="/outcomes",
           message="The council responded again.")
    notify(session, [ids["sam"]], kind="cited", now=later, link="/outcomes",
           message="Another summary cites you.")
    session.commit()
    runner()
    after = _to(inbox, email)[before:]
    assert [m["Subject"] for m in after] and all("council" not in m["Subject"].lower()
                                                 for m in after)  # the other kind still comes
