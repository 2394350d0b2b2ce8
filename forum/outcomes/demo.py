"""Demo data for the loop: a summary the council has answered, and a stale discussion summary."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.consultations.demo import bus_lane_consultation, closed_demo_consultation
from forum.council.services import Answer, add_update, publish_response, save_response
from forum.posts.models import Post
from forum.summaries.draft import draft_from_debate
from forum.summaries.models import Summary
from forum.summaries.services import create_summary, edit_summary, publish_summary, submit_summary
from forum.threads.models import Thread

HIGH_STREET = "Should the High Street be car-free on weekends?"
#: the demo council's answer to the points under each heading
SECTION_ANSWERS = {
    "For": ("agreed_in_part", "Northfield goes first, but with 250 homes rather than 400."),
    "Against": ("agreed_in_part", "The surgery and school places come in phase one, not after."),
    "Neutral": ("agreed", "Every home will be let at social rent."),
    "Questions": ("needs_more_work", "The bus timetable is being worked out with the operator."),
}
DEFAULT_ANSWER = ("agreed", "The council read the debate the same way.")


def load_outcomes_demo(session: Session, people: dict[str, User], *, now: datetime) -> None:
    """Answer the closed Housing consultation, and summarise the High Street discussion."""
    closed = closed_demo_consultation(session)
    if closed is not None and _summary(session, closed) is None:
        _answered_consultation(session, closed, people, now)
    bus_lane = bus_lane_consultation(session)
    if bus_lane is not None and _summary(session, bus_lane) is None:
        _answered_bus_lane(session, bus_lane, people, now)
    street = session.scalar(select(Thread).where(Thread.title == HIGH_STREET))
    if street is not None and _summary(session, street) is None:
        _stale_discussion(session, street, people, now)


def _summary(session: Session, thread: Thread) -> Summary | None:
    return session.scalar(select(Summary).where(Summary.thread_id == thread.id))


def _arguments(session: Session, thread: Thread) -> list[Post]:
    return list(session.scalars(select(Post).where(Post.thread_id == thread.id,
                                                   Post.parent_id.is_(None)).order_by(Post.id)))


def _answered_consultation(session: Session, thread: Thread, p: dict[str, User],
                           now: datetime) -> None:
    moderator, councillor = p["moderator"], p["councillor"]
    args = _arguments(session, thread)
    t = now - timedelta(hours=40)
    summary = create_summary(session, moderator, thread, body=draft_from_debate(session, thread),
                             now=t)
    intro = (f"Most residents accepted the need for the homes; the debate was about where. "
             f"Speed mattered to some [#{args[0].id}], services and integration to more "
             f"[#{args[1].id}] [#{args[3].id}]. A phased option was suggested "
             f"[#{args[4].id}].\n\n")
    edit_summary(session, moderator, summary, body=intro + summary.body, revision=1,
                 now=t + timedelta(hours=1))
    publish_summary(session, moderator, summary, now=t + timedelta(hours=2))
    submit_summary(session, moderator, summary, now=t + timedelta(hours=3))
    answered = now - timedelta(hours=20)
    save_response(session, councillor, summary, decision="agreed_in_part", now=answered,
                  body="Cabinet agreed a **phased** approach: 250 homes at Northfield, started "
                       "next spring, with a GP surgery and a 20-minute bus service in the first "
                       "phase; 150 homes on six smaller sites as planning allows. All 400 will "
                       "be at social rent.",
                  answers=[Answer(p.id, *SECTION_ANSWERS.get(p.section or "", DEFAULT_ANSWER),
                                  next_update_due=(answered + timedelta(days=60)).date()
                                  if p.section == "Questions" else None)
                           for p in summary.points])
    publish_response(session, councillor, summary, now=answered)
    add_update(session, councillor, summary, body="Cabinet approved the phased plan and its "
                                                  "budget.", now=now - timedelta(hours=4))


def _answered_bus_lane(session: Session, thread: Thread, p: dict[str, User],
                       now: datetime) -> None:
    """The bus-lane consultation: summarised, submitted and answered by the council."""
    moderator, councillor = p["moderator"], p["councillor"]
    args = _arguments(session, thread)
    t = now - timedelta(days=3)
    body = (f"- Residents who take the bus want the bus lane for reliable journeys "
            f"[#{args[0].id}] [#{args[3].id}].\n"
            f"- Traders fear losing parking on London Road [#{args[1].id}].\n"
            f"- Cyclists asked to share the bus lane [#{args[2].id}].")
    summary = create_summary(session, moderator, thread, body=body, now=t)
    publish_summary(session, moderator, summary, now=t + timedelta(hours=1))
    submit_summary(session, moderator, summary, now=t + timedelta(hours=2))
    answered = now - timedelta(days=1)
    save_response(session, councillor, summary, decision="agreed", now=answered,
                  body="The council will run the London Road bus lane at peak hours for a "
                       "year from September, open to cyclists and taxis, and keep loading "
                       "bays for shops outside those hours.",
                  answers=[Answer(point.id, "agreed", "Agreed: the bus lane goes ahead at "
                                  "peak hours.") for point in summary.points])
    publish_response(session, councillor, summary, now=answered)


def _stale_discussion(session: Session, thread: Thread, p: dict[str, User],
                      now: datetime) -> None:
    """A published summary that took only the first arguments into account."""
    args = _arguments(session, thread)
    if len(args) < 3:
        return
    body = (f"## For\n\n- Cafés and safer walking; the market shows it works [#{args[0].id}].\n\n"
            f"## Against\n\n- Not before buses improve, especially on Sundays [#{args[1].id}].\n\n"
            "## Open questions\n\n- How blue badge holders keep access.")
    summary = create_summary(session, p["moderator"], thread, body=body,
                             now=now - timedelta(days=1), seen_up_to=args[2].id)
    publish_summary(session, p["moderator"], summary, now=now - timedelta(hours=23))
