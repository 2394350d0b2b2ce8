"""Small things on every page: the navigation's current-page marker, the favicon, the
admin's landing page, claims counted in whole sentences, and when a summary can go to the
council."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import render_template_string

from forum.consultations.services import post_consultation
from forum.db import utcnow
from forum.summaries import services
from forum.timefmt import localtime
from tests.factories import make_thread, make_topic, make_user

ROLES = ["citizen", "councillor", "moderator"]


def _nav(html: str) -> str:
    start = html.index('aria-label="Main"')
    return html[start:html.index("</nav>", start)]


def test_the_navigation_marks_the_page_and_the_section(client, session):
    topic = make_topic(session, title="Parks")
    thread = make_thread(session, topic=topic)
    session.commit()
    nav = _nav(client.get("/topics").data.decode())
    assert re.search(r'<a href="/topics" aria-current="page">Topics</a>', nav)
    assert nav.count("aria-current") == 1
    nav = _nav(client.get(f"/threads/{thread.id}").data.decode())
    assert re.search(r'<a href="/topics" aria-current="true">Topics</a>', nav)
    nav = _nav(client.get("/outcomes").data.decode())
    assert re.search(r'href="/outcomes" aria-current="page"', nav) and nav.count("aria-current") == 1
    assert "aria-current" not in _nav(client.get("/").data.decode())


def test_every_page_names_a_favicon_and_the_root_one_is_served(client):
    page = client.get("/").data.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert icon
    svg = client.get(icon.group(1))
    assert svg.status_code == 200 and b"<svg" in svg.data
    ico = client.get("/favicon.ico")
    assert ico.status_code == 200 and ico.data[:4] == b"\x00\x00\x01\x00"  # an ICO header
    svg.close()
    ico.close()


def test_the_admin_landing_page_lists_topics_people_and_site_pages(client, session, login):
    admin = make_user(session, role="admin")
    make_user(session, role="moderator")
    make_topic(session, title="Waste and recycling", slug="waste")
    session.commit()
    login(admin)
    response = client.get("/admin")
    assert response.status_code == 200
    page = response.data.decode()
    assert "<h1>Admin</h1>" in page and "Waste and recycling" in page
    assert 'href="/topics/waste/edit"' in page and 'href="/topics/new"' in page
    assert 'href="/admin/users"' in page and "Moderator</dt><dd>1 account</dd>" in page
    assert 'href="/transparency"' in page
    assert 'href="/admin" aria-current="page">Admin</a>' in _nav(page)
    assert response.headers["Cache-Control"] == "no-store"  # a private page (admin_bp)


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_landing_page_is_forbidden_to_other_roles(client, session, login, role):
    login(make_user(session, role=role))
    assert client.get("/admin").status_code == 403


def test_the_admin_landing_page_asks_visitors_to_sign_in(client):
    response = client.get("/admin")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("uncited,claims,sentence", [
    (0, 9, "All 9 claims cite a contribution."),
    (0, 1, "The one claim cites a contribution."),
    (1, 9, "1 of 9 claims cites no contribution (marked “Uncited”)."),
    (3, 9, "3 of 9 claims cite no contribution (marked “Uncited”)."),
    (2, 2, "None of the 2 claims cites a contribution (each is marked “Uncited”)."),
    (1, 1, "The one claim cites no contribution (marked “Uncited”)."),
    (0, 0, "There are no claims to check yet."),
])
def test_claims_are_counted_in_whole_sentences(app, uncited, claims, sentence):
    with app.test_request_context():
        said = render_template_string(
            '{% from "_macros/counts.html" import claims_sentence %}{{ claims_sentence(u, n) }}',
            u=uncited, n=claims)
    assert said == sentence


def _published_summary_of_open_consultation(session):  # noqa: ANN001
    councillor, moderator = make_user(session, role="councillor"), make_user(session, role="moderator")
    closes = utcnow() + timedelta(days=3)
    thread = post_consultation(session, councillor, make_topic(session), title="Open one",
                               question="Yes or no?", body="Text.", closes_at=closes,
                               now=utcnow())
    summary = services.create_summary(session, moderator, thread, body="Interim.", now=utcnow())
    services.publish_summary(session, moderator, summary, now=utcnow())
    session.commit()
    return summary, moderator


def test_a_moderator_is_told_when_the_summary_can_go_to_the_council(client, session, login):
    summary, moderator = _published_summary_of_open_consultation(session)
    login(moderator)
    page = client.get(f"/summaries/{summary.id}").data.decode()
    assert "Submit to the council</button>" not in page
    assert "“Submit to the council” appears here once the consultation closes, on " in page
    assert localtime(summary.thread.closes_at) in page


@pytest.mark.parametrize("role", [None, "citizen", "councillor"])
def test_others_are_not_told_about_submitting(client, session, login, role):
    summary, _ = _published_summary_of_open_consultation(session)
    if role:
        login(make_user(session, role=role))
    page = client.get(f"/summaries/{summary.id}").data.decode()
    assert "appears here once the consultation closes" not in page
