"""Command-line tools: ``flask --app forum users …``, ``demo``, ``purge`` and ``worker``."""
from __future__ import annotations

from datetime import UTC, datetime

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from forum.accounts import services as accounts
from forum.accounts.models import Role
from forum.benchdata import bench_data
from forum.db import db, utcnow
from forum.demo import DEMO_ACCOUNTS, load_demo
from forum.errors import DomainError
from forum.jobs.cli import worker
from forum.mail import outbox_path, where_mail_goes
from forum.notifications.commands import send_digests_command
from forum.proposals.cli import proposals_cli
from forum.privacy.retention import Periods, purge
from forum.search.cli import search_cli

users = AppGroup("users", help="Manage accounts.")


def _fail(error: DomainError) -> None:
    db.session.rollback()
    raise click.ClickException(error.message)


@users.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Display name.")
@click.option("--role", type=click.Choice([r.value for r in Role]), default="citizen")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_user(email: str, name: str, role: str, password: str) -> None:
    """Create an account."""
    try:
        user = accounts.register_user(db.session, email=email, display_name=name,
                                      password=password, role=Role(role), now=utcnow(),
                                      confirmed=True)
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"Created {user.email} ({user.role.value}).")


@users.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in Role]))
def set_role(email: str, role: str) -> None:
    """Change an account's role."""
    user = accounts.find_user_by_email(db.session, email)
    if user is None:
        raise click.ClickException(f"No account with email {email}.")
    accounts.set_role(db.session, None, user, role)
    db.session.commit()
    click.echo(f"{user.email} is now {user.role.value}.")


@users.command("token")
@click.argument("email")
def token(email: str) -> None:
    """Print a new API bearer token for an account."""
    user = accounts.find_user_by_email(db.session, email)
    if user is None:
        raise click.ClickException(f"No account with email {email}.")
    raw = accounts.issue_token(db.session, user, now=utcnow())
    db.session.commit()
    click.echo(raw)


@click.command("demo")
def demo() -> None:
    """Load demo data (once: running it again changes nothing) and print the demo accounts."""
    created = load_demo(db.session, now=utcnow())
    db.session.commit()
    click.echo("Demo data loaded." if created else "Demo data already present.")
    click.echo("Demo accounts (email / password):")
    for email, _name, role, password in DEMO_ACCOUNTS:
        click.echo(f"  {role:<11} {email:<28} {password}")
    click.echo(where_mail_goes())


@click.command("purge")
@click.option("--now", "now_text", help="The time to purge as of (ISO 8601, UTC if no zone); "
                                        "default: now.")
def purge_command(now_text: str | None) -> None:
    """Delete records older than their retention period (run it daily from cron)."""
    try:
        now = datetime.fromisoformat(now_text) if now_text else utcnow()
    except ValueError as error:
        raise click.BadParameter("Give a date and time such as 2026-03-02T12:00.",
                                 param_hint="--now") from error
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    counts = purge(db.session, now=now, periods=Periods.from_config(current_app.config),
                   outbox=outbox_path())
    db.session.commit()
    click.echo(f"Purged as of {now.isoformat()}: {counts['sign_ins']} sign-in records, "
               f"{counts['exports']} downloads, {counts['jobs']} finished jobs, "
               f"{counts['outbox']} development mail files.")


def register_cli(app: Flask) -> None:
    """Attach the commands to ``app``."""
    app.cli.add_command(users)
    app.cli.add_command(demo)
    app.cli.add_command(purge_command)
    app.cli.add_command(bench_data)
    app.cli.add_command(worker)
    app.cli.add_command(send_digests_command)
    app.cli.add_command(search_cli)
    app.cli.add_command(proposals_cli)
