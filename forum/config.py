"""Default settings. Every setting can be overridden by an environment variable
with the ``FORUM_`` prefix (``FORUM_DATABASE_URL``, ``FORUM_SECRET_KEY`` …), read
by :meth:`flask.Config.from_prefixed_env`; values are parsed as JSON when they can be.

Settings
--------
``ENV``                  ``development`` (default) or ``production``; production refuses
                         to start without an explicit ``SECRET_KEY`` and hardens cookies.
``DATABASE_URL``         SQLAlchemy URL; default: SQLite file ``instance/forum.sqlite3``.
``SECRET_KEY``           signs sessions and tokens; default: generated once into ``instance/``.
``REDIS_URL``            Redis for shared rate limits (and later background jobs); unset: memory.
``RATELIMIT_ENABLED``    turn rate limiting off (tests that are not about it do).
``TRUSTED_PROXIES``      number of proxies (load balancers) in front of the app whose
                         ``X-Forwarded-For`` is trusted for the client address (default 0).
``LIMIT_SIGN_IN_ACCOUNT`` failed sign-ins per account (default ``10 per 15 minutes``).
``LIMIT_SIGN_IN_IP``     failed sign-ins per IP address (default ``30 per 15 minutes``).
``LIMIT_REGISTER_IP``    accounts created per IP address (default ``5 per hour``).
``LIMIT_POSTS``          posts and new threads per user, failed attempts included
                         (default ``5 per minute; 60 per hour``).
``LIMIT_POSTS_NEW_ACCOUNT`` posts per account younger than a day
                         (default ``2 per minute; 10 per hour``).
``LIMIT_FLAGS``          flags per user (default ``10 per minute; 60 per day``).
``LIMIT_PASSWORD_RESET`` reset emails per IP address and per email (default ``5 per hour``).
``LIMIT_TWO_FACTOR``     wrong second-factor codes per account, code page and token API
                         together (default ``5 per 5 minutes``).
                         Limit values use Flask-Limiter's notation; ``;`` separates several
                         windows, each a fixed window counted atomically (``forum.limits``).
``FLAG_HIDE_THRESHOLD``  distinct flags that hide a post pending review (default 3).
``RESPONSE_DUE_DAYS``    days the council has to respond to a submitted summary (default 30).
``STAFF_2FA``            ``optional`` (default) or ``required`` for staff accounts.
``STAFF_IDLE_MINUTES``   idle minutes after which a staff session ends (default 30).
``MAIL_SERVER``          SMTP host; unset: mail is written to ``instance/outbox/``.
``MAIL_PORT``, ``MAIL_USERNAME``, ``MAIL_PASSWORD``, ``MAIL_USE_TLS``, ``MAIL_FROM``.
``TIMEZONE``             zone used to show times (default ``Europe/London``).
``SITE_NAME``            shown in the header (default ``Civic Forum``).
"""
from __future__ import annotations

DEFAULTS = {
    "ENV": "development",
    "SITE_NAME": "Civic Forum",
    "TIMEZONE": "Europe/London",
    "DATABASE_URL": None,
    "REDIS_URL": None,
    "RATELIMIT_ENABLED": True,
    "TRUSTED_PROXIES": 0,
    "LIMIT_SIGN_IN_ACCOUNT": "10 per 15 minutes",
    "LIMIT_SIGN_IN_IP": "30 per 15 minutes",
    "LIMIT_REGISTER_IP": "5 per hour",
    "LIMIT_POSTS": "5 per minute; 60 per hour",
    "LIMIT_POSTS_NEW_ACCOUNT": "2 per minute; 10 per hour",
    "LIMIT_FLAGS": "10 per minute; 60 per day",
    "LIMIT_PASSWORD_RESET": "5 per hour",
    "LIMIT_TWO_FACTOR": "5 per 5 minutes",
    "FLAG_HIDE_THRESHOLD": 3,
    "RESPONSE_DUE_DAYS": 30,
    "STAFF_2FA": "optional",
    "STAFF_IDLE_MINUTES": 30,
    "MAIL_SERVER": None,
    "MAIL_PORT": 25,
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_USE_TLS": False,
    "MAIL_FROM": "forum@localhost",
    "MAX_CONTENT_LENGTH": 512 * 1024,
    "THREADS_PER_PAGE": 20,
    "ARGUMENTS_PER_PAGE": 25,
    "WTF_CSRF_TIME_LIMIT": None,
    "WTF_CSRF_CHECK_DEFAULT": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
}
