"""Default settings. Every setting can be overridden by an environment variable
with the ``FORUM_`` prefix (``FORUM_DATABASE_URL``, ``FORUM_SECRET_KEY`` …), read
by :meth:`flask.Config.from_prefixed_env`; values are parsed as JSON when they can be.

Settings
--------
``ENV``                  ``development`` (default), ``testing`` or ``production``, in any
                         case; anything else refuses to start. Production refuses to start
                         without ``SECRET_KEY`` and ``BASE_URL``, or in debug mode
                         (``FLASK_DEBUG``, ``FORUM_DEBUG``, ``--debug``), and hardens cookies.
``BASE_URL``             the site's address, the only source of absolute links (mail, feeds,
                         jobs), e.g. ``https://council.example/forum``; development default
                         ``http://127.0.0.1:5000``; required in production.
``TRUSTED_HOSTS``        host names requests may be addressed to (commas between several, a
                         leading dot for subdomains; ports are not compared); others get 400.
                         Production default: the host of ``BASE_URL``; development: any.
``DATABASE_URL``         SQLAlchemy URL; default: SQLite file ``instance/forum.sqlite3``.
``DATABASE_REPLICA_URL`` a read replica's URL: anonymous ``GET`` and ``HEAD`` requests read
                         from it (``forum.replicas``); unset: everything uses the primary.
``DATABASE_POOLER``      ``transaction`` when the database is reached through PgBouncer in
                         transaction mode (no server-side prepared statements); default unset.
``SECRET_KEY``           signs sessions and tokens; default: generated once into ``instance/``.
                         Read as text, never as JSON; production needs 32 characters or more.
``REDIS_URL``            Redis for shared rate limits and the job queue; unset: memory limits
                         and the in-process job runner.
``JOBS_RUNNER``          who runs background jobs: ``rq`` (RQ on ``REDIS_URL``, run by
                         ``flask --app forum worker``), ``thread`` (in-process, after the
                         response) or ``manual`` (only ``run_due``: tests and scripts);
                         default: ``rq`` when ``REDIS_URL`` is set, else ``thread``.
``JOBS_QUEUE``           the RQ queue's name on ``REDIS_URL`` (default ``forum``).
``JOBS_SWEEP_SECONDS``   seconds between sweeps that hand due pending jobs (retries after
                         their backoff, lost hand-overs) to the runner (default 15; above 0
                         and at most 86400, anything else refuses to start).
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
``LIMIT_PREVIEWS``       previews of posts, threads, consultations and their edits per user
                         (default ``20 per minute; 200 per hour``).
``LIMIT_FLAGS``          flags per user (default ``10 per minute; 60 per day``).
``LIMIT_PASSWORD_RESET`` reset emails per IP address and per email (default ``5 per hour``).
``LIMIT_CONFIRM_EMAIL``  confirmation links (a new link, a change of address) per account
                         (default ``3 per hour``).
``LIMIT_TWO_FACTOR``     wrong second-factor codes per account, code page and token API
                         together (default ``5 per 5 minutes``).
                         Limit values use Flask-Limiter's notation; ``;`` separates several
                         windows, each a fixed window counted atomically (``forum.limits``).
``FLAG_HIDE_THRESHOLD``  distinct flags that hide a post pending review (default 3).
``RESPONSE_DUE_DAYS``    days the council has to respond to a submitted summary or a qualified
                         proposal (default 30).
``PROPOSAL_DAYS``        days a published proposal collects support (default 90).
``PROPOSAL_THRESHOLD``   supports a proposal needs to qualify (default 100; a topic may set
                         its own).
``PROPOSAL_POSTCODE_AREAS`` postcode districts of the council's area and the area each is in
                         (``{"CB1": "Mill Road"}``); set, supporting asks for a postcode and
                         keeps only its area (default ``{}``: no postcode asked).
``STAFF_2FA``            ``optional`` (default) or ``required`` for staff accounts.
``STAFF_IDLE_MINUTES``   idle minutes after which a staff session ends (default 30).
``SESSION_IDLE_DAYS``    days unused after which any sign-in (and its record) ends (default 60).
``MAIL_SERVER``          SMTP host; unset: mail is written to ``instance/outbox/``.
``MAIL_PORT``, ``MAIL_USERNAME``, ``MAIL_PASSWORD``, ``MAIL_USE_TLS`` (STARTTLS),
``MAIL_USE_SSL`` (TLS from the start, usually port 465), ``MAIL_FROM`` (the address; the
                         From display name is ``SITE_NAME`` unless it has one, as in
                         ``Town Forum <forum@town.example>``);
                         the user name and password are read as text, never as JSON.
``DIGEST_WEEKDAY``       the day weekly notification digests go out, in English
                         (default ``monday``); ``send-digests`` run on another day sends a
                         weekly digest only to those whose last one is seven days old.
``TIMEZONE``             zone times are shown in and form dates are read in, an IANA name
                         (default ``Europe/London``); an unknown zone refuses to start.
``LANGUAGES``            the languages pages and mail are offered in, codes separated by commas
                         (default ``en,cy``); each needs its catalogue in
                         ``forum/translations/<code>/`` (``en`` is the source text and needs
                         none). ``en_XA`` is the pseudo-locale for checking translation
                         coverage (docs/translating.md). An unknown code refuses to start.
``DEFAULT_LANGUAGE``     the language spoken when neither the person's setting, their
                         choice in the header nor their browser decides (default ``en``);
                         it must be one of ``LANGUAGES``.
``THREADS_PER_PAGE``     threads on each page of a topic, and the API's default ``limit``
                         (default 20).
``ARGUMENTS_PER_PAGE``   arguments on each page of a thread (default 25); summary citations
                         link to the page their post is on. Both are whole numbers 1–100;
                         anything else refuses to start.
``PAGE_CACHE_CHARS``     how much HTML of whole pages each process keeps (thread pages for
                         readers who are not signed in and for signed-in readers by class;
                         the home page, the topics, topic pages, the outcomes and the
                         consultation reports for readers who are not signed in), in
                         characters (default 16,000,000: a few hundred thread pages), and a
                         tenth as much more for the cards readers have their own version of
                         (their posts, the posts they endorsed); 0 keeps none.
                         docs/performance.md, "Kept pages".
``EXPORT_DAYS``          days a download of someone's data can be fetched, after which
                         its file is deleted (default 7).
``RETENTION_SIGN_INS_DAYS`` days a sign-in record unused is kept before ``flask --app forum
                         purge`` deletes it (default 90).
``RETENTION_IP_DAYS``    days IP-keyed records are kept (default 30). Today none outlives
                         it: rate-limit counters end with their window (a day at most) and
                         the moderation log stores no IP address or browser details.
``RETENTION_OUTBOX_DAYS`` days development mail stays in ``instance/outbox/`` (default 14).
``RETENTION_JOBS_DAYS``  days finished and failed background jobs are kept (default 30).
``SITE_NAME``            shown in the header (default ``Civic Forum``).
``SECURITY_CONTACT``     where to report a vulnerability: ``mailto:``, ``https:`` or ``tel:``
                         addresses (a bare email gets ``mailto:``), commas between several;
                         unset: no ``/.well-known/security.txt`` (404).
``SECURITY_EXPIRES``     date the security.txt stops being valid (``2027-06-30``); default: a
                         year from the day it is read.
``SECURITY_LANGUAGES``   security.txt ``Preferred-Languages`` (default ``en``).
"""
from __future__ import annotations

DEFAULTS = {
    "ENV": "development",
    "BASE_URL": None,
    "TRUSTED_HOSTS": None,
    "SITE_NAME": "Civic Forum",
    "TIMEZONE": "Europe/London",
    "LANGUAGES": "en,cy",
    "DEFAULT_LANGUAGE": "en",
    "DATABASE_URL": None,
    "DATABASE_REPLICA_URL": None,
    "DATABASE_POOLER": None,
    "REDIS_URL": None,
    "JOBS_RUNNER": None,
    "JOBS_QUEUE": "forum",
    "JOBS_SWEEP_SECONDS": 15,
    "RATELIMIT_ENABLED": True,
    "TRUSTED_PROXIES": 0,
    "LIMIT_SIGN_IN_ACCOUNT": "10 per 15 minutes",
    "LIMIT_SIGN_IN_IP": "30 per 15 minutes",
    "LIMIT_REGISTER_IP": "5 per hour",
    "LIMIT_POSTS": "5 per minute; 60 per hour",
    "LIMIT_POSTS_NEW_ACCOUNT": "2 per minute; 10 per hour",
    "LIMIT_PREVIEWS": "20 per minute; 200 per hour",
    "LIMIT_FLAGS": "10 per minute; 60 per day",
    "LIMIT_PASSWORD_RESET": "5 per hour",
    "LIMIT_CONFIRM_EMAIL": "3 per hour",
    "LIMIT_TWO_FACTOR": "5 per 5 minutes",
    "FLAG_HIDE_THRESHOLD": 3,
    "RESPONSE_DUE_DAYS": 30,
    "PROPOSAL_DAYS": 90,
    "PROPOSAL_THRESHOLD": 100,
    "PROPOSAL_POSTCODE_AREAS": {},
    "STAFF_2FA": "optional",
    "STAFF_IDLE_MINUTES": 30,
    "SESSION_IDLE_DAYS": 60,
    "MAIL_SERVER": None,
    "MAIL_PORT": 25,
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_FROM": "forum@localhost",
    "EXPORT_DAYS": 7,
    "RETENTION_SIGN_INS_DAYS": 90,
    "RETENTION_IP_DAYS": 30,
    "RETENTION_OUTBOX_DAYS": 14,
    "RETENTION_JOBS_DAYS": 30,
    "DIGEST_WEEKDAY": "monday",
    "SECURITY_CONTACT": None,
    "SECURITY_EXPIRES": None,
    "SECURITY_LANGUAGES": "en",
    "MAX_CONTENT_LENGTH": 512 * 1024,
    "THREADS_PER_PAGE": 20,
    "ARGUMENTS_PER_PAGE": 25,
    "PAGE_CACHE_CHARS": 16_000_000,
    "WTF_CSRF_TIME_LIMIT": None,
    "WTF_CSRF_CHECK_DEFAULT": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
}
