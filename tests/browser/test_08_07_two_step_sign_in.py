"""Issue 8, item 7: in a real browser (CSRF on), the first two-step code signs in."""
from __future__ import annotations

import itertools
from datetime import timedelta

import pyotp
import pytest

from forum.accounts.models import Role
from forum.db import utcnow
from forum.security import two_factor
from tests.browser.helpers import expect
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_n = itertools.count(1)


def test_08_07_the_first_code_signs_in_through_the_pages(page, seed):  # noqa: ANN001
    email = f"two-step-browser{next(_n)}@example.org"
    with seed() as session:
        user = make_user(session, role=Role.MODERATOR, email=email)
        earlier = utcnow() - timedelta(minutes=5)
        two_factor.enable_two_factor(session, user, secret=SECRET,
                                     code=pyotp.TOTP(SECRET).at(earlier), now=earlier)
    page.goto("/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Enter your code").wait_for()
    page.get_by_label("Code").fill(pyotp.TOTP(SECRET).now())
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_text("This form had expired")).to_have_count(0)
