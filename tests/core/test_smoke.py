from tests.factories import make_post, make_thread


def test_thread_page_renders(client, session):
    thread = make_thread(session)
    make_post(session, thread=thread, stance="for", body="I agree **strongly**.")
    session.commit()
    response = client.get(f"/threads/{thread.id}")
    assert response.status_code == 200
    assert b"<strong>strongly</strong>" in response.data
