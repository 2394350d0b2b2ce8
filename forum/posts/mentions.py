"""Mentions: ``@Name`` or ``@[Name](id)`` in a post names one person, who is told.

Display names are not unique, so a mention is resolved to one account when the post is saved
and its id is stored (:class:`~forum.posts.models.Mention`). ``@Name`` takes the longest run
of up to :data:`MAX_WORDS` words after the ``@`` that is someone's name, case aside; when that
name belongs to several people the post is refused (422, the text kept) with a sentence
listing whom it could mean, each with the ``@[Name](id)`` that picks them (the id is the
number in the address of a profile page, ``/people/<id>``), so choosing works without
JavaScript. ``@[Name](id)`` always means account ``id``; the link shows that account's name,
whatever the brackets say. Mentions inside code are left alone, and ``\\@`` is not one.

Bounded: one regex pass that cannot backtrack across words, at most two queries, at most
:data:`MAX_MENTIONS` people per post, and the Markdown budget of the text as typed (the links
added cost a bounded amount more).
"""
from __future__ import annotations

import bisect
import html
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.accounts.services import display_name_changed
from forum.accounts.rules import shows_badge
from forum.errors import Invalid
from forum.i18n import _, ngettext
from forum.markup import MAX_MARKUP_COST, escape_markdown, markup_cost, render_markdown
from forum.posts.models import Mention, Post
from forum.posts.signals import people_mentioned
from forum.threads.models import Thread

#: the most people one post may mention
MAX_MENTIONS = 20
#: the most words a plain ``@Name`` may run to
MAX_WORDS = 5
#: the most people an ambiguous name's refusal lists
MAX_CANDIDATES = 5

_WORD = r"\w[\w'’.-]*"
MENTION_RE = re.compile(
    r"(?P<escaped>\\@)|(?<![\w@/.\\])@(?:\[(?P<label>[^\[\]\n]{1,60})\]\((?P<id>\d{1,12})\)"
    rf"|(?P<words>{_WORD}(?: {_WORD}){{0,{MAX_WORDS - 1}}}))")
_FENCE = re.compile(r" {0,3}(?:`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_TRAILING = "'’.-"
#: what an ``@[Name](id)`` label cannot hold (its name is shown from the account anyway)
_LABEL_UNSAFE = re.compile(r"[\[\]\n]")


@dataclass
class Rendered:
    """A post body rendered for storage, and the people it mentions."""

    #: the body to store: each plain ``@Name`` written as the ``@[Name](id)`` it resolved to,
    #: so an edit, a quote or a later homonym never moves it to someone else
    source: str
    html: str
    user_ids: list[int] = field(default_factory=list)


@dataclass
class _Found:
    start: int
    end: int
    #: the account an ``@[Name](id)`` names
    user_id: int | None = None
    #: the words after a plain ``@``; none for ``@[Name](id)`` and for ``\\@``
    words: list[str] = field(default_factory=list)

    @property
    def escaped(self) -> bool:
        """``\\@``: an at sign that is not a mention."""
        return self.user_id is None and not self.words


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds code (fenced blocks, indented lines, inline spans), in order."""
    spans: list[tuple[int, int]] = []
    fenced = False
    pos = 0
    for line in text.splitlines(keepends=True):
        if _FENCE.match(line):
            fenced = not fenced
            spans.append((pos, pos + len(line)))
        elif fenced or line.startswith(("    ", "\t")):
            spans.append((pos, pos + len(line)))
        else:
            spans.extend((pos + m.start(), pos + m.end()) for m in _INLINE_CODE.finditer(line))
        pos += len(line)
    return spans


def _find(text: str) -> list[_Found]:
    spans = _code_spans(text)
    starts = [start for start, _ in spans]
    found = []
    for match in MENTION_RE.finditer(text):
        i = bisect.bisect_right(starts, match.start()) - 1
        if i >= 0 and spans[i][0] <= match.start() < spans[i][1]:
            continue
        at = _Found(match.start(), match.end())
        if match.group("id"):
            at.user_id = int(match.group("id"))
        elif match.group("words"):
            at.words = match.group("words").split()
        found.append(at)
    return found


def unlinked(body: str) -> str:
    """``body`` with each ``@[Name](id)`` as plain ``@Name``: a mention is not a link a new
    account's link limit counts."""
    return MENTION_RE.sub(lambda m: f"@{m.group('label')}" if m.group("id") else m.group(0),
                          body)


def _prefixes(words: list[str]) -> list[str]:
    """``["Alex", "Alex Brown", ...]``: each run of words from the first, without the
    punctuation that may end a sentence."""
    return [" ".join(words[:k]).rstrip(_TRAILING) for k in range(1, len(words) + 1)]


def _people_named(session: Session, found: list[_Found]) -> dict[str, list[User]]:
    """Everyone whose name is one of the runs of words after a plain ``@``, by folded name."""
    names = {p for f in found for p in _prefixes(f.words) if p}
    if not names:
        return {}
    stmt = select(User).where(or_(User.display_name.in_(names),
                                  func.lower(User.display_name).in_({n.lower() for n in names})))
    folded = {n.casefold() for n in names}
    people: dict[str, list[User]] = defaultdict(list)
    for user in session.scalars(stmt.order_by(User.id)):
        if user.display_name.casefold() in folded:
            people[user.display_name.casefold()].append(user)
    return people


def _participants(session: Session, thread: Thread, ids: set[int]) -> set[int]:
    """Which of ``ids`` have posted in ``thread`` (or started it)."""
    posted = set(session.scalars(select(Post.author_id).where(
        Post.thread_id == thread.id, Post.author_id.in_(ids)).distinct()))
    return posted | ({thread.author_id} & ids)


def _describe(user: User, participant: bool) -> str:
    """``@[Name](id) for the one who …``: one choice, told apart by role, posting and age."""
    mention, joined = f"@[{user.display_name}]({user.id})", f"{user.created_at:%B %Y}"
    if shows_badge(user):
        role = user.role.label.lower()
        if participant:
            return _("%(mention)s for the one who is a %(role)s, has posted in this thread and "
                     "joined in %(joined)s", mention=mention, role=role, joined=joined)
        return _("%(mention)s for the one who is a %(role)s and joined in %(joined)s",
                 mention=mention, role=role, joined=joined)
    if participant:
        return _("%(mention)s for the one who has posted in this thread and joined in "
                 "%(joined)s", mention=mention, joined=joined)
    return _("%(mention)s for the one who joined in %(joined)s", mention=mention, joined=joined)


def _ambiguity(name: str, people: list[User], participants: set[int]) -> str:
    """One sentence: whom ``@name`` could mean, and how to write each."""
    ordered = sorted(people, key=lambda u: (u.id not in participants, u.id))
    choices = [_describe(u, u.id in participants) for u in ordered[:MAX_CANDIDATES]]
    #: the last two choices joined, then each earlier one put before them
    listed = _("%(earlier)s, or %(last)s", earlier=choices[-2], last=choices[-1])
    listed = ", ".join([*choices[:-2], listed])
    said = ngettext("“@%(name)s” could be %(num)d people, so say whom you mean: write "
                    "%(choices)s.", "“@%(name)s” could be %(num)d people, so say whom you "
                    "mean: write %(choices)s.", len(people), name=name, choices=listed)
    if len(people) > MAX_CANDIDATES:
        said += " " + _("Others have this name too: the number in the address of a person's "
                        "profile page picks them.")
    return said


def _link(user: User) -> str:
    return f"[@{escape_markdown(user.display_name)}](/people/{user.id})"


class _Linker:
    """Rewrites a body's mentions as Markdown links, collecting the people and the problems."""

    def __init__(self, session: Session, thread: Thread, body: str, found: list[_Found]):
        self.session, self.thread, self.body = session, thread, body
        ids = {f.user_id for f in found if f.user_id is not None}
        self.chosen = {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))} \
            if ids else {}
        self.named = _people_named(session, [f for f in found if f.words])
        self.mentioned: dict[int, User] = {}
        self.ambiguous: dict[str, list[User]] = {}
        self.problems: list[str] = []
        self.out: list[str] = []
        self.source: list[str] = []
        self.pos = 0

    def _put(self, found: _Found, text: str, end: int, source: str | None = None) -> None:
        before = self.body[self.pos:found.start]
        self.out += [before, text]
        self.source += [before, self.body[found.start:end] if source is None else source]
        self.pos = end

    def _mention(self, found: _Found, user: User, end: int) -> None:
        label = _LABEL_UNSAFE.sub("", user.display_name)[:60].strip() or "someone"
        self._put(found, f"[@{escape_markdown(user.display_name)}](/people/{user.id})", end,
                  source=f"@[{label}]({user.id})")
        self.mentioned[user.id] = user

    def take(self, found: _Found) -> None:
        """Link one mention (or note why it cannot be)."""
        if found.escaped:
            self._put(found, "&#64;", found.end)
        elif found.user_id is not None:
            user = self.chosen.get(found.user_id)
            if user is not None:
                self._mention(found, user, found.end)
            else:
                self.problems.append(_(
                    "No one has the number %(id)d, so “@[…](%(id)d)” names no one: the number "
                    "is the one in the address of the person's profile page.",
                    id=found.user_id))
        else:
            for prefix in reversed(_prefixes(found.words)):
                people = self.named.get(prefix.casefold())
                if people and len(people) > 1:
                    self.ambiguous.setdefault(prefix, people)
                elif people:
                    self._mention(found, people[0], found.start + 1 + len(prefix))
                if people:
                    break

    def check(self) -> None:
        """Raise :class:`Invalid` listing every problem found."""
        if self.ambiguous:
            ids = {u.id for people in self.ambiguous.values() for u in people}
            participants = _participants(self.session, self.thread, ids)
            self.problems += [_ambiguity(name, people, participants)
                              for name, people in self.ambiguous.items()]
        if len(self.mentioned) > MAX_MENTIONS:
            self.problems.append(ngettext("Mention at most %(num)d person in one post.",
                                          "Mention at most %(num)d people in one post.",
                                          MAX_MENTIONS))
        if self.problems:
            raise Invalid(" ".join(self.problems), field="body", code="mention")

    def text(self) -> str:
        """The body with its mentions as links."""
        return "".join(self.out) + self.body[self.pos:]

    def canonical(self) -> str:
        """The body with each mention written ``@[Name](id)``."""
        return "".join(self.source) + self.body[self.pos:]


def render_post(session: Session, thread: Thread, body: str) -> Rendered:
    """Render a post's Markdown with its mentions as links to the people they name.

    Raises :class:`Invalid` on ``body`` when a name could be several people, when an
    ``@[Name](id)`` names no one, or when more than :data:`MAX_MENTIONS` people are named.
    """
    found = _find(body)
    if not found:
        return Rendered(body, render_markdown(body))
    linker = _Linker(session, thread, body, found)
    for mention in found:
        linker.take(mention)
    linker.check()
    linked = linker.text()
    extra = max(0, markup_cost(linked) - markup_cost(body))
    return Rendered(linker.canonical(), render_markdown(linked, budget=MAX_MARKUP_COST + extra),
                    list(linker.mentioned))


def record_mentions(session: Session, post: Post, user_ids: list[int], *, actor: User,
                    now: datetime) -> list[int]:
    """Store whom ``post`` mentions now; announce (and return) those it did not mention before.

    One's own name is stored but not announced.
    """
    before = set(session.scalars(select(Mention.user_id).where(Mention.post_id == post.id)))
    wanted = set(user_ids)
    if before - wanted:
        session.execute(delete(Mention).where(Mention.post_id == post.id,
                                              Mention.user_id.in_(before - wanted)))
    new = [i for i in user_ids if i not in before]
    if new:
        session.execute(insert(Mention), [{"post_id": post.id, "user_id": i} for i in new])
    told = [i for i in new if i != actor.id]
    if told:
        people_mentioned.send(session, post=post, actor=actor, user_ids=told, now=now)
    return told


def rename_mentions(session: Session, *, user: User, **_extra: object) -> int:
    """Show ``user``'s new name in the posts that mention them; return how many changed.

    The stored text keeps the account's id (``@[Name](id)``), so only the rendered link's
    words change. Connected to ``accounts.services.display_name_changed`` by ``create_app``.
    """
    link = re.compile(rf'(<a href="/people/{user.id}"[^<>]*>)@[^<]*</a>')
    shown = html.escape(user.display_name, quote=False)
    changed = 0
    stmt = select(Post).join(Mention, Mention.post_id == Post.id).where(Mention.user_id == user.id)
    for post in session.scalars(stmt):
        renamed = link.sub(lambda m: f"{m.group(1)}@{shown}</a>", post.body_html)
        if renamed != post.body_html:
            post.body_html, changed = renamed, changed + 1
    session.flush()
    return changed


def subscribe() -> None:
    """Connect :func:`rename_mentions` (idempotent; ``create_app`` calls it)."""
    display_name_changed.connect(rename_mentions)
