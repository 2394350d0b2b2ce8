"""API tokens on the account: create a named one (shown once), list them, revoke one."""
from __future__ import annotations

from flask import flash, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.accounts.services import create_named_token, revoke_token, user_tokens
from forum.db import db, utcnow
from forum.forms import ActionForm, press, round_trip
from forum.i18n import _
from forum.security.forms import TokenForm
from forum.security.sessions import no_store
from forum.security.views import bp


def _page(form: TokenForm, **extra: object) -> str:
    tokens = db.session.scalars(user_tokens(current_user)).all()
    return render_template("security/tokens.html", form=form, tokens=tokens, **extra)


@bp.route("/account/tokens", methods=["GET", "POST"])
@login_required
@no_store
def tokens() -> ResponseReturnValue:
    """Your API tokens; the form creates a named one, shown once on the page that follows."""
    form = TokenForm()

    def act() -> ResponseReturnValue:
        raw = create_named_token(db.session, current_user._get_current_object(),
                                 name=form.name.data or "", now=utcnow())
        db.session.commit()  # before the page lists it (round_trip's commit changes nothing)
        return _page(TokenForm(formdata=None), new_token=raw, new_name=form.name.data), 201
    return round_trip(form, act, lambda **extra: _page(form, **extra))


@bp.route("/account/tokens/<id:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id: int) -> ResponseReturnValue:
    """Revoke one of your tokens: programs using it are refused from now on."""
    def act() -> None:
        revoke_token(db.session, current_user, token_id)
        flash(_("The token is revoked. Programs using it can no longer sign in."), "success")
    return press(ActionForm(), act, url_for("security.tokens"))
