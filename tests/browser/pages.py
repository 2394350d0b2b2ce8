"""Every page the accessibility, layout and screenshot tests visit, and how to reach it.

A page names who looks at it (a demo role, or nobody signed in), how to find its address in
the scenario, what status it should answer and, for forms with errors, what to do first.
A page whose address cannot be found (its domain is not built, or the demo data has
nothing to show) is reported by the tests, never silently passed.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.browser.scenario import TWO_FACTOR, Scenario


@dataclass(frozen=True)
class Page:
    """A page to visit."""

    name: str
    #: the address, or a function of the scenario returning it (``None``: not available)
    path: str | Callable[[Scenario], str | None]
    #: demo role to sign in as, or ``None`` for a visitor
    who: str | None = None
    status: int = 200
    #: something to do on the page before checking it (e.g. submit an empty form), called
    #: with the page and ``say``, the interface's words in the page's language
    action: Callable | None = None
    #: what the page needs that may not exist yet (shown when it is missing)
    needs: str = ""
    #: the action changes the browser's session (a sign-in begun), so the page is checked
    #: in a browser of its own
    own_session: bool = False

    def address(self, scenario: Scenario) -> str | None:
        """Resolve the page's address in this scenario."""
        return self.path(scenario) if callable(self.path) else self.path


def _submit_empty(button: str) -> Callable:
    def _action(page, say) -> None:  # noqa: ANN001
        with page.expect_navigation():
            page.get_by_role("button", name=say(button), exact=True).click()
        page.locator(".error-summary").wait_for()
        # the summary is in the document before its stylesheet has loaded; axe must see the
        # styled page, or it measures bare inline links as too-close targets
        page.wait_for_load_state("load")
    return _action


def _preview(box: str, text: str) -> Callable:
    """Type ``text`` in the box labelled ``box``, press "Preview", then open the formatting
    help (so that it is checked too)."""
    def _action(page, say) -> None:  # noqa: ANN001
        page.get_by_label(say(box), exact=True).fill(text)
        with page.expect_navigation():
            page.get_by_role("button", name=say("Preview"), exact=True).click()
        page.locator("section.preview").wait_for()
        page.locator("details.formatting-help > summary").first.click()
        page.wait_for_load_state("load")
    return _action


def _password_then_code(page, say) -> None:  # noqa: ANN001
    """Give a two-step account's password, so the code page shows."""
    page.get_by_label(say("Email address")).fill(TWO_FACTOR.email)
    page.get_by_label(say("Password"), exact=True).fill(TWO_FACTOR.password)
    page.get_by_role("button", name=say("Sign in")).click()
    page.get_by_role("heading", name=say("Enter your code")).wait_for()


def _open_moderator_menu(page, say) -> None:  # noqa: ANN001, ARG001
    """Open the first post's staff menu (a <details>, so it opens without JavaScript too)."""
    page.locator("details.post-menu > summary").first.click()
    page.locator("details.post-menu[open]").first.wait_for()


def _rename_to_a_role(page, say) -> None:  # noqa: ANN001
    """Ask for a name that passes for a staff role, so the refusal shows."""
    page.get_by_label(say("Display name")).fill("Moderator")
    _submit_empty("Change display name")(page, say)


def _extra(key: str, template: str) -> Callable[[Scenario], str | None]:
    def _resolve(scenario: Scenario) -> str | None:
        value = scenario.extra.get(key)
        return template.format(value) if value is not None else None
    return _resolve


PAGES = [
    Page("home", "/"),
    Page("topics", "/topics"),
    Page("search", "/search?q=bus+lane"),
    Page("search-errors", "/search?q=bus&from=2025-02-30", status=422),
    Page("topic", lambda s: f"/topics/{s.topic_slug}"),
    Page("thread", lambda s: f"/threads/{s.debate_id}"),
    Page("thread-signed-in", lambda s: f"/threads/{s.debate_id}", who="citizen"),
    Page("thread-long-nested", lambda s: f"/threads/{s.long_id}"),
    Page("thread-long-moderator", lambda s: f"/threads/{s.long_id}", who="moderator"),
    Page("thread-moderator-menu", lambda s: f"/threads/{s.debate_id}", who="moderator",
         action=_open_moderator_menu),
    Page("thread-page-2", lambda s: f"/threads/{s.long_id}?page=2"),
    Page("post-history", lambda s: f"/posts/{s.extra['edited_post']}/history"),
    Page("reply", lambda s: f"/posts/{s.deepest_id}/reply", who="citizen"),
    Page("reply-errors", lambda s: f"/posts/{s.deepest_id}/reply", who="citizen",
         action=_submit_empty("Post reply")),
    Page("new-thread-errors", lambda s: f"/topics/{s.topic_slug}/threads/new", who="citizen",
         action=_submit_empty("Publish thread")),
    Page("argument-errors", lambda s: f"/threads/{s.debate_id}", who="citizen",
         action=_submit_empty("Post argument")),
    Page("argument-preview", lambda s: f"/threads/{s.debate_id}", who="citizen",
         action=_preview("Your argument", "A **bold** point:\n\n- one\n- two")),
    Page("reply-preview", lambda s: f"/posts/{s.deepest_id}/reply", who="citizen",
         action=_preview("Your reply", "> quoted\n\nAnd *my* reply.")),
    Page("new-thread-preview", lambda s: f"/topics/{s.topic_slug}/threads/new", who="citizen",
         action=_preview("Opening post", "An [address](https://example.org) to read.")),
    Page("consultation-open", _extra("open_consultation", "/threads/{}"),
         needs="an open consultation (consultations)"),
    Page("consultation-closed", _extra("closed_consultation", "/threads/{}"),
         needs="a closed consultation (consultations)"),
    Page("consultation-new", lambda s: f"/topics/{s.topic_slug}/consultations/new",
         who="councillor"),
    Page("consultation-new-errors", lambda s: f"/topics/{s.topic_slug}/consultations/new",
         who="councillor", action=_submit_empty("Publish consultation")),
    Page("summary", _extra("summary", "/summaries/{}"), needs="a published summary (summaries)"),
    Page("summary-moderator", _extra("summary", "/summaries/{}"), who="moderator",
         needs="a published summary (summaries)"),
    Page("outcomes", "/outcomes"),
    Page("report", _extra("report", "/consultations/{}/report"),
         needs="a consultation with a submitted summary (outcomes)"),
    Page("transparency", "/transparency"),
    Page("notifications", "/notifications", who="citizen"),
    Page("account", "/account", who="citizen"),
    Page("sign-in-errors", "/login", action=_submit_empty("Sign in")),
    Page("register-errors", "/register", action=_submit_empty("Create account")),
    Page("moderation-queue", "/moderation", who="moderator"),
    Page("moderation-log", "/moderation/log", who="moderator"),
    Page("council-inbox", "/council", who="councillor"),
    Page("admin", "/admin/users", who="admin"),
    Page("admin-home", "/admin", who="admin"),
    Page("admin-jobs", "/admin/jobs", who="admin"),
    # forms and pages behind the actions
    Page("thread-edit", lambda s: f"/threads/{s.debate_id}/edit", who="citizen"),
    Page("thread-history", lambda s: f"/threads/{s.debate_id}/history"),
    Page("post-edit", lambda s: f"/posts/{s.extra['citizen_post']}/edit", who="citizen"),
    Page("post-delete", lambda s: f"/posts/{s.extra['citizen_post']}/delete", who="citizen"),
    Page("report-post-errors", lambda s: f"/posts/{s.deepest_id}/flag", who="citizen",
         action=_submit_empty("Send report")),
    Page("consultation-extend", _extra("open_consultation", "/threads/{}/extend"),
         who="councillor", needs="an open consultation (consultations)"),
    Page("consultation-versions", _extra("open_consultation", "/threads/{}/versions"),
         who="councillor", needs="an open consultation (consultations)"),
    Page("summary-versions", _extra("summary", "/summaries/{}/versions"), who="moderator",
         needs="a published summary (summaries)"),
    Page("consultation-close", _extra("open_consultation", "/threads/{}/close"),
         who="councillor", needs="an open consultation (consultations)"),
    Page("summary-revisions", _extra("summary", "/summaries/{}/revisions"),
         needs="a published summary (summaries)"),
    Page("response-revisions", _extra("responded_summary", "/summaries/{}/response/revisions"),
         needs="a published council response (council)"),
    Page("response-correct", _extra("responded_summary", "/summaries/{}/respond"),
         who="councillor", needs="a published council response (council)"),
    Page("response-update", _extra("responded_summary", "/summaries/{}/updates/new"),
         who="councillor", needs="a published council response (council)"),
    Page("moderation-review", _extra("flagged_post", "/moderation/posts/{}/review"),
         who="moderator", needs="a reported post (moderation demo data)"),
    Page("moderation-suspensions", "/moderation/suspensions", who="moderator"),
    Page("hide-post", lambda s: f"/posts/{s.deepest_id}/hide", who="moderator"),
    Page("lock-thread", lambda s: f"/threads/{s.long_id}/lock", who="moderator"),
    Page("suspend-user", lambda s: f"/users/{s.extra['citizen_user']}/suspend",
         who="moderator"),
    Page("my-appeals", "/appeals", who="citizen"),
    Page("change-password", "/account/password", who="citizen"),
    Page("two-factor", "/account/two-factor", who="moderator"),
    Page("two-factor-setup", "/account/two-factor/setup", who="moderator"),
    Page("forgot-password", "/password/forgot"),
    Page("two-step-code", "/login", action=_password_then_code, own_session=True),
    Page("two-step-code-errors", "/login", action=lambda page, say: (
        _password_then_code(page, say), _submit_empty("Sign in")(page, say)), own_session=True),
    Page("new-topic", "/topics/new", who="admin"),
    Page("edit-topic", lambda s: f"/topics/{s.topic_slug}/edit", who="admin"),
    Page("profile", lambda s: f"/people/{s.extra['citizen_user']}"),
    Page("profile-signed-in", lambda s: f"/people/{s.extra['citizen_user']}", who="moderator"),
    Page("change-name", "/account/name", who="citizen"),
    Page("change-name-errors", "/account/name", who="citizen", action=_rename_to_a_role),
    Page("reply-quoting", lambda s: f"/posts/{s.deepest_id}/reply?quote={s.deepest_id}",
         who="citizen"),
    Page("privacy", "/privacy"),
    Page("accessibility", "/accessibility"),
    Page("house-rules", "/house-rules"),
    Page("edit-site-page", "/admin/pages/privacy", who="admin"),
    Page("edit-site-page-welsh", "/admin/pages/privacy/cy", who="admin"),
    Page("change-email", "/account/email", who="citizen"),
    Page("notification-settings", "/account/notifications", who="citizen"),
    Page("follows", "/account/follows", who="citizen"),
    Page("tokens", "/account/tokens", who="citizen"),
    Page("your-data", "/account/data", who="citizen"),
    Page("delete-account", "/account/delete", who="citizen"),
    Page("api-page", "/api"),
    # residents' proposals
    Page("proposals", "/proposals"),
    Page("proposals-filtered", "/proposals?state=closed&sort=newest"),
    Page("proposal-choose-topic", "/proposals/new", who="citizen"),
    Page("proposal-new", "/topics/ideas/proposals/new", who="citizen",
         needs="the ideas topic (proposals demo data)"),
    Page("proposal-new-errors", "/topics/ideas/proposals/new", who="citizen",
         action=_submit_empty("Save the draft"), needs="the ideas topic (proposals demo data)"),
    Page("proposal-draft", _extra("draft_proposal", "/proposals/{}/draft"), who="citizen",
         needs="a draft proposal (browser scenario)"),
    Page("proposal-join", _extra("invitation", "/proposals/join/{}"), who="citizen",
         needs="a draft with an invitation (browser scenario)"),
    Page("proposal-collecting", _extra("collecting_proposal", "/threads/{}"), who="citizen",
         needs="a collecting proposal (proposals demo data)"),
    Page("proposal-collecting-visitor", _extra("collecting_proposal", "/threads/{}"),
         needs="a collecting proposal (proposals demo data)"),
    Page("proposal-refuse", _extra("collecting_proposal", "/proposals/{}/refuse"),
         who="moderator", needs="a collecting proposal (proposals demo data)"),
    Page("proposal-merge", _extra("collecting_proposal", "/proposals/{}/merge"),
         who="moderator", needs="a collecting proposal (proposals demo data)"),
    # the council's work on proposals
    Page("proposal-qualified", _extra("qualified_proposal", "/threads/{}"), who="councillor",
         needs="a qualified proposal (proposals demo data)"),
    Page("proposal-answer", _extra("qualified_proposal", "/proposals/{}/answer"),
         who="councillor", needs="a qualified proposal (proposals demo data)"),
    Page("proposal-answer-errors", _extra("qualified_proposal", "/proposals/{}/answer"),
         who="councillor", action=_submit_empty("Save the draft and preview it"),
         needs="a qualified proposal (proposals demo data)"),
    Page("proposal-answered", _extra("answered_proposal", "/threads/{}"),
         needs="an answered proposal (proposals demo data)"),
    Page("proposal-answer-update",
         _extra("answered_proposal", "/proposals/{}/answer/updates/new"), who="councillor",
         needs="an answered proposal (proposals demo data)"),
    Page("proposal-offline", _extra("collecting_proposal", "/proposals/{}/offline"),
         who="councillor", needs="a collecting proposal (proposals demo data)"),
    Page("proposal-offline-errors", _extra("collecting_proposal", "/proposals/{}/offline"),
         who="councillor", action=_submit_empty("Record the supports"),
         needs="a collecting proposal (proposals demo data)"),
    Page("not-found", "/no-such-page", status=404),
    Page("forbidden", "/admin/users", who="citizen", status=403),
    Page("admin-home-forbidden", "/admin", who="moderator", status=403),
]

#: the pages the 320-pixel layout test checks: all of them (a page already open for axe is
#: measured at 320 px for the cost of a resize)
NARROW = [page.name for page in PAGES]

#: the pages whose every control the keyboard test reaches with Tab
KEYBOARD = ["thread-signed-in", "thread-long-moderator", "summary-moderator",
            "moderation-queue", "admin"]
#: the page whose text sizes (at 1280 and 320 px) and text at 200 % are measured
TEXT_SIZES = ["thread-signed-in"]

#: (page, width, file name) written to docs/screenshots/ when FORUM_SCREENSHOTS=1
SCREENSHOTS = [
    ("home", 1280, "home-desktop.png"),
    ("home", 375, "home-phone.png"),
    ("thread-signed-in", 1280, "thread-desktop.png"),
    ("thread-long-nested", 375, "thread-phone.png"),
    ("thread-moderator-menu", 1280, "thread-moderator-desktop.png"),
    ("summary", 375, "summary-phone.png"),
    ("admin-home", 1280, "admin-desktop.png"),
    ("consultation-open", 1280, "consultation-desktop.png"),
    ("summary", 1280, "summary-desktop.png"),
    ("outcomes", 1280, "outcomes-desktop.png"),
    ("register-errors", 375, "register-errors-phone.png"),
]

BY_NAME = {page.name: page for page in PAGES}
