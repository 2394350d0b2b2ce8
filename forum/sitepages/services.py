"""Reading and editing the site's own pages."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.errors import Invalid, NotAllowed, NotFound
from forum.i18n import (_, _l, default_language, language_name, recipient_locale,
                        written_languages)
from forum.markup import STAFF_MARKUP_COST, render_markdown
from forum.sitepages.models import SitePage
from forum.sitepages.rules import can_edit_site_page

#: slug → default title; the default body is ``defaults/<slug>.md``
PAGES = {"privacy": _l("Privacy notice"), "accessibility": _l("Accessibility statement"),
         "house-rules": _l("House rules")}
MAX_TITLE = 120
MAX_BODY = 50_000
MAX_NOTE = 300


#: the language the shipped texts directly under ``defaults/`` are written in
SHIPPED_LANGUAGE = "en"


@dataclass(frozen=True)
class ShownPage:
    """What a site page shows: its title and HTML in ``language``, and who last edited that
    version (if anyone). ``wanted`` is the language asked for when the page has no version
    in it (so the default language's is shown), else ``None``."""
    slug: str
    title: str
    body: str
    body_html: str
    updated_at: datetime | None = None
    updated_by: User | None = None
    revision_note: str = ""
    language: str = SHIPPED_LANGUAGE
    wanted: str | None = None
    #: the language of ``title`` when it is not the page's (shown in place of a missing one)
    title_language: str | None = None

    @property
    def language_label(self) -> str:
        """The name of the text's language in its own words ("English", "Cymraeg")."""
        return language_name(self.language)


def page_languages() -> tuple[str, ...]:
    """The languages a site page has a version in: those the site speaks (the pseudo-locale
    aside), the default language first."""
    base = default_language()
    return (base, *(code for code in written_languages() if code != base))


@cache
def shipped_body(slug: str, language: str) -> str | None:
    """The Markdown shipped with the forum for ``slug`` in ``language`` (English:
    ``defaults/<slug>.md``, another: ``defaults/<language>/<slug>.md``), or ``None``."""
    folder = resources.files("forum.sitepages").joinpath("defaults")
    if language != SHIPPED_LANGUAGE:
        folder = folder.joinpath(language)
    found = folder.joinpath(f"{slug}.md")
    return found.read_text(encoding="utf-8") if found.is_file() else None


def default_body(slug: str) -> str:
    """The English Markdown shipped with the forum for ``slug``."""
    return shipped_body(slug, SHIPPED_LANGUAGE) or ""


@cache
def _shipped_html(slug: str, language: str) -> str:
    return render_markdown(shipped_body(slug, language) or "", budget=STAFF_MARKUP_COST)


def _shipped(slug: str, language: str, wanted: str | None = None,
             own_title: bool = False) -> ShownPage:
    """The shipped version in ``language``; its title is the page's (in the language now
    spoken), or with ``wanted`` or ``own_title`` the one of ``language``."""
    if wanted or own_title:
        with recipient_locale(language):
            title = str(PAGES[slug])
    else:
        title = str(PAGES[slug])
    return ShownPage(slug, title, shipped_body(slug, language) or "",
                     _shipped_html(slug, language), language=language, wanted=wanted,
                     title_language=language if wanted else None)


def _saved(row: SitePage, wanted: str | None = None) -> ShownPage:
    return ShownPage(row.slug, row.title, row.body, row.body_html, row.updated_at,
                     row.updated_by, row.revision_note, language=row.language, wanted=wanted,
                     title_language=row.language if wanted else None)


def _check_slug(slug: str) -> None:
    if slug not in PAGES:
        raise NotFound(_("There is no such page."))


def versions(session: Session, slug: str) -> dict[str, SitePage]:
    """The saved versions of page ``slug`` by language (one query)."""
    return {row.language: row
            for row in session.scalars(select(SitePage).where(SitePage.slug == slug))}


def version_in(session: Session, slug: str, language: str,
               saved: dict[str, SitePage] | None = None) -> ShownPage | None:
    """Page ``slug``'s own version in ``language``, or ``None`` when it has none.

    A saved version is its own; a shipped translation counts only while the default
    language's version is the shipped one too: once an admin has changed the default text,
    the shipped translation no longer says the same, so it is not shown.
    """
    saved = versions(session, slug) if saved is None else saved
    if language in saved:
        return _saved(saved[language])
    base = default_language()
    if shipped_body(slug, language) is not None and (language == base or base not in saved):
        return _shipped(slug, language)
    return None


def get_page(session: Session, slug: str, language: str | None = None) -> ShownPage:
    """Page ``slug`` in ``language`` (default and unknown: the default language): its own
    version, else the default language's, marked with ``wanted``; ``NotFound`` for another
    slug."""
    _check_slug(slug)
    base = default_language()
    language = language if language in page_languages() else base
    saved = versions(session, slug)
    own = version_in(session, slug, language, saved)
    if own is not None:
        return own
    fallback = version_in(session, slug, base, saved) or _shipped(slug, SHIPPED_LANGUAGE)
    if fallback.updated_at is not None:
        return _saved(saved[fallback.language], wanted=language)
    return _shipped(slug, fallback.language, wanted=language)


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


def check_page_language(language: str) -> str:
    """``language`` if a site page may have a version in it, else ``NotFound``."""
    if language not in page_languages():
        raise NotFound(_("There is no such page."))
    return language


def editing(session: Session, slug: str, language: str) -> tuple[ShownPage, ShownPage | None]:
    """What the edit form of page ``slug`` in ``language`` starts from (its own version, or
    an empty one with the title in that language) and, for a language other than the
    default, the default language's version to show beside it."""
    _check_slug(slug)
    check_page_language(language)
    saved = versions(session, slug)
    own = version_in(session, slug, language, saved)
    if own is None:
        with recipient_locale(language):
            own = ShownPage(slug, str(PAGES[slug]), "", "", language=language)
    elif own.updated_at is None:  # shipped: its title in its own language
        own = _shipped(slug, language, own_title=True)
    base = default_language()
    if language == base:
        return own, None
    beside = version_in(session, slug, base, saved) or _shipped(slug, SHIPPED_LANGUAGE)
    if beside.updated_at is None:  # shipped: its title in its own language
        beside = _shipped(slug, beside.language, own_title=True)
    return own, beside


def edit_page(session: Session, actor: User, slug: str, *, title: str, body: str, note: str,
              now: datetime, language: str | None = None) -> SitePage:
    """Save a new text of page ``slug`` in ``language`` (default: the default language;
    admins only); the HTML is rendered once, here."""
    require_editor(actor, now)
    _check_slug(slug)
    language = check_page_language(language or default_language())
    title, body, note = check_text(title, body, note)
    row = session.get(SitePage, (slug, language)) or SitePage(slug=slug, language=language)
    row.title, row.body, row.revision_note = title, body, note
    row.body_html = render_markdown(body, budget=STAFF_MARKUP_COST)
    row.updated_at, row.updated_by_id = now, actor.id
    session.add(row)
    session.flush()
    return row
