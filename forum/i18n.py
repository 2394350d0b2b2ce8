"""Translation: Flask-Babel bound to the app, the gettext functions every layer uses, and the
choice of language.

A leaf module: every package imports ``_`` (``gettext``), ``ngettext`` and, for text built
at import time (form labels, enum labels), ``_l`` (``lazy_gettext``) from here, never from
Flask-Babel directly, so the extraction keywords and the catalogue's domain are set once.

The languages a site speaks are the setting ``LANGUAGES`` (codes like ``en``, ``cy``; the
first is not special, ``DEFAULT_LANGUAGE`` is). A request speaks, in this order: the
signed-in person's own setting (``users.language``), the choice an anonymous visitor made
with the language switch (a cookie), the best match for the browser's ``Accept-Language``
header, else the default. Mail, written by jobs with no request, speaks its recipient's
language through :func:`recipient_locale`.

``en_XA`` is the pseudo-locale (``forum.translations.pseudo``): English with every
translated letter accented and each string bracketed, so an untranslated string stands out.
Babel has no data of its own for it: it formats dates and numbers as ``en`` does.

Text stored now and read later by someone else (a notification) is kept *deferred*: a
:class:`Deferred` made by :func:`deferred` holds the msgid and its parameters, is stored as
JSON (:meth:`Deferred.to_json`, :meth:`Deferred.from_json`) and is translated only when
``str()`` is taken, in the language then spoken. A parameter is a string, a number, another
:class:`Deferred` (a label) or a :class:`LocalTime` (a date shown in the reader's language).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import wraps
from typing import Any, ParamSpec, TypeVar, Union
from zoneinfo import ZoneInfo

from babel import Locale, dates
from babel import support
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import (Babel, force_locale, get_locale, get_translations, lazy_gettext,
                         lazy_ngettext, pgettext)
from flask_login import current_user

P = ParamSpec("P")
R = TypeVar("R")



def translations() -> support.NullTranslations:
    """The catalogue of the language now spoken, looked up once per app context.

    Flask-Babel finds it again on every call (several context look-ups each); a page
    translates a hundred strings, so the result is kept where Flask-Babel keeps the
    context's own (``babel_translations``, which :func:`flask_babel.force_locale` empties
    while it speaks another language and restores after).
    """
    ctx = getattr(g, "_flask_babel", None) if g else None
    found = getattr(ctx, "babel_translations", None) if ctx is not None else None
    if found is None:
        found = get_translations()
        ctx = getattr(g, "_flask_babel", None) if g else None
        if ctx is not None:
            ctx.babel_translations = found
    return found


def gettext(string: str, **variables: Any) -> str:
    """Translate ``string`` into the language spoken and fill in ``variables``."""
    text = translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    """The singular or plural of a sentence for ``num`` (``%(num)d`` is filled in too)."""
    variables.setdefault("num", num)
    return translations().ungettext(singular, plural, num) % variables


_ = gettext
_l = lazy_gettext
__all__ = ["_", "_l", "babel", "gettext", "init_app", "lazy_ngettext", "ngettext", "pgettext",
           "Deferred", "LocalTime", "default_text", "deferred", "from_stored",
           "LANGUAGE_COOKIE", "PSEUDO", "current_language", "default_language", "direction", "html_lang", "language_choices", "language_for", "language_name", "languages",
           "locale_for", "recipient_locale", "select_locale", "speaking_to"]

babel = Babel()

#: the cookie that keeps an anonymous visitor's choice of language
LANGUAGE_COOKIE = "forum_language"
#: the pseudo-locale's code (a language only when ``LANGUAGES`` lists it)
PSEUDO = "en_XA"
#: the ``lang`` attribute of a language whose code alone is too vague for a reader
HTML_LANG = {"en": "en-GB"}


def init_app(app: Flask, locale_selector: Callable[[], str | Locale | None] | None = None
             ) -> None:
    """Bind Flask-Babel: catalogues in ``forum/translations``, the selector given (by
    default :func:`select_locale`)."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", app.config.get("DEFAULT_LANGUAGE", "en"))
    babel.init_app(app, locale_selector=locale_selector or select_locale)
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n), newstyle=True)


def languages() -> tuple[str, ...]:
    """The codes of the languages this site speaks (setting ``LANGUAGES``)."""
    return tuple(current_app.config.get("LANGUAGES") or (default_language(),))


def default_language() -> str:
    """The language spoken when nothing else decides (setting ``DEFAULT_LANGUAGE``)."""
    return current_app.config.get("DEFAULT_LANGUAGE") or "en"


def written_languages() -> tuple[str, ...]:
    """The languages a text may be written in (a resident's post, an official text and its
    versions): those the site speaks, less the pseudo-locale, which is no one's language."""
    return tuple(code for code in languages() if code != PSEUDO) or (default_language(),)


def writing_language() -> str:
    """The language a text is taken to be in when nothing says otherwise: the one now spoken,
    else (the pseudo-locale, or outside a request) the site default."""
    code = current_language()
    return code if code in written_languages() else default_language()


def language_for(code: str | None) -> str:
    """``code`` if the site speaks it, else the default language."""
    return code if code and code in languages() else default_language()


def locale_for(code: str) -> Locale:
    """The Babel locale of a language code (the pseudo-locale borrows English's data)."""
    if code == PSEUDO:
        locale = Locale("en")
        locale.territory = "XA"  # str() is en_XA, so its own catalogue is loaded
        return locale
    return Locale.parse(code)


def select_locale() -> Locale:
    """The locale of this request: the person's setting, the visitor's cookie, the
    browser's ``Accept-Language``, else the default (outside a request: the default)."""
    if not has_request_context():
        return locale_for(default_language())
    spoken = languages()
    chosen = getattr(current_user, "language", None) if current_user else None
    if chosen not in spoken:
        chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen not in spoken:
        # Accept-Language speaks tags (en-GB); the catalogues are named with underscores
        tags = {code.replace("_", "-"): code for code in spoken}
        chosen = tags.get(request.accept_languages.best_match(tags) or "")
    return locale_for(chosen if chosen in spoken else default_language())


def current_language() -> str:
    """The code of the language now spoken (``en``, ``cy``, ``en_XA``)."""
    return str(get_locale() or default_language())


def html_lang(code: str | None = None) -> str:
    """The ``lang`` attribute for ``code`` (default: the current language): ``en-GB``,
    ``cy``, ``en-XA``."""
    code = code or current_language()
    return HTML_LANG.get(code, code.replace("_", "-"))


def direction(code: str | None = None) -> str:
    """``ltr`` or ``rtl``: the direction of ``code`` (default: the current language)."""
    return locale_for(code or current_language()).text_direction


def language_name(code: str) -> str:
    """The language called in its own words: "English", "Cymraeg"."""
    if code == PSEUDO:
        return "[Ƥšéûðö]"
    name = locale_for(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def language_choices() -> list[tuple[str, str, str]]:
    """Each language offered, as ``(code, its own name, lang attribute)``."""
    return [(code, language_name(code), html_lang(code)) for code in languages()]


@contextmanager
def recipient_locale(code: str | None) -> Iterator[None]:
    """Speak ``code`` (a recipient's ``users.language``; unknown or unset: the default)
    inside the block: for mail rendered by a job, or for someone other than the reader."""
    with force_locale(locale_for(language_for(code))):
        yield


def speaking_to(language_of: Callable[..., str | None]) -> Callable[[Callable[P, R]],
                                                                    Callable[P, R]]:
    """Run the decorated function (one that writes mail) in its recipient's language:
    ``language_of`` takes the same arguments and returns the recipient's language code."""
    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @wraps(function)
        def speaking(*args: P.args, **kwargs: P.kwargs) -> R:
            with recipient_locale(language_of(*args, **kwargs)):
                return function(*args, **kwargs)
        return speaking
    return decorate


@dataclass(frozen=True)
class LocalTime:
    """A date, or an aware date and time shown in ``zone``, formatted with the CLDR
    ``pattern`` in the language spoken when ``str()`` is taken."""

    value: date
    pattern: str
    zone: str = "UTC"

    def __str__(self) -> str:
        locale = get_locale() or locale_for(default_language())
        if not isinstance(self.value, datetime):
            return dates.format_date(self.value, self.pattern, locale=locale)
        local = self.value.astimezone(ZoneInfo(self.zone)).replace(tzinfo=None)
        return dates.format_datetime(local, self.pattern, locale=locale)

    def to_json(self) -> dict[str, str]:
        """The time as JSON: ``{"$time"|"$date": ISO 8601, "pattern", "zone"}``."""
        tag = "$time" if isinstance(self.value, datetime) else "$date"
        return {tag: self.value.isoformat(), "pattern": self.pattern, "zone": self.zone}


Param = Union[str, int, float, None, "Deferred", LocalTime]


@dataclass(frozen=True)
class Deferred:
    """A sentence to translate when it is read: its msgid and parameters."""

    msgid: str
    params: dict[str, Param] = field(default_factory=dict)

    def __str__(self) -> str:
        if not self.params:
            return gettext(self.msgid)
        return gettext(self.msgid, **{name: value if isinstance(value, (int, float)) else
                                      "" if value is None else str(value)
                                      for name, value in self.params.items()})

    def params_json(self) -> dict[str, Any]:
        """The parameters as JSON (each :class:`Deferred` or :class:`LocalTime` tagged)."""
        return {name: _param_json(value) for name, value in self.params.items()}

    def to_json(self) -> dict[str, Any]:
        """The whole message as JSON: ``{"$msg": msgid, "params": {...}}``."""
        return {"$msg": self.msgid, "params": self.params_json()}

    @classmethod
    def from_json(cls, msgid: str, params: dict[str, Any] | None) -> Deferred:
        """The message stored as ``msgid`` and :meth:`params_json`."""
        return cls(msgid, {name: _param_from_json(value)
                           for name, value in (params or {}).items()})


def _param_json(value: Param) -> Any:
    return value.to_json() if isinstance(value, (Deferred, LocalTime)) else value


def _param_from_json(value: Any) -> Param:
    if not isinstance(value, dict):
        return value
    if "$msg" in value:
        return Deferred.from_json(value["$msg"], value.get("params"))
    if "$time" in value:
        return LocalTime(datetime.fromisoformat(value["$time"]), value["pattern"],
                         value.get("zone") or "UTC")
    return LocalTime(date.fromisoformat(value["$date"]), value["pattern"])


def default_text(message: Deferred | str) -> str:
    """``message`` in the site's default language (what a text column keeps beside the
    msgid, for older readers of the row and for search)."""
    if not isinstance(message, Deferred):
        return message
    with recipient_locale(None):
        return str(message)


def from_stored(text: str | None, stored: dict[str, Any] | None) -> Deferred | str | None:
    """A message kept as its text and, when it was deferred, :meth:`Deferred.to_json`: the
    deferred message (translated when read), else the text as it was written."""
    if stored and "$msg" in stored:
        return Deferred.from_json(stored["$msg"], stored.get("params"))
    return text


def deferred(msgid: str, **params: Param) -> Deferred:
    """Keep ``msgid`` (a whole sentence, extracted like ``_``) and its ``params`` to be
    translated when read, in the reader's language."""
    return Deferred(msgid, params)
