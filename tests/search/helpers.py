"""Search test helpers: a search as a given reader, and the kinds found."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from forum.db import utcnow
from forum.search.services import Filters, Results, search


def find(session, q: str, actor=None, *, after=None, per_page: int = 20,  # noqa: ANN001
         now=None, **filters) -> Results:  # noqa: ANN001
    """Search ``q`` as ``actor`` (anonymous by default) with ``filters``."""
    return search(session, actor, Filters(q=q, **filters), now=now or utcnow(),
                  zone=ZoneInfo("Europe/London"), after=after, per_page=per_page)


def found(results: Results) -> set[tuple[str, int]]:
    """``{(kind, id)}`` of the results."""
    return {(hit.kind.value, hit.ref_id) for hit in results.hits}
