"""Issue 8, item 6: one authenticator or recovery code signs in once, even sent at once."""
from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from forum.accounts.models import Role, User
from forum.db import db, utcnow
from forum.errors import Invalid
from forum.security import two_factor
from tests.factories import PASSWORD, make_user
from tests.hardening.parallel import at_once

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
ARABIC_INDIC = "١٢٣٤٥٦"  # six digits to str.isdigit, none of them ASCII


def _staff_with_two_factor(session, email: str) -> list[str]:  # noqa: ANN001
    user = make_user(session, role=Role.MODERATOR, email=email)
    earlier = utcnow() - timedelta(minutes=5)
    codes = two_factor.enable_two_factor(session, user, secret=SECRET,
                                         code=pyotp.TOTP(SECRET).at(earlier), now=earlier)
    session.commit()
    return codes


def _clients_at_the_code_step(app, email: str, count: int) -> list:  # noqa: ANN001
    clients = [app.test_client() for _ in range(count)]
    for client in clients:
        page = client.post("/login", data={"email": email, "password": PASSWORD})
        assert page.status_code == 200 and b"Enter your code" in page.data
    return clients


def _signed_in(client) -> bool:  # noqa: ANN001
    return client.get("/account").status_code == 200


def test_08_06_totp_code_sent_by_four_sessions_at_once_signs_in_one(fresh_app):
    session = db.session  # the fresh app's, committing for real
    _staff_with_two_factor(session, "four@example.org")
    clients = _clients_at_the_code_step(fresh_app, "four@example.org", 4)
    code = pyotp.TOTP(SECRET).now()
    statuses = at_once([lambda c=c: c.post("/login/code", data={"code": code}).status_code
                        for c in clients])
    assert sorted(statuses) == [302, 401, 401, 401]
    assert [_signed_in(c) for c in clients].count(True) == 1


def test_08_06_recovery_code_sent_by_four_sessions_at_once_signs_in_one(fresh_app):
    session = db.session  # the fresh app's, committing for real
    codes = _staff_with_two_factor(session, "recover@example.org")
    clients = _clients_at_the_code_step(fresh_app, "recover@example.org", 4)
    statuses = at_once([lambda c=c: c.post("/login/code", data={"code": codes[0]}).status_code
                        for c in clients])
    assert sorted(statuses) == [302, 401, 401, 401]
    session.expire_all()
    user = session.scalar(select(User).where(User.email == "recover@example.org"))
    assert two_factor.recovery_codes_left(session, user) == len(codes) - 1


@pytest.mark.parametrize("code", [ARABIC_INDIC, "12٣456", "١٢٣٤-٥٦", "ＡＢＣＤ-ＥＦＧＨ-ＪＫＬＭ"])
def test_08_06_non_ascii_digits_are_a_wrong_code_not_an_error(client, session, login, code):
    _staff_with_two_factor(session, "digits@example.org")
    client.post("/login", data={"email": "digits@example.org", "password": PASSWORD})
    response = client.post("/login/code", data={"code": code})
    assert response.status_code == 401 and b"That code is not right" in response.data
    api = client.post("/api/v1/tokens", json={"email": "digits@example.org",
                                              "password": PASSWORD, "code": code})
    assert api.status_code == 401 and api.get_json()["error"]["code"] == "invalid_code"


def test_08_06_non_ascii_digits_while_setting_up_are_a_wrong_code(session):
    user = make_user(session, role=Role.COUNCILLOR)
    with pytest.raises(Invalid) as error:
        two_factor.enable_two_factor(session, user, secret=SECRET, code=ARABIC_INDIC,
                                     now=utcnow())
    assert error.value.field == "code"
