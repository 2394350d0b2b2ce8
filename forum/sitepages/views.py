"""The public site pages (``/privacy``, ``/accessibility``, ``/house-rules``), each in the
reader's language, and the admin's edit form of each language's version with its preview
(``/admin/pages/<slug>`` the default language's, ``/admin/pages/<slug>/<language>`` another's,
beside the default language's text)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from forum.accounts.views import admin_bp
from forum.db import db, utcnow
from forum.errors import NotFound
from forum.forms import round_trip
from forum.i18n import _, current_language, default_language, html_lang, language_name
from forum.sitepages import services
from forum.sitepages.forms import SitePageForm

bp = Blueprint("sitepages", __name__)
admin = Blueprint("pages", __name__, url_prefix="/pages")

#: the public address of each page's endpoint
_ROUTES = {"privacy": "/privacy", "accessibility": "/accessibility",
           "house-rules": "/house-rules"}


def _show(slug: str) -> ResponseReturnValue:
    return render_template("sitepages/show.html",
                           page=services.get_page(db.session, slug, current_language()))


def endpoint_of(slug: str) -> str:
    """The endpoint name showing page ``slug`` (``house-rules`` → ``sitepages.house_rules``)."""
    return "sitepages." + slug.replace("-", "_")


for _slug, _path in _ROUTES.items():
    bp.add_url_rule(_path, endpoint_of(_slug).partition(".")[2],
                    lambda _slug=_slug: _show(_slug))


@admin.route("/<slug>", methods=["GET", "POST"])
@admin.route("/<slug>/<language>", methods=["GET", "POST"])
def edit(slug: str, language: str | None = None) -> ResponseReturnValue:
    """Edit a site page's version in ``language`` (default: the default language) in
    Markdown, with a preview, beside the default language's text (admins only, by the
    parent's guard)."""
    now = utcnow()
    if slug not in services.PAGES:
        raise NotFound(_("There is no such page."))
    language = language or default_language()
    page, beside = services.editing(db.session, slug, language)
    form = SitePageForm(data={"title": page.title, "body": page.body})
    for typed in (form.title, form.body):  # what is typed is in the version's language
        typed.render_kw = {"lang": html_lang(language)}
    shown = {"site_page": page, "beside": beside,
             "languages": [(code, language_name(code)) for code in services.page_languages()]}
    if form.is_submitted() and form.previewing:
        services.require_editor(current_user, now)
        form.validate_and_explain()
        return render_template("sitepages/edit.html", form=form, **shown,
                               preview_html=services.preview_page(form.body.data or ""))

    def act() -> ResponseReturnValue:
        services.edit_page(db.session, current_user, slug, title=form.title.data or "",
                           body=form.body.data or "", note=form.revision_note.data or "",
                           language=language, now=now)
        flash(_("The page “%(title)s” is saved.", title=form.title.data.strip()), "success")
        return redirect(url_for(endpoint_of(slug)))
    return round_trip(form, act, "sitepages/edit.html", **shown, preview_html=None,
                      check=lambda: services.require_editor(current_user, now))


# nested once, when this module is first imported: URLs /admin/pages/<slug>, endpoints
# admin.pages.edit, behind the admin blueprint's admins-only guard
admin_bp.register_blueprint(admin)
