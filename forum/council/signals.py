"""What the council announces, inside the transaction that did it (the session is the sender)."""
from __future__ import annotations

from blinker import signal

#: ``response_published.send(session, response=, actor=, now=)``: the council answered a
#: summary
response_published = signal("forum.council.response-published")
#: ``response_saved.send(session, response=, actor=, now=)``: the draft was saved, or the
#: published response corrected
response_saved = signal("forum.council.response-saved")
#: ``thread_response_changed.send(session, response=, actor=, now=)``: the answer to a thread
#: (a residents' proposal) was saved as a draft, published or corrected
thread_response_changed = signal("forum.council.thread-response-changed")
#: ``update_added.send(session, update=, summary=, actor=, now=)``: a progress update, on one
#: point (``update.point_id``) or on the response as a whole
update_added = signal("forum.council.update-added")
