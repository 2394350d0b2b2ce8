"""The OpenAPI document agrees with the real routes, is valid OpenAPI 3.1, and /api shows it."""
from __future__ import annotations

import copy

import pytest
from flask import Blueprint, Flask
from jsonschema_rs import Draft202012Validator

from schemathesis.specs.openapi.definitions import OPENAPI_31

from forum.apidocs.document import openapi_document
from forum.apidocs.routes import differences, openapi_path, real_operations


@pytest.fixture
def database(sqlite_database):  # noqa: ANN001
    """The document does not depend on the database engine."""
    return sqlite_database


def test_every_api_route_is_documented_and_every_documented_route_exists(app):
    assert differences(app.url_map, openapi_document("https://forum.example")) == []
    assert len(real_operations(app.url_map)) > 50


def test_a_missing_route_is_named_with_its_method():
    app = Flask(__name__)
    extra = Blueprint("extra", __name__)
    extra.add_url_rule("/api/v1/follows/<id:thread_id>", "follow", lambda thread_id: "",
                       methods=["PUT", "DELETE"])
    app.url_map.converters["id"] = app.url_map.converters["int"]
    app.register_blueprint(extra)
    document = {"paths": {"/api/v1/gone": {"get": {}}}}
    assert differences(app.url_map, document) == [
        "DELETE /api/v1/follows/{thread_id} is a route but is not in the OpenAPI document "
        "(add it to forum/apidocs/document.py: PATHS).",
        "PUT /api/v1/follows/{thread_id} is a route but is not in the OpenAPI document "
        "(add it to forum/apidocs/document.py: PATHS).",
        "GET /api/v1/gone is in the OpenAPI document but the app has no such route."]


def test_a_documented_method_the_route_lacks_is_named(app):
    document = copy.deepcopy(openapi_document("https://forum.example"))
    document["paths"]["/api/v1/topics/{slug}"]["delete"] = {}
    assert differences(app.url_map, document) == [
        "DELETE /api/v1/topics/{slug} is in the OpenAPI document but the app has no such route."]


def test_werkzeug_rules_become_openapi_paths():
    assert openapi_path("/api/v1/flags/<id:post_id>/<any(uphold, dismiss):decision>") == \
        "/api/v1/flags/{post_id}/{decision}"
    assert openapi_path("/api/v1/topics/<slug>/threads") == "/api/v1/topics/{slug}/threads"


def _refs(node):  # noqa: ANN001, ANN202
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_the_document_is_valid_openapi_3_1(client):
    response = client.get("/api/v1/openapi.json", headers={"Host": "evil.example.com"})
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"] == "3.1.0"
    # The OpenAPI 3.1 meta-schema, as schemathesis (a test dependency) ships it, with the
    # JSON Schema validator it uses.
    Draft202012Validator(OPENAPI_31).validate(document)
    assert document["servers"] == [{"url": client.application.config["BASE_URL"].rstrip("/")}]
    schemas = document["components"]["schemas"]
    for name in ("Topic", "Thread", "Post", "Summary", "Response", "Notification", "Account",
                 "Token", "Error"):
        assert schemas[name].get("type") == "object" or schemas[name].get("allOf"), name
    for target in _refs(document):
        assert target.rsplit("/", 1)[1] in schemas, target
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation["summary"] and operation["tags"], (method, path)
            assert any(code.startswith("2") for code in operation["responses"]), (method, path)
            assert "401" in operation["responses"], (method, path)
            if "requestBody" in operation:
                assert "422" in operation["responses"], (method, path)


def test_the_api_page_lists_every_operation_without_scripts(client):
    response = client.get("/api")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    document = openapi_document("https://forum.example")
    for path, operations in document["paths"].items():
        for method in operations:
            assert f"<code>{method.upper()} {path}</code>" in html
    assert '<h1>The API</h1>' in html
    assert 'id="schema-Post"' in html and 'id="errors"' in html
    assert "cdn" not in html.lower()
    assert 'href="/api/v1/openapi.json"' in html


def test_the_page_shows_code_spans_as_code_and_escapes_the_rest(client):
    page = client.get("/api").text
    assert "<code>/api/v1</code>" in page and "`/api/v1`" not in page
    assert "<code>{&#34;preferences&#34;: {&#34;reply&#34;: &#34;daily&#34;}}</code>" in page
