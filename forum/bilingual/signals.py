"""What saving a version announces, inside the transaction that did it (the session is the
sender)."""
from __future__ import annotations

from blinker import signal

#: ``versions_saved.send(session, owner=)``: the versions of ``owner`` (a consultation, a
#: summary or a point of it, a response or an answer of it) changed
versions_saved = signal("forum.bilingual.versions_saved")
