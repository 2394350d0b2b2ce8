"""Messages built in Python go through gettext: a catalogue for the request's language
changes what the API, a flash, a form label and the rate-limit sentence say."""
from __future__ import annotations

import pytest
from babel.support import NullTranslations
from flask_babel import Domain, force_locale, get_locale

from forum.errors import DomainError
from forum.inputs import NOT_JSON_MESSAGE
from forum.limits import try_again_sentence
from forum.security.forms import LoginForm

WELSH = {
    "Send a JSON object with Content-Type: application/json.":
        "Anfonwch wrthrych JSON gyda Content-Type: application/json.",
    "Email address": "Cyfeiriad e-bost",
}


class _Welsh(NullTranslations):
    """A few Welsh messages; the rest fall back to the English msgid."""

    def gettext(self, message: str) -> str:
        return WELSH.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if singular == "Try again in %(num)d minute.":
            return "Rhowch gynnig arall arni ymhen %(num)d munud."
        return singular if n == 1 else plural

    ugettext, ungettext = gettext, ngettext


@pytest.fixture
def welsh(monkeypatch):  # noqa: ANN001, ANN201
    """Serve :class:`_Welsh` to requests in the ``cy`` locale."""
    original = Domain.get_translations

    def get_translations(self):  # noqa: ANN001, ANN202
        locale = get_locale()
        return _Welsh() if locale is not None and locale.language == "cy" else original(self)

    monkeypatch.setattr(Domain, "get_translations", get_translations)


def test_api_error_envelope_is_translated(app, welsh):  # noqa: ANN001, ARG001
    with app.test_request_context("/api/v1/me"), force_locale("cy"):
        error = DomainError(NOT_JSON_MESSAGE)
        assert error.message == WELSH["Send a JSON object with Content-Type: application/json."]
    with app.test_request_context("/api/v1/me"), force_locale("en"):
        assert DomainError(NOT_JSON_MESSAGE).message == \
            "Send a JSON object with Content-Type: application/json."


def test_form_label_follows_the_language_of_the_request(app, welsh):  # noqa: ANN001, ARG001
    with app.test_request_context("/login"):
        with force_locale("cy"):
            assert str(LoginForm(meta={"csrf": False}).email.label.text) == "Cyfeiriad e-bost"
        with force_locale("en"):
            assert str(LoginForm(meta={"csrf": False}).email.label.text) == "Email address"


def test_rate_limit_sentence_uses_the_plural_forms(app, welsh):  # noqa: ANN001, ARG001
    with app.test_request_context("/"):
        with force_locale("cy"):
            assert try_again_sentence(5 * 60) == "Rhowch gynnig arall arni ymhen 5 munud."
        with force_locale("en"):
            assert try_again_sentence(60 * 60) == "Try again in 60 minutes."
            assert try_again_sentence(60) == "Try again in 1 minute."
