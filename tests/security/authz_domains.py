"""Matrix entries for consultations, moderation, summaries and the council (see
:mod:`tests.security.authz_entries` for the format)."""
from __future__ import annotations

from datetime import timedelta

from tests.security.authz_entries import A, H, Call, _later

MATRIX: dict[tuple[str, str], Call] = {
    # --- consultations --------------------------------------------------------------------
    ("POST", "/topics/<slug>/consultations/new"): H(
        lambda w: f"/topics/{w.topic.slug}/consultations/new", (401, 403, 403, 302, 403, 302),
        lambda w: {"title": "Sunday library opening", "question": "Open on Sundays?",
                   "body": "Background.", "closes_at": _later(w)}),
    ("POST", "/threads/<id:thread_id>/extend"): H(
        lambda w: f"/threads/{w.consultation.id}/extend", (401, 403, 403, 403, 403, 302),
        lambda w: {"closes_at": _later(w, 28)},
        notes="another councillor's consultation: its author or an admin"),
    ("POST", "/threads/<id:thread_id>/close"): H(
        lambda w: f"/threads/{w.consultation.id}/close", (401, 403, 403, 403, 403, 302),
        lambda w: {"reason": "Budget decision brought forward."}),
    ("POST", "/threads/<id:thread_id>/versions"): H(
        lambda w: f"/threads/{w.consultation.id}/versions", (401, 403, 403, 403, 403, 302),
        lambda w: {"language": "cy", "title": "Agor y llyfrgell ar y Sul"},
        notes="another councillor's consultation: its author or an admin"),
    ("PUT", "/api/v1/threads/<id:thread_id>/versions/<language>"): A(
        lambda w: f"/api/v1/threads/{w.consultation.id}/versions/cy",
        (401, 403, 403, 403, 403, 200), lambda w: {"title": "Agor y llyfrgell ar y Sul"}),
    ("POST", "/api/v1/threads/<id:thread_id>/extend"): A(
        lambda w: f"/api/v1/threads/{w.consultation.id}/extend", (401, 403, 403, 403, 403, 200),
        lambda w: {"closes_at": (w.now + timedelta(days=28)).isoformat()}),
    ("POST", "/api/v1/threads/<id:thread_id>/close"): A(
        lambda w: f"/api/v1/threads/{w.consultation.id}/close", (401, 403, 403, 403, 403, 200),
        lambda w: {"reason": "Budget decision brought forward."}),
    # --- moderation: reports --------------------------------------------------------------
    ("POST", "/posts/<id:post_id>/flag"): H(
        lambda w: f"/posts/{w.post.id}/flag", (401, 302, 403, 302, 302, 302),
        lambda w: {"reason": "spam"}),
    ("POST", "/api/v1/posts/<id:post_id>/flags"): A(
        lambda w: f"/api/v1/posts/{w.post.id}/flags", (401, 201, 403, 201, 201, 201),
        lambda w: {"reason": "spam"}),
    ("POST", "/moderation/posts/<id:post_id>/review"): H(
        lambda w: f"/moderation/posts/{w.flagged_post.id}/review",
        (401, 403, 403, 403, 302, 302), lambda w: {"decision": "dismiss"}),
    ("POST", "/api/v1/flags/<id:post_id>/<any(uphold, dismiss):decision>"): A(
        lambda w: f"/api/v1/flags/{w.flagged_post.id}/dismiss", (401, 403, 403, 403, 200, 200),
        lambda w: {}),
    # --- moderation: hiding, locking ------------------------------------------------------
    ("POST", "/posts/<id:post_id>/hide"): H(
        lambda w: f"/posts/{w.post.id}/hide", (401, 403, 403, 403, 302, 302),
        lambda w: {"reason": "Personal attack."}),
    ("POST", "/posts/<id:post_id>/restore"): H(
        lambda w: f"/posts/{w.hidden_post.id}/restore", (401, 403, 403, 403, 302, 302)),
    ("POST", "/api/v1/posts/<id:post_id>/hide"): A(
        lambda w: f"/api/v1/posts/{w.post.id}/hide", (401, 403, 403, 403, 200, 200),
        lambda w: {"reason": "Personal attack."}),
    ("POST", "/api/v1/posts/<id:post_id>/restore"): A(
        lambda w: f"/api/v1/posts/{w.hidden_post.id}/restore", (401, 403, 403, 403, 200, 200),
        lambda w: {}),
    ("POST", "/threads/<id:thread_id>/lock"): H(
        lambda w: f"/threads/{w.thread.id}/lock", (401, 403, 403, 403, 302, 302),
        lambda w: {"reason": "Going in circles."}),
    ("POST", "/threads/<id:thread_id>/unlock"): H(
        lambda w: f"/threads/{w.thread.id}/unlock", (401, 403, 403, 403, 409, 409),
        notes="the thread is not locked"),
    ("POST", "/api/v1/threads/<id:thread_id>/lock"): A(
        lambda w: f"/api/v1/threads/{w.thread.id}/lock", (401, 403, 403, 403, 200, 200),
        lambda w: {"reason": "Going in circles."}),
    ("POST", "/api/v1/threads/<id:thread_id>/unlock"): A(
        lambda w: f"/api/v1/threads/{w.thread.id}/unlock", (401, 403, 403, 403, 409, 409),
        lambda w: {}),
    # --- moderation: suspensions and appeals ----------------------------------------------
    ("POST", "/users/<id:user_id>/suspend"): H(
        lambda w: f"/users/{w.citizen.id}/suspend", (401, 403, 403, 403, 302, 302),
        lambda w: {"until": (w.now + timedelta(days=7)).strftime("%Y-%m-%d"),
                   "reason": "Repeated personal attacks."}),
    ("POST", "/users/<id:user_id>/suspension/lift"): H(
        lambda w: f"/users/{w.suspended_citizen.id}/suspension/lift",
        (401, 403, 403, 403, 403, 302)),
    ("POST", "/api/v1/users/<id:user_id>/suspension"): A(
        lambda w: f"/api/v1/users/{w.citizen.id}/suspension", (401, 403, 403, 403, 201, 201),
        lambda w: {"until": (w.now + timedelta(days=7)).strftime("%Y-%m-%d"),
                   "reason": "Repeated personal attacks."}),
    ("DELETE", "/api/v1/users/<id:user_id>/suspension"): A(
        lambda w: f"/api/v1/users/{w.suspended_citizen.id}/suspension",
        (401, 403, 403, 403, 403, 200), lambda w: {}),
    ("POST", "/posts/<id:post_id>/appeal"): H(
        lambda w: f"/posts/{w.hidden_post.id}/appeal", (401, 404, 404, 404, 404, 404),
        lambda w: {"statement": "Not mine to appeal."}, notes="another citizen's post"),
    ("POST", "/appeals/suspension"): H(
        lambda w: "/appeals/suspension", (401, 200, 302, 200, 200, 200),
        lambda w: {"statement": "I was quoting someone else."},
        notes="only the suspended actor has a suspension to appeal"),
    ("POST", "/api/v1/appeals"): A(
        lambda w: "/api/v1/appeals", (401, 403, 403, 403, 403, 403),
        lambda w: {"post_id": w.hidden_post.id, "statement": "Not mine to appeal."},
        notes="another citizen's post: only its author appeals"),
    ("POST", "/moderation/appeals/<id:appeal_id>"): H(
        lambda w: f"/moderation/appeals/{w.appeal.id}", (401, 403, 403, 403, 302, 302),
        lambda w: {"decision": "grant", "reason": "It was a fair point."}),
    ("POST", "/api/v1/appeals/<id:appeal_id>/decide"): A(
        lambda w: f"/api/v1/appeals/{w.appeal.id}/decide", (401, 403, 403, 403, 200, 200),
        lambda w: {"granted": True, "reason": "It was a fair point."}),
    # --- summaries ------------------------------------------------------------------------
    ("POST", "/threads/<id:thread_id>/summary/new"): H(
        lambda w: f"/threads/{w.thread.id}/summary/new", (401, 403, 403, 403, 302, 302),
        lambda w: {"body": "A fair summary of the debate."}),
    ("POST", "/api/v1/threads/<id:thread_id>/summaries"): A(
        lambda w: f"/api/v1/threads/{w.thread.id}/summaries", (401, 403, 403, 403, 201, 201),
        lambda w: {"body": "A fair summary of the debate."}),
    ("POST", "/summaries/<id:summary_id>/edit"): H(
        lambda w: f"/summaries/{w.draft_summary.id}/edit", (401, 404, 404, 404, 302, 302),
        lambda w: {"body": "A better summary.", "revision": "1"}),
    ("PUT", "/api/v1/summaries/<id:summary_id>"): A(
        lambda w: f"/api/v1/summaries/{w.draft_summary.id}", (401, 404, 404, 404, 200, 200),
        lambda w: {"body": "A better summary.", "revision": 1},
        notes="drafts are visible to moderators only"),
    ("POST", "/summaries/<id:summary_id>/publish"): H(
        lambda w: f"/summaries/{w.draft_summary.id}/publish", (401, 404, 404, 404, 302, 302)),
    ("POST", "/api/v1/summaries/<id:summary_id>/publish"): A(
        lambda w: f"/api/v1/summaries/{w.draft_summary.id}/publish",
        (401, 404, 404, 404, 200, 200)),
    ("POST", "/summaries/<id:summary_id>/versions"): H(
        lambda w: f"/summaries/{w.published_summary.id}/versions",
        (401, 403, 403, 403, 302, 302), lambda w: {"language": "cy", "body": "Crynodeb teg."}),
    ("PUT", "/api/v1/summaries/<id:summary_id>/versions/<language>"): A(
        lambda w: f"/api/v1/summaries/{w.published_summary.id}/versions/cy",
        (401, 403, 403, 403, 200, 200), lambda w: {"body": "Crynodeb teg."}),
    ("POST", "/summaries/<id:summary_id>/submit"): H(
        lambda w: f"/summaries/{w.published_summary.id}/submit", (401, 403, 403, 403, 302, 302)),
    ("POST", "/api/v1/summaries/<id:summary_id>/submit"): A(
        lambda w: f"/api/v1/summaries/{w.published_summary.id}/submit",
        (401, 403, 403, 403, 200, 200)),
    # --- the council ----------------------------------------------------------------------
    ("POST", "/summaries/<id:summary_id>/respond"): H(
        lambda w: f"/summaries/{w.submitted_summary.id}/respond", (401, 403, 403, 302, 403, 302),
        lambda w: {"decision": "agreed", "body": "We will run a trial."}),
    ("POST", "/api/v1/summaries/<id:summary_id>/response"): A(
        lambda w: f"/api/v1/summaries/{w.submitted_summary.id}/response",
        (401, 403, 403, 201, 403, 201),
        lambda w: {"decision": "agreed", "body": "We will run a trial."}),
    ("PUT", "/api/v1/summaries/<id:summary_id>/response"): A(
        lambda w: f"/api/v1/summaries/{w.responded_summary.id}/response",
        (401, 403, 403, 200, 403, 200),
        lambda w: {"decision": "agreed", "body": "A corrected explanation.",
                   "points": [{"point_id": p.id, "decision": "agreed", "body": "Yes."}
                              for p in w.responded_summary.points]},
        notes="a correction of the published response"),
    ("POST", "/summaries/<id:summary_id>/response/publish"): H(
        lambda w: f"/summaries/{w.draft_response_summary.id}/response/publish",
        (401, 403, 403, 302, 403, 302)),
    ("POST", "/api/v1/summaries/<id:summary_id>/response/publish"): A(
        lambda w: f"/api/v1/summaries/{w.draft_response_summary.id}/response/publish",
        (401, 403, 403, 200, 403, 200)),
    ("POST", "/summaries/<id:summary_id>/response/versions"): H(
        lambda w: f"/summaries/{w.responded_summary.id}/response/versions",
        (401, 403, 403, 302, 403, 302), lambda w: {"language": "cy", "body": "Ymateb y cyngor."}),
    ("PUT", "/api/v1/summaries/<id:summary_id>/response/versions/<language>"): A(
        lambda w: f"/api/v1/summaries/{w.responded_summary.id}/response/versions/cy",
        (401, 403, 403, 200, 403, 200), lambda w: {"body": "Ymateb y cyngor."}),
    ("POST", "/summaries/<id:summary_id>/updates/new"): H(
        lambda w: f"/summaries/{w.responded_summary.id}/updates/new",
        (401, 403, 403, 302, 403, 302), lambda w: {"body": "The trial starts in June."}),
    ("POST", "/api/v1/summaries/<id:summary_id>/response/updates"): A(
        lambda w: f"/api/v1/summaries/{w.responded_summary.id}/response/updates",
        (401, 403, 403, 201, 403, 201), lambda w: {"body": "The trial starts in June."}),
}
