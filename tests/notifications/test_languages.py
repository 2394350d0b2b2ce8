"""Notifications speak their reader's language, whoever caused them: the page, the API, the
"at once" email and the digest translate the stored msgid for the one who reads it."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask_babel import force_locale
from sqlalchemy import select

from forum.council.models import Decision
from forum.i18n import Deferred, deferred
from forum.jobs.runner import run_due
from forum.notifications.digests import send_digests
from forum.notifications.models import Notification
from forum.notifications.services import notify
from forum.timefmt import deferred_time
from tests.factories import bearer, make_post, make_user
from tests.security.helpers import outbox

WELSH_REPLY = "Atebodd Ben Reader eich neges yn “Buses on Sundays?”."
ENGLISH_REPLY = "Ben Reader replied to your post in “Buses on Sundays?”."


def _reply_in_english(client, session, forum) -> Notification:  # noqa: ANN001
    """Ben, reading in English, replies through the API to Ana, who reads Welsh."""
    forum.ana.language = "cy"
    forum.ana.email = "ana.cy@example.org"
    argument = make_post(session, thread=forum.thread, author=forum.ana, stance="for")
    session.commit()
    response = client.post(f"/api/v1/threads/{forum.thread.id}/posts",
                           headers={**bearer(forum.ben, session), "Accept-Language": "en"},
                           json={"body": "Not on my route.", "parent_id": argument.id})
    assert response.status_code == 201, response.json
    return session.scalars(select(Notification).where(Notification.kind == "reply")).one()


def test_a_welsh_reader_sees_an_english_actors_reply_in_welsh(client, login, session,
                                                               forum):  # noqa: ANN001
    note = _reply_in_english(client, session, forum)
    assert note.user_id == forum.ana.id
    assert note.message == ENGLISH_REPLY  # the site's default language, for search
    assert note.message_key == "%(name)s replied to your post in “%(title)s”."
    login(forum.ana)
    page = client.get("/notifications").get_data(as_text=True)
    assert WELSH_REPLY in page and ENGLISH_REPLY not in page
    listed = client.get("/api/v1/notifications", headers=bearer(forum.ana, session)).json
    assert [n["message"] for n in listed["notifications"]] == [WELSH_REPLY]


def test_each_reader_of_one_notification_sees_their_own_language(client, login, session,
                                                                 forum):  # noqa: ANN001
    forum.cat.language = "en"
    forum.ana.language = "cy"
    notify(session, [forum.ana.id, forum.cat.id], kind="followed_thread", link="/threads/1",
           now=datetime.now(UTC), message=deferred("%(name)s replied in “%(title)s”.",
                                                   name="Ben Reader", title="Buses"))
    session.commit()
    login(forum.cat)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Ben Reader replied in “Buses”." in page
    login(forum.ana)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Atebodd Ben Reader yn “Buses”." in page and "replied in" not in page


def test_the_at_once_email_to_a_welsh_reader_is_in_welsh(app, client, session,
                                                         forum):  # noqa: ANN001
    _reply_in_english(client, session, forum)
    run_due(session)
    mails = [m for m in outbox(app) if m["To"] == "ana.cy@example.org"]
    assert len(mails) == 1
    assert mails[0]["Subject"] == WELSH_REPLY
    body = mails[0].get_body(("plain",)).get_content()
    assert WELSH_REPLY in body and ENGLISH_REPLY not in body


def test_a_digest_is_in_its_recipients_language(app, session, forum):  # noqa: ANN001
    now = datetime(2026, 12, 1, 8, tzinfo=UTC)
    welsh = make_user(session, email="digest.cy@example.org")
    welsh.language = "cy"
    notify(session, [welsh.id], kind="followed_thread", link=f"/threads/{forum.thread.id}",
           now=now - timedelta(hours=2), message=deferred(
               "%(name)s replied to your post in “%(title)s”.", name="Ben Reader",
               title="Buses on Sundays?"))
    assert send_digests(session, now=now)["daily"] == 1
    run_due(session)
    mails = [m for m in outbox(app) if m["To"] == "digest.cy@example.org"]
    assert len(mails) == 1
    assert WELSH_REPLY in mails[0].get_body(("plain",)).get_content()


def test_an_old_row_with_only_its_message_still_shows(client, login, session,
                                                      forum):  # noqa: ANN001
    forum.ana.language = "cy"
    session.add(Notification(user_id=forum.ana.id, kind="reply", link="/threads/1",
                             message="Written before notifications were translated."))
    session.commit()
    login(forum.ana)
    assert "Written before notifications were translated." in \
        client.get("/notifications").get_data(as_text=True)
    listed = client.get("/api/v1/notifications", headers=bearer(forum.ana, session)).json
    assert listed["notifications"][0]["message"] == \
        "Written before notifications were translated."


def test_a_deferred_message_survives_json_with_a_label_and_a_date(app):  # noqa: ANN001
    said = deferred("The council responded to the summary of “%(title)s”: %(decision)s.",
                    title="Buses", decision=Decision.AGREED.message)
    again = Deferred.from_json(said.msgid, said.params_json())
    assert again == said
    with force_locale("en"):
        assert str(again) == "The council responded to the summary of “Buses”: Agreed."
    with force_locale("cy"):
        assert str(again) == "Ymatebodd y cyngor i’r crynodeb o “Buses”: Cytunwyd."
    until = deferred("Your account is suspended until %(until)s: %(reason)s You can still "
                     "read the forum, and you can appeal.",
                     until=deferred_time(date(2026, 12, 3), "date"), reason="Spam.")
    stored = Deferred.from_json(until.msgid, until.params_json())
    with force_locale("en"):
        assert "until 3 December 2026: Spam." in str(stored)
    with force_locale("cy"):
        assert str(stored).startswith("Mae eich cyfrif wedi’i atal tan 3 Rhagfyr 2026: Spam.")
