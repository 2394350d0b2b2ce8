"""A consultation's title, question and background in other languages."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.bilingual.services import (MARKDOWN_VERSION_HINT, Part, TextField,
                                     save_versions)
from forum.consultations.models import Consultation
from forum.consultations.rules import can_translate_consultation
from forum.consultations.services import clean_question
from forum.errors import NotAllowed
from forum.i18n import _, _l
from forum.markup import render_markdown
from forum.threads.models import Thread
from forum.threads.services import clean_body, clean_title

#: the fields a version translates, each checked as the original is
FIELDS = (
    TextField("title", _l("Title"), clean=clean_title),
    TextField("question", _l("The question you are asking"), clean=clean_question,
              multiline=True),
    TextField("body", _l("Background"), clean=clean_body, render=render_markdown,
              multiline=True, hint=MARKDOWN_VERSION_HINT),
)


def parts(thread: Consultation) -> list[Part]:
    """The texts of ``thread`` a version translates."""
    return [Part(field.name, thread, field) for field in FIELDS]


def check_can_translate(actor: User | None, thread: Thread, now: datetime) -> Consultation:
    """Return ``thread`` if ``actor`` may write its versions, else refuse (403)."""
    if not can_translate_consultation(actor, thread, now):
        raise NotAllowed(_("Only the councillor who posted this consultation, or an "
                           "administrator, can write its versions in other languages."),
                         code="not_allowed")
    assert isinstance(thread, Consultation)
    return thread


def save(session: Session, actor: User, thread: Thread, language: str,
         values: dict[str, str], *, now: datetime, token: str | None = None) -> Consultation:
    """Save the ``language`` version of the consultation's texts (by field name)."""
    consultation = check_can_translate(actor, thread, now)
    save_versions(session, actor, parts(consultation), language, values, now=now, token=token)
    return consultation
