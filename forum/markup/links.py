"""Which links the forum keeps, and the linear regex that finds bare URLs in text."""
from __future__ import annotations

import html
import re
from urllib.parse import unquote

from bleach.html5lib_shim import allowed_protocols
from bleach.linkifier import TLDS

ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

def _alternation(words: list[str]) -> str:
    """A regex matching any of ``words``, branching letter by letter (a trie, not a list).

    Python's ``re`` tries the alternatives of ``a|b|c`` one after the other, so bleach's list of
    274 domains cost 274 tries at every dot of a text; a trie costs one try per letter.
    """
    words = sorted({word.lower() for word in words})
    if words == [""]:
        return ""
    branches = []
    for first in sorted({word[0] for word in words if word}):
        rest = _alternation([word[1:] for word in words if word and word[0] == first])
        branches.append(re.escape(first) + rest)
    optional = "" in words
    if len(branches) == 1 and not optional:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if optional else "")


#: bleach's URL regex (same schemes, domains and path characters), made linear, and taking
#: any host name after a scheme or ``www.`` (``https://a.example`` is a link although
#: ``.example`` is no domain bleach knows). bleach's scanned a whole run of ``(`` from every
#: position in it (``http://a.org (((…`` took seconds) and a whole ``a-a-a-…`` token from every
#: hyphen in it: here a match starts only at the start of a token or of a run of at most three
#: ``(``, and never backtracks into a run of letters.
URL_RE = re.compile(
    r"""(?<!\()\({{0,3}}+          # up to three opening parentheses, from the start of their run
        (?<![\w@.-])(?=\w)          # the address starts a token
        (?:(?:{0}):/{{0,3}}(?:(?:\w+:)?\w+@)?(?:[\w-]++\.)*[\w-]++  # scheme://user@host
          |www\.(?:[\w-]++\.)*[\w-]++                               # www.host
          |(?:[\w-]++\.)+(?:{1})                                     # host.known-domain
        )(?::[0-9]+)?(?!\.\w)\b      # :port
        (?:[/?][^\s{{}}|\\^`<>"]*+)?  # /path?query, without characters RFC 3986 calls unsafe
    """.format(_alternation(list(allowed_protocols)), _alternation(TLDS)),
    re.IGNORECASE | re.VERBOSE | re.UNICODE)

#: a character a browser drops or reads as a separator in a URL: controls, whitespace, ``\``
_UNSAFE_IN_LOCAL = re.compile(r"[\x00-\x20\x7f\\]")
#: the same once ``%`` escapes are decoded (``%20`` is an ordinary space in a path)
_UNSAFE_ENCODED = re.compile(r"[\x00-\x1f\x7f\\]")


def is_local(href: str) -> bool:
    """Tell whether ``href`` is a path on this site (``/t/1``) that no browser reads as a host.

    Browsers read ``/\\evil.example`` and ``/<tab>/evil.example`` as ``//evil.example``, so a
    backslash, a control or space character, or one written as an entity (``&#9;``) or with
    ``%`` (``%09``, ``%5C``), makes a path not local.
    """
    decoded = html.unescape(href)
    forms = ((href, _UNSAFE_IN_LOCAL), (decoded, _UNSAFE_IN_LOCAL),
             (unquote(decoded), _UNSAFE_ENCODED))
    return all(form.startswith("/") and not form.startswith("//") and not unsafe.search(form)
               for form, unsafe in forms)


def keep_link(attrs: dict, new: bool = False) -> dict | None:
    """Give every link the forum's rel value; drop links whose scheme is not allowed."""
    href = attrs.get((None, "href"), "")
    if href.startswith("#") or is_local(href):
        return attrs
    scheme = href.split(":", 1)[0].lower() if ":" in href else ""
    if scheme not in ALLOWED_PROTOCOLS:
        return None
    attrs[(None, "rel")] = LINK_REL
    return attrs
