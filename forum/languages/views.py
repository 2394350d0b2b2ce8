"""``POST /language``: the header's switch and the account page's setting.

Works without JavaScript: each language is a small form whose button sends its code and
the page it was pressed on, and the answer sends the browser back there (only to this site,
:func:`forum.redirects.safe_next`). The choice is kept in a cookie, so it holds for an
anonymous visitor and after signing out, and is saved as a signed-in person's setting,
which mail follows too.
"""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from werkzeug.wrappers import Response

from forum.db import db
from forum.forms import press
from forum.i18n import LANGUAGE_COOKIE
from forum.languages.forms import LanguageForm
from forum.languages.services import set_language
from forum.redirects import safe_next

bp = Blueprint("languages", __name__)

#: how long the cookie keeps a visitor's choice
COOKIE_AGE = timedelta(days=365)


@bp.route("/language", methods=["POST"])
def choose() -> ResponseReturnValue:
    """Speak the language chosen from now on, and go back to the page it was chosen on."""
    form = LanguageForm()
    back = safe_next(form.next.data or request.form.get("next"), url_for("overview.home"))

    def act() -> Response:
        if current_user.is_authenticated:
            set_language(db.session, current_user, form.language.data)
        response = redirect(back)
        remember(response, form.language.data)
        return response
    return press(form, act, back)


def remember(response: Response, code: str) -> None:
    """Keep ``code`` in the visitor's language cookie."""
    response.set_cookie(LANGUAGE_COOKIE, code, max_age=int(COOKIE_AGE.total_seconds()),
                        httponly=True, samesite="Lax",
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))


def vary_by_language(response: Response) -> Response:
    """Say that the answer depends on the browser's languages and the language cookie, so
    no cache hands one language's page to a reader of another."""
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response
