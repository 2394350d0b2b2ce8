"""Notification preferences: defaults, the settings page, the API, and notify() emailing only
those who chose "at once" (with a bounded number of queries)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.accounts.models import Role
from forum.jobs.models import Job
from forum.jobs.runner import run_due
from forum.notifications.kinds import KINDS
from forum.notifications.models import Notification
from forum.notifications.preferences import preferences_of, set_delivery, set_preferences
from forum.notifications.services import notify
from forum.errors import Invalid
from tests.conftest import NOW
from tests.factories import bearer, make_user
from tests.security.helpers import outbox

STAFF_KINDS = [kind.name for kind in KINDS if kind.staff]


def mail_jobs(session) -> list[Job]:  # noqa: ANN001
    """The queued ``mail.send`` jobs, oldest first."""
    return session.scalars(select(Job).where(Job.name == "mail.send").order_by(Job.id)).all()


# Defaults and choices -------------------------------------------------------------------------

def test_unset_kinds_use_their_defaults_and_staff_kinds_are_for_staff(session):
    citizen, councillor = make_user(session), make_user(session, role=Role.COUNCILLOR)
    mine = preferences_of(session, citizen)
    assert mine["reply"] == "at_once" and mine["followed_thread"] == "daily"
    assert not set(STAFF_KINDS) & set(mine)
    assert preferences_of(session, councillor)["point_overdue"] == "daily"


def test_a_choice_is_kept_and_saved_again_without_a_duplicate(session):
    user = make_user(session)
    set_preferences(session, user, {"reply": "weekly", "closing_soon": "in_app"})
    set_delivery(session, user.id, ["reply"], "daily")  # an upsert on (user, kind)
    chosen = preferences_of(session, user)
    assert chosen["reply"] == "daily" and chosen["closing_soon"] == "in_app"


@pytest.mark.parametrize(("choices", "field"), [
    ({"nonsense": "daily"}, "nonsense"),
    ({"reply": "hourly"}, "reply"),
    ({"point_overdue": "daily"}, "point_overdue"),  # a staff kind, for a citizen
])
def test_bad_choices_are_refused_naming_the_field(session, choices, field):
    with pytest.raises(Invalid) as error:
        set_preferences(session, make_user(session), choices)
    assert error.value.field == field


# The settings page ----------------------------------------------------------------------------

def test_the_page_shows_a_radio_group_per_kind_and_saves(client, login, session):
    user = make_user(session)
    session.commit()
    login(user)
    page = client.get("/account/notifications")
    assert page.status_code == 200
    html = page.text
    assert "<legend" in html and "Someone replied to your post." in html
    assert '<input checked id="reply-1" name="reply" required type="radio" value="at_once">' \
        in html
    assert "point_overdue" not in html  # staff kinds are not offered to citizens
    form = {kind: delivery for kind, delivery in preferences_of(session, user).items()}
    form["reply"] = "weekly"
    response = client.post("/account/notifications", data=form)
    assert response.status_code == 302
    assert preferences_of(session, user)["reply"] == "weekly"
    assert "Your notification settings are saved." in client.get("/account/notifications").text


def test_a_bad_choice_on_the_page_is_a_422_that_keeps_the_others(client, login, session):
    user = make_user(session)
    session.commit()
    login(user)
    form = dict(preferences_of(session, user), reply="hourly", mentioned="daily")
    response = client.post("/account/notifications", data=form)
    assert response.status_code == 422
    assert "There is a problem" in response.text
    assert 'checked id="mentioned-2" name="mentioned" required type="radio" value="daily"' \
        in response.text  # what was chosen is kept
    assert preferences_of(session, user)["mentioned"] == "at_once"  # nothing saved


def test_staff_see_staff_kinds_and_the_page_needs_a_sign_in(client, login, session):
    assert client.get("/account/notifications").status_code == 302
    moderator = make_user(session, role=Role.MODERATOR)
    session.commit()
    login(moderator)
    assert "A new report waits in the moderation queue." in client.get(
        "/account/notifications").text


# The API --------------------------------------------------------------------------------------

def test_the_api_reads_and_changes_preferences(client, session):
    user = make_user(session)
    session.commit()
    headers = bearer(user, session)
    body = client.get("/api/v1/account/notifications", headers=headers).json
    by_kind = {p["kind"]: p for p in body["preferences"]}
    assert by_kind["reply"]["delivery"] == by_kind["reply"]["default"] == "at_once"
    assert "point_overdue" not in by_kind and body["deliveries"][0] == "in_app"
    changed = client.patch("/api/v1/account/notifications", headers=headers,
                           json={"preferences": {"reply": "daily"}})
    assert changed.status_code == 200
    assert {p["kind"]: p["delivery"] for p in changed.json["preferences"]}["reply"] == "daily"
    assert preferences_of(session, user)["reply"] == "daily"


@pytest.mark.parametrize(("body", "status", "field"), [
    ({"preferences": {"reply": "sometimes"}}, 422, "reply"),
    ({"preferences": {"point_overdue": "daily"}}, 422, "point_overdue"),
    ({"preferences": []}, 422, "preferences"),
    ({}, 422, "preferences"),
])
def test_bad_api_changes_are_clear_errors(client, session, body, status, field):
    user = make_user(session)
    session.commit()
    response = client.patch("/api/v1/account/notifications", headers=bearer(user, session),
                            json=body)
    assert response.status_code == status
    assert response.json["error"]["field"] == field
    assert preferences_of(session, user)["reply"] == "at_once"


def test_the_api_needs_a_sign_in(client):
    assert client.get("/api/v1/account/notifications").status_code == 401
    assert client.patch("/api/v1/account/notifications",
                        json={"preferences": {"reply": "daily"}}).status_code == 401


# notify() and email ---------------------------------------------------------------------------

def test_notify_emails_only_those_who_chose_at_once(session):
    default, weekly, quiet = make_user(session), make_user(session), make_user(session)
    set_delivery(session, weekly.id, ["mentioned"], "weekly")
    set_delivery(session, quiet.id, ["mentioned"], "in_app")
    digest_kind_default = make_user(session)
    notify(session, [default.id, weekly.id, quiet.id], kind="mentioned", now=NOW,
           message="Sam mentioned you in “Buses”.", link="/threads/1")
    notify(session, [digest_kind_default.id], kind="followed_thread", now=NOW,
           message="A new argument in “Buses”.", link="/threads/1")
    assert [job.payload["to"] for job in mail_jobs(session)] == [default.email]
    assert session.scalar(select(Notification.id).where(
        Notification.user_id == quiet.id)) is not None  # still told in the forum


def test_notify_emails_no_unconfirmed_or_erased_address(session):
    confirmed, waiting = make_user(session), make_user(session, confirmed=False)
    erased = make_user(session)
    erased.erased_at = NOW
    notify(session, [confirmed.id, waiting.id, erased.id], kind="mentioned", now=NOW,
           message="Sam mentioned you in “Buses”.", link="/threads/1")
    assert [job.payload["to"] for job in mail_jobs(session)] == [confirmed.email]
    assert session.scalar(select(Notification.id).where(
        Notification.user_id == waiting.id)) is not None  # still told in the forum


@pytest.mark.parametrize("people", [3, 12])
def test_notify_reads_preferences_and_addresses_in_one_query(session, count_queries, people):
    users = [make_user(session) for _ in range(people)]
    for user in users[::2]:
        set_delivery(session, user.id, ["reply"], "daily")
    session.flush()
    with count_queries() as statements:
        notify(session, [u.id for u in users], kind="reply", now=NOW,
               message="Someone replied to your post.", link="/threads/1")
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    inserts = [s for s in statements if "INSERT INTO jobs" in s]
    assert len(selects) == 1
    assert len(inserts) == people // 2  # one job per at-once person, nothing else
    assert len(mail_jobs(session)) == people // 2


def test_the_email_has_both_parts_the_links_and_the_unsubscribe_headers(app, session):
    app.config["BASE_URL"] = "https://council.example/forum"
    user = make_user(session, name="Ana Lopez")
    notify(session, [user.id], kind="mentioned", now=NOW, link="/posts/5",
           message="Sam mentioned you in “Buses <first>”.")
    session.commit()
    assert run_due(session) == 1
    [message] = outbox(app)
    assert message["To"] == user.email
    assert message["Subject"] == "Sam mentioned you in “Buses <first>”."
    unsubscribe = message["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://council.example/forum/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for part in (text, html):
        assert "Civic Forum" in part and "Hello Ana Lopez" in part
        assert "https://council.example/forum/posts/5" in part
        assert "https://council.example/forum/account/notifications" in part
        assert unsubscribe.strip("<>") in part
    assert "Buses <first>" in text and "Buses &lt;first&gt;" in html
