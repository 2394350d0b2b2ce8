"""What the index holds for each thing that can be found, and whether the public may read it.

Only what everyone may read is indexed: visible posts, published summaries, published
responses. A thread is indexed from its start; a consultation not open yet is left out at
query time (its opening date comes without any write to notice).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

from forum.bilingual.models import Bilingual
from forum.council.models import CouncilResponse
from forum.posts.models import Post
from forum.search.language import SearchLanguage, search_language
from forum.search.models import DocumentKind, document_key
from forum.summaries.models import Summary
from forum.threads.models import Thread

#: the characters that mark a match in the engines' snippets: never left in indexed text
MARK_START, MARK_END = "\ue000", "\ue001"
_NO_MARKS = str.maketrans("", "", MARK_START + MARK_END)


@dataclass(frozen=True)
class Document:
    """One row of the index."""

    kind: DocumentKind
    ref_id: int
    thread_id: int
    topic_id: int
    stance: str | None
    created_at: datetime
    updated_at: datetime
    title: str
    body: str
    #: the language the text is written in (``None``: the site's default language)
    language: str | None = None

    @property
    def key(self) -> int:
        """The row's key in the index."""
        return document_key(self.kind, self.ref_id)

    @property
    def search(self) -> SearchLanguage:
        """How the index splits and stems this document's text."""
        return search_language(self.language)

    def row(self) -> dict[str, object]:
        """The column values to store (PostgreSQL's configuration aside)."""
        return {"kind": self.kind.value, "ref_id": self.ref_id, "thread_id": self.thread_id,
                "topic_id": self.topic_id, "stance": self.stance, "created_at": self.created_at,
                "updated_at": self.updated_at, "title": self.title, "body": self.body,
                "language": self.search.code}


def plain_text(html: str) -> str:
    """The words a reader sees in rendered ``html``, without tags or the match markers."""
    return Markup(html or "").striptags().translate(_NO_MARKS)


def _versions(owner: Bilingual, name: str) -> list[str]:
    """The field ``name`` of each of ``owner``'s versions in other languages, as plain text,
    so a search in any language finds an official text."""
    texts = []
    for version in (owner.translations or {}).values():
        if f"{name}_html" in version:
            texts.append(plain_text(version[f"{name}_html"]))
        elif name in version:
            texts.append(str(version[name]).translate(_NO_MARKS))
    return texts


def thread_document(thread: Thread) -> Document:
    """A thread's title and opening text (the title alone while its text is withheld), with
    a consultation's question and its versions in other languages."""
    question = getattr(thread, "question", None)  # a consultation's
    body = "" if thread.withholds_text else "\n".join(
        [*([question.translate(_NO_MARKS)] if question else []), *_versions(thread, "question"),
         plain_text(thread.body_html), *_versions(thread, "body")])
    title = " ".join([thread.title.translate(_NO_MARKS), *_versions(thread, "title")])
    return Document(DocumentKind(thread.kind.value), thread.id, thread.id, thread.topic_id, None,
                    thread.created_at, thread.edited_at or thread.created_at, title, body,
                    thread.language)


def post_document(post: Post) -> Document | None:
    """A visible post's text and stance; ``None`` for a hidden or deleted post."""
    if not post.is_visible:
        return None
    return Document(DocumentKind.POST, post.id, post.thread_id, post.thread.topic_id,
                    post.stance.value if post.stance else None, post.created_at,
                    post.edited_at or post.created_at, "", plain_text(post.body_html),
                    post.language)


def summary_document(summary: Summary) -> Document | None:
    """A published summary's text; ``None`` for a draft."""
    if summary.published_at is None:
        return None
    return Document(DocumentKind.SUMMARY, summary.id, summary.thread_id,
                    summary.thread.topic_id, None, summary.published_at,
                    summary.corrected_at or summary.published_at, "",
                    "\n".join([plain_text(summary.body_html), *_versions(summary, "body")]))


def response_document(response: CouncilResponse) -> Document | None:
    """A published response (to a summary, or to a thread such as a residents' proposal):
    its text and its answer to each point; ``None`` for a draft."""
    if response.published_at is None:
        return None
    thread = response.summary.thread if response.summary_id is not None else response.thread
    answers = [text for point in response.points
               for text in (point.body.translate(_NO_MARKS), *_versions(point, "body"))]
    body = "\n".join([plain_text(response.body_html), *_versions(response, "body"), *answers])
    return Document(DocumentKind.RESPONSE, response.id, thread.id, thread.topic_id, None,
                    response.published_at, response.corrected_at or response.published_at, "",
                    body)
