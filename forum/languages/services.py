"""Saving a person's language."""
from __future__ import annotations

from sqlalchemy.orm import Session

from forum.accounts.models import User


def set_language(session: Session, user: User, code: str | None) -> User:
    """Make ``code`` the language pages and mail speak to ``user`` (``None``: their
    browser's); the caller checked it is one of ``LANGUAGES``."""
    user.language = code
    session.flush()
    return user
