"""Every template parses and names only templates and static files that exist; the partials
show on the pages that include them.

A template includes what it uses by name: ``include … ignore missing`` would turn a renamed
or deleted partial into a page that silently lacks part of its content, so it is refused, and
every ``include``, ``extends``, ``import`` and ``from … import`` must name a template the
app's loader finds. The templates are read with the app's own Jinja environment (its
globals, filters and extensions), without rendering anything.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from jinja2 import Environment, TemplateNotFound, TemplateSyntaxError, meta, nodes

from forum.accounts.models import Role
from forum.db import utcnow
from tests.consultations.conftest import make_consultation
from tests.factories import make_post, make_topic, make_user

#: templates that name another template with an expression, not a constant string, and why
#: (the test cannot check such a name, so each one is listed here on purpose)
DYNAMIC_REFERENCES: dict[str, str] = {}

#: templates that name a static file with an expression, not a constant string, and why
DYNAMIC_STATIC: dict[str, str] = {}


@pytest.fixture
def database(sqlite_database) -> str:  # noqa: ANN001
    """Parsing needs the app, not a second database."""
    return sqlite_database


def template_names(app: Flask) -> list[str]:
    """Every template file under the app's template folder, as the loader names it."""
    root = Path(app.root_path, app.template_folder)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def parse_all(app: Flask) -> dict[str, nodes.Template]:
    """Parse every template with the app's environment (failures are reported together)."""
    env = app.jinja_env
    parsed, broken = {}, []
    for name in template_names(app):
        source, filename, _ = env.loader.get_source(env, name)
        try:
            parsed[name] = env.parse(source, name, filename)
        except TemplateSyntaxError as error:
            broken.append(f"{name}:{error.lineno}: {error.message}")
    assert not broken, "templates that do not parse:\n" + "\n".join(broken)
    return parsed


def exists(env: Environment, name: str) -> bool:
    """Whether the app's loader finds the template ``name``."""
    try:
        env.loader.get_source(env, name)
    except TemplateNotFound:
        return False
    return True


def static_filenames(ast: nodes.Template) -> Iterator[str | None]:
    """The ``filename`` of each ``url_for('static', …)`` call (``None``: not a constant)."""
    for call in ast.find_all(nodes.Call):
        if not (isinstance(call.node, nodes.Name) and call.node.name == "url_for"
                and call.args and isinstance(call.args[0], nodes.Const)
                and call.args[0].value == "static"):
            continue
        filename = next((kw.value for kw in call.kwargs if kw.key == "filename"), None)
        yield filename.value if isinstance(filename, nodes.Const) else None


def test_the_template_folder_is_found(app) -> None:  # noqa: ANN001
    """The test looks at the real templates (a wrong folder would pass everything)."""
    names = template_names(app)
    assert "base.html" in names
    assert len(names) > 20


def test_every_template_parses(app) -> None:  # noqa: ANN001
    """Each template compiles to an AST with the app's environment."""
    assert parse_all(app)


def test_no_include_ignores_a_missing_template(app) -> None:  # noqa: ANN001
    """A partial is included plainly, so a missing one is an error, not a gap in the page."""
    offenders = [f"{name}:{node.lineno}" for name, ast in parse_all(app).items()
                 for node in ast.find_all(nodes.Include) if node.ignore_missing]
    assert not offenders, "include … ignore missing in: " + ", ".join(offenders)


def test_every_referenced_template_exists(app) -> None:  # noqa: ANN001
    """Each include, extends, import and from-import names a template that exists."""
    env = app.jinja_env
    missing, dynamic = [], []
    for name, ast in parse_all(app).items():
        for target in meta.find_referenced_templates(ast):
            if target is None:
                if name not in DYNAMIC_REFERENCES:
                    dynamic.append(name)
            elif not exists(env, target):
                missing.append(f"{name} names {target}")
    assert not missing, "templates that do not exist:\n" + "\n".join(missing)
    assert not dynamic, ("templates naming a template with an expression (list them in "
                         "DYNAMIC_REFERENCES with a reason): " + ", ".join(dynamic))


def test_every_static_file_named_in_a_template_exists(app) -> None:  # noqa: ANN001
    """Each ``url_for('static', filename=…)`` names a file in the static folder."""
    static = Path(app.static_folder)
    missing, dynamic, seen = [], [], 0
    for name, ast in parse_all(app).items():
        for filename in static_filenames(ast):
            seen += 1
            if filename is None:
                if name not in DYNAMIC_STATIC:
                    dynamic.append(name)
            elif not (static / filename).is_file():
                missing.append(f"{name} names static/{filename}")
    assert seen, "no url_for('static', …) found: the search is broken"
    assert not missing, "static files that do not exist:\n" + "\n".join(missing)
    assert not dynamic, ("templates naming a static file with an expression (list them in "
                         "DYNAMIC_STATIC with a reason): " + ", ".join(dynamic))


def test_a_missing_template_fails_the_check(app) -> None:  # noqa: ANN001
    """The checks above see a broken reference and an ignore missing (guards the test)."""
    env = app.jinja_env
    ast = env.parse('{% include "_partials/no_such_partial.html" ignore missing %}'
                    '{% from "_macros/no_such_macros.html" import x %}'
                    '{{ url_for("static", filename="css/no-such.css") }}')
    assert [node.ignore_missing for node in ast.find_all(nodes.Include)] == [True]
    targets = list(meta.find_referenced_templates(ast))
    assert targets == ["_partials/no_such_partial.html", "_macros/no_such_macros.html"]
    assert not any(exists(env, target) for target in targets)
    assert list(static_filenames(ast)) == ["css/no-such.css"]
    assert exists(env, "base.html")


# --- the partials show where they are included ----------------------------------------------

def test_every_page_has_the_navigation_and_footer_links(client) -> None:  # noqa: ANN001
    """base.html: the nav links and the footer links."""
    html = client.get("/topics").get_data(as_text=True)
    assert '<a href="/outcomes">Outcomes</a>' in html
    assert "Moderation transparency report" in html


def test_a_suspended_user_sees_the_banner(session, client, login) -> None:  # noqa: ANN001
    """base.html: the suspension banner above the content."""
    login(make_user(session, suspended_until=utcnow() + timedelta(days=3), reason="Spam."))
    html = client.get("/topics").get_data(as_text=True)
    assert "suspension-banner" in html
    assert "Reason: Spam." in html


def test_sign_in_and_account_pages_show_links(session, client, login) -> None:  # noqa: ANN001
    """accounts/login.html and accounts/account.html."""
    assert "Forgotten your password?" in client.get("/login").get_data(as_text=True)
    login(make_user(session))
    html = client.get("/account").get_data(as_text=True)
    assert "Change your password" in html
    assert "Your account is in good standing." in html


def test_home_and_topic_pages_show_consultations(session, client, login) -> None:  # noqa: ANN001
    """topics/home.html: open consultations; topics/show.html: status, question, button."""
    councillor = make_user(session, role=Role.COUNCILLOR)
    topic = make_topic(session)
    make_consultation(session, councillor, topic, question="Should the bridge open?")
    home = client.get("/").get_data(as_text=True)
    assert "Have your say</h2>" in home and "Should the bridge open?" in home
    login(councillor)
    html = client.get(f"/topics/{topic.slug}").get_data(as_text=True)
    assert "consultation-list-status status-open" in html
    assert "Should the bridge open?" in html
    assert "Post a consultation" in html


def test_thread_page_shows_banners_and_tools(session, client, login) -> None:  # noqa: ANN001
    """threads/show.html and _macros/posts.html, as a moderator sees them."""
    councillor = make_user(session, role=Role.COUNCILLOR)
    thread = make_consultation(session, councillor, make_topic(session))
    post = make_post(session, thread=thread, stance="for")
    hidden = make_post(session, thread=thread, stance="against")
    hidden.hidden_at, hidden.hidden_reason = utcnow(), "Off topic."
    thread.locked_at, thread.lock_reason = utcnow(), "Cooling off."
    login(make_user(session, role=Role.MODERATOR))
    html = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "consultation-banner" in html
    assert "thread-locked" in html
    assert "Unlock the thread" in html
    assert "Write a summary" in html
    assert f"Cite in a summary as <code>[#{post.id}]</code>" in html
    assert f"/posts/{post.id}/hide" in html
    assert f"/moderation/posts/{hidden.id}/review" in html


def test_consultation_author_sees_the_tools(session, client, login) -> None:  # noqa: ANN001
    """threads/show.html: the tools for the consultation's author."""
    councillor = make_user(session, role=Role.COUNCILLOR)
    thread = make_consultation(session, councillor, make_topic(session))
    login(councillor)
    assert "Extend the deadline" in client.get(f"/threads/{thread.id}").get_data(as_text=True)
