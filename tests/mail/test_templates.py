"""Mail from templates: both parts rendered in the request (the job carries plain strings),
the HTML escaped, the forum's name and footer in both, the From display name."""
from __future__ import annotations

from email.utils import parseaddr

from sqlalchemy import select

from forum.jobs.models import Job
from forum.jobs.runner import run_due
from forum.mail import build_message, queue_template_mail, render_mail
from tests.mail.conftest import BASE
from tests.security.helpers import outbox


def test_both_parts_come_from_the_templates_with_name_and_footer(app):  # noqa: ANN001
    text, html = render_mail("password_changed", subject="Changed", name="Sam <b>Bold</b>")
    assert "Hello Sam <b>Bold</b>," in text  # plain text is not HTML: nothing to escape
    assert "Hello Sam &lt;b&gt;Bold&lt;/b&gt;," in html
    assert f"{BASE}/password/forgot" in text and f'href="{BASE}/password/forgot"' in html
    assert "your account on Civic Forum" in text and f"{BASE}/" in text
    assert '<html lang="en-GB" dir="ltr">' in html and "<title>Changed</title>" in html
    assert f'<a href="{BASE}/"' in html and ">Civic Forum</a>" in html


def test_queue_template_mail_renders_now_and_sends_later(app, session):  # noqa: ANN001
    queue_template_mail(session, "sam@example.org", "password_changed", "Changed",
                        headers={"List-Unsubscribe": f"<{BASE}/u/x>"}, name="Sam")
    session.commit()
    job = session.scalars(select(Job)).one()
    assert job.name == "mail.send" and set(job.payload) == {"to", "subject", "body", "html",
                                                            "headers"}
    assert all(isinstance(job.payload[key], str) for key in ("to", "subject", "body", "html"))
    assert outbox(app) == []
    assert run_due(session) == 1
    [message] = outbox(app)
    assert message["List-Unsubscribe"] == f"<{BASE}/u/x>"
    assert "Hello Sam," in message.get_body(("plain",)).get_content()
    assert "<p>Hello Sam,</p>" in message.get_body(("html",)).get_content()


def test_the_from_display_name_is_the_forum_unless_the_address_names_one(app):  # noqa: ANN001
    assert parseaddr(build_message("a@example.org", "Hi", "Hi.\n")["From"]) == \
        ("Civic Forum", "forum@council.example")
    app.config["SITE_NAME"] = "Town Forum"
    assert parseaddr(build_message("a@example.org", "Hi", "Hi.\n")["From"]) == \
        ("Town Forum", "forum@council.example")
    app.config["MAIL_FROM"] = "Council Letters <letters@council.example>"
    assert parseaddr(build_message("a@example.org", "Hi", "Hi.\n")["From"]) == \
        ("Council Letters", "letters@council.example")


def test_make_run_says_where_mail_goes(app, session):  # noqa: ANN001
    runner = app.test_cli_runner()
    output = runner.invoke(args=["demo"]).output
    assert f"written to {app.instance_path}/outbox as an .eml file" in output
    assert "FORUM_MAIL_SERVER" in output
    app.config.update(MAIL_SERVER="smtp.council.example", MAIL_PORT=587)
    assert "through the SMTP server smtp.council.example:587." in \
        runner.invoke(args=["demo"]).output
