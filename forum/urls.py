"""Absolute links, built from the configured ``BASE_URL`` and never from the request.

A request's ``Host`` (or ``X-Forwarded-Host``) header is chosen by whoever sends it, so a
link built from it can point anywhere; mail, feeds and background jobs (which have no
request at all) use :func:`external_url`, never an external ``url_for``.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from flask import current_app


def external_url(endpoint: str, **values: Any) -> str:
    """Return the absolute URL of ``endpoint`` (a full endpoint name) on the configured site."""
    app = current_app
    base = urlsplit(app.config["BASE_URL"])
    anchor = values.pop("_anchor", None)
    app.inject_url_defaults(endpoint, values)
    adapter = app.url_map.bind(base.netloc, script_name=base.path or "/",
                               url_scheme=base.scheme)
    url = adapter.build(endpoint, values, force_external=True)
    if anchor is not None:
        url += "#" + quote(str(anchor), safe="%!#$&'()*+,/:;=?@")
    return url
