"""Quote: a reply page that starts with the quoted passage and a link to the post."""
from __future__ import annotations

from forum.posts.quotes import QUOTE_LIMIT, quote_text
from tests.factories import make_post, make_thread, make_user


def test_quote_starts_a_reply_with_the_passage_and_a_link(client, session, login):
    author = make_user(session, name="Ana [the] Lopez")
    thread = make_thread(session)
    post = make_post(session, thread=thread, author=author, body="Buses first.\n\nThen bikes.")
    reader = make_user(session)
    session.commit()
    login(reader)
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert f'href="/posts/{post.id}/reply?quote={post.id}">Quote' in page
    reply_page = client.get(f"/posts/{post.id}/reply?quote={post.id}").get_data(as_text=True)
    assert (f"[Ana \\[the\\] Lopez wrote](/posts/{post.id}):\n\n&gt; Buses first.\n&gt;\n"
            "&gt; Then bikes.") in reply_page
    sent = client.post(f"/posts/{post.id}/reply",
                       data={"body": quote_text(post) + "I agree."})
    assert sent.status_code == 302
    shown = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert f'<a href="/posts/{post.id}">Ana [the] Lopez wrote</a>:' in shown
    assert "<blockquote>" in shown


def test_a_quote_of_another_thread_or_a_removed_post_starts_empty(client, session, login):
    thread = make_thread(session)
    post = make_post(session, thread=thread, body="Here.")
    other = make_post(session, thread=make_thread(session), body="Secret elsewhere.")
    reader = make_user(session)
    session.commit()
    login(reader)
    for quote in (other.id, "abc", 999999999, ""):
        page = client.get(f"/posts/{post.id}/reply?quote={quote}").get_data(as_text=True)
        assert "Secret elsewhere" not in page and "wrote](" not in page


def test_a_long_post_is_quoted_in_part():
    class _Post:  # the quote needs the text, the id and the author's name
        id, body = 7, "word " * 2000
        author = type("A", (), {"display_name": "Sam"})()
    text = quote_text(_Post())  # type: ignore[arg-type]
    assert len(text) < QUOTE_LIMIT + 100 and text.rstrip().endswith("…")
