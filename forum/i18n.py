"""Translation: Flask-Babel bound to the app, and the gettext functions every layer uses.

A leaf module: every package imports ``_`` (``gettext``), ``ngettext`` and, for text built
at import time (form labels, enum labels), ``_l`` (``lazy_gettext``) from here, never from
Flask-Babel directly, so the extraction keywords and the catalogue's domain are set once.
Which language a request speaks is decided by the locale selector that :mod:`forum.web`
passes to :func:`init_app`.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask_babel import Babel, gettext, lazy_gettext, lazy_ngettext, ngettext, pgettext

_ = gettext
_l = lazy_gettext
__all__ = ["_", "_l", "babel", "gettext", "init_app", "lazy_ngettext", "ngettext", "pgettext"]

babel = Babel()


def init_app(app: Flask, locale_selector: Callable[[], str | None] | None = None) -> None:
    """Bind Flask-Babel: catalogues in ``forum/translations``, the selector given."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", app.config.get("DEFAULT_LANGUAGE", "en"))
    babel.init_app(app, locale_selector=locale_selector)
