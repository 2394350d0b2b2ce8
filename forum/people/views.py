"""Profile pages: ``/people/<id>``."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from forum.db import db, utcnow
from forum.inputs import MAX_ID
from forum.markup import excerpt
from forum.people import services

bp = Blueprint("people", __name__)

def _before() -> int | None:
    """The ``before`` argument: a post id, or ``None`` (the first page) for anything else."""
    raw = request.args.get("before", "")
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 10):
        return None
    number = int(raw)
    return number if 1 <= number <= MAX_ID else None


@bp.route("/people/<id:user_id>")
def show(user_id: int) -> ResponseReturnValue:
    """A person's name, role, joined date and contributions, newest first."""
    person = services.get_person(db.session, user_id)
    before = _before()
    page = services.contribution_page(db.session, person, now=utcnow(), before=before)
    return render_template("people/show.html", person=person, page=page, before=before,
                           excerpt=excerpt)
