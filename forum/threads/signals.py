"""What threads announce, inside the transaction that did it (the session is the sender)."""
from __future__ import annotations

from blinker import signal

#: ``thread_started.send(session, thread=, actor=, now=)``: a thread (or a consultation, a
#: kind of thread) was started
thread_started = signal("forum.threads.started")
