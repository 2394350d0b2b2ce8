"""Sign-up, sign-in and the admin's user list."""
from __future__ import annotations

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   session, url_for)
from flask_login import current_user, login_required, logout_user

from forum.inputs import page_arg
from forum.accounts import services
from forum.accounts.emails import normalise_email
from forum.accounts.forms import (ChangePasswordForm, LoginForm, RegisterForm, ResetPasswordForm,
                                  ResetRequestForm, RoleForm)
from forum.accounts.models import User
from forum.accounts.rules import can_manage_users
from forum.db import db, utcnow
from forum.deferred import after_response
from forum.errors import Invalid, NotAllowed
from forum.forms import ActionForm
from forum.limits import register_limit, reset_limits, sign_in_limits
from forum.security.rules import has_two_factor
from forum.security.sessions import (begin_two_factor, current_session_id, end_current_session,
                                     finish_sign_in, idle_limit, no_store, start_session)
from forum.security.signins import describe_device, end_session, end_sessions, list_sessions
from forum.inputs import SECRET_FIELDS
from forum.redirects import safe_next

bp = Blueprint("accounts", __name__)
admin_bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/register", methods=["GET", "POST"])
@register_limit
def register():
    """Create an account and sign in."""
    form = RegisterForm()
    if form.is_submitted() and form.validate_and_explain():
        try:
            user = services.register_user(db.session, email=form.email.data or "",
                                          display_name=form.display_name.data or "",
                                          password=form.password.data or "", now=utcnow())
        except Invalid as error:
            db.session.rollback()
            form.attach(error)
        else:
            start_session(user)
            db.session.commit()
            flash(f"Welcome, {user.display_name}. Your account is ready.", "success")
            return redirect(url_for("topics.index"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@sign_in_limits
@no_store
def login():
    """Sign in; a sign-in that interrupted a form submission offers to send it again."""
    form = LoginForm(next=request.args.get("next", ""))
    kept = [(k, v) for k, v in request.form.items(multi=True)
            if k.startswith("kept-") and k[5:] not in SECRET_FIELDS]
    kept = [(k[5:], v) for k, v in kept]
    if form.is_submitted() and form.validate_and_explain():
        user = services.authenticate(db.session, form.email.data or "", form.password.data or "")
        target = safe_next(form.next.data, url_for("topics.index"))
        if user is None:
            form.form_errors.append("The email address or password is not right.")
        elif has_two_factor(user):
            begin_two_factor(user, remember=bool(form.remember.data), target=target)
            from forum.security.forms import CodeForm
            return render_template("security/code.html", form=CodeForm(formdata=None), kept=kept)
        else:
            start_session(user, remember=bool(form.remember.data))
            db.session.commit()
            return finish_sign_in(target, kept)
    status = 401 if form.is_submitted() else 200
    return render_template("accounts/login.html", form=form, kept=kept), status


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out (a POST, so a link elsewhere cannot sign anyone out)."""
    form = ActionForm()
    if form.validate():
        end_current_session()  # the cookies of this sign-in, even copied ones, stop working
        db.session.commit()
        session.clear()
        logout_user()  # also deletes the remember-me cookie
        flash("You have signed out.", "info")
    return redirect(url_for("topics.index"))


@bp.route("/account")
@login_required
@no_store
def account():
    """The signed-in user's account page, with the devices signed in to it."""
    sign_ins = db.session.scalars(list_sessions(current_user, now=utcnow(),
                                                idle=idle_limit())).all()
    return render_template("accounts/account.html", user=current_user, sign_ins=sign_ins,
                           this_sign_in=current_session_id(), describe_device=describe_device)


@bp.route("/account/sessions/<id:session_id>/end", methods=["POST"])
@login_required
def end_sign_in(session_id: int):
    """Sign out one of your devices (another user's is not found)."""
    if not ActionForm().validate():
        flash("This form had expired, so nothing changed. Try again.", "error")
        return redirect(url_for("accounts.account"))
    end_session(db.session, current_user, session_id)
    db.session.commit()
    if session_id == current_session_id():
        return _signed_out_here("You have signed out.")
    flash("That device is signed out.", "success")
    return redirect(url_for("accounts.account"))


@bp.route("/account/sessions/end", methods=["POST"])
@login_required
def end_sign_ins():
    """Sign out of every other device, or (``scope=all``) of this one too."""
    if not ActionForm().validate():
        flash("This form had expired, so nothing changed. Try again.", "error")
        return redirect(url_for("accounts.account"))
    everywhere = request.form.get("scope") == "all"
    ended = end_sessions(db.session, current_user,
                         keep=None if everywhere else current_session_id())
    db.session.commit()
    if everywhere:
        return _signed_out_here("You have signed out on every device.")
    flash("You are signed out on every other device." if ended
          else "No other device was signed in.", "success")
    return redirect(url_for("accounts.account"))


def _signed_out_here(message: str):
    session.clear()
    logout_user()
    flash(message, "info")
    return redirect(url_for("topics.index"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@no_store
def change_password():
    """Change the password (needs the current one); signs out every other device."""
    form = ChangePasswordForm()
    if form.is_submitted() and form.validate_and_explain():
        user = current_user._get_current_object()
        try:
            services.change_password(db.session, user, current=form.current_password.data or "",
                                     new=form.new_password.data or "",
                                     keep=current_session_id())
        except Invalid as error:
            db.session.rollback()
            form.attach(error)
        else:
            db.session.commit()
            from forum.security.reset import send_password_changed
            send_password_changed(user)
            flash("Your password is changed. You are signed out everywhere else.", "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/password.html", form=form), \
        422 if form.is_submitted() else 200


@bp.route("/password/forgot", methods=["GET", "POST"])
@reset_limits
@no_store
def forgot_password():
    """Send a reset link; every address gets the same answer, as fast (mail goes after it)."""
    form = ResetRequestForm()
    if form.is_submitted() and form.validate_and_explain():
        try:
            email = normalise_email(form.email.data or "")
        except Invalid as error:
            form.attach(error)
        else:
            from forum.security.reset import send_reset_link
            after_response(send_reset_link, email, now=utcnow())
            return render_template("accounts/forgot_sent.html", email=email)
    return render_template("accounts/forgot.html", form=form), \
        422 if form.is_submitted() else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@no_store
def reset_password(token: str):
    """Choose a new password from a reset link (valid for an hour, once)."""
    from forum.security.reset import send_password_changed, user_for_reset_token
    now = utcnow()
    user = user_for_reset_token(db.session, token, secret_key=current_app.secret_key, now=now)
    if user is None:
        return render_template("accounts/reset_invalid.html"), 400
    form = ResetPasswordForm()
    if form.is_submitted() and form.validate_and_explain():
        try:
            services.reset_password(db.session, user, new=form.new_password.data or "")
        except Invalid as error:
            db.session.rollback()
            form.attach(error)
        else:
            end_current_session()  # whoever was signed in here is signed out too
            db.session.commit()
            send_password_changed(user)
            session.clear()
            logout_user()
            flash("Your password is changed and every device was signed out. "
                  "Sign in with your new password.", "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form, token=token), \
        422 if form.is_submitted() else 200


@admin_bp.before_request
@login_required
def _admins_only():
    if not can_manage_users(current_user, None, utcnow()):
        abort(403, "Only administrators can see this page.")


@admin_bp.route("/users")
def users():
    """List accounts so an admin can change roles."""
    query = request.args.get("q", "")
    page = db.paginate(services.list_users(query), page=page_arg(), per_page=50, error_out=False)
    return render_template("admin/users.html", page=page, query=query, form=RoleForm())


@admin_bp.route("/users/<id:user_id>/role", methods=["POST"])
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
            if user.id == current_user.id:  # a new role, a new session; stay signed in here
                start_session(user)
            db.session.commit()
            flash(f"{user.display_name} is now {user.role.label.lower()}.", "success")
    else:
        flash(" ".join(m for _, m in form.all_errors), "error")
    return redirect(url_for("admin.users", q=request.args.get("q", "")))
