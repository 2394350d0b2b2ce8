"""Email addresses: one stored form, used to register, sign in and reset a password.

The form is what ``email-validator`` accepts (syntax only: no DNS look-up), with the domain
in its ASCII (IDNA) spelling, a final dot of the domain dropped (``example.org.`` is the
DNS root spelling of ``example.org``), and everything lower-cased.
"""
from __future__ import annotations

import unicodedata

from email_validator import EmailNotValidError, validate_email

from forum.errors import Invalid
from forum.i18n import _l

MAX_EMAIL = 254
#: longer input is refused before the validator reads it
_MAX_RAW = 1000
EMPTY_MESSAGE = _l("Enter your email address, like name@example.com.")
FORMAT_MESSAGE = _l("Enter an email address in the right format, like name@example.com.")
ASCII_MESSAGE = _l("Enter an email address whose part before the @ sign uses only the "
                   "letters A to Z, digits and punctuation: we cannot send mail to other "
                   "addresses yet.")


def normalise_email(raw: str) -> str:
    """Return the stored form of ``raw``, or raise ``Invalid(field="email")`` saying why."""
    text = raw.strip(" ")
    if not text:
        raise Invalid(EMPTY_MESSAGE, field="email")
    if len(text) > _MAX_RAW \
            or any(unicodedata.category(c).startswith("C") for c in text):
        raise Invalid(FORMAT_MESSAGE, field="email")
    if text.endswith(".") and not text.endswith("..") and "@" in text:
        text = text[:-1]
    try:
        valid = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        try:  # the same address would do with an internationalised part before the @
            validate_email(text, check_deliverability=False)
        except EmailNotValidError:
            raise Invalid(FORMAT_MESSAGE, field="email") from None
        raise Invalid(ASCII_MESSAGE, field="email") from None
    email = valid.ascii_email.lower()
    if len(email) > MAX_EMAIL:
        raise Invalid(FORMAT_MESSAGE, field="email")
    return email


def lookup_email(raw: str) -> str | None:
    """Return the stored form of ``raw``, or ``None`` if it cannot be anyone's address."""
    try:
        return normalise_email(raw)
    except Invalid:
        return None
