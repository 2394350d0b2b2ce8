"""The home page and the public moderation transparency report."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template

from forum.council.due import response_counts, update_counts
from forum.db import db, utcnow
from forum.moderation.transparency import monthly_counts, totals
from forum.threads.services import topics_with_stats

bp = Blueprint("overview", __name__)


@bp.route("/")
def home():
    """The home page: what the forum is, the open consultations, and the topics to join."""
    rows = topics_with_stats(db.session, include_archived=False)
    return render_template("overview/home.html", rows=rows)


@bp.route("/transparency")
def transparency():
    """Monthly moderation figures for the last twelve months, with no names, and how the
    council keeps its dates."""
    now = utcnow()
    counts = monthly_counts(db.session, now=now, months=12)
    due_days = current_app.config["RESPONSE_DUE_DAYS"]
    return render_template("overview/transparency.html", counts=counts, total=totals(counts),
                           responses=response_counts(db.session, now, due_days),
                           updates=update_counts(db.session, now), due_days=due_days)
