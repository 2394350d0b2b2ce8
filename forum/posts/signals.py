"""What posts announce, inside the transaction that did it (the session is the sender)."""
from __future__ import annotations

from blinker import signal

#: ``post_created.send(session, post=, actor=, now=, mentioned=)``: an argument or reply was
#: added (``mentioned``: the ids of the people it names with ``@``, told by
#: ``people_mentioned``)
post_created = signal("forum.posts.created")
#: ``people_mentioned.send(session, post=, actor=, user_ids=, now=)``: a saved post (new or
#: edited) names these people with ``@`` for the first time
people_mentioned = signal("forum.posts.people-mentioned")
#: ``post_edited.send(session, post=, actor=, now=)``: a post's text or stance was changed
post_edited = signal("forum.posts.edited")
#: ``post_deleted.send(session, post=, actor=, now=)``: its author deleted a post
post_deleted = signal("forum.posts.deleted")
#: ``post_endorsed.send(session, post=, actor=, now=)``: ``actor`` endorsed ``post``
post_endorsed = signal("forum.posts.endorsed")
