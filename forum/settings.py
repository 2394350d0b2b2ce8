"""Check and complete the settings when the app starts, and read them afterwards.

:func:`check_settings` runs once in ``create_app`` after every source of settings was read.
Each problem stops the start with a :class:`RuntimeError` that says which ``FORUM_`` variable
to change, so a misconfigured server never runs half-protected.

The readers (:func:`forum_zone`, :func:`threads_per_page`, :func:`arguments_per_page`) are
the one place views and helpers get those settings; services below the views take the values
as parameters instead. This module imports no domain.
"""
from __future__ import annotations

import json

import re
from collections.abc import Mapping, MutableMapping
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from flask import current_app

from forum.i18n import PSEUDO
from forum.writelock import TurnTakingConnection

ENVIRONMENTS = ("development", "production", "testing")
#: the connection poolers the app can sit behind (FORUM_DATABASE_POOLER)
POOLERS = ("transaction",)
#: settings read verbatim from the environment: ``from_prefixed_env`` would turn ``12345``
#: into a number and ``true`` into a boolean
VERBATIM = ("SECRET_KEY", "MAIL_USERNAME", "MAIL_PASSWORD")
MIN_SECRET_KEY_LENGTH = 32
DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"
CONTACT_SCHEMES = ("mailto", "https", "tel")
#: settings that are a number of items per page, and the range they must be in
PER_PAGE_SETTINGS = ("THREADS_PER_PAGE", "ARGUMENTS_PER_PAGE")
PER_PAGE_MIN, PER_PAGE_MAX = 1, 100
#: the proposal settings that are whole numbers, and the largest each may be
PROPOSAL_LIMITS = {"PROPOSAL_DAYS": 3650, "PROPOSAL_THRESHOLD": 10_000_000}
#: the longest area name the supports' column holds
POSTCODE_AREA_MAX = 60


@lru_cache(maxsize=16)
def zone_named(name: str) -> ZoneInfo:
    """Return the time zone called ``name`` (cached); raise ValueError if there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        raise ValueError(name) from None


def forum_zone() -> ZoneInfo:
    """The zone the forum shows and reads times in (setting ``TIMEZONE``)."""
    return zone_named(current_app.config["TIMEZONE"])


def threads_per_page() -> int:
    """Threads per page of a topic (setting ``THREADS_PER_PAGE``)."""
    return current_app.config["THREADS_PER_PAGE"]


def arguments_per_page() -> int:
    """Arguments per page of a thread (setting ``ARGUMENTS_PER_PAGE``)."""
    return current_app.config["ARGUMENTS_PER_PAGE"]


def read_verbatim(config: MutableMapping[str, Any], environ: Mapping[str, str]) -> None:
    """Take the text settings exactly as written in the environment."""
    for name in VERBATIM:
        raw = environ.get(f"FORUM_{name}")
        if raw is not None:
            config[name] = raw


def check_settings(config: MutableMapping[str, Any]) -> None:
    """Normalise the settings in place; raise :class:`RuntimeError` on an unsafe one."""
    production = _environment(config) == "production"
    _check_secret_key(config, production)
    if production and config.get("DEBUG"):
        raise RuntimeError("Debug mode must be off when FORUM_ENV=production: unset "
                           "FLASK_DEBUG and FORUM_DEBUG, and do not pass --debug.")
    config["BASE_URL"] = _base_url(config.get("BASE_URL"), production)
    config["TRUSTED_HOSTS"] = _trusted_hosts(config.get("TRUSTED_HOSTS"), config["BASE_URL"],
                                             production)
    config["SECURITY_CONTACT"] = _contacts(config.get("SECURITY_CONTACT"))
    config["SECURITY_EXPIRES"] = _expires(config.get("SECURITY_EXPIRES"))
    config["TIMEZONE"] = _zone_name(config.get("TIMEZONE"))
    config["LANGUAGES"] = _languages(config.get("LANGUAGES"))
    config["DEFAULT_LANGUAGE"] = _default_language(config.get("DEFAULT_LANGUAGE"),
                                                   config["LANGUAGES"])
    config["BABEL_DEFAULT_LOCALE"] = config["DEFAULT_LANGUAGE"]
    for name in PER_PAGE_SETTINGS:
        config[name] = _per_page(name, config.get(name))
    for name, most in PROPOSAL_LIMITS.items():
        config[name] = _whole_number(name, config.get(name), most)
    config["PROPOSAL_POSTCODE_AREAS"] = postcode_areas(config.get("PROPOSAL_POSTCODE_AREAS"))
    config["DATABASE_POOLER"] = _pooler(config.get("DATABASE_POOLER"))
    config["JOBS_RUNNER"] = _jobs_runner(config.get("JOBS_RUNNER"), config.get("REDIS_URL"))
    config["JOBS_SWEEP_SECONDS"] = _sweep_seconds(config.get("JOBS_SWEEP_SECONDS", 15))


def _sweep_seconds(value: Any) -> float:
    """Seconds between sweeps of due jobs: a number above 0 and at most a day."""
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            pass
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 86400:
        raise RuntimeError("FORUM_JOBS_SWEEP_SECONDS must be a number of seconds above 0 "
                           f"and at most 86400, not {value!r}.")
    return float(value)


def _jobs_runner(value: object, redis_url: object) -> str:
    """``rq``, ``thread`` or ``manual``; unset: RQ when Redis is configured, else in-process."""
    if value in (None, ""):
        return "rq" if redis_url else "thread"
    runner = str(value).strip().lower()
    if runner not in ("rq", "thread", "manual"):
        raise RuntimeError(f"FORUM_JOBS_RUNNER must be rq, thread or manual, not {value!r}.")
    if runner == "rq" and not redis_url:
        raise RuntimeError("FORUM_JOBS_RUNNER=rq needs FORUM_REDIS_URL.")
    return runner


def engine_options(url: str, config: Mapping[str, Any]) -> dict[str, Any]:
    """The SQLAlchemy engine options for the database at ``url``.

    Behind a pooler in transaction mode (PgBouncer's ``pool_mode = transaction``) one session
    may run on a different server connection for each transaction, so psycopg must not keep
    prepared statements on the server (``prepare_threshold=None``).
    """
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    connect_args = dict(options.get("connect_args") or {})
    if config.get("DATABASE_POOLER") == "transaction" and url.startswith("postgresql"):
        connect_args["prepare_threshold"] = None
    if url.startswith("sqlite"):  # writers take turns (forum/writelock.py)
        connect_args.setdefault("factory", TurnTakingConnection)
    options["connect_args"] = connect_args
    return options


def _pooler(value: Any) -> str | None:
    name = value.strip().lower() if isinstance(value, str) else value
    if name in (None, "", "none"):
        return None
    if name not in POOLERS:
        raise RuntimeError("FORUM_DATABASE_POOLER must be transaction (PgBouncer in "
                           f"transaction mode) or left unset, not {value!r}.")
    return name


def _zone_name(value: Any) -> str:
    name = value.strip() if isinstance(value, str) else ""
    try:
        zone_named(name)
    except ValueError:
        raise RuntimeError("FORUM_TIMEZONE must be the name of a time zone such as "
                           f"Europe/London or America/New_York, not {value!r}.") from None
    return name


def _languages(value: Any) -> tuple[str, ...]:
    """Language codes (``en,cy``): each a locale Babel knows, or the pseudo-locale."""
    items = value if isinstance(value, (list, tuple)) else re.split(r"[,\s]+", str(value or ""))
    codes: list[str] = []
    for item in (str(i).strip().replace("-", "_") for i in items):
        if not item or item in codes:
            continue
        if item != PSEUDO:
            try:
                item = str(Locale.parse(item))
            except (UnknownLocaleError, ValueError):
                raise RuntimeError("FORUM_LANGUAGES must be language codes separated by "
                                   f"commas, such as en,cy; {item!r} is not one.") from None
        codes.append(item)
    if not codes:
        raise RuntimeError("FORUM_LANGUAGES must name at least one language, such as en.")
    return tuple(codes)


def _default_language(value: Any, spoken: tuple[str, ...]) -> str:
    code = str(value or "").strip().replace("-", "_")
    if code not in spoken:
        raise RuntimeError(f"FORUM_DEFAULT_LANGUAGE must be one of FORUM_LANGUAGES "
                           f"({', '.join(spoken)}), not {value!r}.")
    return code


def _whole_number(name: str, value: Any, most: int) -> int:
    """A setting that is a whole number from 1 to ``most`` (read from text too)."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= most:
        raise RuntimeError(f"FORUM_{name} must be a whole number from 1 to {most}, "
                           f"not {value!r}.")
    return value


def postcode_key(code: str) -> str:
    """A postcode or postcode district as the council's list is looked up by: upper case,
    no spaces ("cb1 2ab" → "CB12AB")."""
    return "".join(code.split()).upper()


def postcode_areas(value: Any) -> dict[str, str]:
    """``PROPOSAL_POSTCODE_AREAS``: postcode districts ("CB1") to area names, keyed by
    :func:`postcode_key`; a JSON object in the environment. Empty: no postcode is asked."""
    if value is None:
        value = {}
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else {}
        except ValueError:
            value = "not JSON"
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and postcode_key(k) and v.strip()
            and len(postcode_key(k)) <= 4 and len(v.strip()) <= POSTCODE_AREA_MAX
            for k, v in value.items()):
        raise RuntimeError("FORUM_PROPOSAL_POSTCODE_AREAS must be a JSON object of postcode "
                           'districts to area names, such as {"CB1": "Mill Road"} (districts '
                           f"of up to 4 characters, names of up to {POSTCODE_AREA_MAX}).")
    return {postcode_key(k): v.strip() for k, v in value.items()}


def _per_page(name: str, value: Any) -> int:
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool) \
            or not PER_PAGE_MIN <= value <= PER_PAGE_MAX:
        raise RuntimeError(f"FORUM_{name} must be a whole number from {PER_PAGE_MIN} to "
                           f"{PER_PAGE_MAX}, not {value!r}.")
    return value


def _environment(config: MutableMapping[str, Any]) -> str:
    value = str(config.get("ENV") or "").strip().lower()
    if value not in ENVIRONMENTS:
        raise RuntimeError(f"FORUM_ENV must be development, production or testing, "
                           f"not {config.get('ENV')!r}.")
    config["ENV"] = value
    return value


def _check_secret_key(config: MutableMapping[str, Any], production: bool) -> None:
    key = config.get("SECRET_KEY")
    if key is None or key == "":
        if production:
            raise RuntimeError("FORUM_SECRET_KEY must be set when FORUM_ENV=production.")
        return
    if not isinstance(key, str):
        raise RuntimeError("SECRET_KEY must be text; set it through FORUM_SECRET_KEY.")
    if production and len(key) < MIN_SECRET_KEY_LENGTH:
        raise RuntimeError(f"FORUM_SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} "
                           "characters long when FORUM_ENV=production; generate one with "
                           "python -c 'import secrets; print(secrets.token_hex(32))'.")


def _base_url(value: Any, production: bool) -> str:
    if not value:
        if production:
            raise RuntimeError("FORUM_BASE_URL must be set when FORUM_ENV=production, "
                               "for example https://forum.example.org.")
        value = DEVELOPMENT_BASE_URL
    parts = urlsplit(str(value).strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query \
            or parts.fragment or parts.username or parts.password:
        raise RuntimeError("FORUM_BASE_URL must be an address like https://forum.example.org "
                           f"or https://council.example/forum, not {value!r}.")
    return f"{parts.scheme}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


def _trusted_hosts(value: Any, base_url: str, production: bool) -> list[str] | None:
    if isinstance(value, str):
        value = re.split(r"[,\s]+", value)
    if value is not None and not isinstance(value, (list, tuple)):
        raise RuntimeError("FORUM_TRUSTED_HOSTS must be host names separated by commas.")
    hosts = [str(host).strip().lower() for host in value or () if str(host).strip()]
    # An empty list would trust every host: production falls back to the base URL's.
    if not hosts and production:
        hosts = [urlsplit(base_url).hostname or ""]
    return hosts or None


def _contacts(value: Any) -> list[str]:
    items = value if isinstance(value, (list, tuple)) else re.split(r"[,\s]+", str(value or ""))
    contacts = []
    for item in (str(i).strip() for i in items):
        if not item:
            continue
        if "@" in item and ":" not in item:
            item = f"mailto:{item}"
        scheme, _, rest = item.partition(":")
        if scheme.lower() not in CONTACT_SCHEMES or not rest.strip("/"):
            raise RuntimeError("FORUM_SECURITY_CONTACT must be mailto:, https: or tel: "
                               f"addresses separated by commas, not {item!r}.")
        contacts.append(item)
    return contacts


def _expires(value: Any) -> datetime | None:
    if not value:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(str(value).strip())
    except ValueError:
        raise RuntimeError("FORUM_SECURITY_EXPIRES must be a date like 2027-06-30, "
                           f"not {value!r}.") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
