"""The authorisation matrix: every state-changing route, what it is called with, and the
status each kind of actor gets.

Statuses are in the order of :data:`ACTORS`: anonymous, citizen, suspended citizen,
councillor, moderator, admin. Objects acted on belong to someone else (see
:mod:`tests.security.authz_world`), so refusals also show that no one acts on what is not
theirs by changing an id. A route without an entry fails ``test_authz_matrix``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from forum.accounts.services import find_token, issue_token
from forum.notifications.kinds import KINDS
from forum.notifications.unsubscribe import make_token
from tests.factories import PASSWORD, make_sign_in
from tests.security.helpers import ACTORS

Build = Callable[[Any], Any]


@dataclass
class Call:
    """One request: a URL and a body built from the world, and the expected statuses."""

    url: Build
    expect: tuple[int, int, int, int, int, int]
    form: Build | None = None
    json: Build | None = None
    api: bool = False
    notes: str = ""
    extra: dict = field(default_factory=dict)

    def expected(self, actor: str) -> int:
        """The status ``actor`` should get."""
        return self.expect[ACTORS.index(actor)]


def H(url: Build, expect: tuple, form: Build | None = None, notes: str = "") -> Call:  # noqa: N802
    """An HTML form post."""
    return Call(url=url, expect=expect, form=form or (lambda w: {}), notes=notes)


def A(url: Build, expect: tuple, json: Build | None = None, notes: str = "") -> Call:  # noqa: N802
    """An API call with the actor's bearer token."""
    return Call(url=url, expect=expect, json=json, api=True, notes=notes)


def _someone_elses_sign_in(w) -> int:  # noqa: ANN001
    return int(make_sign_in(w.session, user=w.citizen).partition(".")[0])


def _someone_elses_token(w) -> int:  # noqa: ANN001
    raw = issue_token(w.session, w.citizen, now=w.now, name="Theirs")
    return find_token(w.session, raw).id


def _later(w, days: int = 21) -> str:  # noqa: ANN001
    return (w.now + timedelta(days=days)).strftime("%Y-%m-%d %H:%M")


#: (method, rule) -> call
MATRIX: dict[tuple[str, str], Call] = {
    # --- accounts and security --------------------------------------------------------------
    ("POST", "/register"): H(
        lambda w: "/register", (200, 200, 200, 200, 200, 200),
        lambda w: {"email": "brand-new@example.org", "display_name": "New",
                   "password": "long-enough-pw"}),
    ("POST", "/account/confirm"): H(
        lambda w: "/account/confirm", (401, 302, 302, 302, 302, 302),
        notes="a new confirmation link for one's own address only (confirmed: nothing sent)"),
    ("POST", "/account/email"): H(
        lambda w: "/account/email", (401, 302, 302, 302, 302, 302),
        lambda w: {"email": "moving-house@example.org", "current_password": PASSWORD},
        notes="one's own address only; it changes once the link is opened"),
    ("POST", "/login"): H(
        lambda w: "/login", (401, 401, 401, 401, 401, 401),
        lambda w: {"email": w.citizen.email, "password": "not-their-password"},
        notes="someone else's account with a guessed password"),
    ("POST", "/logout"): H(lambda w: "/logout", (302, 302, 302, 302, 302, 302)),
    ("POST", "/login/code"): H(
        lambda w: "/login/code", (302, 302, 302, 302, 302, 302), lambda w: {"code": "123456"},
        notes="no password step in this session: back to sign-in"),
    ("POST", "/password/forgot"): H(
        lambda w: "/password/forgot", (200, 200, 200, 200, 200, 200),
        lambda w: {"email": w.citizen.email}),
    ("POST", "/password/reset/<token>"): H(
        lambda w: f"/password/reset/{w.reset_token}", (302, 302, 302, 302, 302, 302),
        lambda w: {"new_password": "a-brand-new-passphrase"},
        notes="the emailed token is the credential, whoever is signed in"),
    ("POST", "/account/password"): H(
        lambda w: "/account/password", (401, 302, 302, 302, 302, 302),
        lambda w: {"current_password": "correct-horse-battery",
                   "new_password": "a-brand-new-passphrase"}),
    ("POST", "/account/sessions/<id:session_id>/end"): H(
        lambda w: f"/account/sessions/{_someone_elses_sign_in(w)}/end",
        (401, 404, 404, 404, 404, 404), notes="another user's signed-in device"),
    ("POST", "/account/tokens"): H(
        lambda w: "/account/tokens", (401, 201, 201, 201, 201, 201),
        lambda w: {"name": "My script"}, notes="a new token, shown once"),
    ("POST", "/account/tokens/<id:token_id>/revoke"): H(
        lambda w: f"/account/tokens/{_someone_elses_token(w)}/revoke",
        (401, 404, 404, 404, 404, 404), notes="another user's token"),
    ("POST", "/account/sessions/end"): H(
        lambda w: "/account/sessions/end", (401, 302, 302, 302, 302, 302),
        lambda w: {"scope": "others"}),
    ("POST", "/account/two-factor/setup"): H(
        lambda w: "/account/two-factor/setup", (401, 403, 403, 422, 422, 422),
        lambda w: {"code": "000000"}),
    ("POST", "/account/two-factor/recovery-codes"): H(
        lambda w: "/account/two-factor/recovery-codes", (401, 403, 403, 302, 302, 302),
        lambda w: {"password": "correct-horse-battery"},
        notes="staff without two-step sign-in are told to turn it on"),
    ("POST", "/account/two-factor/disable"): H(
        lambda w: "/account/two-factor/disable", (401, 403, 403, 302, 302, 302),
        lambda w: {"password": "correct-horse-battery"}),
    ("POST", "/account/name"): H(
        lambda w: "/account/name", (401, 302, 403, 302, 302, 302),
        lambda w: {"display_name": "Renamed Resident"},
        notes="one's own name; suspended accounts keep theirs until the suspension ends"),
    ("PATCH", "/api/v1/account"): A(
        lambda w: "/api/v1/account", (401, 200, 403, 200, 200, 200),
        lambda w: {"display_name": "Renamed Resident"}),
    ("POST", "/account/data/prepare"): H(
        lambda w: "/account/data/prepare", (401, 302, 302, 302, 302, 302),
        notes="one's own data; suspended accounts may download theirs too"),
    ("POST", "/account/delete"): H(
        lambda w: "/account/delete", (401, 302, 302, 302, 302, 302),
        lambda w: {"password": PASSWORD},
        notes="one's own account, after its password; suspended accounts may delete theirs"),
    ("POST", "/admin/users/<id:user_id>/erase"): H(
        lambda w: f"/admin/users/{w.citizen.id}/erase", (401, 403, 403, 403, 403, 302),
        lambda w: {"reason": "Asked for by email on 1 March."}),
    ("POST", "/admin/users/<id:user_id>/role"): H(
        lambda w: f"/admin/users/{w.citizen.id}/role", (401, 403, 403, 403, 403, 302),
        lambda w: {"role": "moderator"}),
    ("POST", "/admin/jobs/<id:job_id>/retry"): H(
        lambda w: f"/admin/jobs/{w.failed_job.id}/retry", (401, 403, 403, 403, 403, 302)),
    ("POST", "/admin/jobs/<id:job_id>/discard"): H(
        lambda w: f"/admin/jobs/{w.failed_job.id}/discard", (401, 403, 403, 403, 403, 302)),
    ("POST", "/admin/pages/<slug>"): H(
        lambda w: "/admin/pages/house-rules", (401, 403, 403, 403, 403, 302),
        lambda w: {"title": "House rules", "body": "Be kind.", "revision_note": "Shorter"},
        notes="the site's own pages: admins only"),
    ("POST", "/admin/pages/<slug>/<language>"): H(
        lambda w: "/admin/pages/house-rules/cy", (401, 403, 403, 403, 403, 302),
        lambda w: {"title": "Rheolau'r fforwm", "body": "Byddwch yn garedig.",
                   "revision_note": "Byrrach"},
        notes="each language's version of a site page: admins only"),
    ("POST", "/api/v1/account/confirmation"): A(
        lambda w: "/api/v1/account/confirmation", (401, 409, 409, 409, 409, 409),
        notes="one's own address only; every actor here is confirmed already"),
    ("POST", "/api/v1/tokens"): A(
        lambda w: "/api/v1/tokens", (401, 401, 401, 401, 401, 401),
        lambda w: {"email": w.citizen.email, "password": "not-their-password"}),
    # --- topics ---------------------------------------------------------------------------
    ("POST", "/topics/new"): H(
        lambda w: "/topics/new", (401, 403, 403, 403, 403, 302),
        lambda w: {"title": "Parks", "slug": "parks", "description": "Green spaces."}),
    ("POST", "/topics/<slug>/edit"): H(
        lambda w: f"/topics/{w.topic.slug}/edit", (401, 403, 403, 403, 403, 302),
        lambda w: {"title": "Transport and roads", "slug": w.topic.slug, "description": "x"}),
    ("POST", "/topics/<slug>/archive"): H(
        lambda w: f"/topics/{w.topic.slug}/archive", (401, 403, 403, 403, 403, 302)),
    ("POST", "/api/v1/topics"): A(
        lambda w: "/api/v1/topics", (401, 403, 403, 403, 403, 201),
        lambda w: {"title": "Parks", "slug": "parks"}),
    # --- threads --------------------------------------------------------------------------
    ("POST", "/topics/<slug>/threads/new"): H(
        lambda w: f"/topics/{w.topic.slug}/threads/new", (401, 302, 403, 302, 302, 302),
        lambda w: {"title": "Bus lanes on the ring road", "body": "Should we?"}),
    ("POST", "/threads/<id:thread_id>/edit"): H(
        lambda w: f"/threads/{w.thread.id}/edit", (401, 403, 403, 403, 403, 403),
        lambda w: {"title": "Hijacked title", "body": "Hijacked."},
        notes="another citizen's thread: only its author edits it"),
    ("POST", "/api/v1/threads"): A(
        lambda w: "/api/v1/threads", (401, 201, 403, 201, 201, 201),
        lambda w: {"topic": w.topic.slug, "title": "Bus lanes on the ring road",
                   "body": "Should we?"}),
    # --- posts ----------------------------------------------------------------------------
    ("POST", "/threads/<id:thread_id>/posts"): H(
        lambda w: f"/threads/{w.thread.id}/posts", (401, 302, 403, 302, 302, 302),
        lambda w: {"body": "An argument.", "stance": "against"}),
    ("POST", "/posts/<id:post_id>/reply"): H(
        lambda w: f"/posts/{w.post.id}/reply", (401, 302, 403, 302, 302, 302),
        lambda w: {"body": "A reply."}),
    ("POST", "/posts/<id:post_id>/edit"): H(
        lambda w: f"/posts/{w.post.id}/edit", (401, 403, 403, 403, 403, 403),
        lambda w: {"body": "Hijacked."}, notes="another citizen's post"),
    ("POST", "/posts/<id:post_id>/delete"): H(
        lambda w: f"/posts/{w.post.id}/delete", (401, 403, 403, 403, 403, 403),
        notes="another citizen's post"),
    ("POST", "/posts/<id:post_id>/endorse"): H(
        lambda w: f"/posts/{w.post.id}/endorse", (401, 302, 403, 302, 302, 302)),
    ("POST", "/api/v1/threads/<id:thread_id>/posts"): A(
        lambda w: f"/api/v1/threads/{w.thread.id}/posts", (401, 201, 403, 201, 201, 201),
        lambda w: {"body": "An argument.", "stance": "for"}),
    ("PATCH", "/api/v1/posts/<id:post_id>"): A(
        lambda w: f"/api/v1/posts/{w.post.id}", (401, 403, 403, 403, 403, 403),
        lambda w: {"body": "Hijacked."}),
    ("DELETE", "/api/v1/posts/<id:post_id>"): A(
        lambda w: f"/api/v1/posts/{w.post.id}", (401, 403, 403, 403, 403, 403)),
    ("POST", "/api/v1/posts/<id:post_id>/endorsement"): A(
        lambda w: f"/api/v1/posts/{w.post.id}/endorsement", (401, 201, 403, 201, 201, 201)),
    ("DELETE", "/api/v1/posts/<id:post_id>/endorsement"): A(
        lambda w: f"/api/v1/posts/{w.post.id}/endorsement", (401, 404, 403, 404, 404, 404),
        notes="nothing to withdraw"),
    # --- notifications --------------------------------------------------------------------
    ("POST", "/notifications/read"): H(
        lambda w: "/notifications/read", (401, 302, 302, 302, 302, 302)),
    ("POST", "/notifications/<id:notification_id>/read"): H(
        lambda w: f"/notifications/{w.notification.id}/read", (401, 404, 404, 404, 404, 404),
        notes="another user's notification"),
    ("POST", "/api/v1/notifications/<id:notification_id>/read"): A(
        lambda w: f"/api/v1/notifications/{w.notification.id}/read",
        (401, 404, 404, 404, 404, 404), notes="another user's notification"),
    ("POST", "/account/notifications"): H(
        lambda w: "/account/notifications", (401, 302, 302, 302, 302, 302),
        lambda w: {kind.name: kind.default for kind in KINDS},
        notes="one's own settings; staff kinds are ignored for citizens"),
    ("PATCH", "/api/v1/account/notifications"): A(
        lambda w: "/api/v1/account/notifications", (401, 200, 200, 200, 200, 200),
        lambda w: {"preferences": {"reply": "daily"}}),
    ("POST", "/unsubscribe/<token>"): H(
        lambda w: f"/unsubscribe/{make_token(w.citizen.id, 'mentioned')}",
        (200, 200, 200, 200, 200, 200),
        notes="RFC 8058 one-click: the signed link is the proof, whoever sends it"),
    # --- following (reading is enough: a suspended account may follow) ---------------------
    ("POST", "/follows/<any(thread, topic, person):kind>/<id:target_id>"): H(
        lambda w: f"/follows/thread/{w.thread.id}", (401, 302, 302, 302, 302, 302)),
    ("POST", "/follows/<any(thread, topic, person):kind>/<id:target_id>/unfollow"): H(
        lambda w: f"/follows/thread/{w.thread.id}/unfollow", (401, 302, 302, 302, 302, 302)),
    ("POST", "/account/auto-follow"): H(
        lambda w: "/account/auto-follow", (401, 302, 302, 302, 302, 302),
        form=lambda w: {"on": "0"}),
    # --- the language switch: anyone, signed in or not --------------------------------------
    ("POST", "/language"): H(
        lambda w: "/language", (302, 302, 302, 302, 302, 302),
        form=lambda w: {"language": "cy", "next": "/"}),
    ("PUT", "/api/v1/follows/<any(thread, topic, person):kind>/<id:target_id>"): A(
        lambda w: f"/api/v1/follows/topic/{w.topic.id}", (401, 200, 200, 200, 200, 200)),
    ("DELETE", "/api/v1/follows/<any(thread, topic, person):kind>/<id:target_id>"): A(
        lambda w: f"/api/v1/follows/person/{w.citizen.id}", (401, 200, 200, 200, 200, 200),
        notes="nothing to unfollow: no change"),
}
