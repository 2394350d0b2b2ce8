"""The home page and the public moderation transparency report."""
from __future__ import annotations

from flask import Blueprint, render_template

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
    """Monthly moderation figures for the last twelve months, with no names."""
    counts = monthly_counts(db.session, now=utcnow(), months=12)
    return render_template("overview/transparency.html", counts=counts, total=totals(counts))
