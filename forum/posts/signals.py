"""What posts announce, inside the transaction that did it (the session is the sender)."""
from __future__ import annotations

from blinker import signal

#: ``post_created.send(session, post=, actor=, now=)``: an argument or reply was added
post_created = signal("forum.posts.created")
