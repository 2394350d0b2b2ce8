"""The world the authorisation matrix acts on: every object built on first use, owned by
people other than the actor (so the matrix also proves nobody acts on what is not theirs)."""
from __future__ import annotations

from datetime import timedelta
from functools import cached_property

from forum.accounts.models import Role, User
from forum.db import utcnow
from forum.notifications.services import notify
from tests.factories import make_post, make_thread, make_topic, make_user

SUMMARY_TEXT = "The debate weighed cost against access. Most arguments favoured a trial."


class World:
    """Objects for the matrix; each property builds its object once, through the services."""

    def __init__(self, session, actor: User | None) -> None:  # noqa: ANN001
        self.session = session
        self.actor = actor
        self.now = utcnow()

    # --- people ---------------------------------------------------------------------------
    @cached_property
    def citizen(self) -> User:
        """Another citizen: author of the posts and threads acted on."""
        return make_user(self.session, email="other@example.org", name="Other Citizen")

    @cached_property
    def moderator(self) -> User:
        """Another moderator (summaries, hidden posts, suspensions are theirs)."""
        return make_user(self.session, role=Role.MODERATOR, name="Other Moderator")

    @cached_property
    def councillor(self) -> User:
        """Another councillor (consultations and council responses are theirs)."""
        return make_user(self.session, role=Role.COUNCILLOR, name="Other Councillor")

    # --- background jobs ------------------------------------------------------------------
    @cached_property
    def failed_job(self):  # noqa: ANN201
        """A mail job that kept failing (the admin's failed-jobs page)."""
        from forum.jobs.models import FAILED
        from forum.mail import queue_mail
        job = queue_mail(self.session, "someone@example.org", "Hello", "Words.\n")
        job.status, job.attempts, job.last_error = FAILED, 5, "MailNotSent: refused"
        self.session.flush()
        return job

    # --- topics, threads, posts -----------------------------------------------------------
    @cached_property
    def topic(self):  # noqa: ANN201
        return make_topic(self.session, slug="transport", title="Transport")

    @cached_property
    def thread(self):  # noqa: ANN201
        return make_thread(self.session, author=self.citizen, topic=self.topic,
                           title="Car-free High Street on Saturdays?")

    @cached_property
    def post(self):  # noqa: ANN201
        return make_post(self.session, thread=self.thread, author=self.citizen,
                         body="Footfall rose in towns that tried it.", stance="for")

    def new_thread(self, title: str):  # noqa: ANN201
        """Another discussion (one summary per thread)."""
        return make_thread(self.session, author=self.citizen, topic=self.topic, title=title)

    @cached_property
    def consultation(self):  # noqa: ANN201
        """An open consultation posted by another councillor."""
        from forum.consultations.services import post_consultation
        return post_consultation(self.session, self.councillor, self.topic,
                                 title="Library opening hours",
                                 question="Should libraries open on Sundays?",
                                 body="The council proposes Sunday opening.", opens_at=None,
                                 closes_at=self.now + timedelta(days=14), now=self.now)

    # --- moderation -----------------------------------------------------------------------
    @cached_property
    def flagged_post(self):  # noqa: ANN201
        """A post with an open report."""
        from forum.moderation.flags import flag_post
        post = make_post(self.session, thread=self.thread, author=self.citizen,
                         body="Buy cheap watches at spam.example")
        reporter = make_user(self.session, name="Reporter")
        flag_post(self.session, reporter, post, reason="spam", text=None, threshold=3,
                  now=self.now)
        return post

    @cached_property
    def hidden_post(self):  # noqa: ANN201
        """Another citizen's post, hidden by a moderator."""
        from forum.moderation.services import hide_post
        post = make_post(self.session, thread=self.thread, author=self.citizen,
                         body="Something rude.")
        hide_post(self.session, self.moderator, post, reason="Personal attack.", now=self.now)
        return post

    @cached_property
    def appeal(self):  # noqa: ANN201
        """A pending appeal by another citizen against the hiding of their post."""
        from forum.moderation.appeals import appeal_post
        return appeal_post(self.session, self.citizen, self.hidden_post,
                           statement="It was a fair point, not an attack.", now=self.now)

    @cached_property
    def suspended_citizen(self) -> User:
        """Another citizen, suspended by a moderator."""
        from forum.moderation.services import suspend_user
        user = make_user(self.session, name="Suspended Other")
        suspend_user(self.session, self.moderator, user, until=self.now + timedelta(days=7),
                     reason="Repeated personal attacks.", now=self.now)
        return user

    # --- summaries and the council --------------------------------------------------------
    def _summary(self, title: str, *, publish: bool = False, submit: bool = False,
                 respond: bool = False, draft_response: bool = False):  # noqa: ANN202
        from forum.summaries.services import create_summary, publish_summary, submit_summary
        thread = self.new_thread(title)
        make_post(self.session, thread=thread, author=self.citizen, body="An argument.")
        summary = create_summary(self.session, self.moderator, thread, body=SUMMARY_TEXT,
                                 now=self.now)
        if publish:
            publish_summary(self.session, self.moderator, summary, now=self.now)
        if submit:
            submit_summary(self.session, self.moderator, summary, now=self.now)
        if respond or draft_response:
            from forum.council.services import Answer, publish_response, save_response
            save_response(self.session, self.councillor, summary, decision="agreed",
                          body="We will run a trial in the summer.", now=self.now,
                          answers=[Answer(p.id, "agreed", "Yes.") for p in summary.points])
            if respond:
                publish_response(self.session, self.councillor, summary, now=self.now)
        return summary

    @cached_property
    def draft_summary(self):  # noqa: ANN201
        return self._summary("Draft summary thread")

    @cached_property
    def published_summary(self):  # noqa: ANN201
        return self._summary("Published summary thread", publish=True)

    @cached_property
    def submitted_summary(self):  # noqa: ANN201
        return self._summary("Submitted summary thread", publish=True, submit=True)

    @cached_property
    def draft_response_summary(self):  # noqa: ANN201
        return self._summary("Draft response thread", publish=True, submit=True,
                             draft_response=True)

    @cached_property
    def responded_summary(self):  # noqa: ANN201
        return self._summary("Responded summary thread", publish=True, submit=True,
                             respond=True)

    # --- accounts -------------------------------------------------------------------------
    @cached_property
    def notification(self):  # noqa: ANN201
        """A notification that belongs to another citizen."""
        notify(self.session, [self.citizen.id], kind="test", message="Not yours.", link="/",
               now=self.now)
        from sqlalchemy import select

        from forum.notifications.models import Notification
        return self.session.scalar(select(Notification).where(
            Notification.user_id == self.citizen.id))

    @cached_property
    def reset_token(self) -> str:
        """A valid password-reset token of another citizen (whoever holds it may use it)."""
        from flask import current_app

        from forum.security.reset import make_reset_token
        return make_reset_token(self.citizen, secret_key=current_app.secret_key, now=self.now)
