"""Pages kept whole (thread pages and the listings of threads), checked against the database
on each request so that no change is ever shown late (docs/performance.md, "Kept pages").

Every write that changes what a thread page shows moves a number the page's key holds: the
thread's ``content_version`` (moved by triggers on the thread's row and on the rows that hang
from it: posts, summaries, the council's answers, a proposal's supporters) or the forum-wide
``site_version`` (moved by what shows on every page: a topic, a person's name or role). The
triggers are the database's own, so no write path can forget them.
"""
