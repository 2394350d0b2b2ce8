"""What consultations announce, inside the transaction that did it (the session is the sender)."""
from __future__ import annotations

from blinker import signal

#: ``consultation_extended.send(session, thread=, actor=, now=, zone=)``: it closes later
consultation_extended = signal("forum.consultations.extended")
#: ``consultation_closed.send(session, thread=, actor=, now=)``: closed before its time
consultation_closed = signal("forum.consultations.closed-early")
