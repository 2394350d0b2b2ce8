"""Flask extensions, created unbound here and bound in ``create_app``."""
from __future__ import annotations

import flask_login
from flask import session
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect


class LoginManager(flask_login.LoginManager):
    """Flask-Login, ignoring (and deleting) a remember-me cookie that is not plain ASCII.

    Our cookies are ASCII; any other is forged or damaged, and Flask-Login's signature check
    would fail on it with an error instead of a refusal.
    """

    def _load_user_from_remember_cookie(self, cookie: str):  # noqa: ANN202
        if not cookie.isascii():
            session["_remember"] = "clear"
            return None
        return super()._load_user_from_remember_cookie(cookie)


login_manager = LoginManager()
csrf = CSRFProtect()
migrate = Migrate()
