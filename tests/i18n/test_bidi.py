"""Right-to-left safety: a resident's Arabic or Hebrew post takes its own direction
(``dir="auto"``) without turning the page around it, and names stay isolated (``<bdi>``)."""
from __future__ import annotations

from tests.factories import make_post, make_thread, make_user

ARABIC = "نحتاج إلى ممر آمن للمشاة قرب المدرسة."


def test_a_right_to_left_post_keeps_the_page_left_to_right(client, session):
    writer = make_user(session, name="سارة")
    thread = make_thread(session, title="Safer crossings")
    make_post(session, thread=thread, author=writer, stance="for", body=ARABIC)
    session.commit()
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert '<html lang="en-GB" dir="ltr">' in page
    # the site speaks no Arabic, so the post is marked with the language it was posted as
    assert f'<div class="prose" lang="en-GB" dir="auto"><p>{ARABIC}</p></div>' in page
    assert "<bdi>سارة</bdi>" in page
    assert page.count('dir="rtl"') == 0


def test_a_name_on_a_profile_link_is_isolated(client, session):
    person = make_user(session, name="אורי כהן")
    thread = make_thread(session, author=person, title="Bus times")
    session.commit()
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert f'<a class="author" href="/people/{person.id}"><bdi>אורי כהן</bdi></a>' in page
