"""The components of the OpenAPI document: the objects the API sends and the error envelope."""
from __future__ import annotations

from typing import Any


def ref(name: str) -> dict[str, str]:
    """A reference to the component schema ``name``."""
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(kind: str, **more: Any) -> dict[str, Any]:
    """A value of JSON type ``kind``, or ``null``."""
    return {"type": [kind, "null"], **more}


def obj(properties: dict[str, Any], *required: str, **more: Any) -> dict[str, Any]:
    """An object with these ``properties`` (others may be added later: clients ignore them)."""
    out: dict[str, Any] = {"type": "object", "properties": properties, **more}
    if required:
        out["required"] = list(required)
    return out


def listing(name: str, item: dict[str, Any], **more: Any) -> dict[str, Any]:
    """An object holding the list ``name`` of ``item``."""
    return obj({name: {"type": "array", "items": item}, **more}, name)


TIME = {"type": "string", "format": "date-time"}
TIME_OR_NULL = nullable("string", format="date-time")
HTML = {"type": "string", "description": "sanitised HTML"}
ID = {"type": "integer", "minimum": 1}
ROLES = ["citizen", "councillor", "moderator", "admin"]
#: the language a resident's text is written in
LANGUAGE = {"type": "string", "maxLength": 16,
            "description": "the code of the language the text is written in, one of the "
                           "site's languages (`en`, `cy`)"}

SCHEMAS: dict[str, Any] = {
    "Error": obj({"error": obj({
        "code": {"type": "string", "description": "stable, for programs: see the table"},
        "message": {"type": "string", "description": "a whole sentence, for people"},
        "field": {"type": "string", "description": "the field at fault (422)"},
        "retry_after": {"type": "integer", "description": "seconds to wait (429)"},
    }, "code", "message")}, "error"),
    "Author": obj({"id": ID, "display_name": {"type": "string"},
                   "role": {"type": "string", "enum": ROLES}}, "id", "display_name", "role"),
    "Account": {"allOf": [ref("Author"), obj({"email": {"type": "string"},
                                               "created_at": TIME}, "email")]},
    "Token": obj({"token": {"type": "string", "description": "shown once; send it as "
                            "`Authorization: Bearer …`"}, "user": ref("Author")}, "token"),
    "Topic": obj({"slug": {"type": "string"}, "title": {"type": "string"},
                  "description_html": HTML, "archived": {"type": "boolean"},
                  "created_at": TIME, "thread_count": {"type": "integer"},
                  "post_count": {"type": "integer"}, "last_activity_at": TIME_OR_NULL},
                 "slug", "title"),
    "Thread": obj({"id": ID, "topic": {"type": "string"}, "title": {"type": "string"},
                   "language": LANGUAGE,
                   "kind": {"type": "string", "enum": ["discussion", "consultation",
                                                       "proposal"]},
                   "status": nullable("string"), "author": ref("Author"),
                   "author_role": {"type": "string", "enum": ROLES}, "created_at": TIME,
                   "last_activity_at": TIME, "post_count": {"type": "integer"},
                   "locked": {"type": "boolean"}, "opens_at": TIME_OR_NULL,
                   "closes_at": TIME_OR_NULL, "body_html": HTML, "edited_at": TIME_OR_NULL,
                   "stance_tally": {"type": "object",
                                    "additionalProperties": {"type": "integer"}},
                   "versions": ref("Versions")},
                  "id", "title", "kind"),
    "Post": obj({"id": ID, "thread_id": ID, "parent_id": nullable("integer"),
                 "depth": {"type": "integer"},
                 "author": {"oneOf": [ref("Author"), {"type": "null"}]},
                 "author_role": nullable("string"),
                 "stance": nullable("string", enum=["for", "against", "neutral", "question",
                                                    None]),
                 "body_html": nullable("string"), "language": LANGUAGE,
                 "endorsements": {"type": "integer"},
                 "created_at": TIME, "edited_at": TIME_OR_NULL, "version": {"type": "integer"},
                 "deleted": {"type": "boolean"}, "hidden": {"type": "boolean"},
                 "hidden_reason": nullable("string"), "endorsed": {"type": "boolean"}},
                "id", "thread_id"),
    "Revision": obj({"id": ID, "body": {"type": "string"}, "body_html": HTML,
                     "created_at": TIME}, "body"),
    "Summary": obj({"id": ID, "thread_id": ID, "state": {"type": "string"},
                    "revision": {"type": "integer"}, "body": {"type": "string"},
                    "body_html": HTML, "created_at": TIME, "updated_at": TIME,
                    "published_at": TIME_OR_NULL, "submitted_at": TIME_OR_NULL,
                    "responded_at": TIME_OR_NULL, "overdue": {"type": "boolean"},
                    "points": {"type": "array", "items": {"type": "object"}},
                    "response": {"oneOf": [ref("Response"), {"type": "null"}]},
                    "language": {"type": "string"}, "versions": ref("Versions")},
                   "id", "thread_id", "state"),
    "Response": obj({"decision": {"type": "string"}, "decision_label": {"type": "string"},
                     "body": {"type": "string"}, "body_html": HTML,
                     "state": {"type": "string", "enum": ["draft", "published"]},
                     "created_at": TIME, "published_at": TIME_OR_NULL,
                     "author": ref("Author"),
                     "points": {"type": "array", "items": {"type": "object"}},
                     "updates": {"type": "array", "items": ref("Update")},
                     "language": {"type": "string"}, "versions": ref("Versions")},
                    "decision"),
    "Versions": {"type": "object", "description": "An official text's versions in other "
                 "languages, by language code: the translated fields (Markdown ones with "
                 "their `_html`), `saved_at`, and `stale` when the original has changed "
                 "since.", "additionalProperties": {"type": "object"}},
    "Proposal": {"allOf": [ref("Thread"), obj({
        "state": {"type": "string", "description": "as stored"},
        "stage": {"type": "string", "description": "now (a collecting proposal past its "
                  "deadline is `closed`)"},
        "stage_label": {"type": "string"}, "problem": nullable("string"),
        "area": nullable("string"), "cost_estimate": nullable("integer"),
        "threshold": nullable("integer"), "supports": {"type": "integer"},
        "offline_supports": {"type": "integer"}, "total_supports": {"type": "integer"},
        "published_at": TIME_OR_NULL, "deadline": TIME_OR_NULL,
        "days_left": {"type": "integer"}, "qualified_at": TIME_OR_NULL,
        "answered_at": TIME_OR_NULL, "url": {"type": "string"}},
        "state", "stage", "total_supports", "url")]},
    "ProposalDetail": {"allOf": [ref("Proposal"), obj({
        "body": {"type": "string"}, "body_html": HTML, "problem_html": nullable("string"),
        "coauthors": {"type": "array", "items": ref("Author")},
        "timeline": {"type": "array", "items": obj({
            "at": TIME, "state": nullable("string"), "label": {"type": "string"},
            "note": nullable("string"),
            "actor": {"oneOf": [ref("Author"), {"type": "null"}]}}, "at", "label")},
        "answer": {"oneOf": [ref("ProposalAnswer"), {"type": "null"}]},
        "answer_due_at": TIME_OR_NULL, "answer_timing": nullable("string"),
        "supported": {"type": "boolean"}},
        "body", "coauthors", "timeline", "answer", "supported")]},
    "ProposalAnswer": obj({"decision": {"type": "string"},
                           "decision_label": {"type": "string"}, "body": {"type": "string"},
                           "body_html": HTML,
                           "state": {"type": "string", "enum": ["draft", "published"]},
                           "created_at": TIME, "published_at": TIME_OR_NULL,
                           "corrected_at": TIME_OR_NULL, "author": ref("Author"),
                           "consultation_id": nullable("integer"),
                           "updates": {"type": "array", "items": ref("Update")},
                           "complete": {"type": "boolean"}, "completed_at": TIME_OR_NULL},
                          "decision", "state", "updates"),
    "InboxThread": obj({"thread_id": ID, "kind": {"type": "string"},
                        "title": {"type": "string"}, "topic": {"type": "string"},
                        "link": {"type": "string"}, "respond_link": {"type": "string"},
                        "waiting_since": TIME, "response_due_at": TIME,
                        "overdue": {"type": "boolean"}, "has_draft": {"type": "boolean"}},
                       "thread_id", "kind", "title"),
    "Update": obj({"id": ID, "point_id": nullable("integer"), "body": {"type": "string"},
                   "body_html": HTML, "created_at": TIME, "author": ref("Author")}, "id"),
    "Notification": obj({"id": ID, "kind": {"type": "string"}, "message": {"type": "string"},
                         "link": nullable("string"), "created_at": TIME,
                         "read": {"type": "boolean"}}, "id", "kind", "message"),
    "Appeal": obj({"id": ID, "kind": {"type": "string"}, "post_id": nullable("integer"),
                   "statement": {"type": "string"}, "status": {"type": "string"},
                   "created_at": TIME, "decided_at": TIME_OR_NULL}, "id", "status"),
    "Suspension": obj({"user": ref("Author"), "suspended_until": TIME_OR_NULL,
                       "reason": nullable("string")}, "user"),
}
