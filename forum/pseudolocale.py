"""The pseudo-locale ``en_XA``: every string of ``messages.pot`` in accented English between
brackets ("Sign in" → "[Šîĝñ îñ]"), so a page read in it shows at a glance any text that
does not go through the catalogue, and any sentence cut into pieces.

Placeholders (``%(name)s``, ``%(num)d``, ``{name}``), HTML tags and entities are kept as they
are. Built by ``make i18n-compile`` (``python -m forum.pseudolocale``) straight into a
``.mo`` file, never committed; a site speaks it only when ``FORUM_LANGUAGES`` lists it.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from forum.i18n import PSEUDO, locale_for

ROOT = Path(__file__).resolve().parent / "translations"
#: the letters replaced, and what by (same length: one accented letter for each)
PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
ACCENTED = "áƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÁƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ"
ACCENTS = str.maketrans(PLAIN, ACCENTED)
#: the parts of a message kept as they are: placeholders, tags, entities
KEPT = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]"
                  r"|%[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]"
                  r"|\{[A-Za-z_][A-Za-z0-9_]*\}"
                  r"|<[^<>]*>"
                  r"|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")
OPEN, CLOSE = "[", "]"


def pseudo(text: str) -> str:
    """``text`` accented and bracketed, its placeholders, tags and entities untouched."""
    if not text:
        return text
    out, end = [], 0
    for kept in KEPT.finditer(text):
        out.append(text[end:kept.start()].translate(ACCENTS))
        out.append(kept.group())
        end = kept.end()
    out.append(text[end:].translate(ACCENTS))
    return OPEN + "".join(out) + CLOSE


def pseudo_catalog(template: Catalog) -> Catalog:
    """A catalogue translating every message of ``template`` into the pseudo-locale."""
    catalog = Catalog(locale=locale_for(PSEUDO), domain="messages",
                      project=template.project, fuzzy=False)
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, (list, tuple)):
            singular, plural = message.id
            strings: str | tuple[str, ...] = tuple(
                pseudo(singular if n == 0 else plural) for n in range(catalog.num_plurals))
        else:
            strings = pseudo(message.id)
        catalog[message.id] = Message(message.id, strings, context=message.context)
    return catalog


def build(pot: Path = ROOT / "messages.pot", root: Path = ROOT) -> Path:
    """Write ``<root>/en_XA/LC_MESSAGES/messages.mo`` from ``pot``; return its path."""
    with pot.open("rb") as source:
        template = read_po(source)
    target = root / PSEUDO / "LC_MESSAGES" / "messages.mo"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        write_mo(out, pseudo_catalog(template))
    return target


if __name__ == "__main__":  # python -m forum.pseudolocale [messages.pot [translations dir]]
    arguments = [Path(a) for a in sys.argv[1:3]]
    print(build(*arguments))
