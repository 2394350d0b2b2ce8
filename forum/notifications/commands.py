"""``flask --app forum send-digests``: the cron job sending what is due by time."""
from __future__ import annotations

from datetime import UTC, datetime

import click
from flask import current_app

from forum.db import db, utcnow
from forum.deferred import wait_for_tasks
from forum.notifications.digests import send_digests
from forum.notifications.reminders import announce_overdue_points, remind_closing_soon
from forum.settings import forum_zone

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _parse_now(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime:
    if value is None:
        return utcnow()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("Give the time as ISO 8601, e.g. 2026-12-01T07:00:00+00:00."
                                 ) from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def digest_weekday() -> int:
    """The weekday (Monday 0) weekly digests go out on (setting ``DIGEST_WEEKDAY``)."""
    name = str(current_app.config["DIGEST_WEEKDAY"]).strip().lower()
    if name not in WEEKDAYS:
        raise click.ClickException(f"FORUM_DIGEST_WEEKDAY must be a day of the week in "
                                   f"English, such as monday, not “{name}”.")
    return WEEKDAYS.index(name)


@click.command("send-digests")
@click.option("--now", callback=_parse_now, help="The time to act as of (ISO 8601; "
              "without an offset: UTC). Default: the current time.")
def send_digests_command(now: datetime) -> None:
    """Send what is due by time: consultations closing soon, overdue points, digests."""
    weekday = digest_weekday()
    closing = remind_closing_soon(db.session, now=now, zone=forum_zone())
    overdue = announce_overdue_points(db.session, now=now)
    sent = send_digests(db.session, now=now, weekday=weekday)
    db.session.commit()
    wait_for_tasks()  # the in-process runner sends after commit: let it finish before exit
    click.echo(f"Consultations closing soon: {closing}. Overdue points: {overdue}. "
               f"Daily digests: {sent['daily']}. Weekly digests: {sent['weekly']}.")
