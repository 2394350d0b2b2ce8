"""The page where staff write the versions of an official text in another language, side by
side with the source, and the template helpers that show official texts in the reader's
language. The packages owning the texts route to :func:`edit_versions`."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from forum.bilingual.forms import version_form
from forum.bilingual.services import Part, versions_token
from forum.bilingual.texts import (VERSION_PARAM, availability,
                                   language_called, reading_language, shown)
from forum.forms import round_trip
from forum.i18n import _, html_lang, language_name, written_languages

#: only template helpers: the pages themselves are routed by the packages owning the texts
bp = Blueprint("bilingual", __name__)


def target_language(parts: Sequence[Part]) -> str | None:
    """The language a page of versions writes: the one asked for (``?language=``), else the
    reader's, else the first the texts are not written in; ``None`` if there is none."""
    sources = {part.owner.source_language() for part in parts}
    others = [code for code in written_languages() if code not in sources]
    asked = request.values.get("language")
    for code in (asked, reading_language()):
        if code in others:
            return code
    return others[0] if others else None


def edit_versions(parts: Sequence[Part], *, title: str, back: str,
                  check: Callable[[], object],
                  save: Callable[[str, dict[str, str], str | None], object],
                  **context: Any) -> ResponseReturnValue:
    """Show and save the page of versions of ``parts``: ``check`` refuses who may not,
    ``save(language, texts by part key, token)`` is the owning package's service."""
    language = target_language(parts)
    if language is None:
        flash(_("This forum is written in one language, so there is no other version to "
                "write."), "info")
        return redirect(back)
    form = version_form(parts, language, versions_token(parts, language))

    def act() -> ResponseReturnValue:
        save(form.language.data or "", {part.key: form[part.key].data or "" for part in parts},
             form.token.data or None)
        flash(_("The version is saved."),
              "success")
        return redirect(back)

    def page(**extra: Any) -> str:
        if extra.get("refused") is not None:
            # round_trip rolled back: the versions now saved are read again, shown beside
            # what was typed, and the next save is checked against them
            form.token.data = versions_token(parts, language)
        return render_template("bilingual/edit.html", form=form, parts=parts, title=title,
                               back=back, language=language,
                               others=[code for code in written_languages()
                                       if code not in {p.owner.source_language()
                                                       for p in parts}],
                               **context, **extra)
    return round_trip(form, act, page, check=check)


@bp.app_template_global("official")
def official(owner: object, name: str) -> object:
    """``{{ official(thread, 'title') }}``: a field of an official text in the reader's
    language (with ``.lang``, the attribute to put on its element)."""
    return shown(owner, name)  # type: ignore[arg-type]


@bp.app_template_global("text_languages")
def text_languages(*owners: object) -> object:
    """What to say about the languages of ``owners`` (``None``: nothing)."""
    return availability(*owners)  # type: ignore[arg-type]


@bp.app_template_global("version_url")
def version_url(code: str) -> str:
    """This page, with its official texts in ``code``."""
    args = request.args.to_dict()
    args[VERSION_PARAM] = code
    return url_for(request.endpoint or "", **(request.view_args or {}), **args)


bp.add_app_template_global(language_called, "language_called")
bp.add_app_template_global(language_name, "language_name")
bp.add_app_template_global(html_lang, "lang_of")
