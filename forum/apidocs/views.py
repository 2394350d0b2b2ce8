"""``/api/v1/openapi.json`` (the document) and ``/api`` (the same, as a page to read)."""
from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, current_app, jsonify, render_template
from flask.typing import ResponseReturnValue
from markupsafe import Markup, escape

from forum.apidocs.document import ERRORS, TAGS, openapi_document

bp = Blueprint("apidocs", __name__)
METHODS = ("get", "post", "put", "patch", "delete")
_CODE = re.compile(r"`([^`]+)`")


@bp.app_template_filter("code_spans")
def code_spans(text: str) -> Markup:
    """The document's plain text, escaped, with its `code` spans shown as ``<code>``."""
    return Markup(_CODE.sub(r"<code>\1</code>", str(escape(text))))


@bp.route("/api/v1/openapi.json")
def document() -> ResponseReturnValue:
    """The OpenAPI 3.1 document of the API."""
    return jsonify(openapi_document(current_app.config["BASE_URL"]))


def _schema_name(schema: dict[str, Any] | None) -> str | None:
    if not schema:
        return None
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[1]
    return schema.get("type") if isinstance(schema.get("type"), str) else "value"


def _sections(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The operations grouped by tag, in the tags' order, each ready for the page."""
    groups: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in TAGS}
    for path, operations in doc["paths"].items():
        for method in METHODS:
            if method not in operations:
                continue
            operation = operations[method]
            body = operation.get("requestBody", {}).get("content", {}) \
                .get("application/json", {}).get("schema")
            answers = []
            for status, answer in operation["responses"].items():
                schema = answer.get("content", {}).get("application/json", {}).get("schema")
                answers.append({"status": status, "description": answer["description"],
                                "schema": _schema_name(schema)})
            groups[operation["tags"][0]].append({
                "method": method.upper(), "path": path, "summary": operation["summary"],
                "anchor": f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", ""),
                "parameters": operation.get("parameters", []), "body": body,
                "responses": answers, "public": {} in operation.get("security", [])})
    return [{"name": name, "description": text, "operations": groups[name]}
            for name, text in TAGS if groups[name]]


@bp.route("/api")
def index() -> ResponseReturnValue:
    """The API documentation, read from the OpenAPI document."""
    doc = openapi_document(current_app.config["BASE_URL"])
    return render_template("api/index.html", doc=doc, sections=_sections(doc), errors=ERRORS,
                           schemas=doc["components"]["schemas"])
