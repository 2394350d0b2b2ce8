"""The OpenAPI 3.1 document of ``/api/v1``, written and maintained by hand.

Adding an endpoint is one entry in :data:`PATHS`: its path (Werkzeug's ``<id:thread_id>``
is written ``{thread_id}``), its method and an :func:`op`. ``tests/apidocs`` fails, naming
the route and method, when the app has a route this document lacks or the other way round.
"""
from __future__ import annotations

import re
from typing import Any

from forum.apidocs.schemas import LANGUAGE, SCHEMAS, listing, nullable, obj, ref

MAX_ID = 2**31 - 1
#: what each error status means; every operation lists those it can answer
ERRORS = {
    400: "The body is not a JSON object (`bad_json`), or a cookie call lacks its CSRF header.",
    401: "No valid bearer token (`unauthorized`), or wrong credentials.",
    403: "Not allowed (`forbidden`, `suspended`, `thread_locked`, `consultation_closed`, …).",
    404: "Nothing at this address, or nothing you may see (`not_found`).",
    409: "In conflict with what is there (`conflict`, `already_endorsed`, `duplicate_post`).",
    413: "The body is too large (`too_large`).",
    422: "A field is wrong (`invalid`, with `field`).",
    429: "Too many requests (`rate_limited`, with `retry_after` and a `Retry-After` header).",
}
TAGS = [
    ("Account", "Tokens and your own account."),
    ("Topics", "Policy topics and their threads."),
    ("Threads", "Discussions and consultations."),
    ("Posts", "Arguments, replies, revisions and endorsements."),
    ("Summaries", "Moderators' summaries of a debate."),
    ("Proposals", "Residents' proposals: drafts, supports, and the council's answer."),
    ("Council", "The council's responses and progress updates."),
    ("Moderation", "Flags, hiding, locking, suspensions, appeals and the public log."),
    ("Notifications", "What happened that concerns you, and how you hear of it."),
    ("Search", "Full-text search of what the public may read."),
    ("Documentation", "This document."),
]
_PARAM = re.compile(r"{(\w+)}")


def _path_parameter(name: str) -> dict[str, Any]:
    if name.endswith("_id"):
        schema: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    elif name == "decision":
        schema = {"type": "string", "enum": ["uphold", "dismiss"]}
    elif name == "kind":
        schema = {"type": "string", "enum": ["thread", "topic", "person"]}
    else:
        schema = {"type": "string", "minLength": 1, "maxLength": 60}
    return {"name": name, "in": "path", "required": True, "schema": schema}


def query(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    """An optional query parameter."""
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}}


def limit(default: int, high: int = 100) -> dict[str, Any]:
    """The ``limit`` query parameter."""
    return query("limit", f"How many (default {default}).",
                 {"type": "integer", "minimum": 1, "maximum": high})


def page(name: str = "page", high: int = 10_000) -> dict[str, Any]:
    """A page number, or a page size."""
    return query(name, "A whole number from 1.", {"type": "integer", "minimum": 1,
                                                  "maximum": high})


def op(tag: str, summary: str, ok: dict[str, Any] | None = None, *, status: int = 200,
       body: dict[str, Any] | None = None, params: tuple[dict[str, Any], ...] = (),
       errors: tuple[int, ...] = (), public: bool = False) -> dict[str, Any]:
    """An operation: what it does, its success answer and the errors it may give.

    ``public`` operations need no token (a token, if sent, must be valid: 401 otherwise).
    A ``body`` is a JSON object schema; it adds 400, 413 and 422 to ``errors``.
    """
    codes = set(errors) | {401, 429}
    if body is not None:
        codes |= {400, 413, 422}
    answers: dict[str, Any] = {str(status): {"description": "Done.", **(
        {"content": {"application/json": {"schema": ok}}} if ok is not None else {})}}
    for code in sorted(codes):
        answers[str(code)] = {"description": ERRORS[code],
                              "content": {"application/json": {"schema": ref("Error")}}}
    out: dict[str, Any] = {"tags": [tag], "summary": summary, "responses": answers}
    if params:
        out["parameters"] = list(params)
    if body is not None:
        out["requestBody"] = {"required": True,
                              "content": {"application/json": {"schema": body}}}
    out["security"] = [{}, {"bearer": []}] if public else [{"bearer": []}]
    return out


S = {"type": "string"}
BOOL = {"type": "boolean"}
REASON = obj({"reason": S}, "reason")
#: texts by the id of the row they translate (a point's id)
TEXTS_BY_ID = {"type": "object", "additionalProperties": S}
THREAD = ref("Thread")
POST = ref("Post")
SUMMARY = ref("Summary")
RESPONSE_BODY = obj({"decision": S, "body": S, "points": {"type": "array", "items": obj({
    "point_id": {"type": "integer"}, "decision": S, "body": S,
    "next_update_due": nullable("string", format="date")})},
    "publish": BOOL}, "decision", "body")
PROPOSAL = ref("ProposalDetail")
DRAFT_BODY = obj({"title": S, "problem": S, "body": S, "area": S, "language": LANGUAGE,
                  "cost_estimate": {"type": "integer", "minimum": 0}},
                 "title", "problem", "body")
ANSWER_BODY = obj({"decision": {"type": "string", "enum": [
    "accepted", "accepted_in_part", "not_accepted", "consultation"]}, "body": S,
    "consultation_id": {"type": "integer"}, "publish": BOOL}, "decision", "body")
MODERATED = {"type": "object"}
UNREAD = obj({"unread": {"type": "integer"}}, "unread")
FOLLOW = obj({"kind": S, "target_id": {"type": "integer"}, "following": BOOL},
             "kind", "target_id", "following")
PREFERENCES = obj({
    "deliveries": {"type": "array", "items": S},
    "preferences": {"type": "array", "items": obj(
        {"kind": S, "label": S, "default": S, "delivery": S},
        "kind", "label", "default", "delivery")}}, "deliveries", "preferences")
SEARCH_RESULTS = obj({
    "query": S, "total": {"type": "integer"}, "capped": {"type": "boolean"},
    "message": nullable("string"),
    "next_cursor": nullable("string"),
    "results": {"type": "array", "items": obj({
        "kind": S, "id": {"type": "integer"}, "url": S,
        "thread": obj({"id": {"type": "integer"}, "title": S, "topic": S}, "id", "title",
                      "topic"),
        "stance": nullable("string"), "created_at": S, "updated_at": nullable("string"),
        "title_html": S, "snippet_html": S, "language": nullable("string")},
        "kind", "id", "url", "thread")}},
    "query", "total", "capped", "results", "next_cursor")

PATHS: dict[str, dict[str, dict[str, Any]]] = {
    "/api/v1/openapi.json": {
        "get": op("Documentation", "This document.", {"type": "object"}, public=True)},
    "/api/v1/tokens": {
        "post": op("Account", "Exchange an email and password (and a two-step `code`) for a "
                   "token.", ref("Token"), status=201, public=True, errors=(403,),
                   body=obj({"email": S, "password": S, "code": S, "name": S},
                            "email", "password"))},
    "/api/v1/account": {
        "get": op("Account", "Your account.", ref("Account")),
        "patch": op("Account", "Change your display name.", ref("Account"), errors=(403,),
                    body=obj({"display_name": S}, "display_name"))},
    "/api/v1/account/confirmation": {
        "post": op("Account", "Mail a new link to confirm your email address (limited per "
                   "account); 409 `already_confirmed` when there is nothing to confirm.",
                   obj({"sent_to": S}, "sent_to"), status=202, errors=(409,))},
    "/api/v1/topics": {
        "get": op("Topics", "Every topic with its counts.", listing("topics", ref("Topic")),
                  public=True),
        "post": op("Topics", "Create a topic (admins).", ref("Topic"), status=201,
                   errors=(403, 409),
                   body=obj({"title": S, "slug": S, "description": S}, "title"))},
    "/api/v1/topics/{slug}": {
        "get": op("Topics", "One topic.", ref("Topic"), public=True, errors=(404,))},
    "/api/v1/topics/{slug}/threads": {
        "get": op("Topics", "A topic's threads, newest activity first, a page at a time.",
                  listing("threads", THREAD, next_cursor=nullable("string")), public=True,
                  params=(limit(20), query("cursor", "`next_cursor` of the page before.")),
                  errors=(404, 422))},
    "/api/v1/threads": {
        "post": op("Threads", "Start a discussion, or (councillors) a consultation.", THREAD,
                   status=201, errors=(403, 404),
                   body=obj({"topic": S, "title": S, "body": S,
                             "kind": {"type": "string", "enum": ["discussion",
                                                                 "consultation"]},
                             "question": S, "opens_at": S, "closes_at": S,
                             "language": LANGUAGE},
                            "topic", "title", "body"))},
    "/api/v1/consultations": {
        "get": op("Threads", "Open consultations, closing soonest first (`status=closed`: "
                  "closed ones).", listing("consultations", THREAD), public=True,
                  params=(query("status", "`open` (default) or `closed`."), limit(50)),
                  errors=(422,))},
    "/api/v1/threads/{thread_id}": {
        "get": op("Threads", "One thread with its opening text and stance tally.", THREAD,
                  public=True, errors=(404,))},
    "/api/v1/threads/{thread_id}/extend": {
        "post": op("Threads", "Move a consultation's closing date (its councillor).", THREAD,
                   errors=(403, 404, 409), body=obj({"closes_at": S}, "closes_at"))},
    "/api/v1/threads/{thread_id}/versions/{language}": {
        "put": op("Threads", "Write a consultation's title, question and background in "
                  "another language (its councillor).", THREAD, errors=(403, 404, 409),
                  body=obj({"title": S, "question": S, "body": S, "token": S}))},
    "/api/v1/threads/{thread_id}/close": {
        "post": op("Threads", "Close a consultation early, with a reason.", THREAD,
                   errors=(403, 404, 409), body=REASON)},
    "/api/v1/threads/{thread_id}/lock": {
        "post": op("Moderation", "Lock a thread (moderators).", MODERATED,
                   errors=(403, 404, 409), body=REASON)},
    "/api/v1/threads/{thread_id}/unlock": {
        "post": op("Moderation", "Unlock a thread (moderators).", MODERATED,
                   errors=(403, 404, 409))},
    "/api/v1/threads/{thread_id}/posts": {
        "get": op("Posts", "The thread's posts in display order.", listing("posts", POST),
                  public=True, errors=(404,)),
        "post": op("Posts", "Post an argument (with a stance) or a reply (`parent_id`).", POST,
                   status=201, errors=(403, 404, 409),
                   body=obj({"body": S, "parent_id": {"type": "integer"},
                             "stance": {"type": "string", "enum": ["for", "against", "neutral",
                                                                   "question"]},
                             "language": LANGUAGE}, "body"))},
    "/api/v1/posts/{post_id}": {
        "get": op("Posts", "One post.", POST, public=True, errors=(404,)),
        "patch": op("Posts", "Edit your post (keeps a revision).", POST,
                    errors=(403, 404, 409),
                    body=obj({"body": S, "stance": S, "language": LANGUAGE,
                              "version": {"type": "integer"}})),
        "delete": op("Posts", "Delete your post (a placeholder stays).", POST,
                     errors=(403, 404))},
    "/api/v1/posts/{post_id}/revisions": {
        "get": op("Posts", "A post's saved versions, newest first.",
                  listing("revisions", ref("Revision")), public=True, errors=(403, 404))},
    "/api/v1/posts/{post_id}/endorsement": {
        "post": op("Posts", "Endorse a post (not your own).", POST, status=201,
                   errors=(403, 404, 409)),
        "delete": op("Posts", "Take your endorsement back.", POST, errors=(403, 404))},
    "/api/v1/posts/{post_id}/flags": {
        "post": op("Moderation", "Flag a post for the moderators.", {"type": "object"},
                   status=201, errors=(403, 404, 409), body=obj({"reason": S, "text": S},
                                                                "reason"))},
    "/api/v1/posts/{post_id}/hide": {
        "post": op("Moderation", "Hide a post with a public reason (moderators).", MODERATED,
                   errors=(403, 404, 409), body=REASON)},
    "/api/v1/posts/{post_id}/restore": {
        "post": op("Moderation", "Restore a hidden post (moderators).", MODERATED,
                   errors=(400, 403, 404, 409, 413, 422))},
    "/api/v1/flags/{post_id}/{decision}": {
        "post": op("Moderation", "Uphold (hide, with a reason) or dismiss a post's flags.",
                   MODERATED, errors=(400, 403, 404, 409, 413, 422))},
    "/api/v1/moderation/queue": {
        "get": op("Moderation", "Flagged posts waiting for a decision (moderators).",
                  {"type": "object"}, params=(page(), page("per_page", 100)),
                  errors=(403, 422))},
    "/api/v1/moderation/log": {
        "get": op("Moderation", "The moderation log (moderators), newest first.",
                  {"type": "object"},
                  params=(page("page", 100_000), page("per_page", 100),
                          query("actor_id", "Only this moderator's decisions."),
                          query("action", "Only this kind of decision."),
                          query("since", "From this date."), query("until", "To this date.")),
                  errors=(403, 422))},
    "/api/v1/transparency": {
        "get": op("Moderation", "Monthly moderation figures, with no names.",
                  {"type": "object"}, public=True,
                  params=(query("months", "How many months (1 to 60).",
                                {"type": "integer", "minimum": 1, "maximum": 60}),),
                  errors=(422,))},
    "/api/v1/appeals": {
        "get": op("Moderation", "Your appeals, or (moderators) the open ones.",
                  listing("appeals", ref("Appeal"))),
        "post": op("Moderation", "Appeal a hidden post (`post_id`) or your suspension.",
                   ref("Appeal"), status=201, errors=(403, 404, 409),
                   body=obj({"statement": S, "post_id": {"type": "integer"},
                             "suspension": BOOL}, "statement"))},
    "/api/v1/appeals/{appeal_id}": {
        "get": op("Moderation", "One appeal (its author and moderators).", ref("Appeal"),
                  errors=(404,))},
    "/api/v1/appeals/{appeal_id}/decide": {
        "post": op("Moderation", "Grant or refuse an appeal (another moderator).",
                   ref("Appeal"), errors=(403, 404, 409),
                   body=obj({"granted": BOOL, "reason": S}, "granted", "reason"))},
    "/api/v1/users/{user_id}/suspension": {
        "post": op("Moderation", "Suspend an account until a date, with a reason.",
                   ref("Suspension"), status=201, errors=(403, 404, 409),
                   body=obj({"until": S, "reason": S}, "until", "reason")),
        "delete": op("Moderation", "Lift a suspension.", ref("Suspension"),
                     errors=(403, 404, 409))},
    "/api/v1/threads/{thread_id}/summaries": {
        "post": op("Summaries", "Start the thread's summary (moderators).", SUMMARY,
                   status=201, errors=(403, 404, 409), body=obj({"body": S}, "body"))},
    "/api/v1/threads/{thread_id}/summary-draft": {
        "get": op("Summaries", "A first draft made from the debate (moderators).",
                  obj({"thread_id": {"type": "integer"}, "body": S}), errors=(403, 404))},
    "/api/v1/summaries/{summary_id}": {
        "get": op("Summaries", "One summary (drafts: moderators only).", SUMMARY,
                  public=True, errors=(404,)),
        "put": op("Summaries", "Edit a summary, naming the revision you edited.", SUMMARY,
                  errors=(403, 404, 409),
                  body=obj({"body": S, "revision": {"type": "integer"}}, "body", "revision"))},
    "/api/v1/summaries/{summary_id}/versions/{language}": {
        "put": op("Summaries", "Write a summary and its points in another language "
                  "(moderators).", SUMMARY, errors=(403, 404, 409),
                  body=obj({"body": S, "points": TEXTS_BY_ID, "token": S}))},
    "/api/v1/summaries/{summary_id}/publish": {
        "post": op("Summaries", "Publish a summary.", SUMMARY, errors=(403, 404, 409))},
    "/api/v1/summaries/{summary_id}/submit": {
        "post": op("Summaries", "Send a published summary to the council.", SUMMARY,
                   errors=(403, 404, 409))},
    "/api/v1/summaries/{summary_id}/coverage": {
        "get": op("Summaries", "How much of the debate the summary cites.",
                  {"type": "object"}, public=True, errors=(404,))},
    "/api/v1/summaries/{summary_id}/revisions": {
        "get": op("Summaries", "A summary's revisions, newest first.",
                  listing("revisions", {"type": "object"}), public=True, errors=(404,))},
    "/api/v1/summaries/{summary_id}/response": {
        "get": op("Council", "The council's response (drafts: the council only).",
                  ref("Response"), public=True, errors=(404,)),
        "post": op("Council", "Draft the council's response (councillors).", ref("Response"),
                   status=201, errors=(403, 404, 409), body=RESPONSE_BODY),
        "put": op("Council", "Edit the draft, or correct the published response in public.",
                  ref("Response"), errors=(403, 404, 409), body=RESPONSE_BODY)},
    "/api/v1/summaries/{summary_id}/response/versions/{language}": {
        "put": op("Council", "Write the response and its answers in another language "
                  "(councillors).", ref("Response"), errors=(403, 404, 409),
                  body=obj({"body": S, "answers": TEXTS_BY_ID, "token": S}))},
    "/api/v1/summaries/{summary_id}/response/publish": {
        "post": op("Council", "Publish the response.", ref("Response"),
                   errors=(400, 403, 404, 409, 413, 422))},
    "/api/v1/summaries/{summary_id}/response/revisions": {
        "get": op("Council", "The response as published and after each correction.",
                  listing("revisions", {"type": "object"}), public=True, errors=(404,))},
    "/api/v1/summaries/{summary_id}/response/updates": {
        "post": op("Council", "Report progress on the response, or on one point.",
                   ref("Update"), status=201, errors=(403, 404, 409),
                   body=obj({"body": S, "point_id": {"type": "integer"}, "complete": BOOL},
                            "body"))},
    "/api/v1/council/inbox": {
        "get": op("Council", "Summaries and other threads (residents' proposals) waiting for "
                  "the council's answer, and overdue updates (councillors).",
                  obj({"summaries": {"type": "array", "items": {"type": "object"}},
                       "overdue_updates": {"type": "array", "items": {"type": "object"}},
                       "threads": {"type": "array", "items": ref("InboxThread")}},
                      "summaries", "overdue_updates", "threads"), errors=(403,))},
    "/api/v1/proposals": {
        "get": op("Proposals", "Public proposals, filtered and sorted, a page at a time.",
                  listing("proposals", ref("Proposal"), next_cursor=nullable("string")),
                  public=True,
                  params=(query("topic", "A topic's slug."),
                          query("state", "`collecting`, `qualified`, `answered`, "
                                "`in_progress`, `done`, `closed` or `merged`."),
                          query("area", "The area it concerns (any case)."),
                          query("sort", "`supported` (default), `closing`, `newest` or "
                                "`answered`."),
                          query("cursor", "`next_cursor` of the page before."), limit(20)),
                  errors=(404, 422))},
    "/api/v1/proposals/{proposal_id}": {
        "get": op("Proposals", "One proposal with its texts, authors, timeline and the "
                  "council's answer (drafts: their authors and staff only).", PROPOSAL,
                  public=True, errors=(404,)),
        "put": op("Proposals", "Edit your draft (all its fields).", PROPOSAL,
                  errors=(403, 404), body=DRAFT_BODY)},
    "/api/v1/topics/{slug}/proposals": {
        "post": op("Proposals", "Start a draft proposal in a topic.", PROPOSAL, status=201,
                   errors=(403, 404), body=DRAFT_BODY)},
    "/api/v1/proposals/{proposal_id}/publish": {
        "post": op("Proposals", "Publish your draft: it collects support.", PROPOSAL,
                   errors=(403, 404, 409))},
    "/api/v1/proposals/{proposal_id}/support": {
        "post": op("Proposals", "Support a proposal while it collects (201; 200 if you "
                   "already do). Send `{\"postcode\"}` when the site asks for one.",
                   PROPOSAL, status=201, errors=(400, 403, 404, 409, 413, 422)),
        "delete": op("Proposals", "Withdraw your support while it collects.", PROPOSAL,
                     errors=(403, 404, 409))},
    "/api/v1/proposals/{proposal_id}/answer": {
        "post": op("Proposals", "Draft the council's answer to a qualified proposal "
                   "(councillors).", ref("ProposalAnswer"), status=201,
                   errors=(403, 404, 409), body=ANSWER_BODY),
        "put": op("Proposals", "Edit the draft answer, or correct the published one in "
                  "public.", ref("ProposalAnswer"), errors=(403, 404, 409), body=ANSWER_BODY)},
    "/api/v1/proposals/{proposal_id}/answer/versions/{language}": {
        "put": op("Proposals", "Write the council's answer in another language "
                  "(councillors).", ref("ProposalAnswer"), errors=(403, 404, 409),
                  body=obj({"body": S, "token": S}))},
    "/api/v1/proposals/{proposal_id}/answer/publish": {
        "post": op("Proposals", "Publish the draft answer: the proposal is answered.",
                   ref("ProposalAnswer"), errors=(403, 404, 409))},
    "/api/v1/proposals/{proposal_id}/answer/updates": {
        "post": op("Proposals", "Report progress on the answer (`complete`: the work is "
                   "done).", ref("ProposalAnswer"), status=201, errors=(403, 404, 409),
                   body=obj({"body": S, "complete": BOOL}, "body"))},
    "/api/v1/notifications": {
        "get": op("Notifications", "Your notifications, newest first, with the unread count.",
                  obj({"unread": {"type": "integer"},
                       "notifications": {"type": "array", "items": ref("Notification")}},
                      "unread", "notifications"), params=(limit(50),), errors=(422,))},
    "/api/v1/notifications/{notification_id}/read": {
        "post": op("Notifications", "Mark a notification read.", UNREAD, errors=(404,))},
    "/api/v1/account/notifications": {
        "get": op("Notifications", "How you hear of each kind of notification.", PREFERENCES),
        "patch": op("Notifications", "Change how you hear of some kinds: "
                    "`{\"preferences\": {\"reply\": \"daily\"}}`.", PREFERENCES,
                    body=obj({"preferences": {"type": "object",
                                              "additionalProperties": S}}, "preferences"))},
    "/api/v1/follows": {
        "get": op("Notifications", "What you follow, newest first, and whether taking part in a "
                  "thread follows it.", obj({
                      "auto_follow": BOOL,
                      "follows": {"type": "array", "items": obj({
                          "kind": S, "target_id": {"type": "integer"}, "following": BOOL,
                          "label": S, "link": S, "created_at": S},
                          "kind", "target_id", "following")}}, "auto_follow", "follows"))},
    "/api/v1/follows/{kind}/{target_id}": {
        "put": op("Notifications", "Follow a thread, a topic or a person (again: no change).",
                  FOLLOW, errors=(404, 422)),
        "delete": op("Notifications", "Stop following (what you do not follow: no change).",
                     FOLLOW, errors=(404,))},
    "/api/v1/search": {
        "get": op("Search", "Search what the public may read: threads, posts, summaries and "
                  "council responses, best match first.", SEARCH_RESULTS, public=True,
                  params=(query("q", "The words to find: `\"a phrase\"`, `-word`, `or`."),
                          query("topic", "A topic's slug."),
                          query("thread", "A thread's id.", {"type": "integer"}),
                          query("kind", "`consultation`, `discussion`, `post`, `summary` or "
                                "`response`."),
                          query("stance", "`for`, `against`, `neutral` or `question`."),
                          query("from", "Written on or after this date (`YYYY-MM-DD`)."),
                          query("to", "Written on or before this date (`YYYY-MM-DD`)."),
                          query("cursor", "`next_cursor` of the page before."), limit(20)),
                  errors=(400, 422))},
}


def _with_path_parameters(paths: dict[str, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for path, operations in paths.items():
        names = _PARAM.findall(path)
        out[path] = {method: ({**operation, "parameters": [_path_parameter(n) for n in names]
                               + operation.get("parameters", [])} if names else operation)
                     for method, operation in operations.items()}
    return out


def openapi_document(base_url: str) -> dict[str, Any]:
    """The whole document, with ``base_url`` (the configured site) as its server."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Civic Forum API", "version": "1",
                 "description": "The JSON API of the civic forum: everything under `/api/v1` "
                                "takes and returns JSON. Errors are "
                                "`{\"error\": {\"code\", \"message\", \"field\"?}}`."},
        "servers": [{"url": base_url.rstrip("/")}],
        "tags": [{"name": name, "description": text} for name, text in TAGS],
        "paths": _with_path_parameters(PATHS),
        "components": {"schemas": SCHEMAS, "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer",
                       "description": "A token from `POST /api/v1/tokens` or the account "
                                      "page."}}},
    }
