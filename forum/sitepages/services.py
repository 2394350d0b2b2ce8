"""Reading and editing the site's own pages."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources

from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.errors import Invalid, NotAllowed, NotFound
from forum.i18n import _, _l
from forum.markup import STAFF_MARKUP_COST, render_markdown
from forum.sitepages.models import SitePage
from forum.sitepages.rules import can_edit_site_page

#: slug → default title; the default body is ``defaults/<slug>.md``
PAGES = {"privacy": _l("Privacy notice"), "accessibility": _l("Accessibility statement"),
         "house-rules": _l("House rules")}
MAX_TITLE = 120
MAX_BODY = 50_000
MAX_NOTE = 300


@dataclass(frozen=True)
class ShownPage:
    """What a site page shows: its title and HTML, and who last edited it (if anyone)."""
    slug: str
    title: str
    body: str
    body_html: str
    updated_at: datetime | None = None
    updated_by: User | None = None
    revision_note: str = ""


@cache
def default_body(slug: str) -> str:
    """The Markdown shipped with the forum for ``slug``."""
    return resources.files("forum.sitepages").joinpath("defaults", f"{slug}.md") \
        .read_text(encoding="utf-8")


@cache
def _default_html(slug: str) -> str:
    return render_markdown(default_body(slug), budget=STAFF_MARKUP_COST)


def get_page(session: Session, slug: str) -> ShownPage:
    """The page ``slug`` as saved, or its default text; ``NotFound`` for another slug."""
    if slug not in PAGES:
        raise NotFound(_("There is no such page."))
    row = session.get(SitePage, slug)
    if row is None:
        return ShownPage(slug, str(PAGES[slug]), default_body(slug), _default_html(slug))
    return ShownPage(slug, row.title, row.body, row.body_html, row.updated_at, row.updated_by,
                     row.revision_note)


def check_text(title: str, body: str, note: str) -> tuple[str, str, str]:
    """Return the cleaned title, body and note, or raise every ``Invalid`` at once."""
    def clean_title() -> str:
        text = " ".join(title.split())
        if not text:
            raise Invalid(_("Enter a title."), field="title")
        if len(text) > MAX_TITLE:
            raise Invalid(_("Keep the title to %(most)d characters or fewer.",
                            most=MAX_TITLE), field="title")
        return text

    def clean_body() -> str:
        text = body.strip()
        if not text:
            raise Invalid(_("Enter the text of the page."), field="body")
        if len(text) > MAX_BODY:
            raise Invalid(_("Keep the text to %(most)s characters or fewer.", most=f"{MAX_BODY:,}"),
                          field="body")
        return text

    def clean_note() -> str:
        text = " ".join(note.split())
        if len(text) > MAX_NOTE:
            raise Invalid(_("Keep the note to %(most)d characters or fewer.",
                            most=MAX_NOTE),
                          field="revision_note")
        return text
    cleaned = Invalid.collect([clean_title, clean_body, clean_note])
    return cleaned[0], cleaned[1], cleaned[2]


def preview_page(body: str) -> str:
    """The HTML ``body`` would be saved as."""
    return render_markdown(body, budget=STAFF_MARKUP_COST)


def require_editor(actor: User | None, now: datetime) -> None:
    """Refuse (403) anyone but an admin."""
    if not can_edit_site_page(actor, None, now):
        raise NotAllowed(_("Only administrators can edit the site's pages."), code="not_admin")


def edit_page(session: Session, actor: User, slug: str, *, title: str, body: str, note: str,
              now: datetime) -> SitePage:
    """Save a new text of page ``slug`` (admins only); the HTML is rendered once, here."""
    require_editor(actor, now)
    if slug not in PAGES:
        raise NotFound(_("There is no such page."))
    title, body, note = check_text(title, body, note)
    row = session.get(SitePage, slug) or SitePage(slug=slug)
    row.title, row.body, row.revision_note = title, body, note
    row.body_html = render_markdown(body, budget=STAFF_MARKUP_COST)
    row.updated_at, row.updated_by_id = now, actor.id
    session.add(row)
    session.flush()
    return row
