"""Texts built in Python (labels, form fields, refusals, counts) follow the request's language.

A small in-memory catalogue stands in for the real Welsh one, so these tests prove the text is
looked up when it is shown (not frozen when a module is imported) whatever the catalogue says.
"""
from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import Translations
from flask_babel import Domain, force_locale, get_locale

from forum.consultations.dates import remaining
from forum.db import utcnow
from forum.errors import NotAllowed
from forum.outcomes.status import Stage
from forum.posts.forms import ArgumentForm
from forum.posts.models import Stance
from forum.topics.services import create_topic
from tests.factories import make_user

WELSH = {"For": "O blaid", "Your argument": "Eich dadl", "Open for contributions":
         "Ar agor i gyfraniadau", "Only administrators can create topics.":
         "Dim ond gweinyddwyr all greu pynciau."}


@pytest.fixture
def welsh(monkeypatch):  # noqa: ANN001, ANN201
    """Serve ``WELSH`` (and plural day counts) for the ``cy`` locale."""
    catalog = Catalog(locale="cy")
    for english, welsh in WELSH.items():
        catalog.add(english, welsh)
    catalog.add(("%(num)d day", "%(num)d days"),
                ("%(num)d diwrnod", "%(num)d diwrnod", "%(num)d ddiwrnod", "%(num)d diwrnod",
                 "%(num)d diwrnod", "%(num)d diwrnod"))
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    translations = Translations(buffer)
    english = Domain.get_translations

    def get_translations(self):  # noqa: ANN001, ANN202
        return translations if str(get_locale()) == "cy" else english(self)
    monkeypatch.setattr(Domain, "get_translations", get_translations)


def test_module_level_labels_are_translated_when_shown(app, welsh):  # noqa: ANN001
    with app.test_request_context():
        with force_locale("cy"):
            form = ArgumentForm()
            assert Stance.FOR.label == "O blaid"
            assert form.body.label.text == "Eich dadl"
            assert '<label for="stance-0">O blaid</label>' in str(form.stance())
            assert Stage.OPEN.label == "Ar agor i gyfraniadau"
            assert remaining(timedelta(days=2)) == "2 ddiwrnod"
        with force_locale("en"):
            assert Stance.FOR.label == "For" and ArgumentForm().body.label.text == "Your argument"
            assert remaining(timedelta(days=2)) == "2 days"


def test_a_refusal_speaks_the_language_of_the_request(app, session, welsh):  # noqa: ANN001
    citizen = make_user(session)
    with app.test_request_context(), force_locale("cy"):
        with pytest.raises(NotAllowed) as refused:
            create_topic(session, citizen, title="Parciau", slug="", description="", now=utcnow())
    assert refused.value.message == "Dim ond gweinyddwyr all greu pynciau."
    assert isinstance(refused.value.message, str)  # ready for the JSON error envelope
