"""The data the browser suite runs against: the demo data plus a long, deep thread.

The long thread has more arguments than fit on one page, a chain of replies deeper than
the displayed nesting (so flattening shows "Replying to …"), a post hidden by a moderator
and a post deleted by its author.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.accounts.models import Role, User
from forum.db import utcnow
from forum.demo import DEMO_ACCOUNTS, load_demo
from forum.posts.models import MAX_DISPLAY_DEPTH, Post
from forum.posts.services import create_post, delete_post, edit_post
from forum.consultations.models import Consultation
from forum.threads.models import Thread
from forum.threads.services import start_thread
from forum.topics.models import Topic

#: how deep the reply chain in the long thread goes (deeper than is displayed nested)
CHAIN_DEPTH = MAX_DISPLAY_DEPTH + 3
#: arguments in the long thread: more than one page of 25
LONG_ARGUMENTS = 27
STANCES = ("for", "against", "neutral", "question")


@dataclass
class Account:
    """A demo account the tests can sign in as."""

    email: str
    password: str
    name: str


@dataclass
class Scenario:
    """Ids and accounts the browser tests use."""

    accounts: dict[str, Account]
    topic_slug: str
    debate_id: int
    long_id: int
    chain_ids: list[int]
    hidden_id: int
    deleted_id: int
    #: ids of what the pages need (and the draft's invitation secret, a string)
    extra: dict[str, int | str] = field(default_factory=dict)

    @property
    def deepest_id(self) -> int:
        """The reply at the bottom of the deep chain."""
        return self.chain_ids[-1]


def build_scenario(session: Session) -> Scenario:
    """Load the demo data and add the long thread; return what the tests need to find."""
    now = utcnow()
    load_demo(session, now=now)
    accounts = {role.value: Account(email, password, name)
                for email, name, role, password in DEMO_ACCOUNTS}
    users = {role: session.scalar(select(User).where(User.email == a.email))
             for role, a in accounts.items()}
    debate = session.scalar(select(Thread).where(Thread.title.like("Should the High Street%")))
    topic = session.scalar(select(Topic).where(Topic.slug == "transport"))
    neighbours = list(session.scalars(select(User).where(User.role == Role.CITIZEN)
                                      .order_by(User.id)))
    long_thread, chain, hidden, deleted = _long_thread(session, topic, users, neighbours,
                                                       now - timedelta(days=2))
    edited = chain[1]
    edit_post(session, edited.author, edited, body=edited.body + " (Corrected a figure.)",
              now=now - timedelta(days=1))
    citizen_post = session.scalar(select(Post.id).where(
        Post.thread_id == debate.id, Post.author_id == users["citizen"].id).order_by(Post.id))
    _two_factor_moderator(session, now)
    extra = {"edited_post": edited.id, "citizen_post": citizen_post,
             "citizen_user": users["citizen"].id, **civic_pages(session, now),
             **_proposal_drafts(session, users["citizen"], neighbours[0], now)}
    return Scenario(accounts=accounts, topic_slug=topic.slug, debate_id=debate.id,
                    long_id=long_thread.id, chain_ids=[p.id for p in chain],
                    hidden_id=hidden.id, deleted_id=deleted.id, extra=extra)


#: a moderator with two-step sign-in turned on (for the code page)
TWO_FACTOR = Account("two-step@example.org", "two-step-demo-pass", "Kim Twostep")


def _two_factor_moderator(session: Session, now: datetime) -> None:
    from forum.accounts.services import register_user
    user = register_user(session, email=TWO_FACTOR.email, display_name=TWO_FACTOR.name,
                         password=TWO_FACTOR.password, role=Role.MODERATOR, now=now,
                         confirmed=True)
    user.totp_secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def civic_pages(session: Session, now: datetime) -> dict[str, int]:
    """Find the consultations and summaries the demo data provides (the ids the pages need).

    Domains that are not installed, or demo data that has none, simply leave keys out; the
    page tests then report those pages as missing.
    """
    found: dict[str, int] = {}
    by_newest = Consultation.id.desc()
    open_id = session.scalar(select(Consultation.id).where(Consultation.is_open(now))
                             .order_by(by_newest))
    closed_id = session.scalar(select(Consultation.id).where(Consultation.is_closed(now))
                               .order_by(by_newest))
    found.update({k: v for k, v in (("open_consultation", open_id),
                                    ("closed_consultation", closed_id)) if v is not None})
    try:
        from forum.moderation.models import Flag
    except ImportError:
        pass
    else:
        flagged = session.scalar(select(Flag.post_id).where(Flag.resolved_at.is_(None)))
        if flagged is not None:
            found["flagged_post"] = flagged
    found.update(_proposal_pages(session, now))
    try:
        from forum.summaries.models import Summary
    except ImportError:
        return found
    if closed_id is not None and session.scalar(
            select(Summary.id).where(Summary.published_at.is_not(None))) is None:
        _summarise(session, session.get(Thread, closed_id), now)
    summary = session.scalar(select(Summary).where(Summary.published_at.is_not(None))
                             .order_by(Summary.submitted_at.is_(None), Summary.id))
    if summary is not None:
        found["summary"] = summary.id
        if summary.submitted_at is not None:
            found["report"] = summary.thread_id
        if summary.responded_at is not None:
            found["responded_summary"] = summary.id
    return found


def _proposal_pages(session: Session, now: datetime) -> dict[str, int]:
    """The demo proposals the pages need: one collecting, one qualified (awaiting the
    council's answer), one answered (the council's answer on its page), when there are."""
    try:
        from forum.proposals.models import Proposal, ProposalState
    except ImportError:
        return {}
    found = {}
    for key, clause in (("collecting_proposal", Proposal.is_collecting(now)),
                        ("qualified_proposal", Proposal.proposal_state == ProposalState.QUALIFIED),
                        ("answered_proposal", Proposal.proposal_state.in_(
                            (ProposalState.ANSWERED, ProposalState.IN_PROGRESS,
                             ProposalState.DONE)))):
        found_id = session.scalar(select(Proposal.id).where(clause).order_by(Proposal.id))
        if found_id is not None:
            found[key] = found_id
    return found


def _proposal_drafts(session: Session, citizen: User, neighbour: User,
                     now: datetime) -> dict[str, int | str]:
    """A draft proposal of the demo citizen's (its draft page), and a neighbour's draft with
    a co-author invitation (the page the link opens)."""
    try:
        from forum.proposals.services import invite_link, start_proposal
    except ImportError:
        return {}
    topic = session.scalar(select(Topic).where(Topic.slug == "ideas"))
    if topic is None:
        return {}
    drafts = [start_proposal(session, author, topic, title=title, problem=problem,
                             proposal=text, now=now - timedelta(hours=1), threshold_default=5)
              for author, title, problem, text in (
                  (citizen, "A community fridge at the library",
                   "Good food is thrown away while some families go without.",
                   "Put a shared fridge in the library foyer, run by volunteers."),
                  (neighbour, "Wildflower verges on Station Road",
                   "The verges are mown bare every fortnight.",
                   "Sow wildflowers and mow twice a year."))]
    return {"draft_proposal": drafts[0].id,
            "invitation": invite_link(session, neighbour, drafts[1], now=now)}


def _long_thread(session: Session, topic: Topic, users: dict[str, User], people: list[User],
                 start: datetime) -> tuple[Thread, list[Post], Post, Post]:
    thread = start_thread(session, users["citizen"], topic,
                          title="How should we spend the road safety budget?",
                          body="The council has £400,000 for road safety next year. "
                               "Where would it do the most good?", now=start)
    t = start + timedelta(minutes=5)
    chain = [create_post(session, people[1], thread, stance="for", now=t,
                         body="Start with the school streets: 20 mph and crossings near "
                              "every primary school.")]
    for depth in range(1, CHAIN_DEPTH + 1):
        author = people[(depth + 1) % len(people)]  # never replying to oneself
        chain.append(create_post(session, author, thread, parent=chain[-1],
                                 now=t + timedelta(minutes=depth),
                                 body=f"Reply {depth} in a long exchange: each of us adds "
                                      f"a detail the other missed."))
    hidden = create_post(session, people[2], thread, parent=chain[0], now=t + timedelta(hours=1),
                         body="Something a moderator had to hide.")
    hidden.hidden_at, hidden.hidden_reason = t + timedelta(hours=2), "Personal attack"
    hidden.hidden_by_id = users["moderator"].id
    deleted = create_post(session, people[3], thread, parent=chain[0], now=t + timedelta(hours=1),
                          body="A post its author thought better of.")
    delete_post(session, people[3], deleted, now=t + timedelta(hours=3))
    for n in range(1, LONG_ARGUMENTS):
        create_post(session, people[n % len(people)], thread, stance=STANCES[n % 4],
                    now=t + timedelta(hours=4, minutes=n),
                    body=f"Argument {n}: a point about junctions, lighting or speed cameras.")
    session.flush()
    return thread, chain, hidden, deleted


def _summarise(session: Session, thread: Thread, now: datetime) -> None:
    """Summarise ``thread`` from its debate, publish, submit and answer it (when the demo
    data has no published summary of its own)."""
    from forum.summaries.draft import draft_from_debate
    from forum.summaries.services import create_summary, publish_summary, submit_summary
    moderator = session.scalar(select(User).where(User.role == Role.MODERATOR))
    councillor = session.scalar(select(User).where(User.role == Role.COUNCILLOR))
    body = draft_from_debate(session, thread) + (
        "\n\n## What happens next\n\nThe council will decide at its March meeting.")
    summary = create_summary(session, moderator, thread, body=body, now=now - timedelta(hours=3))
    publish_summary(session, moderator, summary, now=now - timedelta(hours=2))
    submit_summary(session, moderator, summary, now=now - timedelta(hours=2))
    from forum.council.services import Answer, publish_response, save_response
    save_response(session, councillor, summary, decision="agreed_in_part",
                  answers=[Answer(p.id, "agreed", "We agree and will act on this.")
                           for p in summary.points],
                  body="We will build on the brownfield sites first and consult again on the "
                       "rest.", now=now - timedelta(hours=1))
    publish_response(session, councillor, summary, now=now - timedelta(hours=1))
