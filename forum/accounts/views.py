"""Sign-up, sign-in and the admin's user list."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from forum.accounts import services
from forum.accounts.forms import LoginForm, RegisterForm, RoleForm
from forum.accounts.models import User
from forum.accounts.rules import can_manage_users
from forum.db import db, utcnow
from forum.errors import Invalid, NotAllowed
from forum.forms import ActionForm
from forum.web import SECRET_FIELDS, safe_next

bp = Blueprint("accounts", __name__)
admin_bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Create an account and sign in."""
    form = RegisterForm()
    if form.is_submitted() and form.validate_and_explain():
        try:
            user = services.register_user(db.session, email=form.email.data or "",
                                          display_name=form.display_name.data or "",
                                          password=form.password.data or "", now=utcnow())
        except Invalid as error:
            form.attach(error)
        else:
            db.session.commit()
            login_user(user)
            flash(f"Welcome, {user.display_name}. Your account is ready.", "success")
            return redirect(url_for("topics.index"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in; a sign-in that interrupted a form submission offers to send it again."""
    form = LoginForm(next=request.args.get("next", ""))
    kept = [(k, v) for k, v in request.form.items(multi=True)
            if k.startswith("kept-") and k[5:] not in SECRET_FIELDS]
    kept = [(k[5:], v) for k, v in kept]
    if form.is_submitted() and form.validate_and_explain():
        user = services.authenticate(db.session, form.email.data or "", form.password.data or "")
        if user is None:
            form.form_errors.append("The email address or password is not right.")
        else:
            login_user(user, remember=bool(form.remember.data))
            target = safe_next(form.next.data, url_for("topics.index"))
            if kept:
                return render_template("accounts/resume.html", kept=kept, action=target,
                                       form=ActionForm())
            return redirect(target)
    status = 401 if form.is_submitted() else 200
    return render_template("accounts/login.html", form=form, kept=kept), status


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out (a POST, so a link elsewhere cannot sign anyone out)."""
    form = ActionForm()
    if form.validate():
        logout_user()
        flash("You have signed out.", "info")
    return redirect(url_for("topics.index"))


@bp.route("/account")
@login_required
def account():
    """The signed-in user's account page."""
    return render_template("accounts/account.html", user=current_user)


@admin_bp.before_request
@login_required
def _admins_only():
    if not can_manage_users(current_user, None, utcnow()):
        abort(403, "Only administrators can see this page.")


@admin_bp.route("/users")
def users():
    """List accounts so an admin can change roles."""
    query = request.args.get("q", "")
    page = db.paginate(services.list_users(query), per_page=50, error_out=False)
    return render_template("admin/users.html", page=page, query=query, form=RoleForm())


@admin_bp.route("/users/<int:user_id>/role", methods=["POST"])
def set_role(user_id: int):
    """Change one user's role."""
    user = db.get_or_404(User, user_id, description="There is no such user.")
    form = RoleForm()
    if form.validate_and_explain():
        try:
            services.set_role(db.session, current_user, user, form.role.data)
        except (Invalid, NotAllowed) as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(f"{user.display_name} is now {user.role.label.lower()}.", "success")
    else:
        flash(" ".join(m for _, m in form.all_errors), "error")
    return redirect(url_for("admin.users", q=request.args.get("q", "")))
