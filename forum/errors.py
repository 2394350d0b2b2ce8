"""Domain errors and the one place that maps them (and HTTP errors) to responses."""
from __future__ import annotations

import logging
import uuid

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from forum.db import db
from forum.i18n import _, _l

log = logging.getLogger(__name__)


class DomainError(Exception):
    """Base for errors raised by services; each maps to one HTTP status."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        message = str(message)  # a lazy message (a module constant) in the raiser's language
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code


class Busy(DomainError):
    """The database could not take the write in time: too many at once (503)."""

    status = 503
    code = "busy"


#: the message of a write refused because the database stayed busy (SQLite's one writer)
BUSY_MESSAGE = _l("The forum is too busy to save this right now. Nothing was saved: please "
                  "try again in a moment.")


class NotAllowed(DomainError):
    """The actor may not do this (403)."""

    status = 403
    code = "forbidden"


class NotFound(DomainError):
    """The thing does not exist or is not visible to the actor (404)."""

    status = 404
    code = "not_found"


class Conflict(DomainError):
    """The change conflicts with the current state (409)."""

    status = 409
    code = "conflict"


class Invalid(DomainError):
    """The input breaks a domain rule; ``field`` names the offending field (422).

    ``others`` carries further problems found in the same input, so a form can show
    every mistake at once instead of one per attempt.
    """

    status = 422
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None,
                 others: list[Invalid] | None = None):
        super().__init__(message, code=code, field=field)
        self.others = others or []

    @classmethod
    def collect(cls, checks: list) -> list:
        """Run each zero-argument check; return their results or raise all failures at once."""
        results, failures = [], []
        for check in checks:
            try:
                results.append(check())
            except Invalid as error:
                failures.append(error)
                results.append(None)
        if failures:
            first, *rest = failures
            raise cls(first.message, field=first.field, others=rest)
        return results


def wants_json() -> bool:
    """Tell whether the current request should get a JSON error."""
    return request.path.startswith("/api/")


def json_error(status: int, code: str, message: str, **extra):
    """Build the API's error envelope."""
    body = {"error": {"code": code, "message": message, **extra}}
    return jsonify(body), status


_HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "invalid",
    429: "rate_limited", 500: "server_error",
}


TOO_DEEP_MESSAGE = _l("The text you sent is nested too deeply to be read (lists or quotes "
                      "inside each other, many levels down). Simplify it and send it again.")


def register_error_handlers(app: Flask) -> None:
    """Install handlers for domain errors, HTTP errors and unexpected exceptions."""

    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError):
        db.session.rollback()  # what the refused request changed is not kept
        if wants_json():
            extra = {"field": error.field} if error.field else {}
            extra.update(getattr(error, "details", {}))  # e.g. the post a duplicate repeats
            if getattr(error, "others", None):
                extra["errors"] = [{"field": e.field, "message": e.message}
                                   for e in (error, *error.others)]
            return json_error(error.status, error.code, error.message, **extra)
        return render_template("errors/error.html", status=error.status, message=error.message,
                               kept=getattr(error, "kept", None)), error.status

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        status = error.code or 500  # 429 has its own handler, in forum.limits
        if wants_json():
            response = json_error(status, _HTTP_CODES.get(status, "error"), error.description or "")
        else:
            response = (render_template("errors/error.html", status=status,
                                        message=error.description), status)
        if status == 405 and error.valid_methods:  # type: ignore[attr-defined]
            resp = app.make_response(response)
            resp.headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
            return resp
        return response

    @app.errorhandler(RecursionError)
    def handle_too_deep(error: RecursionError):
        # A safety net: input nested deeper than a parser can follow (Markdown lists or
        # quotes inside each other) is the sender's to simplify, not a server fault.
        log.warning("Input nested too deeply: %s", error)
        db.session.rollback()
        return handle_domain_error(DomainError(TOO_DEEP_MESSAGE, code="too_deep"))

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        if isinstance(error, HTTPException):  # pragma: no cover - handled above
            return handle_http_error(error)
        if "database is locked" in str(getattr(error, "orig", "")):
            # SQLite's writer stayed busy past the wait: an overload, not a fault
            log.warning("A write was refused: the database stayed busy.")
            response = app.make_response(handle_domain_error(Busy(BUSY_MESSAGE)))
            response.headers["Retry-After"] = "5"
            return response
        reference = uuid.uuid4().hex[:12]
        log.exception("Unhandled error, reference %s", reference)
        db.session.rollback()
        if wants_json():
            return json_error(500, "server_error",
                              _("Something went wrong on our side. Reference: %(reference)s",
                                reference=reference),
                              reference=reference)
        return render_template("errors/error.html", status=500, reference=reference,
                               message=None), 500
