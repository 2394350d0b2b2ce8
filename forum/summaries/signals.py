"""What summaries announce, inside the transaction that did it (the session is the sender)."""
from __future__ import annotations

from blinker import signal

#: ``summary_published.send(session, summary=, actor=, now=)``: a draft became public
summary_published = signal("forum.summaries.published")
#: ``summary_saved.send(session, summary=, actor=, now=)``: its text was written or corrected
summary_saved = signal("forum.summaries.saved")
#: ``summary_corrected.send(session, summary=, actor=, now=)``: a published summary was corrected
summary_corrected = signal("forum.summaries.corrected")
#: ``summary_submitted.send(session, summary=, actor=, now=)``: sent to the council
summary_submitted = signal("forum.summaries.submitted")
