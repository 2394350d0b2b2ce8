"""The site's own pages: default texts, edited by admins only, rendered safely."""
from __future__ import annotations

import pytest

from forum.accounts.models import Role
from forum.sitepages.services import PAGES, default_body
from tests.factories import make_user

PATHS = {"privacy": "/privacy", "accessibility": "/accessibility", "house-rules": "/house-rules"}


@pytest.mark.parametrize("slug", list(PAGES))
def test_each_page_shows_its_default_text_and_is_in_the_footer(client, slug):
    response = client.get(PATHS[slug])
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f"<h1>{PAGES[slug]}</h1>" in page
    assert default_body(slug).splitlines()[0][:40] in page
    home = client.get("/").get_data(as_text=True)
    assert f'href="{PATHS[slug]}"' in home


def test_the_privacy_notice_names_retention_periods_and_rights(client):
    page = client.get("/privacy").get_data(as_text=True)
    for words in ("see the retention periods below", "90 days", "30 days", "14 days", "7 days",
                  "Download", "Delete your account"):
        assert words.lower() in page.lower(), words
    assert "<table>" in page


def test_the_accessibility_statement_says_target_testing_gaps_contact(client):
    page = client.get("/accessibility").get_data(as_text=True)
    for words in ("WCAG 2.2", "AA", "axe", "keyboard", "Known gaps", "Contact"):
        assert words in page, words


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.COUNCILLOR, Role.MODERATOR])
def test_only_admins_edit(client, session, login, role):
    login(make_user(session, role=role))
    assert client.get("/admin/pages/privacy").status_code == 403
    response = client.post("/admin/pages/privacy", data={"title": "Mine", "body": "x"})
    assert response.status_code == 403
    assert "Mine" not in client.get("/privacy").get_data(as_text=True)


def test_an_admin_previews_then_saves_and_the_text_is_sanitised(client, session, login):
    admin = make_user(session, role=Role.ADMIN, name="Ada Admin")
    login(admin)
    evil = "Hello **world** <script>alert(1)</script> [x](javascript:alert(2))"
    form = {"title": "Privacy at our forum", "body": evil, "revision_note": "Shorter"}
    preview = client.post("/admin/pages/privacy", data={**form, "preview": "1"})
    assert preview.status_code == 200
    assert b"<strong>world</strong>" in preview.data and b"<script>" not in preview.data
    assert b"Privacy notice" in client.get("/privacy").data  # a preview saves nothing
    saved = client.post("/admin/pages/privacy", data=form)
    assert saved.status_code == 302 and saved.location.endswith("/privacy")
    page = client.get("/privacy").get_data(as_text=True)
    assert "<h1>Privacy at our forum</h1>" in page and "<strong>world</strong>" in page
    assert "<script>" not in page and "javascript:" not in page
    edit = client.get("/admin/pages/privacy").get_data(as_text=True)
    assert "Ada Admin" in edit and "Shorter" in edit


def test_an_empty_text_is_refused_and_what_was_typed_kept(client, session, login):
    login(make_user(session, role=Role.ADMIN))
    response = client.post("/admin/pages/house-rules",
                           data={"title": "Rules I typed", "body": "   "})
    assert response.status_code == 422
    assert b"Enter the text of the page." in response.data and b"Rules I typed" in response.data
    assert client.get("/admin/pages/nowhere").status_code == 404


def test_the_report_form_links_the_house_rules(client, session, login):
    from tests.factories import make_post, make_thread
    post = make_post(session, thread=make_thread(session))
    login(make_user(session))
    page = client.get(f"/posts/{post.id}/flag").get_data(as_text=True)
    assert 'href="/house-rules"' in page
