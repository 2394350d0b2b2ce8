"""The app's real ``/api/v1`` routes beside the document's: what one has and the other lacks."""
from __future__ import annotations

import re
from typing import Any

from werkzeug.routing import Map

PREFIX = "/api/v1"
_IGNORED = {"HEAD", "OPTIONS"}
_CONVERTED = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def openapi_path(rule: str) -> str:
    """Werkzeug's ``/posts/<id:post_id>`` written as OpenAPI's ``/posts/{post_id}``."""
    return _CONVERTED.sub(r"{\1}", rule)


def real_operations(url_map: Map) -> set[tuple[str, str]]:
    """``(METHOD, path)`` for every route under ``/api/v1`` in ``url_map``."""
    return {(method, openapi_path(rule.rule)) for rule in url_map.iter_rules()
            if rule.rule.startswith(PREFIX) for method in (rule.methods or set()) - _IGNORED}


def documented_operations(document: dict[str, Any]) -> set[tuple[str, str]]:
    """``(METHOD, path)`` for every operation the document describes."""
    return {(method.upper(), path) for path, operations in document["paths"].items()
            for method in operations}


def differences(url_map: Map, document: dict[str, Any]) -> list[str]:
    """One sentence per route missing from the document or documented but not there."""
    real, documented = real_operations(url_map), documented_operations(document)
    missing = [f"{method} {path} is a route but is not in the OpenAPI document "
               "(add it to forum/apidocs/document.py: PATHS)."
               for method, path in sorted(real - documented, key=lambda p: (p[1], p[0]))]
    extra = [f"{method} {path} is in the OpenAPI document but the app has no such route."
             for method, path in sorted(documented - real, key=lambda p: (p[1], p[0]))]
    return missing + extra
