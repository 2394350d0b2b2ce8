"""Display names: normalise what people type; refuse names that pass for a staff role.

Names are compared through their Unicode TR39 skeleton
(https://www.unicode.org/reports/tr39/#Confusable_Detection), folded for case, so that
"M0derator", "Mоderator" (with a Cyrillic о), "MODERATOR" and "rnoderator" all meet
"moderator". The mapping is Unicode's ``confusables.txt`` in ``data/`` (version and
licence beside it), read once, on first use.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

from forum.errors import Invalid
from forum.i18n import _

MAX_NAME = 60
#: the most combining marks allowed in a row (more pile up into unreadable "Zalgo" text)
MAX_MARKS = 4
#: longer input is refused before any work on it (invisible characters may pad a short name)
_MAX_RAW = 1000
CONFUSABLES = Path(__file__).parent / "data" / "confusables.txt"

#: Default_Ignorable_Code_Point (Unicode DerivedCoreProperties): drawn as nothing at all
#: (soft hyphen, bidirectional controls, zero-width characters, Hangul fillers, variation
#: selectors, tags), so they can only hide or disguise a name
_IGNORABLE = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
              (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
              (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
              (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
              (0xE0000, 0xE0FFF))
#: controls, format characters, surrogates, private use and unassigned code points
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})

#: words naming a staff role, in English and Welsh (titles and abbreviations included)
ROLE_WORDS = ("moderator", "moderators", "mod", "mods", "admin", "admins", "administrator",
              "administrators", "council", "councillor", "councillors", "councilor",
              "councilors", "cllr", "staff")
WELSH_ROLE_WORDS = ("cymedrolwr", "cymedrolwyr", "cyngor", "cynghorydd", "cynghorwr",
                    "cynghorwyr", "cyng", "gweinyddwr", "gweinyddwyr")
#: role words this long also count at the start or end of a word ("alexmoderator")
_EMBEDDED = 7
#: digits and signs written for letters ("Mod3rat0r"; 0, 1 and | are confusables already)
_LEET = str.maketrans({"3": "e", "4": "a", "@": "a", "5": "s", "$": "s", "7": "t", "!": "i"})


def _hidden(char: str) -> bool:
    code = ord(char)
    return unicodedata.category(char) in _HIDDEN_CATEGORIES \
        or any(lo <= code <= hi for lo, hi in _IGNORABLE)


def normalise_display_name(raw: str) -> str:
    """NFKC, drop invisible and bidirectional characters, collapse whitespace, trim."""
    text = unicodedata.normalize("NFKC", raw)
    text = "".join(" " if char.isspace() else char for char in text
                   if char.isspace() or not _hidden(char))
    return unicodedata.normalize("NFKC", " ".join(text.split()))


@cache
def _prototypes() -> dict[int, str]:
    table: dict[int, str] = {}
    with CONFUSABLES.open(encoding="utf-8-sig") as lines:
        for line in lines:
            data = line.split("#", 1)[0].strip()
            if data:
                source, target, *_ = (field.strip() for field in data.split(";"))
                table[int(source, 16)] = "".join(chr(int(c, 16)) for c in target.split())
    return table


def skeleton(text: str) -> str:
    """Return the TR39 skeleton of ``text``: NFD, each character to its prototype, NFD."""
    mapped = unicodedata.normalize("NFD", text).translate(_prototypes())
    return unicodedata.normalize("NFD", mapped)


def _fold(text: str) -> str:
    """A case-blind, accent-blind skeleton: "ADMlN", "Adm1n" and "Ádmin" fold alike."""
    folded = skeleton(skeleton(text).casefold())
    folded = "".join(c for c in folded if unicodedata.category(c) not in ("Mn", "Me"))
    # Capital I, small l and digit 1 share one prototype; ignoring case joins small i to them.
    return folded.replace("i", "l")


def _words(text: str) -> list[str]:
    """The folded words of ``text`` (anything but letters, marks and digits separates)."""
    folded = _fold(text)
    return "".join(c if unicodedata.category(c)[0] in "LMN" else " " for c in folded).split()


def _split_camel_case(text: str) -> str:
    out = []
    for before, char in zip(" " + text, text):
        if before.islower() and char.isupper():
            out.append(" ")
        out.append(char)
    return "".join(out)


def _welsh_mutations(word: str) -> set[str]:
    """The soft, nasal and aspirate mutations of a Welsh word starting with c or g."""
    if word.startswith("c"):
        return {word, "g" + word[1:], "ngh" + word[1:], "ch" + word[1:]}
    if word.startswith("g"):
        return {word, word[1:], "ng" + word[1:]}
    return {word}


@cache
def _role_keys() -> frozenset[str]:
    welsh = {form for word in WELSH_ROLE_WORDS for form in _welsh_mutations(word)}
    return frozenset(key for word in (*ROLE_WORDS, *welsh) for key in _words(word))


def names_a_role(name: str) -> bool:
    """Tell whether ``name`` contains a staff role word, however spelt, spaced or disguised."""
    roles = _role_keys()
    candidates: set[str] = set()
    for spelling in {name, name.translate(_LEET)}:
        words = _words(spelling)
        candidates.update(words, _words(_split_camel_case(spelling)), ["".join(words)])
    return any(word in roles or any(len(role) >= _EMBEDDED and (word.startswith(role)
                                                                 or word.endswith(role))
                                    for role in roles)
               for word in candidates)


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """What two names that look alike have in common (compare keys, never show them)."""
    return " ".join(_words(name))


def _longest_mark_run(text: str) -> int:
    longest = run = 0
    for char in text:
        run = run + 1 if unicodedata.category(char).startswith("M") else 0
        longest = max(longest, run)
    return longest


def check_display_name(raw: str, *, may_name_role: bool,
                       taken_by_staff: Iterable[str] = ()) -> str:
    """Return the normalised name, or raise ``Invalid(field="display_name")`` saying why."""
    name = normalise_display_name(raw) if len(raw) <= _MAX_RAW else raw
    if not name:
        raise Invalid(_("Enter a display name."), field="display_name")
    if len(name) > MAX_NAME:
        raise Invalid(_("Display name must be %(most)d characters or fewer.",
                        most=MAX_NAME),
                      field="display_name")
    if not any(unicodedata.category(c)[0] in "LN" for c in name):
        raise Invalid(_("Choose a display name with at least one letter or number."),
                      field="display_name")
    if _longest_mark_run(name) > MAX_MARKS:
        raise Invalid(_("Choose a display name without stacks of accent marks."),
                      field="display_name")
    if not may_name_role and names_a_role(name):
        raise Invalid(_("Choose a name that does not look like a staff role, such as "
                        "“Moderator”."),
                      field="display_name")
    key = name_key(name)
    if any(name_key(staff) == key for staff in taken_by_staff):
        raise Invalid(_("Choose a name that does not look like the name of a member of staff, "
                        "for example by adding an initial."), field="display_name")
    return name

