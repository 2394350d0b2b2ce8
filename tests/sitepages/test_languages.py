"""A site page in each language: the shipped Welsh texts, an admin's version per language
edited beside the default language's, and the default language's text, marked and
announced, where a language has no version of its own."""
from __future__ import annotations

import re

import pytest

from forum.accounts.models import Role
from forum.sitepages.services import PAGES, get_page, shipped_body
from tests.factories import make_user
from tests.i18n.conftest import compiled_catalogues  # noqa: F401 - the fixture, for app_config

NOT_YET_CY = "Nid yw’r testun hwn ar gael yn eich iaith chi eto; fe’i dangosir yn"
NOT_YET_EN = "This text is not yet available in your language; it is shown in"


@pytest.fixture
def app_config(app_config, compiled_catalogues):  # noqa: ANN001, F811
    """English and Welsh, with this run's catalogues."""
    return {**app_config, "LANGUAGES": "en,cy",
            "BABEL_TRANSLATION_DIRECTORIES": str(compiled_catalogues)}


def _welsh(client):  # noqa: ANN001, ANN202
    client.set_cookie("forum_language", "cy")
    return client


@pytest.mark.parametrize("slug", list(PAGES))
def test_every_page_ships_a_welsh_text_with_the_same_sections(slug):
    english, welsh = shipped_body(slug, "en"), shipped_body(slug, "cy")
    assert welsh and welsh != english
    assert welsh.count("\n## ") == english.count("\n## ")
    assert welsh.count("\n- ") == english.count("\n- ")


def test_a_welsh_reader_gets_the_welsh_privacy_notice(client):  # noqa: ANN001
    page = _welsh(client).get("/privacy").get_data(as_text=True)
    assert "<h1>Hysbysiad preifatrwydd</h1>" in page
    assert '<div class="prose" lang="cy">' in page and "Cyn-gyfranogwr" in page
    assert NOT_YET_CY not in page
    client.set_cookie("forum_language", "en")
    english = client.get("/privacy")
    assert '<div class="prose" lang="en-GB">' in english.get_data(as_text=True)


def _save(client, path: str, title: str, body: str):  # noqa: ANN001, ANN202
    return client.post(path, data={"title": title, "body": body, "revision_note": "Ours"})


def test_an_edited_default_text_is_shown_marked_where_welsh_has_none(client, session,  # noqa: ANN001
                                                                   login):
    login(make_user(session, role=Role.ADMIN))
    assert _save(client, "/admin/pages/house-rules", "Our house rules",
                 "Be kind to each other.").status_code == 302
    page = _welsh(client).get("/house-rules").get_data(as_text=True)
    # the shipped Welsh text no longer says what the edited English one does: not shown
    assert "Dadleuwch am syniadau" not in page
    assert '<h1 lang="en-GB">Our house rules</h1>' in page
    assert '<div class="prose" lang="en-GB"><p>Be kind to each other.</p></div>' in page
    assert (f'{NOT_YET_CY} <span lang="en-GB" dir="auto">English</span>.') in page
    assert 'href="/admin/pages/house-rules/cy"' in page  # "Edit this page": the Welsh one


def test_an_admin_writes_the_welsh_version_beside_the_english(client, session, login):  # noqa: ANN001
    login(make_user(session, role=Role.ADMIN))
    _save(client, "/admin/pages/accessibility", "Accessibility", "We test with axe.")
    form = client.get("/admin/pages/accessibility/cy").get_data(as_text=True)
    assert '<section class="beside"' in form and "We test with axe." in form
    assert '<div lang="en-GB">' in form  # the English beside is marked English
    box = re.search(r'<textarea[^>]*id="body"[^>]*>', form).group(0)
    assert 'lang="cy"' in box  # what is typed there is Welsh
    assert 'aria-current="page">Cymraeg</strong>' in form
    assert 'href="/admin/pages/accessibility/en"' in form
    saved = _save(client, "/admin/pages/accessibility/cy", "Hygyrchedd", "Rydym yn profi ag axe.")
    assert saved.status_code == 302 and saved.location.endswith("/accessibility")
    welsh = _welsh(client).get("/accessibility").get_data(as_text=True)
    assert "<h1>Hygyrchedd</h1>" in welsh and NOT_YET_CY not in welsh
    assert '<div class="prose" lang="cy"><p>Rydym yn profi ag axe.</p></div>' in welsh
    client.set_cookie("forum_language", "en")
    english = client.get("/accessibility")
    assert "We test with axe." in english.get_data(as_text=True)
    assert get_page(session, "accessibility", "en").title == "Accessibility"


@pytest.mark.parametrize("language", ["fr", "en_XA", "CY", "x" * 40])
def test_an_unknown_language_version_is_not_found(client, session, login, language):  # noqa: ANN001
    login(make_user(session, role=Role.ADMIN))
    assert client.get(f"/admin/pages/privacy/{language}").status_code == 404
    assert _save(client, f"/admin/pages/privacy/{language}", "T", "B").status_code == 404


def test_a_language_without_any_text_shows_the_default_one(app, session, monkeypatch):  # noqa: ANN001
    monkeypatch.setitem(app.config, "LANGUAGES", ("en", "cy", "fr"))
    shown = get_page(session, "privacy", "fr")
    assert (shown.language, shown.wanted) == ("en", "fr")
    assert get_page(session, "privacy", "cy").wanted is None
    assert get_page(session, "privacy", "de").language == "en"  # not spoken: the default's


def test_the_sentence_names_the_language_in_english_too(client, session, login, app,  # noqa: ANN001
                                                        monkeypatch):
    monkeypatch.setitem(app.config, "DEFAULT_LANGUAGE", "cy")
    login(make_user(session, role=Role.ADMIN))
    _save(client, "/admin/pages/privacy/cy", "Preifatrwydd", "Testun Cymraeg.")
    client.set_cookie("forum_language", "en")
    page = client.get("/privacy").get_data(as_text=True)
    # the site's default is Welsh; an English reader has the admin's Welsh text, announced
    assert "Testun Cymraeg." in page
    assert f'{NOT_YET_EN} <span lang="cy" dir="auto">Cymraeg</span>.' in page
