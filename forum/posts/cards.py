"""The thread page's posts as flat cards: each post's permitted actions decided in one pass,
and the tree's nesting as counts, so the template renders one loop without recursion."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import url_for
from markupsafe import Markup, escape

from forum.accounts.models import User
from forum.pagecache.store import Kept
from forum.posts.models import MAX_DISPLAY_DEPTH, Post
from forum.posts.tree import Node
from forum.threads.models import Thread

#: actions asked of every visible post, by rule name and the card's action name
_VISIBLE_RULES = (("endorse", "endorse"), ("edit_post", "edit"), ("delete_post", "delete"),
                  ("flag_post", "flag"), ("hide_post", "hide"))
#: each action's page, and which id its address takes
_ENDPOINTS = {"endorse": "posts.endorse", "reply": "posts.reply", "edit": "posts.edit",
              "delete": "posts.delete", "history": "posts.history", "flag": "moderation.flag",
              "hide": "moderation.hide", "appeal": "moderation.post_appeal",
              "review": "moderation.review", "restore": "moderation.restore"}
_SENTINEL = 987654321


@dataclass(slots=True)
class Card:
    """One post as the page shows it: where it sits in the tree and what the reader may do."""

    post: Post
    depth: int
    replying_to: str | None
    actions: frozenset[str]
    endorsed: bool
    #: the address of each action (and of the post's history), by action name
    urls: dict[str, str]
    #: an ``<ol>`` of replies opens after this post's card
    opens: bool = False
    #: how many enclosing lists close after this post's item
    closes: int = 0


@dataclass(slots=True)
class Reader:
    """What the reader may do on the whole page, asked once."""

    reply: bool
    cite: bool
    moderator: bool


def reader_of(ask: Callable[[str, Any], bool], thread: Thread) -> Reader:
    """The page-wide permissions: replying, citing in a summary, moderating."""
    return Reader(reply=ask("contribute", thread), cite=ask("write_summary", thread),
                  moderator=ask("view_moderation", None))


def someone_like(user: User) -> User:
    """A stand-in for ``user`` who is nobody in particular: the same role, dates and state of
    account (so the same page-wide permissions), but no account's id, so no post is theirs
    and they have endorsed none. Never added to a session: the cards a reader of ``user``'s
    class sees are decided with it (a kept page's copy for the class)."""
    columns = {c.key: getattr(user, c.key) for c in User.__mapper__.column_attrs
               if c.key != "id" and not c.deferred}  # what the rules read is never deferred
    return User(id=0, **columns)


def actions_of(ask: Callable[[str, Any], bool], post: Post, reader: Reader,
               now: datetime) -> frozenset[str]:
    """The actions the reader may take on ``post`` (the names the template tests)."""
    found: set[str] = set()
    if post.is_visible:
        found.update(name for verb, name in _VISIBLE_RULES if ask(verb, post))
        if reader.reply:
            found.update(("reply", "quote"))
        if reader.cite:
            found.add("cite")
        if ask("suspend_user", post.author) and not post.author.is_suspended(now):
            found.add("suspend")
    elif post.is_hidden:
        found.update(name for verb, name in (("read_post", "read"), ("appeal_post", "appeal"),
                                             ("restore_post", "restore")) if ask(verb, post))
    if post.is_deleted and ask("view_post_history", post):
        found.add("history")
    return frozenset(found)


class Addresses:
    """The page's action addresses, built by ``url_for`` once per endpoint, not once per post."""

    def __init__(self) -> None:
        self._patterns: dict[str, tuple[str, str]] = {}

    def _pattern(self, endpoint: str, key: str) -> tuple[str, str]:
        if endpoint not in self._patterns:
            url = url_for(endpoint, **{key: _SENTINEL})
            head, _, tail = url.partition(str(_SENTINEL))
            self._patterns[endpoint] = (head, tail)
        return self._patterns[endpoint]

    def _of_author(self, endpoint: str, post: Post) -> str:
        head, tail = self._pattern(endpoint, "user_id")
        return f"{head}{post.author_id}{tail}"

    def of(self, post: Post, actions: frozenset[str]) -> dict[str, str]:
        """The addresses a card links or posts to."""
        wanted = set(actions)
        if post.edited_at is not None:
            wanted.add("history")
        if "restore" in actions and post.hidden_by_id is None:
            wanted.add("review")
        urls = {}
        for name in wanted & _ENDPOINTS.keys():
            head, tail = self._pattern(_ENDPOINTS[name], "post_id")
            urls[name] = f"{head}{post.id}{tail}"
        if "suspend" in actions:
            urls["suspend"] = self._of_author("moderation.suspend", post)
        if not post.is_deleted:
            urls["author"] = self._of_author("people.show", post)
        if "quote" in actions:
            urls["quote"] = f"{urls['reply']}?quote={post.id}"
        return urls


def flat_cards(nodes: Iterable[Node], ask: Callable[[str, Any], bool], reader: Reader,
               endorsed: set[int], now: datetime) -> list[Card]:
    """Walk the tree depth first (without recursion) into cards in display order."""
    cards: list[Card] = []
    addresses = Addresses()
    levels: list[int] = []
    stack: list[tuple[Node, int]] = [(node, 0) for node in reversed(list(nodes))]
    while stack:
        node, level = stack.pop()
        post = node.post
        actions = actions_of(ask, post, reader, now)
        cards.append(Card(post, min(post.depth, MAX_DISPLAY_DEPTH), node.replying_to, actions,
                          post.id in endorsed, addresses.of(post, actions),
                          opens=bool(node.children)))
        levels.append(level)
        stack.extend((child, level + 1) for child in reversed(node.children))
    for i, card in enumerate(cards):
        if not card.opens:
            card.closes = levels[i] - (levels[i + 1] if i + 1 < len(cards) else 0)
    return cards


#: stands for the session's CSRF token in a kept card (put in after, per page)
_CSRF_PLACEHOLDER = "\x00csrf\x00"
#: what the kept cards of one app may weigh in a process (their HTML, in characters): a few
#: thousand ordinary cards; long posts take more room, so fewer of them are kept
CARD_CACHE_CHARS = 8_000_000


class CardCache(Kept[str]):
    """The HTML of rendered cards, by everything a card shows (its key), per process.

    Nothing is ever invalidated: a change to a post (an edit, a hide, an endorsement, its
    author's new name) changes its key, and the old entry ages out. Bounded by weight: past
    ``chars`` characters of HTML, the oldest half of the cards is dropped.
    """

    def __init__(self, chars: int = CARD_CACHE_CHARS) -> None:
        super().__init__(chars)


def card_key(card: Card, reader: Reader, page: tuple[Any, ...]) -> tuple[Any, ...]:
    """Everything ``card``'s HTML depends on, with ``page``'s (language, zone, addresses).

    The post's HTML enters as its length and hash (the key stays small; the version and the
    edit time change with it too), not as the text itself.
    """
    post = card.post
    author = post.author
    body = post.body_html or ""
    return (*page, reader.reply, reader.cite, reader.moderator, card.depth, card.replying_to,
            card.actions, card.endorsed, post.id, post.version, post.stance, post.deleted_at,
            post.hidden_at, post.hidden_by_id, post.hidden_reason, post.language,
            post.edited_at, post.created_at, post.parent_id, post.author_id,
            author.display_name, post.author_role, post.endorsement_count, len(body),
            hash(body))


def card_html(card: Card, reader: Reader, *, render: Callable[..., str], cache: CardCache,
              page: tuple[Any, ...]) -> str:
    """One card's HTML, rendered by ``render(card, reader, csrf_placeholder)`` once and then
    read from ``cache``; its CSRF token is still the placeholder (see :func:`with_token`)."""
    key = card_key(card, reader, page)
    html = cache.get(key)
    if html is None:
        html = str(render(card, reader, _CSRF_PLACEHOLDER))
        cache.put(key, html)
    return html


def with_token(html: str, csrf: str | None) -> str:
    """``html`` with the session's token for the placeholder (never kept in a card; escaped
    like any attribute value)."""
    return html.replace(_CSRF_PLACEHOLDER, str(escape(csrf or "")))


def render_cards(cards: list[Card], reader: Reader, *, render: Callable[..., str],
                 cache: CardCache, page: tuple[Any, ...], csrf: str | None,
                 wrap: Callable[[Card, str], str] | None = None) -> Markup:
    """The thread's posts as nested lists of cards (:func:`card_html`); ``page`` is what every
    card of the page shares (the language, the time zone, the thread's and the return
    addresses); ``wrap(card, html)``, if given, marks each card's HTML."""
    parts = ['<ol class="tree">']
    for card in cards:
        html = card_html(card, reader, render=render, cache=cache, page=page)
        parts.append(f'<li class="tree-item depth-{card.depth}">')
        parts.append(wrap(card, html) if wrap else html)
        parts.append('<ol class="tree">' if card.opens else "</li>" + "</ol></li>" * card.closes)
    parts.append("</ol>")
    return Markup(with_token("".join(parts), csrf))
