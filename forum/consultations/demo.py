"""Demo consultations: one open in Transport, one closed in Housing with a rich debate, and a
closed bus-lane consultation in Transport (answered by the council in the outcomes demo)."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.accounts.services import register_user
from forum.consultations import versions
from forum.consultations.services import post_consultation
from forum.posts.models import Post
from forum.posts.services import create_post, endorse
from forum.consultations.models import Consultation
from forum.threads.models import Thread
from forum.topics.models import Topic

OPEN_TITLE = "Proposed 20 mph limit on residential streets"
CLOSED_TITLE = "Where should the borough's 400 new council homes go?"
BUS_LANE_TITLE = "A bus lane on London Road at peak hours"
_RESIDENTS = [("dev@example.org", "Dev Singh"), ("ellie@example.org", "Ellie Morgan"),
              ("femi@example.org", "Femi Adeyemi")]


def load_consultation_demo(session: Session, topics: dict[str, Topic],
                           people: dict[str, User], *, now: datetime) -> Consultation:
    """Add the demo consultations unless present; return the closed Housing consultation."""
    closed = closed_demo_consultation(session)
    if closed is not None:
        return closed
    people = {**people, **_residents(session, now - timedelta(days=40))}
    _open_consultation(session, topics["transport"], people, now)
    _bus_lane_consultation(session, topics["transport"], people, now)
    return _closed_consultation(session, topics["housing"], people, now)


def closed_demo_consultation(session: Session) -> Consultation | None:
    """The closed demo consultation in Housing (for the summary demo), if loaded."""
    return session.scalar(select(Consultation).where(Consultation.title == CLOSED_TITLE))


def bus_lane_consultation(session: Session) -> Consultation | None:
    """The closed bus-lane consultation in Transport, if loaded."""
    return session.scalar(select(Consultation).where(Consultation.title == BUS_LANE_TITLE))


def _residents(session: Session, when: datetime) -> dict[str, User]:
    found = {}
    for email, name in _RESIDENTS:
        user = session.scalar(select(User).where(User.email == email)) or register_user(
            session, email=email, display_name=name, password="neighbour-demo-pass", now=when,
            confirmed=True)
        found[name.split()[0].lower()] = user
    return found


def _debate(session: Session, thread: Thread, people: dict[str, User], start: datetime,
            arguments: list[tuple[str, str, str]], replies: list[tuple[int, str, str]],
            endorsements: list[tuple[str, int]]) -> list[Post]:
    """Post ``arguments`` (who, stance, text), then ``replies`` (to argument n), then
    ``endorsements`` (who, argument n), an hour apart from ``start``."""
    t = start
    posts = []
    for who, stance, body in arguments:
        t += timedelta(hours=5)
        posts.append(create_post(session, people[who], thread, stance=stance, body=body, now=t))
    for index, who, body in replies:
        t += timedelta(hours=1)
        create_post(session, people[who], thread, parent=posts[index], body=body, now=t)
    for who, index in endorsements:
        t += timedelta(minutes=20)
        endorse(session, people[who], posts[index], now=t)
    return posts


def _open_consultation(session: Session, topic: Topic, p: dict[str, User],
                       now: datetime) -> Consultation:
    start = now - timedelta(days=5)
    thread = post_consultation(
        session, p["councillor"], topic, title=OPEN_TITLE, now=start,
        closes_at=now + timedelta(days=9),
        question="Should the council lower the speed limit to 20 mph on all residential "
                 "streets, keeping 30 mph on the main roads?",
        body="Most collisions that injure people walking or cycling in the borough happen on "
             "residential streets. Neighbouring councils that moved to 20 mph saw casualties "
             "fall by about a fifth.\n\n**The proposal**\n\n- 20 mph on every residential "
             "street, with signs and road markings (about £450,000)\n- 30 mph stays on the "
             "A-roads and bus routes listed in the background paper\n- enforcement by the "
             "police, plus community speed-watch\n\nTell us whether you support it, and why.")
    # published in both languages: the councillor wrote the Welsh beside the English
    versions.save(session, p["councillor"], thread, "cy", {
        "title": "Terfyn o 20 mya ar strydoedd preswyl",
        "question": "A ddylai’r cyngor ostwng y terfyn cyflymder i 20 mya ar bob stryd "
                    "breswyl, gan gadw 30 mya ar y prif ffyrdd?",
        "body": "Ar strydoedd preswyl y mae’r rhan fwyaf o’r gwrthdrawiadau sy’n anafu pobl "
                "sy’n cerdded neu’n beicio yn y fwrdeistref yn digwydd. Gwelodd cynghorau "
                "cyfagos a symudodd i 20 mya ostyngiad o tua un rhan o bump yn nifer y rhai a "
                "anafwyd.\n\n**Y cynnig**\n\n- 20 mya ar bob stryd breswyl, gydag arwyddion a "
                "marciau ffordd (tua £450,000)\n- 30 mya yn aros ar y ffyrdd A a’r llwybrau bws "
                "a restrir yn y papur cefndir\n- gorfodi gan yr heddlu, ynghyd â gwylio "
                "cyflymder cymunedol\n\nDywedwch wrthym a ydych yn ei gefnogi, a pham."},
        now=start)
    _debate(session, thread, p, start, arguments=[
        ("ana", "for", "My children walk to school along Church Road. At 30 mph drivers "
                       "simply can't stop in time when someone steps out between parked cars."),
        ("dev", "for", "Quieter, slower streets make cycling feel possible for ordinary people, "
                       "not just the brave. That takes cars off the road for short trips."),
        ("ben", "against", "Without enforcement it's just a number on a sign. Spend the money "
                           "on speed cushions on the streets where speeding actually happens."),
        ("femi", "against", "Journeys for carers and tradespeople will take longer. Blanket "
                            "rules ignore that some streets are wide and straight."),
        ("chris", "question", "Does this include Station Approach? It's residential but "
                              "it's also how the buses reach the interchange."),
        ("ellie", "neutral", "Support in principle, but the council should publish which "
                             "streets are in and out before deciding."),
        ("citizen", "for", "The noise difference alone is worth it. Evenings on our street "
                           "are a racetrack."),
    ], replies=[
        (2, "ana", "Cushions slow buses and ambulances too; a limit with cameras on the worst "
                   "streets could be a middle way."),
        (4, "councillor", "Station Approach stays at 30 mph because it is a bus route; the "
                          "full list is in the background paper."),
        (3, "dev", "Average journeys in town are under two miles: the difference is well under "
                   "a minute."),
    ], endorsements=[("ben", 0), ("chris", 0), ("dev", 0), ("femi", 2), ("citizen", 2),
                     ("ana", 1), ("ellie", 1), ("ana", 6), ("dev", 5), ("ben", 5)])
    return thread


def _closed_consultation(session: Session, topic: Topic, p: dict[str, User],
                         now: datetime) -> Consultation:
    start = now - timedelta(days=30)
    thread = post_consultation(
        session, p["councillor"], topic, title=CLOSED_TITLE, now=start,
        closes_at=now - timedelta(days=2),
        question="Should the 400 new council homes be built mainly on the Northfield "
                 "brownfield site, or spread across smaller sites in every ward?",
        body="The council has funding for 400 homes at social rent over five years. Two "
             "options are costed:\n\n1. **Northfield**: one large brownfield site by the "
             "railway; cheaper to build (about £62m) and faster, but far from schools and "
             "shops.\n2. **Spread**: 12 smaller sites, including two garage blocks and part "
             "of the Elm Street car park; about £71m, and slower to get planning.\n\n"
             "We want to hear which you prefer, what the trade-offs mean for you, and what "
             "would need to come with either option.")
    _debate(session, thread, p, start, arguments=[
        ("ana", "for", "Northfield gets people housed sooner. The waiting list is 3,000 "
                       "families; two years matters more than anything else here."),
        ("ellie", "against", "One big estate by the railway repeats the mistakes of the "
                             "1960s. Spread the homes so new tenants are part of existing "
                             "neighbourhoods."),
        ("dev", "for", "Brownfield first: the garage blocks are used by local businesses and "
                       "the car park serves the market."),
        ("femi", "against", "Northfield has no GP surgery and the nearest primary school is "
                            "full. Without those, 400 homes there is a mistake."),
        ("ben", "question", "Could the council do both: start Northfield now and bring the "
                            "smaller sites forward as planning allows?"),
        ("chris", "neutral", "Whichever option, the homes must be genuinely social rent, not "
                             "'affordable' at 80% of market rent."),
        ("citizen", "against", "Smaller sites mean smaller contracts, which local builders "
                               "can bid for. That keeps the money in the borough."),
        ("ana", "question", "What is the bus service to Northfield going to be? Today it is "
                            "one bus an hour."),
        ("moderator", "neutral", "A reminder to keep to the options in the background paper; "
                                 "other sites are being consulted on separately."),
        ("dev", "for", "£9m saved on Northfield could pay for the surgery and a bus link."),
    ], replies=[
        (0, "femi", "Housed sooner, but in a place with no services. That's not a fair "
                    "trade for families with young children."),
        (1, "dev", "The 1960s estates failed because of poor maintenance, not size alone."),
        (1, "ellie", "Size made the maintenance impossible to keep up. Small sites are easier "
                     "to look after."),
        (4, "councillor", "That is a possible option and we will cost it in the summary."),
        (7, "councillor", "The developer would fund a 20-minute service for ten years under "
                          "the Northfield option."),
        (9, "femi", "Only if that saving is ring-fenced. Otherwise it disappears into the "
                    "general budget."),
    ], endorsements=[("ben", 0), ("dev", 0), ("citizen", 1), ("femi", 1), ("chris", 1),
                     ("ana", 1), ("ellie", 3), ("citizen", 3), ("ana", 3), ("dev", 4),
                     ("ellie", 4), ("femi", 4), ("ana", 5), ("ben", 5), ("femi", 6),
                     ("chris", 7), ("ben", 9)])
    return thread


def _bus_lane_consultation(session: Session, topic: Topic, p: dict[str, User],
                           now: datetime) -> Consultation:
    start = now - timedelta(days=25)
    thread = post_consultation(
        session, p["councillor"], topic, title=BUS_LANE_TITLE, now=start,
        closes_at=now - timedelta(days=4),
        question="Should London Road get a bus lane inbound from 7 to 10 in the morning and "
                 "outbound from 4 to 7 in the evening?",
        body="Buses on London Road lose up to twelve minutes at peak hours. A bus lane at "
             "peak times would take one lane from general traffic on the busiest mile, and "
             "remove 40 parking spaces during those hours.\n\nTell us what it would mean "
             "for you.")
    _debate(session, thread, p, start, arguments=[
        ("ana", "for", "The bus lane would make the 42 reliable. Today I leave twenty minutes "
                       "early just in case."),
        ("ben", "against", "Shops on London Road need the parking. A bus lane at peak hours "
                           "only moves the queue onto the side streets."),
        ("chris", "question", "Could cyclists use the bus lane too? The road is too narrow for "
                              "a separate cycle lane."),
        ("dev", "for", "Peak-hour bus lanes elsewhere cut journey times by a third for very "
                       "little cost."),
    ], replies=[
        (1, "ana", "Most shoppers on London Road arrive by bus or on foot; the survey in the "
                   "background paper says so."),
        (2, "councillor", "Yes: the proposal lets cyclists and taxis use the bus lane."),
    ], endorsements=[("ben", 0), ("dev", 0), ("femi", 1), ("ana", 3)])
    return thread
