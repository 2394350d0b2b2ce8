"""Proposals demo data: a topic whose proposals need only five supports, more neighbours to
give them, and proposals collecting, qualified (waiting for the council) and closed without
enough support."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.accounts.models import Role, User
from forum.accounts.services import register_user
from forum.proposals.answer import post_update, publish_answer, save_answer
from forum.proposals.models import Proposal, ProposalState
from forum.proposals.services import publish_proposal, start_proposal, support
from forum.proposals.states import move
from forum.topics.models import Topic
from forum.topics.services import create_topic

#: the demo topic's own threshold, so a few neighbours carry a proposal past it
DEMO_THRESHOLD = 5
DEMO_DAYS = 90
IDEAS = ("Neighbourhood ideas", "ideas",
         "Residents' proposals for the council: start one, or support your neighbours'.")
#: more residents (password ``neighbour-demo-pass``) to support the demo proposals
SUPPORTERS = [("dana@example.org", "Dana Kowalski"), ("eli@example.org", "Eli Nguyen"),
              ("fran@example.org", "Fran Hughes"), ("gus@example.org", "Gus Mensah"),
              ("hana@example.org", "Hana Sato")]
COLLECTING = "A zebra crossing by Mill Road school"
QUALIFIED = "Drinking fountains in Victoria Park"
CLOSED = "Free parking in the town centre on Sundays"
ANSWERED = "Benches along the river path"


def load_proposals_demo(session: Session, people: dict[str, User], *, now: datetime) -> None:
    """Add the ideas topic (threshold 5), five more residents, and three proposals."""
    if session.scalar(select(Topic.id).where(Topic.slug == IDEAS[1])) is not None:
        return
    joined = now - timedelta(days=200)
    topic = create_topic(session, people["admin"], title=IDEAS[0], slug=IDEAS[1],
                         description=IDEAS[2], now=joined)
    topic.proposal_threshold = DEMO_THRESHOLD
    residents = [people[k] for k in ("ana", "ben", "chris")] + [
        register_user(session, email=email, display_name=name, password="neighbour-demo-pass",
                      role=Role.CITIZEN, now=joined, confirmed=True)
        for email, name in SUPPORTERS]
    _collecting(session, topic, people["citizen"], residents[:3], now)
    _qualified(session, topic, people["ana"], residents[1:6], now)
    _closed(session, topic, people["chris"], residents[3:5], now)
    _answered(session, topic, people["ben"], residents[2:7], people["councillor"], now)


def _proposal(session: Session, topic: Topic, author: User, title: str, problem: str,
              text: str, published: datetime, **fields: object) -> Proposal:
    proposal = start_proposal(session, author, topic, title=title, problem=problem,
                              proposal=text, now=published - timedelta(hours=2),
                              threshold_default=DEMO_THRESHOLD, days=DEMO_DAYS, **fields)
    return publish_proposal(session, author, proposal, now=published, days=DEMO_DAYS)


def _supported(session: Session, proposal: Proposal, residents: list[User],
               start: datetime) -> None:
    for n, person in enumerate(residents):
        support(session, person, proposal, now=start + timedelta(hours=n + 1))


def _collecting(session: Session, topic: Topic, author: User, residents: list[User],
                now: datetime) -> None:
    published = now - timedelta(days=6)
    proposal = _proposal(
        session, topic, author, COLLECTING,
        "Children cross Mill Road at the school gate, where cars come round the bend fast.",
        "Paint a zebra crossing with beacons at the school gate, and a 20 mph limit on the "
        "bend.", published, area="Mill Road", cost_estimate=18000)
    _supported(session, proposal, residents, published)


def _qualified(session: Session, topic: Topic, author: User, residents: list[User],
               now: datetime) -> None:
    published = now - timedelta(days=20)
    proposal = _proposal(
        session, topic, author, QUALIFIED,
        "There is nowhere to fill a water bottle in Victoria Park, and the café closes at 4.",
        "Install two drinking fountains, one by the playground and one by the pond.",
        published, area="Victoria Park", cost_estimate=9000)
    _supported(session, proposal, residents, published + timedelta(days=10))


def _closed(session: Session, topic: Topic, author: User, residents: list[User],
            now: datetime) -> None:
    published = now - timedelta(days=DEMO_DAYS + 10)
    proposal = _proposal(
        session, topic, author, CLOSED,
        "Shops in the town centre lose Sunday trade to the retail park, which has free parking.",
        "Make the council's town-centre car parks free on Sundays.", published)
    _supported(session, proposal, residents, published)
    move(session, proposal, ProposalState.CLOSED, actor=None, now=proposal.collect_until)


def _answered(session: Session, topic: Topic, author: User, residents: list[User],
              councillor: User, now: datetime) -> None:
    published = now - timedelta(days=45)
    proposal = _proposal(
        session, topic, author, ANSWERED,
        "The river path is two miles long and has nowhere to sit, which keeps older "
        "residents away.",
        "Put a bench every quarter of a mile along the river path.", published,
        area="Riverside", cost_estimate=6000)
    _supported(session, proposal, residents, published + timedelta(days=2))
    answered = published + timedelta(days=20)
    save_answer(session, councillor, proposal, decision="accepted_in_part", now=answered,
                body="We will put four benches on the busiest half of the path this year, "
                     "and look at the rest when we plan next year's budget.")
    publish_answer(session, councillor, proposal, now=answered)
    post_update(session, councillor, proposal, now=answered + timedelta(days=14),
                body="The first two benches are in, by the footbridge and the weir.")
