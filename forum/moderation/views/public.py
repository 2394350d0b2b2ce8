"""The public transparency report."""
from __future__ import annotations

from flask import render_template

from forum.db import db, utcnow
from forum.moderation.transparency import monthly_counts, totals
from forum.moderation.views import public_bp


@public_bp.route("/transparency")
def report():
    """Monthly moderation figures for the last twelve months, with no names."""
    counts = monthly_counts(db.session, now=utcnow(), months=12)
    return render_template("moderation/transparency.html", counts=counts, total=totals(counts))
