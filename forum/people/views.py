"""Profile pages: ``/people/<id>``."""
from __future__ import annotations

import re

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from forum.db import db, utcnow
from forum.markup import excerpt
from forum.people import services

bp = Blueprint("people", __name__)

_ID = re.compile(r"[1-9][0-9]{0,11}")


def _before() -> int | None:
    """The ``before`` argument: a post id, or ``None`` (the first page) for anything else."""
    raw = request.args.get("before", "")
    return int(raw) if _ID.fullmatch(raw) else None


@bp.route("/people/<id:user_id>")
def show(user_id: int) -> ResponseReturnValue:
    """A person's name, role, joined date and contributions, newest first."""
    person = services.get_person(db.session, user_id)
    before = _before()
    page = services.contribution_page(db.session, person, now=utcnow(), before=before)
    return render_template("people/show.html", person=person, page=page, before=before,
                           excerpt=excerpt)
