"""A citation links to its post's permalink, which finds the page the post is on."""
from __future__ import annotations

from forum.accounts.models import Role
from forum.summaries import services
from tests.factories import make_post, make_thread, make_user


def test_a_citation_links_to_the_page_of_the_configured_size(app, client, session, login):
    app.config["ARGUMENTS_PER_PAGE"] = 3
    thread = make_thread(session)
    arguments = [make_post(session, thread=thread, stance="for", body=f"Argument {i}.")
                 for i in range(4)]
    moderator = make_user(session, role=Role.MODERATOR)
    session.commit()
    login(moderator)
    response = client.post(f"/threads/{thread.id}/summary/new",
                           data={"body": f"The fourth [#{arguments[3].id}], the first "
                                         f"[#{arguments[0].id}]."})
    assert response.status_code == 302
    html = services.summary_of(session, thread).body_html
    assert f'href="/posts/{arguments[3].id}"' in html
    assert f'href="/posts/{arguments[0].id}"' in html
    # the link lands on the page that shows the cited argument
    landing = client.get(f"/posts/{arguments[3].id}")
    assert landing.status_code == 302
    assert landing.headers["Location"] == f"/threads/{thread.id}?page=2#post-{arguments[3].id}"
    assert f'id="post-{arguments[3].id}"' in client.get(f"/threads/{thread.id}?page=2").text
    assert client.get(f"/posts/{arguments[0].id}").headers["Location"] == \
        f"/threads/{thread.id}#post-{arguments[0].id}"
