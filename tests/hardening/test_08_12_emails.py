"""Email addresses: validated, normalised once, and used in that one form everywhere."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.accounts.emails import normalise_email
from forum.accounts.models import User
from forum.db import db
from forum.errors import Invalid
from forum.jobs.runner import run_due
from tests.factories import PASSWORD, make_user
from tests.security.conftest import TEST_LIMITS
from tests.security.helpers import csrf_from, deliver, outbox

FORMAT = "Enter an email address in the right format, like name@example.com."
TAKEN = "An account with this email address already exists. Sign in instead."

CONTROL_EMAILS = ["a\r\nb@example.org", "sam@example.org\r\nBcc: all@example.org",
                  "sam@example.org\n", "\rsam@example.org",
                  "sam@exa\tmple.org", "sam\u202e@example.org", "sam@example.org\u200b"]
#: NUL and the other C0 controls are refused for every field before any form reads them
NUL_EMAIL = "sam\x00@example.org"


def _register(client, email: str, name: str = "Sam", **extra):  # noqa: ANN001
    """Register; an accepted form ("check your email") has its account made by the job."""
    response = client.post("/register", data={"email": email, "display_name": name,
                                               "password": "long-enough-pw", **extra})
    if response.status_code == 200 and b"Check your email" in response.data:
        deliver(db.session)
    return response


def _already_registered_notes(app) -> list[str]:  # noqa: ANN001
    """The addresses told "you already have an account"."""
    return [m["To"] for m in outbox(app) if "already have" in m["Subject"]]


def _users(session) -> int:  # noqa: ANN001
    return session.scalar(select(func.count()).select_from(User))


@pytest.mark.parametrize("email", CONTROL_EMAILS)
def test_08_12_control_characters_are_refused_at_registration(client, session, email):
    response = _register(client, email)
    assert response.status_code == 422
    assert FORMAT in response.get_data(as_text=True)
    assert _users(session) == 0


@pytest.mark.parametrize("email", CONTROL_EMAILS)
def test_08_12_control_characters_in_forgot_password_are_a_422(app, client, session, email):
    make_user(session, email="sam@example.org")
    session.commit()
    response = client.post("/password/forgot", data={"email": email}, buffered=True)
    assert response.status_code == 422
    assert FORMAT in response.get_data(as_text=True)
    assert outbox(app) == []


def test_08_12_a_nul_in_an_address_is_refused_before_any_form(app, client, session):
    make_user(session, email="sam@example.org")
    session.commit()
    for response in (_register(client, NUL_EMAIL),
                     client.post("/password/forgot", data={"email": NUL_EMAIL}, buffered=True)):
        assert response.status_code == 400
        assert "control character" in response.get_data(as_text=True)
    assert _users(session) == 1 and outbox(app) == []


@pytest.mark.parametrize("email", ["sam@example.org\r\nBcc: all@example.org", "a\r\nb@x.org"])
def test_08_12_control_characters_never_sign_in(client, session, email):
    make_user(session, email="sam@example.org")
    session.commit()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 401
    response = client.post("/api/v1/tokens", json={"email": email, "password": PASSWORD})
    assert response.status_code == 401


@pytest.mark.parametrize("spelling", ["admin@example.org.", "ADMIN@Example.ORG.",
                                      " admin@example.org ", "Admin@EXAMPLE.org"])
def test_08_12_one_mailbox_one_account(app, client, session, spelling):
    assert _register(client, "admin@example.org").status_code == 200
    response = _register(client, spelling, name="Second")
    assert response.status_code == 200  # the same answer as for a new address
    assert TAKEN not in response.get_data(as_text=True)
    assert _users(session) == 1
    assert _already_registered_notes(app) == ["admin@example.org"]


@pytest.mark.parametrize("spelling", ["admin@example.org.", "ADMIN@Example.ORG."])
def test_08_12_every_spelling_finds_the_account(app, client, session, spelling):
    make_user(session, email="admin@example.org")
    session.commit()
    response = client.post("/login", data={"email": spelling, "password": PASSWORD})
    assert response.status_code == 302
    response = client.post("/api/v1/tokens", json={"email": spelling, "password": PASSWORD})
    assert response.status_code == 201
    response = client.post("/password/forgot", data={"email": spelling}, buffered=True)
    assert response.status_code == 200
    run_due(session)  # the reset job looks the address up
    assert [m["To"] for m in outbox(app)] == ["admin@example.org"]


def test_08_12_trailing_dot_is_dropped_when_stored(client, session):
    assert _register(client, "Dot@Example.org.").status_code == 200
    assert session.scalar(select(User.email)) == "dot@example.org"


def test_08_12_unicode_domains_are_stored_in_their_ascii_spelling(app, client, session):
    assert _register(client, "Sam@Bücher.example").status_code == 200
    assert session.scalar(select(User.email)) == "sam@xn--bcher-kva.example"
    response = _register(client, "sam@xn--bcher-kva.example", name="Other")
    assert response.status_code == 200 and _users(session) == 1
    assert _already_registered_notes(app) == ["sam@xn--bcher-kva.example"]
    response = client.post("/login", data={"email": "sam@bücher.example",
                                           "password": "long-enough-pw"})
    assert response.status_code == 302
    sent = len(outbox(app))  # the confirmation link and the note
    client.post("/password/forgot", data={"email": "SAM@BÜCHER.example"}, buffered=True)
    run_due(session)
    assert [m["To"] for m in outbox(app)[sent:]] == ["sam@xn--bcher-kva.example"]


def test_08_12_plus_tags_are_kept_as_separate_mailboxes(client, session):
    assert _register(client, "sam+forum@example.org").status_code == 200
    assert _register(client, "sam@example.org", name="Sam Two").status_code == 200
    assert sorted(session.scalars(select(User.email))) == \
        ["sam+forum@example.org", "sam@example.org"]


def test_08_12_upper_case_is_stored_lower_case(client, session):
    assert _register(client, "Sam.Jones@Example.ORG").status_code == 200
    assert session.scalar(select(User.email)) == "sam.jones@example.org"
    response = client.post("/login", data={"email": "SAM.JONES@EXAMPLE.ORG",
                                           "password": "long-enough-pw"})
    assert response.status_code == 302


@pytest.mark.parametrize("email", ["sam", "sam@", "@example.org", "sam@example", "sam@@x.org",
                                   "sam..jones@example.org", "sam@example..org",
                                   "sam@localhost", "sam@-example.org", "x" * 2000,
                                   "sam@example.org..", "sam@.", "."])
def test_08_12_malformed_addresses_are_refused(client, session, email):
    response = _register(client, email)
    assert response.status_code == 422
    assert FORMAT in response.get_data(as_text=True)
    assert _users(session) == 0


def test_08_12_international_local_parts_are_refused_with_a_reason(client, session):
    response = _register(client, "josé@example.org")
    assert response.status_code == 422
    assert "only the letters A to Z" in response.get_data(as_text=True)


def test_08_12_normalising_twice_changes_nothing():
    for raw in ["Admin@Example.ORG.", "sam@bücher.example", "a+b@example.org"]:
        once = normalise_email(raw)
        assert normalise_email(once) == once
    with pytest.raises(Invalid) as error:
        normalise_email("a\r\n@example.org")
    assert error.value.field == "email"


def test_08_12_command_line_uses_the_same_form(app, session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "Cli@Example.org.", "--name", "Cli User",
                                 "--password", "long-password"])
    assert result.exit_code == 0, result.output
    assert session.scalar(select(User.email)) == "cli@example.org"
    result = runner.invoke(args=["users", "token", "CLI@example.org."])
    assert result.exit_code == 0 and len(result.output.strip()) > 30
    result = runner.invoke(args=["users", "create", "cli@example.org\r\n", "--name", "Again",
                                 "--password", "long-password"])
    assert result.exit_code != 0 and FORMAT in result.output


class TestWithCsrfAndLimitsOn:
    """Production settings: CSRF tokens required, rate limits counting."""

    @pytest.fixture
    def app_config(self, app_config):  # noqa: ANN001
        return {**app_config, **TEST_LIMITS, "WTF_CSRF_ENABLED": True}

    def test_08_12_no_second_account_with_csrf_on(self, app, client, session):
        make_user(session, email="admin@example.org")
        session.commit()
        token = csrf_from(client.get("/register").data)
        response = _register(client, "admin@example.org.", csrf_token=token)
        assert response.status_code == 200 and TAKEN not in response.get_data(as_text=True)
        assert _users(session) == 1
        assert _already_registered_notes(app) == ["admin@example.org"]
        token = csrf_from(client.get("/password/forgot").data)
        response = client.post("/password/forgot", data={"email": "sam@example.org\r\n",
                                                         "csrf_token": token})
        assert response.status_code == 422

    def test_08_12_refused_registration_keeps_what_was_typed_with_csrf_on(self, client,
                                                                          session):
        token = csrf_from(client.get("/register").data)
        text = _register(client, "Admin@Example", "Sam Typed", csrf_token=token) \
            .get_data(as_text=True)
        assert FORMAT in text
        assert 'value="Admin@Example"' in text and 'value="Sam Typed"' in text
        assert "long-enough-pw" not in text

    def test_08_12_spellings_of_one_address_share_its_sign_in_limit(self, client, session):
        make_user(session, email="target@example.org")
        session.commit()
        spellings = ["target@example.org.", "TARGET@example.org", "target@EXAMPLE.org."]
        for n, email in enumerate(spellings):  # the limit is 3 failures per account
            token = csrf_from(client.get("/login").data)
            response = client.post("/login", data={"email": email, "password": "wrong-password",
                                                   "csrf_token": token},
                                   environ_base={"REMOTE_ADDR": f"10.0.0.{n}"})
            assert response.status_code == 401
        token = csrf_from(client.get("/login").data)
        response = client.post("/login", data={"email": "target@example.org",
                                               "password": PASSWORD, "csrf_token": token},
                               environ_base={"REMOTE_ADDR": "10.0.1.1"})
        assert response.status_code == 429
