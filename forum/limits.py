"""Rate limits (Flask-Limiter, fixed windows): Redis when ``FORUM_REDIS_URL`` is set, else memory.

Several app servers share one Redis, so a limit holds across all of them. Without Redis each
worker process counts alone (see :func:`shared_counts_warning`). The limit values are settings
(``LIMIT_*`` in :mod:`forum.config`), read on every request.

Shared limits, applied as view decorators (stack them under the route decorator)::

    @bp.route("/posts/<id:post_id>/flag", methods=["POST"])
    @login_required
    @flag_limit
    def flag(post_id): ...

- :data:`post_limit`: posts and new threads per user, one count; tighter for new accounts.
- :data:`flag_limit`: flags per user.
- :func:`sign_in_limits`: failed sign-ins per account and per IP address.
- :data:`register_limit`: accounts created per IP address.
- :func:`reset_limits`: password-reset emails per IP address and per email address.
- :data:`code_limit`: wrong second-factor codes per account waiting for its code.
- :data:`confirm_limit`: confirmation links mailed per account.

Counting first: Flask-Limiter *hits* the windows of the view's limits (an atomic
increment-and-test in the storage), stopping at the first one over, before the view runs; none
of these limits uses ``deduct_when``, which would check first and count after, letting requests
sent together all pass. After the view,
:func:`refund_uncounted` takes the request back out of the windows whose limit does not count
it: posts and threads count every attempt but previews (answered 200, nothing saved), which
the preview limit counts instead; sign-ins
and codes count failures (a success is taken back); registrations, reset emails and flags
count successes (a refused one is taken back). A request over any window is answered 429 and
counted in none; ``Retry-After`` is the longest wait among the windows it is over, on a page
that gives back the user's text, or as the API error ``rate_limited``.
"""
from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from flask import Flask, current_app, g, make_response, render_template, request, session
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_qualified_name
from flask_login import current_user
from limits import RateLimitItem, parse_many
from limits.storage import RedisStorage
from werkzeug.middleware.proxy_fix import ProxyFix

from forum.accounts.emails import lookup_email
from forum.accounts.rules import NEW_ACCOUNT_AGE, is_new_account
from forum.db import utcnow
from forum.errors import json_error, wants_json
from forum.i18n import _, _l, ngettext
from forum.inputs import SECRET_FIELDS
from forum.limit_storage import AtomicMemoryStorage, decrement
from forum.timefmt import localtime

if TYPE_CHECKING:
    from flask_limiter import LimitDecorator
    from werkzeug.wrappers import Response

F = TypeVar("F", bound=Callable)

log = logging.getLogger(__name__)

#: where an app keeps its :class:`AppLimits`
EXTENSION = "forum_limits"


def init_limiter(app: Flask) -> None:
    """Give ``app`` its own limiter, with shared storage when Redis is configured, and its
    429 answer."""
    redis_url = app.config.get("REDIS_URL")
    memory = f"{AtomicMemoryStorage.STORAGE_SCHEME[0]}://"  # limits' memory://, made atomic
    app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or memory)
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "forum")
    app.config.setdefault("RATELIMIT_STORAGE_OPTIONS",
                          {"socket_connect_timeout": 2, "socket_timeout": 2} if redis_url else {})
    # A Redis outage must not take the forum down: limits then count in this process's memory.
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:  # behind a load balancer, the client address is in X-Forwarded-For
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies,  # type: ignore
                                x_host=proxies)
    # Fixed windows, because their counters can be taken back (a moving window's entries
    # cannot); hitting stops at the first window that is over, so a refused request holds no
    # count in the windows after it (and parallel requests are not refused because of it).
    limiter = Limiter(key_func=ip_key, strategy="fixed-window", headers_enabled=False,
                      fail_on_first_breach=True)
    limiter.init_app(app)
    app.extensions[EXTENSION] = AppLimits(limiter)
    if limiter.enabled:
        app.after_request(refund_uncounted)
    app.register_error_handler(429, render_rate_limited)  # by code: before errors' handler


class AppLimits:
    """One app's limiter, and the views it limits (wrapped by it on their first request)."""

    def __init__(self, limiter: Limiter) -> None:
        self.limiter = limiter
        #: the second-factor limit on a block of the token API's view (the account is known
        #: mid-view)
        self.code_block = CODE_RULE.on(limiter)
        self._views: dict[str, Callable] = {}
        self._lock = threading.Lock()

    def view(self, name: str, view: Callable, rules: list[_Rule]) -> Callable:
        """``view`` under Flask-Limiter's decorators for ``rules`` (built once per app)."""
        with self._lock:
            if name not in self._views:
                limited = view
                for rule in rules:
                    limited = rule.on(self.limiter)(limited)
                self._views[name] = limited
            return self._views[name]


def limiter_for(app: Flask) -> Limiter:
    """The Flask-Limiter extension of ``app``."""
    return app.extensions[EXTENSION].limiter


def _app_limits() -> AppLimits:
    return current_app.extensions[EXTENSION]


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
    email = email if isinstance(email, str) else ""
    return f"account:{_digest(lookup_email(email) or email.strip().lower())}"


def pending_sign_in_key() -> str:
    """The account waiting for its second-factor code (kept in the session, or, in the token
    API, known once the password is right)."""
    if "code_limit_key" in g:
        return g.code_limit_key
    pending = session.get("two_factor") or {}
    return pending_account_key(pending.get("uid")) if pending.get("uid") else f"ip:{ip_key()}"


def pending_account_key(user_id: int) -> str:
    """The code-limit key of an account (the code page and the token API share it)."""
    return f"pending:{user_id}"


def account_limit_keys(user_id: int, email: str) -> list[str]:
    """The rate-limit keys that name one account: its id, and its email address's digest."""
    return [f"user:{user_id}", pending_account_key(user_id),
            f"account:{_digest(email.strip().lower())}"]


def forget_limit_keys(app: Flask, keys: list[str]) -> int:
    """Delete the counters of every limit counted under one of ``keys``; return how many.

    Counters live in Redis or in this process's memory; a counter in another process's
    memory is not reachable, and ends with its window (a day at most).
    """
    limiter = limiter_for(app)
    if not limiter.enabled:
        return 0  # nothing is counted
    storage = limiter.storage
    marks = [f"LIMITER/{key}/" for key in keys]
    if isinstance(storage, RedisStorage):
        connection = storage.get_connection()
        found = [name for mark in marks for name in connection.scan_iter(match=f"*{mark}*")]
        if found:
            connection.delete(*found)
        return len(found)
    counters = getattr(storage, "storage", {})
    found = [name for name in list(counters) if any(mark in name for mark in marks)]
    for name in found:
        storage.clear(name)
    return len(found)


# --- the shared limits -------------------------------------------------------------------

def _succeeded(status: int) -> bool:
    return status < 400


def _failed(status: int) -> bool:
    return status >= 400


def _setting(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def _post_limit_value() -> str:
    if current_user.is_authenticated and is_new_account(current_user, utcnow()):
        return current_app.config["LIMIT_POSTS_NEW_ACCOUNT"]
    return current_app.config["LIMIT_POSTS"]


@dataclass(frozen=True)
class _Rule:
    """One shared limit: its windows, whom it counts, and the answers it does not count."""
    scope: str
    value: Callable[[], str]
    key: Callable[[], str]
    refund_if: Callable[[int], bool] = lambda status: False
    methods: tuple[str, ...] = ("POST",)
    #: requests this limit leaves alone (neither checked nor counted)
    exempt_when: Callable[[], bool] | None = None

    def on(self, limiter: Limiter) -> LimitDecorator:
        """This limit as one of ``limiter``'s shared limits."""
        return limiter.shared_limit(self.value, scope=self.scope, key_func=self.key,
                                    methods=list(self.methods), exempt_when=self.exempt_when)


_RULES: dict[str, _Rule] = {}  # by scope
_VIEW_SCOPES: dict[str, list[str]] = {}  # view name -> the scopes limiting it
#: the attribute holding the limits of a view wrapped by :func:`_shared`
_LIMITED = "__forum_limits__"


def _shared(rule: _Rule) -> Callable[[F], F]:
    """A shared limit as a view decorator, counted first (a 429 never counts).

    The limit is declared here, once; each app's limiter applies it to the view on the
    view's first request there (Flask-Limiter's decorators belong to one limiter).
    """
    _RULES[rule.scope] = rule

    def decorate(view: F) -> F:
        name = get_qualified_name(view)
        _VIEW_SCOPES.setdefault(name, []).append(rule.scope)
        rules: list[_Rule] | None = getattr(view, _LIMITED, None)
        if rules is not None:  # already one of ours: the same wrapper checks this limit too
            rules.append(rule)
            return view
        rules = [rule]

        @wraps(view)
        def limited(*args: Any, **kwargs: Any) -> Any:
            return _app_limits().view(name, view, rules)(*args, **kwargs)
        setattr(limited, _LIMITED, rules)
        return limited  # type: ignore[return-value]
    return decorate


def _previewed(status: int) -> bool:
    """A 200 answer to a POST of a post or thread form is its preview: nothing was saved
    (a saved one redirects, 302, or is created, 201; a refused one is 4xx)."""
    return status == 200


#: posts and new threads (HTML and API) per user, every attempt counted but previews
post_limit = _shared(_Rule("posts", _post_limit_value, user_key, _previewed))

def _not_a_preview() -> bool:
    """The form was sent to be saved, not previewed (its Preview button was not pressed)."""
    return "preview" not in request.form


#: previews of posts, threads and their edits per user: each renders Markdown, so they are
#: counted too, in a window of their own and more generous; sending to save is not counted
preview_limit = _shared(_Rule("previews", _setting("LIMIT_PREVIEWS"), user_key,
                              exempt_when=_not_a_preview))

#: flags per user; a refused flag is taken back
flag_limit = _shared(_Rule("flags", _setting("LIMIT_FLAGS"), user_key, _failed,
                           methods=("POST", "PUT")))

#: accounts created per IP address; a refused registration is taken back
register_limit = _shared(_Rule("register", _setting("LIMIT_REGISTER_IP"), ip_key, _failed))

#: second-factor codes per account waiting for its code; a right code is taken back
CODE_RULE = _Rule("two-factor", _setting("LIMIT_TWO_FACTOR"), pending_sign_in_key, _succeeded)
code_limit = _shared(CODE_RULE)

_sign_in_ip = _shared(_Rule("sign-in-ip", _setting("LIMIT_SIGN_IN_IP"), ip_key, _succeeded))
_sign_in_account = _shared(_Rule("sign-in-account", _setting("LIMIT_SIGN_IN_ACCOUNT"),
                                 account_key, _succeeded))
_reset_ip = _shared(_Rule("reset-ip", _setting("LIMIT_PASSWORD_RESET"), ip_key, _failed))
_reset_account = _shared(_Rule("reset-account", _setting("LIMIT_PASSWORD_RESET"), account_key,
                               _failed))


#: confirmation links mailed per account (asking for a new one, changing the address); a
#: refused request is taken back
confirm_limit = _shared(_Rule("confirm-email", _setting("LIMIT_CONFIRM_EMAIL"), user_key,
                              _failed))


def sign_in_limits(view: F) -> F:
    """Limit failed sign-ins per account and per IP address (a success is taken back)."""
    return _sign_in_ip(_sign_in_account(view))


def reset_limits(view: F) -> F:
    """Limit password-reset emails per IP address and per email address."""
    return _reset_ip(_reset_account(view))


def spend_code_attempt(user_id: int) -> None:
    """Count a second-factor code sent to the token API in the code limit; 429 when over."""
    limits = _app_limits()
    if not limits.limiter.enabled:
        return
    # Flask-Limiter keeps only its latest check of this request: keep the sign-in windows.
    g.earlier_limits = [*g.get("earlier_limits", []), *limits.limiter.current_limits]
    g.code_limit_key = pending_account_key(user_id)
    with limits.code_block:  # Flask-Limiter's limit on a block of a view
        pass


# --- taking back ------------------------------------------------------------------------

def counted_limits() -> list[RequestLimit]:
    """Every window Flask-Limiter hit for this request (its own record, kept on the request)."""
    return [*g.get("earlier_limits", []), *_app_limits().limiter.current_limits]


def take_back(hit: RequestLimit) -> None:
    """Take this request back out of one window it was counted in."""
    decrement(hit.limiter.storage, hit.key)  # the fallback memory while Redis is down


def refund_uncounted(response: Response) -> Response:
    """After the view: take the request back out of the windows whose limit does not count it."""
    status = response.status_code
    for hit in counted_limits():
        rule = _RULES.get(hit.request_args[-1])
        if status == 429 or (rule is not None and rule.refund_if(status)):
            try:
                take_back(hit)
            except Exception as error:  # noqa: BLE001 - a lost refund only makes a limit stricter
                log.warning("Could not take back a rate-limit count (%s).", error)
    return response


# --- the answer over a limit -------------------------------------------------------------

def _windows() -> dict[str, tuple[RateLimitItem, list[str], bool | None]]:
    """Every window of this request's limits: (window, its key parts, whether this request
    went over it), with ``None`` for the windows after the first one over (not hit)."""
    windows = {hit.key: (hit.limit, hit.request_args, hit.breached) for hit in counted_limits()}
    view = current_app.view_functions.get(request.endpoint or "")
    scopes = [*(_VIEW_SCOPES.get(get_qualified_name(view), []) if view else []),
              *(["two-factor"] if "code_limit_key" in g else [])]
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX")
    for scope in dict.fromkeys(scopes):
        rule = _RULES[scope]
        args = [*([prefix] if prefix else []), rule.key(), scope]
        for window in parse_many(rule.value()):
            windows.setdefault(window.key_for(*args), (window, args, None))
    return windows


def retry_after_seconds() -> int:
    """The longest wait among every window this request is over (60 if none is known)."""
    strategy = _app_limits().limiter.limiter
    waits = []
    for window, args, breached in _windows().values():
        try:
            stats = strategy.get_window_stats(window, *args)
        except Exception:  # noqa: BLE001 - storage down: the window's length is a safe answer
            waits.append(window.get_expiry() if breached else 0)
            continue
        if breached or (breached is None and stats.remaining == 0):
            waits.append(max(1, math.ceil(stats.reset_time - time.time())))
    return max(waits, default=0) or 60


#: the wait in words: (largest number of seconds shown in this unit, seconds per unit,
#: the sentence in that unit, singular and plural, for ``ngettext``)
_WAITS = (
    (59, 1, lambda n: ngettext("Try again in %(num)d second.", "Try again in %(num)d seconds.", n)),
    (119 * 60, 60,
     lambda n: ngettext("Try again in %(num)d minute.", "Try again in %(num)d minutes.", n)),
    (47 * 3600, 3600,
     lambda n: ngettext("Try again in %(num)d hour.", "Try again in %(num)d hours.", n)),
    (None, 86400, lambda n: ngettext("Try again in %(num)d day.", "Try again in %(num)d days.", n)),
)


def try_again_sentence(seconds: int) -> str:
    """Say how long to wait, rounded up, as a sentence a person reads ("Try again in 42
    minutes.")."""
    seconds = max(1, int(seconds))
    _most, unit, sentence = next(wait for wait in _WAITS if wait[0] is None or seconds <= wait[0])
    return sentence(-(-seconds // unit))


#: the longest wait the rate-limit page counts down (longer ones keep the server's sentence)
COUNTDOWN_LIMIT = 119 * 60


def countdown_sentences(seconds: int) -> dict[str, list[str]]:
    """Every sentence ``countdown.js`` may show while a wait of ``seconds`` runs down, whole
    and in the reader's language (each plural chosen here): ``seconds[n - 1]`` with n
    seconds left (under a minute), ``minute_and[n]`` with one minute and n seconds left,
    ``minutes[n - 1]`` with n minutes left (rounded up, from two minutes on). Empty for a
    wait too long to count down."""
    seconds = max(1, int(seconds))
    if seconds > COUNTDOWN_LIMIT:
        return {}
    left = range(1, seconds + 1)
    return {
        "seconds": [ngettext("Try again in %(num)d second.", "Try again in %(num)d seconds.", n)
                    for n in left if n < 60],
        "minute_and": [
            ngettext("Try again in %(num)d minute.", "Try again in %(num)d minutes.", 1)
            if n == 60 else ngettext("Try again in 1 minute and %(num)d second.",
                                     "Try again in 1 minute and %(num)d seconds.", n - 60)
            for n in left if 60 <= n < 120],
        "minutes": [ngettext("Try again in %(num)d minute.", "Try again in %(num)d minutes.", n)
                    for n in range(1, -(-seconds // 60) + 1)] if seconds >= 120 else [],
    }


#: why each limit exists, by scope (``posts`` for a new account is said by :func:`why_limited`)
_WHY = {
    "posts": _l("Everyone can post only so many times a minute and an hour, so that no one can "
                "flood a debate."),
    "previews": _l("Everyone can preview only so many texts a minute and an hour, so that no one "
                   "can keep the server busy rendering them."),
    "flags": _l("Everyone can report only so many posts a minute and a day, so that the "
                "moderators can look at every report."),
    "register": _l("Only a few accounts can be created from one connection in an hour, to keep "
                   "out accounts made in bulk."),
    "sign-in-ip": _l("After several failed sign-ins, signing in is paused for a while, to protect "
                     "accounts from password guessing."),
    "sign-in-account": _l("After several failed sign-ins, signing in is paused for a while, to "
                          "protect accounts from password guessing."),
    "reset-ip": _l("Only a few password-reset emails can be sent in an hour, so that no one can "
                   "flood an inbox."),
    "reset-account": _l("Only a few password-reset emails can be sent in an hour, so that no one "
                        "can flood an inbox."),
    "two-factor": _l("After several wrong codes, entering codes is paused for a while, to protect "
                     "your account from guessing."),
}


def why_limited() -> str:
    """Say why this request was limited: the reason for the first limit it went over."""
    for hit in counted_limits():
        if not hit.breached:
            continue
        scope = hit.request_args[-1]
        if scope == "posts" and current_user.is_authenticated \
                and is_new_account(current_user, utcnow()):
            return _("New accounts can post less often during their first day, which keeps "
                     "spam out of the forum. Your account is a day old on %(date)s; after "
                     "that the usual limit applies.",
                     date=localtime(current_user.created_at + NEW_ACCOUNT_AGE))
        if scope in _WHY:
            return str(_WHY[scope])
    return _("There is a limit on how often anyone can do this, to keep the forum fair for "
             "everyone.")


def render_rate_limited(error: Exception) -> Response:  # noqa: ARG001
    """Answer 429: an API error, or a page that gives the user back what they typed."""
    retry = retry_after_seconds()
    sentence = try_again_sentence(retry)
    if wants_json():
        response = make_response(json_error(
            429, "rate_limited",
            _("You are going a little fast. %(try_again)s", try_again=sentence), retry_after=retry))
    else:
        kept = [(name, value) for name, value in request.form.items(multi=True)
                if name not in SECRET_FIELDS and name.removeprefix("kept-") not in SECRET_FIELDS]
        response = make_response(render_template("errors/429.html", try_again=sentence,
                                                 countdown=countdown_sentences(retry),
                                                 why=why_limited(), wait=retry,
                                                 kept=kept, action=request.path), 429)
    response.headers["Retry-After"] = str(retry)
    return response
