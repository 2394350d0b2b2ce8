"""Demo data for ``make run``: accounts of every role, topics and a lively debate."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.accounts.models import Role, User
from forum.accounts.services import register_user
from forum.consultations.demo import load_consultation_demo
from forum.moderation.demo import load_moderation_demo
from forum.outcomes.demo import load_outcomes_demo
from forum.posts.services import create_post, endorse
from forum.proposals.demo import load_proposals_demo
from forum.threads.services import start_thread
from forum.topics.models import Topic
from forum.topics.services import create_topic

#: (email, display name, role, password): printed by ``flask --app forum demo``
DEMO_ACCOUNTS = [
    ("citizen@example.org", "Sam Resident", Role.CITIZEN, "citizen-demo-pass"),
    ("councillor@example.org", "Cllr Priya Shah", Role.COUNCILLOR, "councillor-demo-pass"),
    ("moderator@example.org", "Alex Moderator", Role.MODERATOR, "moderator-demo-pass"),
    ("admin@example.org", "Jo Admin", Role.ADMIN, "admin-demo-pass"),
]
_NEIGHBOURS = [("ana@example.org", "Ana Lopez"), ("ben@example.org", "Ben Okafor"),
               ("chris@example.org", "Chris Patel")]

TOPICS = [
    ("Transport", "transport", "Buses, cycling, walking, roads and parking in the borough."),
    ("Housing", "housing", "New homes, affordability, planning and the condition of housing."),
    ("Parks and green spaces", "parks", "Parks, play areas, trees, allotments and nature."),
    ("Libraries and culture", "libraries", "Libraries, arts, events and community venues."),
]


def load_demo(session: Session, *, now: datetime) -> bool:
    """Create the demo data unless it exists; return whether anything was created."""
    if session.scalar(select(User.id).where(User.email == DEMO_ACCOUNTS[0][0])) is not None:
        return False
    start = now - timedelta(days=12)
    joined = now - timedelta(days=90)
    people = {}
    for email, name, role, password in DEMO_ACCOUNTS:
        people[role.value] = register_user(session, email=email, display_name=name,
                                           password=password, role=role, now=joined,
                                           confirmed=True)
    for email, name in _NEIGHBOURS:
        people[name.split()[0].lower()] = register_user(
            session, email=email, display_name=name, password="neighbour-demo-pass", now=joined,
            confirmed=True)
    admin = people["admin"]
    topics = {slug: create_topic(session, admin, title=title, slug=slug, description=desc,
                                 now=joined) for title, slug, desc in TOPICS}
    _debate(session, topics["transport"], people, start)
    _second_thread(session, topics["parks"], people, start)
    extend_demo(session, topics, people, now=now)
    return True


def _debate(session: Session, topic: Topic, p: dict[str, User], start: datetime) -> None:
    t = start + timedelta(days=1)
    thread = start_thread(session, p["citizen"], topic, title="Should the High Street be car-free on weekends?",
                          body="Several towns have closed their high street to cars on Saturdays "
                               "and Sundays. Footfall went up in some and down in others.\n\n"
                               "Would it work here? What would we need to make it fair for "
                               "people who rely on a car?", now=t)
    a1 = create_post(session, p["ana"], thread, stance="for", now=t + timedelta(hours=2),
                     body="Yes. Cafés could put tables out and children could walk safely. "
                          "The market already closes half the street on Saturdays and it's "
                          "the busiest day of the week.")
    a2 = create_post(session, p["ben"], thread, stance="against", now=t + timedelta(hours=3),
                     body="Not without better buses first. My mother can't walk from the "
                          "car park by the station, and the 42 only runs every hour on Sundays.")
    a3 = create_post(session, p["chris"], thread, stance="question", now=t + timedelta(hours=5),
                     body="What happens to deliveries? Shops need stock on Saturday mornings.")
    a4 = create_post(session, p["citizen"], thread, stance="neutral", now=t + timedelta(hours=6),
                     body="A six-month trial with a review would tell us more than arguing "
                          "about it. Count footfall before and after.")
    r1 = create_post(session, p["citizen"], thread, parent=a2, now=t + timedelta(hours=7),
                     body="Blue badge holders could keep access. That's what York did.")
    r2 = create_post(session, p["ben"], thread, parent=r1, now=t + timedelta(hours=8),
                     body="That would help, if it's enforced. Who checks the badges?")
    create_post(session, p["ana"], thread, parent=r2, now=t + timedelta(hours=9),
                body="Cameras at both ends, like the bus gate on Mill Lane.")
    create_post(session, p["ana"], thread, parent=a3, now=t + timedelta(hours=10),
                body="Deliveries before 10am, like most pedestrian zones.")
    for user, post in ((p["ben"], a1), (p["chris"], a1), (p["citizen"], a1), (p["ana"], a2),
                       (p["chris"], a2), (p["ben"], a4), (p["ana"], a4)):
        endorse(session, user, post, now=t + timedelta(hours=12))


def _second_thread(session: Session, topic: Topic, p: dict[str, User], start: datetime) -> None:
    t = start + timedelta(days=3)
    thread = start_thread(session, p["ana"], topic, title="More benches and shade in Victoria Park",
                          body="Older residents say they stop going because there's nowhere "
                               "to rest between the gate and the pond.", now=t)
    arg = create_post(session, p["chris"], thread, stance="for", now=t + timedelta(hours=1),
                      body="Agreed, and trees would give shade in summer as well.")
    create_post(session, p["citizen"], thread, parent=arg, now=t + timedelta(hours=2),
                body="The Friends of Victoria Park offered to sponsor some benches.")


def extend_demo(session: Session, topics: dict[str, Topic], people: dict[str, User], *,
                now: datetime) -> None:
    """Add each later domain's demo data (consultations, outcomes, moderation, proposals)."""
    load_consultation_demo(session, topics, people, now=now)
    load_outcomes_demo(session, people, now=now)
    load_moderation_demo(session, topics, people, now=now)
    load_proposals_demo(session, people, now=now)
