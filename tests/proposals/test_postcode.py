"""``FORUM_PROPOSAL_POSTCODE_AREAS``: when the council lists its postcode districts,
supporting asks for a postcode, keeps only the area it is in, and refuses one from outside."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.errors import Invalid
from forum.proposals.models import ProposalSupport
from forum.proposals.services import area_for_postcode
from forum.settings import postcode_areas

AREAS = {"CB1": "Mill Road", "CB4": "Chesterton"}


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    return {**app_config, "PROPOSAL_POSTCODE_AREAS": {"cb1": "Mill Road", "CB 4": "Chesterton"}}


@pytest.mark.parametrize(("typed", "area"), [("CB1 2AB", "Mill Road"), ("cb12ab", "Mill Road"),
                                              (" cb4 1xy ", "Chesterton"), ("CB1", "Mill Road")])
def test_a_postcode_gives_its_area(typed: str, area: str):
    assert area_for_postcode(typed, AREAS) == area


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Enter your postcode"), ("   ", "Enter your postcode"),
    ("CB9 1AA", "not in the council's area"), ("CB11 1AA", "not in the council's area"),
    ("X" * 10_000, "not in the council's area")])
def test_a_missing_or_outside_postcode_is_refused(typed: str, message: str):
    with pytest.raises(Invalid, match=message) as refused:
        area_for_postcode(typed, AREAS)
    assert refused.value.field == "postcode"


def test_no_list_asks_for_no_postcode():
    assert area_for_postcode(None, {}) is None and area_for_postcode("CB1 2AB", {}) is None


def test_the_setting_is_checked_and_normalised():
    assert postcode_areas('{"cb 1": " Mill Road "}') == {"CB1": "Mill Road"}
    assert postcode_areas(None) == {} and postcode_areas("") == {}
    for bad in ('["CB1"]', "not json", {"CB1": 5}, {"": "Nowhere"}, {"CB1 2AB": "Too long"},
                {"CB1": "x" * 61}):
        with pytest.raises(RuntimeError, match="FORUM_PROPOSAL_POSTCODE_AREAS"):
            postcode_areas(bad)


def test_supporting_asks_for_the_postcode_and_keeps_only_its_area(client, login, session,  # noqa: ANN001
                                                                  people, collecting):
    session.commit()
    login(people["citizen"])
    page = client.get(f"/threads/{collecting.id}").get_data(as_text=True)
    assert 'name="postcode"' in page and "never the postcode" in page

    refused = client.post(f"/proposals/{collecting.id}/support", data={"postcode": "ZZ9 9ZZ"},
                          follow_redirects=True)
    assert "not in the council&#39;s area" in refused.get_data(as_text=True)
    session.refresh(collecting)
    assert collecting.support_count == 0

    answer = client.post(f"/proposals/{collecting.id}/support", data={"postcode": "cb1 2ab"})
    assert answer.status_code == 302
    session.refresh(collecting)
    assert collecting.support_count == 1
    row = session.scalars(select(ProposalSupport)).one()
    assert row.area == "Mill Road"
    stored = " ".join(str(getattr(row, c.key)) for c in ProposalSupport.__table__.columns)
    assert "2AB" not in stored.upper()


def test_supporting_without_a_postcode_is_refused(client, login, session, people,  # noqa: ANN001
                                                           collecting):
    session.commit()
    login(people["citizen"])
    answer = client.post(f"/proposals/{collecting.id}/support", follow_redirects=True)
    assert "Enter your postcode" in answer.get_data(as_text=True)
    session.refresh(collecting)
    assert collecting.support_count == 0
