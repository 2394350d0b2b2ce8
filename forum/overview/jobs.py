"""The failed-jobs page (``/admin/jobs``): background jobs that kept failing, and the counts of
those waiting. A child of the accounts admin blueprint, so its admins-only guard applies."""
from __future__ import annotations

from flask import Blueprint, flash, render_template, url_for
from flask.typing import ResponseReturnValue

from forum.db import db, utcnow
from forum.forms import ActionForm, press
from forum.accounts.views import admin_bp
from forum.i18n import _
from forum.inputs import page_arg
from forum.jobs import services
from forum.jobs.runner import MAX_ATTEMPTS

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


@bp.route("")
def index() -> ResponseReturnValue:
    """List the failed jobs and count the others."""
    page = db.paginate(services.failed_jobs(), page=page_arg(), per_page=50, error_out=False)
    return render_template("admin/jobs.html", page=page, form=ActionForm(),
                           counts=services.job_counts(db.session, now=utcnow()),
                           max_attempts=MAX_ATTEMPTS)


@bp.route("/<id:job_id>/retry", methods=["POST"])
def retry(job_id: int) -> ResponseReturnValue:
    """Put a failed job back in the queue, due now."""
    def act() -> None:
        services.retry_job(db.session, job_id, now=utcnow())
        flash(_("Job %(id)d will be tried again now.", id=job_id), "success")
    return press(ActionForm(), act, url_for("admin.jobs.index"), flash_refusals=True)


@bp.route("/<id:job_id>/discard", methods=["POST"])
def discard(job_id: int) -> ResponseReturnValue:
    """Delete a failed job: its work will not be done."""
    def act() -> None:
        services.discard_job(db.session, job_id)
        flash(_("Job %(id)d was discarded.", id=job_id), "success")
    return press(ActionForm(), act, url_for("admin.jobs.index"), flash_refusals=True)


# nested once, when this module is first imported (see forum.overview.admin)
admin_bp.register_blueprint(bp)
