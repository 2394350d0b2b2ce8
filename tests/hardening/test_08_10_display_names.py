"""Display names cannot pass for staff; invisible and bidirectional characters are dropped."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.accounts import names
from forum.accounts.models import Role, User
from forum.db import db
from tests.factories import make_user
from tests.security.conftest import TEST_LIMITS
from tests.security.helpers import csrf_from, deliver

ROLE_MESSAGE = "Choose a name that does not look like a staff role, such as “Moderator”."
STAFF_MESSAGE = "Choose a name that does not look like the name of a member of staff"
EMPTY_MESSAGE = "Enter a display name."
NO_LETTER_MESSAGE = "Choose a display name with at least one letter or number."

#: names that pass for a staff role, each disguised another way
ROLE_NAMES = [
    "Moderator", "moderator", "MODERATOR", "Alex Moderator", "Council Admin", "Site Staff",
    "Councillor Jones", "Councilor Jones", "Cllr Bob", "Administrator", "The Mods",
    "M0derator",                      # digit zero for o
    "M\u043ederator",                 # Cyrillic о
    "\u041c\u043e\u0501\u0435r\u0430t\u043er",  # Cyrillic М, о, ԁ, е, а
    "ADMlN", "Adm1n", "AdmIn",        # l, 1 and capital I for i
    "Ádmin", "Mödérator",             # accents
    "Ｍｏｄｅｒａｔｏｒ",              # full-width
    "𝐌𝐨𝐝𝐞𝐫𝐚𝐭𝐨𝐫",                    # mathematical bold
    "rnoderator",                     # r n for m
    "M0d3rat0r", "Adm!n", "St4ff",    # digits and signs for letters
    "M o d e r a t o r", "Mod.erator", "Mod\u200berator",  # spaced, dotted, zero-width
    "AlexModerator", "alexmoderator", "Moderator_Alex",
    "\u202eMod\u202c erator",         # a right-to-left override around part of it
    "Cymedrolwr", "Y Cyngor", "Cynghorydd Huw", "Gweinyddwr", "Gynghorydd Huw",  # Welsh
]

#: names of real people, all accepted, stored exactly as typed
GOOD_NAMES = [
    "Alex", "Ana Lopez", "José Álvarez", "Siân Llŷr", "Dafydd ap Gwilym", "Nguyễn Văn Anh",
    "محمد علي", "王小明", "山田 太郎", "Jean-Luc Picard", "Anne-Marie O'Neill", "Zoë Ødegaard",
    "Stafford Smith", "Staffan Berg", "Monica Modi", "Admiral Ackbar", "Priya Shah Jones",
    "Ellie", "Ifan ab Owain", "Ng Mei Ling", "Łukasz Żółć", "Ólafur Þórðarson",
    "Agent 47", "R2D2",
]


def _register(client, name: str, email: str = "new@example.org", **extra):  # noqa: ANN001
    """Register; an accepted form ("check your email") has its account made by the job."""
    response = client.post("/register", data={"email": email, "display_name": name,
                                               "password": "long-enough-pw", **extra})
    if response.status_code == 200 and b"Check your email" in response.data:
        deliver(db.session)
    return response


@pytest.mark.parametrize("name", ROLE_NAMES)
def test_08_10_names_that_pass_for_a_staff_role_are_refused(client, session, name):
    response = _register(client, name)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert ROLE_MESSAGE in page
    assert 'href="#display_name"' in page  # the error summary links the field
    assert 'value="new@example.org"' in page  # what was typed is kept
    assert session.scalar(select(func.count()).select_from(User)) == 0


@pytest.mark.parametrize("name", ["\u200b\u200b", "\u3164", "\u202e\u202c", "\ufeff \u00ad",
                                  "\u2060\u200d\u200c", "\u115f\u1160", "\r\n\t"])
def test_08_10_invisible_only_names_are_refused(client, session, name):
    response = _register(client, name)
    assert response.status_code == 422
    assert EMPTY_MESSAGE in response.get_data(as_text=True)
    assert session.scalar(select(User)) is None


@pytest.mark.parametrize("name", ["\u2800\u2800", "...", "🌻🌻", "- _ -"])
def test_08_10_names_without_a_letter_or_digit_are_refused(client, session, name):
    response = _register(client, name)
    assert response.status_code == 422
    assert NO_LETTER_MESSAGE in response.get_data(as_text=True)
    assert session.scalar(select(User)) is None


def test_08_10_stacked_accent_marks_are_refused(client, session):
    response = _register(client, "Za\u0301\u0302\u0303\u0304\u0306\u0307lgo")
    assert response.status_code == 422
    assert "without stacks of accent marks" in response.get_data(as_text=True)


@pytest.mark.parametrize("name", ["Priya Shah", "PRIYA SHAH", "priya shah", "Pri\u0443a Shah",
                                  "Priya  Shah", "Priya-Shah", "Priyа Shаh\u200b"])
def test_08_10_names_that_look_like_a_staff_members_are_refused(client, session, name):
    make_user(session, role=Role.COUNCILLOR, name="Priya Shah")
    session.commit()
    response = _register(client, name)
    assert response.status_code == 422
    assert STAFF_MESSAGE in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(User)) == 1


def test_08_10_residents_may_share_names(client, session):
    make_user(session, role=Role.CITIZEN, name="Alex")
    session.commit()
    assert _register(client, "Alex", "alex.two@example.org").status_code == 200
    names_taken = session.scalars(select(User.display_name)).all()
    assert names_taken == ["Alex", "Alex"]


@pytest.mark.parametrize("name", GOOD_NAMES)
def test_08_10_real_names_are_accepted(client, session, name):
    make_user(session, role=Role.MODERATOR, name="Alex Moderator")
    make_user(session, role=Role.ADMIN, name="Jo Admin")
    session.commit()
    response = _register(client, name)
    assert response.status_code == 200, response.get_data(as_text=True)
    user = session.scalar(select(User).where(User.email == "new@example.org"))
    assert user.display_name == name


@pytest.mark.parametrize("typed,stored", [
    ("\u202eAlex\u202c", "Alex"),              # bidirectional override dropped
    ("\u2066Ana\u2069 \u200fLopez\u200e", "Ana Lopez"),
    ("A\u00adna\u200d", "Ana"),                # soft hyphen, zero-width joiner
    ("  Ana \t\n  Lopez ", "Ana Lopez"),       # whitespace collapsed
    ("Ａｎａ", "Ana"),                          # NFKC: full-width letters
    ("Jose\u0301", "José"),                   # composed
    ("Ana\u00a0Lopez", "Ana Lopez"),           # no-break space
])
def test_08_10_names_are_normalised_before_storing(client, session, typed, stored):
    assert _register(client, typed).status_code == 200
    assert session.scalar(select(User.display_name)) == stored


def test_08_10_every_mistake_is_shown_at_once(client, session):
    response = client.post("/register", data={"email": "not an email",
                                              "display_name": "M0derator", "password": "short"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert ROLE_MESSAGE in page and "right format" in page and "at least 10 characters" in page


def test_08_10_staff_names_are_read_in_one_query(app, client, session, count_queries):
    for n in range(30):
        make_user(session, role=Role.COUNCILLOR, name=f"Councillor Number {n}")
    session.commit()
    with count_queries() as statements:
        assert _register(client, "Ordinary Resident").status_code == 200
    staff_reads = [s for s in statements if "users.role IN" in s]
    assert len(staff_reads) == 1  # one query, however many staff there are


def test_08_10_the_command_line_may_name_a_staff_role_for_staff_only(app, session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "mod@example.org", "--name", "Alex Moderator",
                                 "--role", "moderator", "--password", "long-password"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["users", "create", "fake@example.org", "--name", "M0derator",
                                 "--role", "citizen", "--password", "long-password"])
    assert result.exit_code != 0
    assert ROLE_MESSAGE in result.output
    assert session.scalar(select(User.email).where(User.role == Role.CITIZEN)) is None


def test_08_10_demo_staff_keep_their_titles(app, session):
    from forum.demo import load_demo
    from forum.db import utcnow
    assert load_demo(session, now=utcnow())
    assert session.scalar(select(User.display_name).where(User.role == Role.MODERATOR)) \
        == "Alex Moderator"


def test_08_10_skeletons_follow_unicode_tr39():
    assert names.skeleton("𝔭𝒶ỿ𝕡𝕒ℓ") == names.skeleton("paypal") == "paypal"
    assert names.skeleton("M0derator") == "MOderator"   # digit zero's prototype is capital O
    assert names.skeleton("m") == "rn"
    assert names.name_key("Mоderator") == names.name_key("MODERATOR") == "rnoderator"


class TestWithCsrfAndLimitsOn:
    """The same journey as production: CSRF tokens required, rate limits counting."""

    @pytest.fixture
    def app_config(self, app_config):  # noqa: ANN001
        return {**app_config, **TEST_LIMITS, "WTF_CSRF_ENABLED": True}

    def test_08_10_impersonation_refused_with_csrf_on(self, client, session):
        token = csrf_from(client.get("/register").data)
        response = _register(client, "Council Admin", csrf_token=token)
        assert response.status_code == 422
        assert ROLE_MESSAGE in response.get_data(as_text=True)
        response = _register(client, "Siân Llŷr", csrf_token=token)
        assert response.status_code == 200
        assert session.scalar(select(User.display_name)) == "Siân Llŷr"
