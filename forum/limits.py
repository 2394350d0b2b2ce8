"""Rate limits: counted atomically, in Redis when ``FORUM_REDIS_URL`` is set, memory otherwise.

Several app servers share one Redis, so a limit holds across all of them. Without Redis each
worker process counts alone (see :func:`shared_counts_warning`). The limit values are settings
(``LIMIT_*`` in :mod:`forum.config`), read on every request.

Shared limits, applied as view decorators (stack them under the route decorator)::

    @bp.route("/posts/<int:post_id>/flag", methods=["POST"])
    @login_required
    @flag_limit
    def flag(post_id): ...

- :data:`post_limit`: posts and new threads per user, one count; tighter for new accounts.
- :data:`flag_limit`: flags per user.
- :data:`sign_in_limits`: failed sign-ins per account and per IP address.
- :data:`register_limit`: accounts created per IP address.
- :data:`reset_limits`: password-reset emails per IP address and per email address.
- :data:`code_limit`: wrong second-factor codes per account waiting for its code.

Counting: every request is counted *before* the view runs (see :mod:`forum.limit_store`), and
taken back afterwards only when its limit does not count it. Posts and threads count every
attempt, failed ones too; sign-ins and codes count failures (a success is taken back);
registrations, reset emails and flags count successes (a refused request is taken back). A
request over a limit is not counted at all and is answered 429 with ``Retry-After``: the
longest wait among the windows it is over, as a page that gives back the user's text, or the
API error ``rate_limited``.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import wraps
from typing import TypeVar

from flask import Flask, current_app, make_response, render_template, request, session
from flask_login import current_user
from werkzeug.exceptions import HTTPException, TooManyRequests
from werkzeug.middleware.proxy_fix import ProxyFix

from forum.errors import json_error, wants_json
from forum.limit_store import CounterStore, Spent, seconds_until, windows

F = TypeVar("F", bound=Callable)

_EXTENSION = "forum_limits"


def init_limiter(app: Flask) -> None:
    """Bind the counters to ``app``: Redis when configured, else this process's memory."""
    redis_url = app.config.get("REDIS_URL")
    app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or "memory://")
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "forum")
    app.extensions[_EXTENSION] = CounterStore(app.config["RATELIMIT_STORAGE_URI"],
                                              app.config["RATELIMIT_KEY_PREFIX"])
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:  # behind a load balancer, the client address is in X-Forwarded-For
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies,  # type: ignore
                                x_host=proxies)


def counters() -> CounterStore:
    """The current app's rate-limit counters."""
    return current_app.extensions[_EXTENSION]


def shared_counts_warning(workers: int, redis_url: str | None, *,
                          enabled: bool = True) -> str | None:
    """The start-up warning when several worker processes would each count limits alone."""
    if enabled and workers > 1 and not redis_url:
        return (f"{workers} workers are running without FORUM_REDIS_URL: each worker counts rate "
                f"limits on its own, so every limit is {workers} times looser than it says. "
                "Set FORUM_REDIS_URL, or run one worker.")
    return None


# --- keys -------------------------------------------------------------------------------

def ip_key() -> str:
    """The client's address."""
    return request.remote_addr or "unknown"


def user_key() -> str:
    """The signed-in user (session or bearer token), else the client's address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{ip_key()}"


def _digest(value: str) -> str:
    """Keep email addresses out of the limit store."""
    return hashlib.sha256(value.encode()).hexdigest()[:24]


def account_key() -> str:
    """The account being signed in to (the email in the form or JSON body)."""
    email = request.form.get("email")
    if email is None:
        data = request.get_json(silent=True)
        email = data.get("email") if isinstance(data, dict) else None
    email = email.strip().lower() if isinstance(email, str) else ""
    return f"account:{_digest(email)}"


def pending_sign_in_key() -> str:
    """The account waiting for its second-factor code (kept in the session)."""
    pending = session.get("two_factor") or {}
    return pending_account_key(pending.get("uid")) if pending.get("uid") else f"ip:{ip_key()}"


def pending_account_key(user_id: int) -> str:
    """The code-limit key of an account (the code page and the token API share it)."""
    return f"pending:{user_id}"


# --- spending and refunding --------------------------------------------------------------

class RateLimited(TooManyRequests):
    """Over a limit: answered 429, saying how long to wait."""

    def __init__(self, retry_after: int) -> None:
        super().__init__()
        self.retry_after = retry_after


@dataclass
class Ticket:
    """The windows one request was counted in, so they can be taken back."""
    spent: list[Spent] = field(default_factory=list)

    def refund(self) -> None:
        """Take this request back out of every window it was counted in."""
        store = counters()
        for item in self.spent:
            store.refund(item)
        self.spent = []


@dataclass(frozen=True)
class Rule:
    """One limit: the setting with its windows, and whom it counts (its key)."""
    scope: str
    setting: Callable[[], str]
    key: Callable[[], str]


def spend(rules: Sequence[tuple[Rule, str]]) -> Ticket:
    """Count one request in every window of every rule, or raise :class:`RateLimited`.

    Every window is counted even after one is over, so the answer names the longest wait;
    a request over any window is then taken back out of all of them.
    """
    ticket = Ticket()
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return ticket
    store = counters()
    for rule, key in rules:
        for window in windows(rule.setting()):
            ticket.spent.append(store.spend(window, rule.scope, key))
    over = [item for item in ticket.spent if item.exhausted]
    if over:
        ticket.refund()
        raise RateLimited(max(seconds_until(item.reset_at) for item in over))
    return ticket


def _error_status(error: Exception) -> int:
    """The HTTP status an exception from a view will be answered with."""
    if isinstance(error, HTTPException):
        return error.code or 500
    status = getattr(error, "status", None)  # forum.errors.DomainError
    return status if isinstance(status, int) else 500


def _status_of(view: Callable, args: tuple, kwargs: dict):  # noqa: ANN202
    response = make_response(view(*args, **kwargs))
    return response, response.status_code


@dataclass(frozen=True)
class Limit:
    """A view decorator: count each request first; take it back when ``refund_if`` says."""
    rules: tuple[Rule, ...]
    refund_if: Callable[[int], bool] = lambda status: False
    methods: frozenset[str] = frozenset({"POST"})

    def keys(self) -> list[tuple[Rule, str]]:
        """Each rule with this request's key for it."""
        return [(rule, rule.key()) for rule in self.rules]

    def __call__(self, view: F) -> F:
        @wraps(view)
        def limited(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            if request.method not in self.methods:
                return view(*args, **kwargs)
            ticket = spend(self.keys())
            try:
                response, status = _status_of(view, args, kwargs)
            except Exception as error:
                if self.refund_if(_error_status(error)):
                    ticket.refund()
                raise
            if self.refund_if(status):
                ticket.refund()
            return response
        return limited  # type: ignore[return-value]


def _succeeded(status: int) -> bool:
    return status < 400


def _failed(status: int) -> bool:
    return status >= 400


def _setting(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def _post_limit_value() -> str:
    from forum.accounts.rules import is_new_account
    from forum.db import utcnow
    if current_user.is_authenticated and is_new_account(current_user, utcnow()):
        return current_app.config["LIMIT_POSTS_NEW_ACCOUNT"]
    return current_app.config["LIMIT_POSTS"]


# --- the shared limits -------------------------------------------------------------------

POSTS = Rule("posts", _post_limit_value, user_key)
CODES = Rule("two-factor", _setting("LIMIT_TWO_FACTOR"), pending_sign_in_key)

#: posts and new threads (HTML and API) per user, every attempt counted
post_limit = Limit((POSTS,))

#: flags per user; a refused flag is taken back
flag_limit = Limit((Rule("flags", _setting("LIMIT_FLAGS"), user_key),), refund_if=_failed,
                   methods=frozenset({"POST", "PUT"}))

#: accounts created per IP address; a refused registration is taken back
register_limit = Limit((Rule("register", _setting("LIMIT_REGISTER_IP"), ip_key),),
                       refund_if=_failed)

#: second-factor codes per account waiting for its code; a right code is taken back
code_limit = Limit((CODES,), refund_if=_succeeded)

#: sign-ins per account and per IP address; a successful one is taken back
sign_in_limits = Limit((Rule("sign-in-ip", _setting("LIMIT_SIGN_IN_IP"), ip_key),
                        Rule("sign-in-account", _setting("LIMIT_SIGN_IN_ACCOUNT"), account_key)),
                       refund_if=_succeeded)

#: reset emails per IP address and per email address; a refused request is taken back
reset_limits = Limit((Rule("reset-ip", _setting("LIMIT_PASSWORD_RESET"), ip_key),
                      Rule("reset-account", _setting("LIMIT_PASSWORD_RESET"), account_key)),
                     refund_if=_failed)


def spend_code_attempt(user_id: int) -> Ticket:
    """Count a second-factor code sent outside the code page (the token API)."""
    return spend([(CODES, pending_account_key(user_id))])


# --- the answer over a limit -------------------------------------------------------------

#: the wait in words: (largest number of seconds shown in this unit, seconds per unit,
#: the sentence for one, the sentence for several), as whole sentences for translation
_WAITS = (
    (59, 1, "Try again in {n} second.", "Try again in {n} seconds."),
    (119 * 60, 60, "Try again in {n} minute.", "Try again in {n} minutes."),
    (47 * 3600, 3600, "Try again in {n} hour.", "Try again in {n} hours."),
    (None, 86400, "Try again in {n} day.", "Try again in {n} days."),
)


def try_again_sentence(seconds: int) -> str:
    """Say how long to wait, rounded up, as a sentence a person reads ("Try again in 42
    minutes.")."""
    seconds = max(1, int(seconds))
    _, unit, one, several = next(wait for wait in _WAITS if wait[0] is None or seconds <= wait[0])
    n = -(-seconds // unit)
    return (one if n == 1 else several).format(n=n)

def render_rate_limited(error: Exception):
    """Answer 429: an API error, or a page that gives the user back what they typed."""
    from forum.web import SECRET_FIELDS
    retry = getattr(error, "retry_after", None) or 60
    sentence = try_again_sentence(retry)
    if wants_json():
        response = make_response(json_error(
            429, "rate_limited", f"You are going a little fast. {sentence}", retry_after=retry))
    else:
        kept = [(name, value) for name, value in request.form.items(multi=True)
                if name not in SECRET_FIELDS and name.removeprefix("kept-") not in SECRET_FIELDS]
        response = make_response(render_template("errors/429.html", try_again=sentence,
                                                 kept=kept, action=request.path), 429)
    response.headers["Retry-After"] = str(retry)
    return response
