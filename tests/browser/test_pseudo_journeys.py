"""The main journeys of each role, walked with the interface in the pseudo-locale ``en_XA``:
after every step, the page as the browser shows it (with what JavaScript wrote on it) has no
plain English word outside people's own content.

The reading is ``tests/i18n/pseudo.py``'s, the one the walk of every demo page uses: text and
spoken attributes outside ``.prose`` and outside elements with a ``lang`` of their own, less
the words stored in the database (content), Babel's English for this locale and what is not
language. Controls are found by id, name, role or address, never by their English words.
"""
from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

from forum.db import utcnow
from tests.browser.civic import make_consultation, summarise
from tests.browser.helpers import confirmation_path, expect, open_context
from tests.browser.pseudo_walk import Walk
from tests.factories import make_post, make_user

pytestmark = pytest.mark.browser
PSEUDO = "en_XA"
_n = itertools.count(1)


@pytest.fixture
def walk(data_app) -> Walk:  # noqa: ANN001
    return Walk(data_app)


@pytest.fixture
def pseudo_page(browser, pseudo_url, session_cookie):  # noqa: ANN001
    """Return a page (JavaScript on) on the server that speaks ``en_XA``, the language chosen
    with the language switch's cookie, signed in as ``user`` if one is given."""
    contexts = []

    def _page(user=None):  # noqa: ANN001, ANN202
        ctx = open_context(browser, pseudo_url, language=PSEUDO)
        contexts.append(ctx)
        if user is not None:
            ctx.add_cookies([session_cookie(user, pseudo_url)])
        page = ctx.new_page()
        page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?" when text is typed
        return page

    yield _page
    for ctx in contexts:
        ctx.close()


def _submit(form) -> None:  # noqa: ANN001
    """Press the form's (first) submit button that is not a preview."""
    form.locator("button[type=submit]:not([name=preview])").first.click()


def _person(seed, pseudo_page, role: str):  # noqa: ANN001, ANN202
    """A page signed in as a new account with ``role``."""
    n = next(_n)
    with seed() as session:
        return pseudo_page(make_user(session, role=role, email=f"pseudo-{role}{n}@example.org",
                                     name=f"Pseudo {role.capitalize()} {n}"))


def test_the_walk_finds_english_a_script_wrote(pseudo_page, walk):  # noqa: ANN001
    """The check can fail: an English sentence written by a script is named with its step."""
    page = pseudo_page()
    page.goto("/")
    walk.check(page, "home")
    assert not walk.escaped
    page.evaluate("() => document.querySelector('main').append('Frobnicate the widgets.')")
    walk.check(page, "planted")
    assert "Frobnicate" in walk.escaped.get(f"planted ({page.url})", set())


def test_a_visitor_reads_in_the_pseudo_locale(pseudo_page, walk, scenario):  # noqa: ANN001
    page = pseudo_page()
    page.goto("/")
    walk.check(page, "home")
    page.locator(".site-nav a[href='/topics']").click()
    walk.check(page, "topics")
    page.locator(f"main a[href='/topics/{scenario.topic_slug}']").first.click()
    walk.check(page, "a topic")
    page.goto(f"/threads/{scenario.debate_id}")
    walk.check(page, "a debate")
    page.goto(f"/threads/{scenario.long_id}?page=2")
    walk.check(page, "a long thread's second page")
    for path in ("/proposals", "/outcomes", "/search?q=bus", "/login", "/register",
                 f"/summaries/{scenario.extra['summary']}"):
        page.goto(path)
        walk.check(page, path)
    walk.assert_clean()


def test_a_resident_walks_in_the_pseudo_locale(pseudo_page, walk, scenario,  # noqa: ANN001
                                               server_paths):
    n = next(_n)
    email, password = f"pseudo-walker{n}@example.org", "a-long-enough-password"
    page = pseudo_page()

    # register, confirm, sign in
    page.goto("/register")
    walk.check(page, "register")
    form = page.locator("main form[method=post]")
    walk.fill(form.locator("[name=email]"), email)
    walk.fill(form.locator("[name=display_name]"), f"Pseudo Walker {n}")
    walk.fill(form.locator("[name=password]"), password)
    _submit(form)
    walk.check(page, "registered")
    page.goto(confirmation_path(server_paths["instance"], email))
    walk.check(page, "confirmed")
    form = page.locator("main form[method=post]")
    walk.fill(form.locator("[name=email]"), email)
    walk.fill(form.locator("[name=password]"), password)
    _submit(form)
    expect(page.locator(".nav-account a[href='/account']")).to_be_visible()
    walk.check(page, "signed in")

    # an argument, previewed then posted; a reply in place; an endorsement
    thread = f"/threads/{scenario.debate_id}"
    page.goto(thread)
    walk.check(page, "the debate, signed in")
    contribute = page.locator("#contribute")
    contribute.locator("input[name=stance][value=against]").check()
    walk.fill(contribute.locator("textarea[name=body]"), f"Trial it in summer first ({n}).")
    contribute.locator("button[name=preview]").click()
    expect(page.locator("section.preview")).to_be_visible()
    walk.check(page, "argument previewed")
    page.locator("#contribute input[name=stance][value=against]").check()
    _submit(page.locator("#contribute form"))
    expect(page.locator(".flash-success")).to_be_visible()
    walk.check(page, "argument posted")
    page.locator("article.post-argument a[data-reply-to]").first.click()
    reply = page.locator("form.inline-reply")
    expect(reply.locator("textarea")).to_be_focused()
    walk.check(page, "reply form opened in place")
    walk.fill(reply.locator("textarea"), f"And a stop by the school ({n}).")
    reply.locator("button[type=submit]:not([name=preview])").click()
    expect(page.locator(".flash-success")).to_be_visible()
    walk.check(page, "reply posted")
    page.locator("article.post form.endorse-form button[aria-pressed=false]").first.click()
    expect(page.locator(".flash-success")).to_be_visible()
    walk.check(page, "post endorsed")

    # a draft kept in the browser, brought back
    walk.fill(page.locator("#contribute textarea[name=body]"), f"Who pays for the buses ({n})?")
    page.goto("/topics")
    page.goto(thread)
    expect(page.locator("#contribute .draft-restored")).to_be_visible()
    walk.check(page, "draft brought back")

    # a report, refused empty, then sent
    page.locator("article.post a[href$='/flag']").first.click()
    walk.check(page, "report form")
    _submit(page.locator("main form[method=post]"))
    expect(page.locator(".error-summary")).to_be_visible()
    walk.check(page, "report refused empty")
    page.locator("input[name=reason]").first.check()
    _submit(page.locator("main form[method=post]"))
    expect(page.locator(".flash-success")).to_be_visible()
    walk.check(page, "report sent")

    # notifications and settings
    for path in ("/notifications", "/account", "/account/follows"):
        page.goto(path)
        walk.check(page, path)
    page.goto("/account/notifications")
    walk.check(page, "notification settings")
    _submit(page.locator("main form[method=post]"))
    expect(page.locator(".flash-success")).to_be_visible()
    walk.check(page, "notification settings saved")

    # a proposal: refused empty, saved as a draft, published
    page.goto("/proposals/new")
    walk.check(page, "choose a topic for a proposal")
    page.locator("main a[href='/topics/ideas/proposals/new']").click()
    walk.check(page, "new proposal")
    form = page.locator("main form[method=post]")
    _submit(form)
    expect(page.locator(".error-summary")).to_be_visible()
    walk.check(page, "proposal refused empty")
    walk.fill(form.locator("[name=title]"), f"A repair café in the library {n}")
    walk.fill(form.locator("[name=problem]"), "Broken things are thrown away.")
    walk.fill(form.locator("[name=body]"), "Volunteers mend them once a month.")
    _submit(form)
    expect(page.locator(".flash-success")).to_be_visible()
    walk.check(page, "proposal draft saved")
    page.locator("form[action$='/publish'] button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    walk.check(page, "proposal published")
    walk.assert_clean()


def test_a_moderator_walks_in_the_pseudo_locale(pseudo_page, walk, scenario, seed):  # noqa: ANN001
    page = _person(seed, pseudo_page, "moderator")
    with seed() as session:
        from forum.threads.models import Thread
        rude = make_post(session, thread=session.get(Thread, scenario.debate_id),
                         author=make_user(session), stance="against",
                         body="Something that breaks the rules.")
        rude_id = rude.id
        closed = make_consultation(session, title=f"Pseudo library hours {next(_n)}",
                                   closed=True).id
    for path in ("/moderation", f"/moderation/posts/{scenario.extra['flagged_post']}/review",
                 "/moderation/log", "/moderation/suspensions"):
        page.goto(path)
        walk.check(page, path)

    # hide a post from its staff menu
    page.goto(f"/posts/{rude_id}")  # the page of the thread it is on (other tests add posts)
    article = page.locator(f"article#post-{rude_id}")
    article.locator("details.post-menu > summary").click()
    walk.check(page, "staff menu open")
    article.locator(f"a[href$='/posts/{rude_id}/hide']").click()
    walk.check(page, "hide form")
    walk.fill(page.locator("main form[method=post] [name=reason]"), "A personal attack.")
    _submit(page.locator("main form[method=post]"))
    expect(page.locator(".flash-success")).to_be_visible()
    walk.check(page, "post hidden")

    # summarise a closed consultation: draft from the debate, save, publish, submit
    page.goto(f"/threads/{closed}")
    walk.check(page, "closed consultation")
    page.locator(f"a[href$='/threads/{closed}/summary/new']").first.click()
    walk.check(page, "new summary")
    page.locator("button[name=action][value=generate]").click()
    expect(page.locator("textarea[name=body]")).not_to_have_value("")
    walk.check(page, "summary drafted from the debate")
    page.locator("button[name=action][value=save]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    walk.check(page, "summary saved")
    page.locator("form[action$='/publish'] button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    walk.check(page, "summary published")
    page.locator("form[action$='/submit'] button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    walk.check(page, "summary submitted")
    walk.assert_clean()


def test_a_councillor_walks_in_the_pseudo_locale(pseudo_page, walk, scenario, seed):  # noqa: ANN001
    page = _person(seed, pseudo_page, "councillor")
    with seed() as session:
        closed = make_consultation(session, title=f"Pseudo Sunday opening {next(_n)}",
                                   closed=True)
        closed = (closed.id, closed.title)
    summary_id, _, _ = summarise(seed, closed, respond=False)
    page.goto("/council")
    walk.check(page, "council inbox")

    # a consultation: refused empty, then published
    page.goto(f"/topics/{scenario.topic_slug}/consultations/new")
    walk.check(page, "new consultation")
    form = page.locator("main form[method=post]")
    _submit(form)
    expect(page.locator(".error-summary")).to_be_visible()
    walk.check(page, "consultation refused empty")
    walk.fill(form.locator("[name=title]"), f"Resident parking in the Old Town {next(_n)}")
    walk.fill(form.locator("[name=question]"), "Should permits be needed in the Old Town?")
    walk.fill(form.locator("[name=body]"), "Commuters fill the streets by 8am.")
    closes = (utcnow() + timedelta(days=21)).strftime("%Y-%m-%dT17:00")
    walk.fill(form.locator("[name=closes_at]"), closes)
    _submit(form)
    expect(page.locator(".flash-success")).to_be_visible()
    walk.check(page, "consultation published")

    # the council's response: refused empty, drafted, previewed, published
    page.goto(f"/summaries/{summary_id}")
    walk.check(page, "submitted summary")
    page.goto(f"/summaries/{summary_id}/respond")
    walk.check(page, "response form")
    form = page.locator("main form[method=post]")
    _submit(form)
    expect(page.locator(".error-summary")).to_be_visible()
    walk.check(page, "response refused empty")
    form.locator("input[name=decision][value=agreed_in_part]").check()
    walk.fill(form.locator("[name=body]"), "A one-year trial from April.")
    for select in form.locator("select[name$=_decision]").all():
        select.select_option("agreed")
    for sentence in form.locator("input[name$=_body]").all():
        walk.fill(sentence, "We agree and will act on this.")
    _submit(form)
    expect(page.locator(".flash-success")).to_be_visible()
    walk.check(page, "response previewed")
    page.locator("form[action$='/response/publish'] button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    walk.check(page, "response published")
    walk.assert_clean()
