"""The home page and the public moderation transparency report."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, current_app, render_template

from forum.council.due import response_counts, update_counts
from forum.db import db, utcnow
from forum.moderation.transparency import monthly_counts, totals
from forum.overview.proposal_figures import proposal_figures
from forum.outcomes.services import latest_decisions, open_for_contributions, row_status
from forum.proposals.lists import close_to_threshold
from forum.pagecache.pages import kept_or_made
from forum.threads.services import topics_with_stats
from forum.threads.kept import listing_key

bp = Blueprint("overview", __name__)

#: how many open consultations the home page lists
OPEN_LIMIT = 10
#: how many council decisions the home page shows
DECISIONS_LIMIT = 3
#: how many proposals close to their threshold the home page shows
PROPOSALS_LIMIT = 5


@bp.route("/")
def home():
    """The home page: how the forum works, the open consultations to have your say on, the
    latest council decisions, and the topics to join. Kept whole for readers who are not
    signed in until anything it lists changes (forum/pagecache)."""
    now = utcnow()

    def make() -> tuple[str, list[datetime]]:
        consultations = db.session.execute(open_for_contributions(now, OPEN_LIMIT)).all()
        decisions = db.session.execute(latest_decisions(now, DECISIONS_LIMIT)).all()
        html = render_template(
            "overview/home.html", rows=topics_with_stats(db.session, include_archived=False),
            consultations=[row.Thread for row in consultations],
            decisions=[(row.Thread, row_status(row, now)) for row in decisions],
            close_proposals=db.session.scalars(close_to_threshold(now=now,
                                                                  limit=PROPOSALS_LIMIT)).all())
        return html, dates
    key, dates = listing_key("home", now)
    return kept_or_made(key, make)


@bp.route("/transparency")
def transparency():
    """Monthly moderation figures for the last twelve months, with no names, and how the
    council keeps its dates."""
    now = utcnow()
    counts = monthly_counts(db.session, now=now, months=12)
    due_days = current_app.config["RESPONSE_DUE_DAYS"]
    return render_template("overview/transparency.html", counts=counts, total=totals(counts),
                           responses=response_counts(db.session, now, due_days),
                           updates=update_counts(db.session, now), due_days=due_days,
                           proposals=proposal_figures(db.session, now, due_days))
