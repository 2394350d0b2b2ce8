"""Every consultation rule, for every role, at moments given explicitly (no clock tricks)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from forum.accounts.models import Role
from forum.posts.rules import can_edit_post, can_endorse
from forum.consultations.rules import can_manage_consultation, can_post_consultation
from forum.threads.rules import (can_contribute, can_edit_thread, can_view_thread,
                                 why_cannot_contribute)
from tests.consultations.conftest import FAR_FUTURE, ROLES
from tests.factories import make_post, make_thread, make_user

SECOND = timedelta(seconds=1)


def table(**allowed: bool) -> list[tuple[str, bool]]:
    """``(role, expected)`` for every role; roles not named are refused."""
    return [(role, allowed.get(role, False)) for role in ROLES]


@pytest.mark.parametrize(("role", "expected"), table(author=True, councillor=True, admin=True))
def test_who_may_post_a_consultation(people, role, expected):
    assert can_post_consultation(people[role], None, FAR_FUTURE - timedelta(days=1)) is expected


def test_a_suspended_councillor_may_not_post_a_consultation(session):
    councillor = make_user(session, role=Role.COUNCILLOR, suspended_until=FAR_FUTURE)
    assert not can_post_consultation(councillor, None, FAR_FUTURE - timedelta(days=1))
    assert can_post_consultation(councillor, None, FAR_FUTURE)  # the suspension ended


@pytest.mark.parametrize(("role", "expected"), table(author=True, admin=True))
def test_who_may_manage_an_open_consultation(people, open_consultation, role, expected):
    now = open_consultation.closes_at - SECOND
    assert can_manage_consultation(people[role], open_consultation, now) is expected


@pytest.mark.parametrize(("role", "expected"), table(author=True, admin=True))
def test_who_may_manage_an_upcoming_consultation(people, upcoming_consultation, role, expected):
    now = upcoming_consultation.opens_at - SECOND
    assert can_manage_consultation(people[role], upcoming_consultation, now) is expected


@pytest.mark.parametrize("role", ROLES)
def test_nobody_manages_a_consultation_once_closed(people, open_consultation, role):
    assert not can_manage_consultation(people[role], open_consultation,
                                       open_consultation.closes_at)


@pytest.mark.parametrize("role", ROLES)
def test_nobody_manages_a_discussion(session, people, role):
    thread = make_thread(session, author=people["author"])
    assert not can_manage_consultation(people[role], thread, thread.created_at)


@pytest.mark.parametrize(("role", "expected"), table(author=True, councillor=True,
                                                     moderator=True, admin=True))
def test_before_it_opens_only_the_author_and_staff_see_it(people, upcoming_consultation, role,
                                                          expected):
    now = upcoming_consultation.opens_at - SECOND
    assert can_view_thread(people[role], upcoming_consultation, now) is expected


@pytest.mark.parametrize("role", ROLES)
def test_everyone_sees_it_from_the_moment_it_opens(people, upcoming_consultation, role):
    assert can_view_thread(people[role], upcoming_consultation, upcoming_consultation.opens_at)
    assert can_view_thread(people[role], upcoming_consultation,
                           upcoming_consultation.closes_at + timedelta(days=365))


@pytest.mark.parametrize(("role", "expected"), table(citizen=True, author=True, councillor=True,
                                                     moderator=True, admin=True))
def test_who_may_contribute_while_open(people, open_consultation, role, expected):
    now = open_consultation.closes_at - SECOND
    assert can_contribute(people[role], open_consultation, now) is expected


@pytest.mark.parametrize(("role", "code"), [
    ("anonymous", "unauthorized"), ("citizen", "consultation_closed"), ("suspended", "suspended"),
    ("author", "consultation_closed"), ("councillor", "consultation_closed"),
    ("moderator", "consultation_closed"), ("admin", "consultation_closed")])
def test_nobody_contributes_from_the_closing_time(people, open_consultation, role, code):
    now = open_consultation.closes_at
    assert not can_contribute(people[role], open_consultation, now)
    assert why_cannot_contribute(people[role], open_consultation, now)[0] == code


@pytest.mark.parametrize("role", ["citizen", "author", "councillor", "moderator", "admin"])
def test_nobody_contributes_before_it_opens(people, upcoming_consultation, role):
    now = upcoming_consultation.opens_at - SECOND
    assert why_cannot_contribute(people[role], upcoming_consultation, now)[0] == \
        "consultation_upcoming"


@pytest.mark.parametrize(("role", "expected"), table(author=True, councillor=True,
                                                     moderator=True, admin=True))
def test_endorsing_stops_at_the_closing_time(session, people, open_consultation, role, expected):
    post = make_post(session, thread=open_consultation, author=people["citizen"], stance="for",
                     now=open_consultation.opens_at + SECOND)
    before, at = open_consultation.closes_at - SECOND, open_consultation.closes_at
    assert can_endorse(people[role], post, before) is expected  # own post and suspended: never
    assert not can_endorse(people[role], post, at)


def test_editing_stops_at_the_closing_time(session, people, open_consultation):
    post = make_post(session, thread=open_consultation, author=people["citizen"], stance="for",
                     now=open_consultation.opens_at + SECOND)
    before, at = open_consultation.closes_at - SECOND, open_consultation.closes_at
    assert can_edit_post(people["citizen"], post, before)
    assert not can_edit_post(people["citizen"], post, at)
    assert can_edit_thread(people["author"], open_consultation, before)
    assert not can_edit_thread(people["author"], open_consultation, at)
