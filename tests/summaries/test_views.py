"""Summary pages: the editor (preview, draft from debate, conflicts), visibility, history."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from forum.db import utcnow
from forum.summaries import services
from forum.threads.models import Thread
from tests.factories import make_post
from tests.summaries.helpers import ROLES, advance


def test_a_moderator_writes_previews_and_saves_a_summary(client, login, session, people, debate):
    login(people["moderator"])
    page = client.get(f"/threads/{debate.thread.id}/summary/new")
    assert page.status_code == 200
    assert f'name="seen" type="hidden" value="{debate.reply.id}"' in page.text
    body = f"## For\n\nCafés [#{debate.pro.id}].\n\nA claim with no source."
    preview = client.post(f"/threads/{debate.thread.id}/summary/new",
                          data={"body": body, "action": "preview", "seen": debate.reply.id})
    assert preview.status_code == 200
    assert "1 of 2 claims cites no contribution" in preview.text
    assert '<span class="uncited-flag">Uncited</span> A claim with no source' in preview.text
    assert services.summary_of(session, debate.thread) is None  # a preview saves nothing
    saved = client.post(f"/threads/{debate.thread.id}/summary/new",
                        data={"body": body, "seen": debate.reply.id})
    summary = services.summary_of(session, debate.thread)
    assert saved.status_code == 302 and saved.headers["Location"].endswith(
        f"/summaries/{summary.id}")
    shown = client.get(f"/summaries/{summary.id}")
    assert "Moderator check: 1 of 2 claims cites no contribution" in shown.text
    assert "Coverage and balance" in shown.text


def test_draft_from_debate_fills_the_box_after_the_typed_text(client, login, session, people,
                                                              debate):
    login(people["moderator"])
    response = client.post(f"/threads/{debate.thread.id}/summary/new",
                           data={"body": "My intro.", "action": "generate"})
    assert response.status_code == 200
    box = re.search(r"<textarea[^>]*name=\"body\"[^>]*>(.*?)</textarea>", response.text, re.S)
    assert box.group(1).strip().startswith("My intro.\n\n## For\n\n- Cafés could put tables out.")
    assert f"[#{debate.con.id}]" in box.group(1)
    assert services.summary_of(session, debate.thread) is None


def test_a_bad_citation_comes_back_next_to_the_field_with_the_text_kept(client, login, people,
                                                                      debate):
    login(people["moderator"])
    response = client.post(f"/threads/{debate.thread.id}/summary/new",
                           data={"body": "Claim [#999999]."})
    assert response.status_code == 422
    assert 'class="error-summary"' in response.text
    assert 'id="body-error"' in response.text and "[#999999] does not exist" in response.text
    assert "Claim [#999999].</textarea>" in response.text


@pytest.mark.parametrize("role", ["citizen", "councillor"])
def test_others_cannot_open_the_editor(client, login, people, debate, role):
    login(people[role])
    assert client.get(f"/threads/{debate.thread.id}/summary/new").status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_drafts_are_404_for_everyone_but_moderators(client, login, session, people, draft, role):
    if people[role]:
        login(people[role])
    visible = role in ("moderator", "admin")
    for path in (f"/summaries/{draft.id}", f"/summaries/{draft.id}/revisions",
                 f"/summaries/{draft.id}/diff", f"/api/v1/summaries/{draft.id}",
                 f"/api/v1/summaries/{draft.id}/coverage"):
        assert client.get(path).status_code == (200 if visible else 404), path
    page = client.get(f"/threads/{draft.thread_id}").text
    assert ("A draft summary of this thread" in page) == visible
    assert "Summary of the debate" not in page


def test_a_stale_save_comes_back_with_both_texts(client, login, session, people, draft):
    services.edit_summary(session, people["admin"], draft, body="Admin's newer text.",
                          revision=1, now=utcnow())
    session.commit()
    login(people["moderator"])
    response = client.post(f"/summaries/{draft.id}/edit",
                           data={"body": "My own careful text.", "revision": "1"})
    assert response.status_code == 409
    assert "changed by Ad Admin while you were editing" in response.text
    assert "My own careful text.</textarea>" in response.text  # the user's text, kept
    assert ">Admin&#39;s newer text.</textarea>" in response.text  # the current text, read-only
    assert 'name="revision" type="hidden" value="2"' in response.text
    assert "<ins><span class=\"diff-label\">Added:</span> My own careful text.</ins>" \
        in response.text
    session.expire_all()
    assert services.summary_of(session, draft.thread).body == "Admin's newer text."
    again = client.post(f"/summaries/{draft.id}/edit",
                        data={"body": "Merged text.", "revision": "2"})
    assert again.status_code == 302
    session.expire_all()
    assert services.summary_of(session, draft.thread).revision == 3


def test_an_edit_without_a_revision_is_refused(client, login, session, people, draft):
    login(people["moderator"])
    response = client.post(f"/summaries/{draft.id}/edit", data={"body": "No base."})
    assert response.status_code == 422
    session.expire_all()
    assert services.summary_of(session, draft.thread).revision == 1


def test_revisions_and_diffs_are_public_once_published(client, session, people, draft):
    services.edit_summary(session, people["moderator"], draft, revision=1, now=utcnow(),
                          body=draft.body.replace("People want cafés", "Many want cafés"))
    advance(session, draft, "published", people)
    session.commit()
    listing = client.get(f"/summaries/{draft.id}/revisions")
    assert listing.status_code == 200 and "Revision 2</a> (current)" in listing.text
    diff = client.get(f"/summaries/{draft.id}/diff?from=1&to=2")
    assert diff.status_code == 200
    assert '<del><span class="diff-label">Removed:</span> People want cafés' in diff.text
    assert '<ins><span class="diff-label">Added:</span> Many want cafés' in diff.text
    assert "1 line added and 1 removed" in diff.text
    assert client.get(f"/summaries/{draft.id}/diff?from=1&to=9").status_code == 404
    assert client.get(f"/summaries/{draft.id}/diff?from=x").status_code == 404
    assert client.get(f"/summaries/{draft.id}/revisions/1").status_code == 200


def test_the_published_summary_shows_on_the_thread_page_with_staleness(client, session, people,
                                                                       draft, consultation):
    advance(session, draft, "published", people)
    session.commit()
    page = client.get(f"/threads/{consultation.id}").text
    assert "Summary of the debate" in page and "People want cafés" in page
    assert "nothing newer since" in page
    assert "Contributions cited</dt><dd>2 of 3" in page
    assert "uncited-flag" not in page  # the uncited marking is for moderators' previews only
    # posts arriving after the summary make it stale (a discussion that stays open)
    # (a kind is a class: the row becomes a discussion and is loaded again as one)
    thread_id = consultation.id
    session.execute(update(Thread.__table__).where(Thread.id == thread_id)
                    .values(kind="discussion", closes_at=None))
    session.commit()
    session.expunge(consultation)
    thread = session.get(Thread, thread_id)
    make_post(session, thread=thread, stance="for", body="A late thought.")
    session.commit()
    page = client.get(f"/threads/{thread.id}").text
    assert "1 newer contribution</strong></a> since" in page
    assert f'href="/threads/{thread.id}?sort=newest"' in page


def test_the_thread_page_stays_within_its_query_budget_with_a_summary(
        client, login, session, people, debate, draft_of, count_queries):
    """The summary, its response, updates and coverage cost one query on the thread page."""
    draft = draft_of(debate.thread, f"## For\n\nCafés [#{debate.pro.id}].")
    advance(session, draft, "complete", people)
    for _ in range(3):
        make_post(session, thread=debate.thread, stance="for", body="More.")
    session.commit()
    thread_id = draft.thread_id
    login(people["citizen"])
    with count_queries() as with_summary:
        page = client.get(f"/threads/{thread_id}")
    assert page.status_code == 200 and "The council's response" in page.text
    assert "3 newer contributions" in page.text
    session.delete(draft)
    session.commit()
    with count_queries() as without:
        assert client.get(f"/threads/{thread_id}").status_code == 200
    panel_queries = [q for q in with_summary if "FROM summaries" in q]
    assert len(panel_queries) == 1
    assert len(with_summary) <= 11  # with the kept pages' key, asked first
    # the same statements whether or not there is a summary (the user may be reloaded), but
    # for the answered points: two more, whatever the thread's size (points, cited posts)
    loop_queries = [q for q in with_summary if "FROM summary_points" in q or (
        "FROM posts" in q and "posts.id IN" in q)]
    assert len(loop_queries) == 2
    assert len([q for q in without if "FROM users" not in q]) + 2 == \
        len([q for q in with_summary if "FROM users" not in q])


def test_the_consultation_timeline_follows_the_published_summary(client, login, session, people,
                                                                 draft, consultation):
    def steps() -> str:
        page = client.get(f"/threads/{consultation.id}").text
        return page[page.index('class="timeline-steps"'):page.index("</ol>",
                                                                    page.index("timeline-steps"))]

    login(people["moderator"])
    assert "Summary to be published" in steps()  # a draft is not a published summary
    advance(session, draft, "submitted", people)
    session.commit()
    timeline = steps()
    assert "Summary published" in timeline and "Submitted to council" in timeline
    assert 'timeline-current" aria-current="step"' in timeline
