"""``flask --app forum worker``: run the background jobs outside the web processes."""
from __future__ import annotations

import time

import click
from flask import current_app

from forum.db import db
from forum.jobs.runner import run_due


@click.command("worker")
@click.option("--burst", is_flag=True,
              help="Run what is queued or due now, then stop (for cron and tests).")
def worker(burst: bool) -> None:
    """Run background jobs: RQ on FORUM_REDIS_URL, else the due rows of the jobs table."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config.get("REDIS_URL"):
        from forum.jobs.queue import work  # noqa: PLC0415 - only apps with Redis load RQ
        click.echo(f"Working on the RQ queue {app.config['JOBS_QUEUE']!r} "
                   f"{'until it is empty' if burst else '(Ctrl+C to stop)'}.")
        work(app, burst=burst)
        return
    click.echo("No FORUM_REDIS_URL: running the due jobs from the database.")
    while True:
        ran = run_due(db.session)
        db.session.remove()
        if burst:
            click.echo(f"Jobs run: {ran}.")
            return
        time.sleep(float(app.config.get("JOBS_SWEEP_SECONDS") or 15))
