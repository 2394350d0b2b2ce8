"""Where each kind of result is read."""
from __future__ import annotations

from typing import Any

from flask import url_for

from forum.search.models import DocumentKind
from forum.search.services import Hit
from forum.urls import external_url


def hit_url(hit: Hit, *, external: bool = False) -> str:
    """The address of a result: the post, the summary, the council's response on its
    summary's page, or the thread; ``external``: absolute, from the configured base URL."""
    endpoint, values = _target(hit)
    return (external_url if external else url_for)(endpoint, **values)


def _target(hit: Hit) -> tuple[str, dict[str, Any]]:
    if hit.kind is DocumentKind.POST:
        return "posts.show", {"post_id": hit.ref_id}
    if hit.kind is DocumentKind.SUMMARY:
        return "summaries.show", {"summary_id": hit.summary_id}
    if hit.kind is DocumentKind.RESPONSE and hit.summary_id is not None:
        return "summaries.show", {"summary_id": hit.summary_id, "_anchor": "response"}
    if hit.kind is DocumentKind.RESPONSE:  # the answer to a thread (a residents' proposal)
        return "posts.thread", {"thread_id": hit.thread.id, "_anchor": "council-answer"}
    return "posts.thread", {"thread_id": hit.thread.id}
