"""Which language a page speaks: the person's setting, the switch's cookie, the browser's
Accept-Language, else the default; the switch itself (CSRF on), and what varies with it."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum.accounts.models import User
from forum.i18n import LANGUAGE_COOKIE
from tests.factories import make_user

WELSH = {"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"}


def html_lang(page: bytes) -> str:
    return re.search(rb'<html lang="([^"]+)" dir="(\w+)"', page).group(1).decode()


def test_default_language_is_british_english(client):
    page = client.get("/").data
    assert html_lang(page) == "en-GB"
    assert b'dir="ltr"' in page


def test_the_browser_choice_is_followed(client):
    assert html_lang(client.get("/", headers=WELSH).data) == "cy"


def test_an_unoffered_browser_language_falls_back_to_the_default(client):
    assert html_lang(client.get("/", headers={"Accept-Language": "fr, de"}).data) == "en-GB"


def test_the_cookie_beats_the_browser(client):
    client.set_cookie(LANGUAGE_COOKIE, "cy")
    assert html_lang(client.get("/", headers={"Accept-Language": "en"}).data) == "cy"


def test_an_unknown_cookie_is_ignored(client):
    client.set_cookie(LANGUAGE_COOKIE, "xx")
    assert html_lang(client.get("/").data) == "en-GB"


def test_the_persons_setting_beats_cookie_and_browser(client, session, login):
    user = make_user(session)
    user.language = "cy"
    login(user)
    client.set_cookie(LANGUAGE_COOKIE, "en")
    assert html_lang(client.get("/", headers={"Accept-Language": "en"}).data) == "cy"


def test_pages_say_they_vary_by_language(client):
    vary = client.get("/").headers["Vary"]
    assert "Accept-Language" in vary and "Cookie" in vary


def test_the_switch_shows_the_other_languages_in_their_own_names(client):
    page = client.get("/").data.decode()
    assert '<button type="submit" class="link-button" lang="cy">Cymraeg</button>' in page
    assert 'lang="en-GB">English</button>' not in page  # the language already spoken
    welsh = client.get("/", headers=WELSH).data.decode()
    assert 'lang="en-GB">English</button>' in welsh


def test_the_switch_keeps_the_visitor_on_the_same_page(client):
    answer = client.post("/language", data={"language": "cy", "next": "/search?q=parc"})
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/search?q=parc"
    assert f"{LANGUAGE_COOKIE}=cy" in answer.headers["Set-Cookie"]
    assert "HttpOnly" in answer.headers["Set-Cookie"]
    assert html_lang(client.get("/search?q=parc").data) == "cy"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil"])
def test_the_switch_never_sends_the_browser_off_the_site(client, target):
    answer = client.post("/language", data={"language": "cy", "next": target})
    assert answer.headers["Location"] == "/"


def test_an_unoffered_language_is_refused_and_nothing_is_kept(client):
    answer = client.post("/language", data={"language": "fr", "next": "/topics"})
    assert answer.headers["Location"] == "/topics"
    assert LANGUAGE_COOKIE not in answer.headers.get("Set-Cookie", "")
    page = client.get("/topics").data.decode()
    assert "Choose one of the languages offered." in page
    assert html_lang(page.encode()) == "en-GB"


def test_a_signed_in_choice_is_saved_as_the_setting(client, session, login):
    user = make_user(session)
    login(user)
    client.post("/language", data={"language": "cy", "next": "/account"})
    assert session.scalar(select(User.language).where(User.id == user.id)) == "cy"


def test_the_account_page_offers_every_language(client, session, login):
    login(make_user(session))
    page = client.get("/account").data.decode()
    assert 'name="language"' in page
    for code in ("en", "cy", "en_XA"):
        assert f'<option value="{code}"' in page
    assert re.search(r'<option value="en" lang="en-GB" selected>', page)


def test_the_pseudo_locale_brackets_the_strings_of_the_catalogue(client):
    client.set_cookie(LANGUAGE_COOKIE, "en_XA")
    page = client.get("/").data.decode()
    assert html_lang(page.encode()) == "en-XA"
    assert 'aria-label="[Ļáñĝûáĝé]"' in page  # the switch's own label, from the catalogue


class TestWithCsrf:
    """The journey with CSRF and rate limits on: a token from the page is needed."""

    @pytest.fixture
    def database(self, sqlite_database):  # noqa: ANN001
        return sqlite_database

    @pytest.fixture
    def app_config(self, app_config):  # noqa: ANN001
        return {**app_config, "WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": True}

    def test_without_a_token_nothing_changes(self, client):
        answer = client.post("/language", data={"language": "cy", "next": "/"})
        assert LANGUAGE_COOKIE not in answer.headers.get("Set-Cookie", "")
        assert html_lang(client.get("/").data) == "en-GB"

    def test_the_header_form_switches(self, client):
        page = client.get("/topics").data.decode()
        form = re.search(r'<form method="post" action="/language".*?</form>', page, re.S).group()
        fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
        assert fields["next"] == "/topics" and fields["language"] == "cy"
        answer = client.post("/language", data=fields)
        assert answer.headers["Location"] == "/topics"
        assert html_lang(client.get("/topics").data) == "cy"
