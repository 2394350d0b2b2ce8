"""The admin's user list, where roles are changed, and changing one's own display name."""
from __future__ import annotations

from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.accounts import services
from forum.accounts.forms import DisplayNameForm, RoleForm
from forum.accounts.models import User
from forum.accounts.rules import can_manage_users
from forum.db import db, utcnow
from forum.forms import press, round_trip
from forum.i18n import _
from forum.inputs import page_arg

admin_bp = Blueprint("admin", __name__, url_prefix="/admin")
bp = Blueprint("accounts", __name__)


@bp.route("/account/name", methods=["GET", "POST"])
@login_required
def change_name() -> ResponseReturnValue:
    """Change one's display name (the rules of names at registration apply)."""
    now = utcnow()
    user = current_user._get_current_object()
    form = DisplayNameForm(data={"display_name": user.display_name})

    def act() -> ResponseReturnValue:
        services.change_display_name(db.session, user, form.display_name.data or "", now=now)
        flash(_("Your display name is now %(name)s.", name=user.display_name), "success")
        return redirect(url_for("security.account"))
    return round_trip(form, act, "accounts/name.html",
                      check=partial(services.check_can_change_name, user, now))


@admin_bp.before_request
@login_required
def _admins_only() -> None:
    if not can_manage_users(current_user, None, utcnow()):
        abort(403, "Only administrators can see this page.")


@admin_bp.route("/users")
def users() -> ResponseReturnValue:
    """List accounts so an admin can change roles."""
    query = request.args.get("q", "")
    page = db.paginate(services.list_users(query), page=page_arg(), per_page=50, error_out=False)
    return render_template("admin/users.html", page=page, query=query, form=RoleForm())


@admin_bp.route("/users/<id:user_id>/role", methods=["POST"])
def set_role(user_id: int) -> ResponseReturnValue:
    """Change one user's role (a user whose role changes signs in again: forum.security)."""
    user = db.get_or_404(User, user_id, description=_("There is no such user."))
    form = RoleForm()

    def act() -> None:
        services.set_role(db.session, current_user, user, form.role.data)
        flash(_("%(name)s is now %(role)s.", name=user.display_name,
                role=user.role.label.lower()), "success")
    return press(form, act, url_for("admin.users", q=request.args.get("q", "")),
                 flash_refusals=True)
